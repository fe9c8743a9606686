"""Mutants of the compiled resize (issue 16): src/area_resize.c, which R/data-native.R compiles and
load_image runs; killed by parity_tests/test_15c_data_fast_resize.py (C vs OpenCV vs R's reference,
no tolerance). An R mutant may change src/: the mutated tree's C is compiled under its own checksum."""
from .catalogue import P, mutant, r

T15c = P + "test_15c_data_fast_resize.py"


def c(id, original, replacement, description, **kw):
    return mutant("r-native-" + id, "r", "src/area_resize.c", original, replacement, description, [T15c],
                  k="compiled", **kw)


MUTANTS = [
    c("2x2-rounding", "int v = (sx == 2 && sy == 2) ? (int) ((s + 2) >> 2) : sat_u8((float) s * inv_area);",
      "int v = (sx == 2 && sy == 2) ? (int) ((s + 1) >> 2) : sat_u8((float) s * inv_area);",
      "2x2 blocks rounded with + 1 instead of OpenCV's (sum + 2) >> 2"),
    c("int32-sums", "int64_t s = sum[3 * dx + c];", "int s = (int) sum[3 * dx + c];",
      "block sums cut to 32-bit ints, as OpenCV's: they wrap past (2^31 - 1) / 255 pixels a block"),
    c("round-half-away", "long r = lrintf(v);", "long r = lroundf(v);",
      "saturate_cast rounds half away from zero instead of to even (cvRound)"),
    c("tab-threshold", "if (sx1 - fsx1 > 1e-3) {", "if (sx1 - fsx1 > 1e-2) {",
      "a left partial pixel of share up to 1e-2 dropped (OpenCV's threshold is 1e-3)"),
    c("blue-byte", "pix[3 * x + 2] = (float) ((p >> 16) & 0xFFu);", "pix[3 * x + 2] = (float) ((p >> 24) & 0xFFu);",
      "blue read from the alpha byte of the packed pixel"),
    c("row-stride", "const int *row = src + (size_t) sy * W;", "const int *row = src + (size_t) sy * H;",
      "source rows addressed with the height as stride (a column-major reading of row-major storage)"),
    c("scale-direction", "double scale_x = 1.0 / ((double) out_w / W);", "double scale_x = 1.0 / ((double) out_h / H);",
      "the x scale taken from the y axis"),
    r("native-call-sizes", "data-native.R", ".Call(symbol, nr, as.integer(out_h), as.integer(out_w))",
      ".Call(symbol, nr, as.integer(out_w), as.integer(out_h))",
      "the compiled routine called with width and height swapped", [T15c], k="compiled"),
    r("native-off-ignored", "data-native.R", "if (isFALSE(getOption(\"nnscratch.native\", TRUE))) return(NULL)",
      "if (FALSE) return(NULL)",
      "options(nnscratch.native = FALSE) no longer turns the compiled resize off", [T15c],
      k="compiled_resize_is_in_use"),
]
