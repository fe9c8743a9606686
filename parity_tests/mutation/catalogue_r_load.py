"""Mutants of R's fast image loading path (issue 16, helper r-load): resize_area_fast and its
helpers (R/data-resize.R) and the decoding to an (H, W * 3) matrix (R/data-decode.R), killed by
parity_tests/test_15c_data_fast_resize.py (fast path vs the step-by-step reference vs OpenCV)."""
from .catalogue import P, r

T15c = P + "test_15c_data_fast_resize.py"

MUTANTS = [
    r("resize-fast-risk-boundary", "data-resize.R",
      "risky <- which(abs(v - floor(v) - 0.5) <= gamma * v + 1e-7) # near k + 0.5",
      "risky <- which(abs(v - (floor(v + 0.5) - 0.5)) <= gamma * v + 1e-7) # near k + 0.5",
      "distance to the boundary below the rounded value only: values just under k + 0.5 are rounded in "
      "double, not redone in float32", [T15c], k="near_rounding or equals_reference"),
    r("resize-fast-2x2-rounding", "data-resize.R",
      "out <- if (sx == 2 && sy == 2) (s + 2) %/% 4 else sat_u8(round_even(f32(f32(s) * f32(1 / f32(sx * sy)))))",
      "out <- if (sx == 2 && sy == 2) (s + 1) %/% 4 else sat_u8(round_even(f32(f32(s) * f32(1 / f32(sx * sy)))))",
      "2x2 blocks rounded with + 1 instead of OpenCV's (sum + 2) >> 2", [T15c], k="equals_reference"),
    r("resize-fast-tab-threshold", "data-resize.R", "has_l <- sx1 - fsx1 > 1e-3",
      "has_l <- sx1 - fsx1 > 1e-2",
      "area_tab_fast drops a left partial pixel of share up to 1e-2 (OpenCV's threshold is 1e-3)", [T15c],
      k="equals_reference"),
    r("resize-fast-exact-channel", "data-resize.R",
      "cols <- rep(as.vector(ax$si[, dx, drop = FALSE]) + rep((ch - 1L) * W, each = nx), each = ny)",
      "cols <- rep(as.vector(ax$si[, dx, drop = FALSE]), each = ny)",
      "values redone step by step read the first channel's pixels whatever their channel", [T15c],
      k="near_rounding or equals_reference"),
    r("decode-native-rgb-bytes", "data-decode.R", "rgb <- as.integer(b[1:3, , drop = FALSE])",
      "rgb <- as.integer(b[2:4, , drop = FALSE])",
      "a PNG's native raster split one byte off (G, B, A for R, G, B)", [T15c], k="load_image"),
]
