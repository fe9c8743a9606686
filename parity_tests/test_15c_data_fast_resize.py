"""R's fast INTER_AREA (resize_area_fast, R/data-resize.R: two matrix products per image, and the few
values near a rounding boundary redone step by step in float32) against R's step-by-step reference
(resize_area_core, the documented algorithm) and against OpenCV's cv2.resize(INTER_AREA) (issue 16).

Shapes cover every branch: downscaling by integer factors (2x2 and others), by non-integer factors
(photo sizes to 32x32, 2.995, 1001 -> 1000), upscaling (whole image and one axis), sides of one
pixel, the same size; 1 (gray), 3 (RGB) and 4 (RGBA) channels; noise and values that make rounding
ties. The decoding path (load_image: a JPEG decoded straight to doubles / 255, a PNG split from its
native raster) is compared on JPEG and on RGB, RGBA and 16-bit PNG files written by OpenCV.

Tolerance: none (rtol = atol = 0, storage types included: OpenCV's uint8 <-> R integer). Both R
paths emulate OpenCV's float32 and fixed-point arithmetic exactly; the fast one proves for each
value that its double result rounds like OpenCV's float32 one or recomputes it.
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from cases import write_png
from compare import assert_same
from nnscratch.data.decode import load_image

# (h, w, out_h, out_w): every branch of cv::resize INTER_AREA, and the loader's usual cases
SHAPES = [
    (64, 64, 32, 32), (6, 4, 3, 2), (9, 12, 3, 4), (128, 64, 32, 16), (96, 32, 32, 32),   # integer factors
    (375, 500, 32, 32), (500, 375, 32, 32), (180, 180, 32, 32), (93, 61, 31, 20), (50, 40, 32, 32),
    (599, 599, 200, 200), (1001, 6, 1000, 3), (127, 211, 64, 64), (33, 47, 32, 32),      # non-integer
    (5, 7, 32, 32), (1, 1, 32, 32), (20, 70, 32, 32), (70, 20, 9, 40), (31, 33, 32, 32),  # upscaling
    (1, 9, 1, 4), (9, 1, 2, 1), (1, 200, 1, 32), (200, 1, 32, 1), (375, 1, 32, 1), (1, 1, 1, 1),
    (32, 32, 32, 32), (3, 5, 3, 5),                                                       # same size
]
CHANNELS = [1, 3, 4]


def patterns(h, w, c, rng):
    return {"noise": rng.randint(0, 256, (h, w, c)).astype(np.uint8),
            "ties": rng.choice([0, 1, 2, 3, 253, 254, 255], (h, w, c)).astype(np.uint8)}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}->{s[2]}x{s[3]}")
def test_fast_resize_equals_reference_and_opencv(r, shape):
    h, w, oh, ow = shape
    rng = np.random.RandomState(h * 1000 + w)
    for c in CHANNELS:
        for kind, img in patterns(h, w, c, rng).items():
            name = f"{kind} {h}x{w}x{c} -> {oh}x{ow}"
            fast = r.call("resize_area_fast", img.astype(np.int32), oh, ow)
            ref = r.call("resize_area_core", img.astype(np.int32), oh, ow)
            assert_same(f"{name}: fast vs reference", ref, fast, rtol=0, atol=0)
            ocv = cv2.resize(np.ascontiguousarray(img), (ow, oh), interpolation=cv2.INTER_AREA)
            if c == 1:      # OpenCV returns a gray image as (h, w): R's resize_area does the same for a matrix
                got = r.call("resize_area", img[:, :, 0].astype(np.int32), np.array([oh, ow], dtype=np.int32))
            else:
                got = fast
            assert_same(f"{name}: OpenCV vs R fast", ocv, got, rtol=0, atol=0)


def test_fast_resize_on_values_near_rounding_boundaries(r):
    """Many random images whose outputs land near k + 0.5: the fast path must redo those (a
    double result rounded directly differs from OpenCV's float32 in about 1 value in 2,000)."""
    rng = np.random.RandomState(16)
    for _ in range(12):
        h, w = rng.randint(40, 160, 2)
        oh, ow = rng.randint(5, min(h, w), 2)
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        ocv = cv2.resize(img, (int(ow), int(oh)), interpolation=cv2.INTER_AREA)
        fast = r.call("resize_area_fast", img.astype(np.int32), int(oh), int(ow))
        assert_same(f"{h}x{w} -> {oh}x{ow}", ocv, fast, rtol=0, atol=0)


@pytest.fixture(scope="module")
def image_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast-resize-files")
    rng = np.random.RandomState(7)
    out = {}
    for name, shape in [("photo", (375, 500)), ("square", (180, 180)), ("small", (20, 27)), ("tall", (333, 1))]:
        px = rng.randint(0, 256, shape + (3,)).astype(np.uint8)
        path = folder / f"{name}.jpg"
        ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(px[:, :, ::-1]), [cv2.IMWRITE_JPEG_QUALITY, 90])
        path.write_bytes(buf.tobytes())
        out[path.name] = path
    out["rgb.png"] = write_png(folder / "rgb.png", rng.randint(0, 256, (61, 45, 3)).astype(np.uint8))
    out["rgba.png"] = write_png(folder / "rgba.png", rng.randint(0, 256, (45, 61, 4)).astype(np.uint8))
    out["rgb16.png"] = write_png(folder / "rgb16.png", rng.randint(0, 65536, (77, 50, 3)).astype(np.uint16))
    out["rgba16.png"] = write_png(folder / "rgba16.png", rng.randint(0, 65536, (50, 77, 4)).astype(np.uint16))
    return out


@pytest.mark.parametrize("native", [True, False], ids=["C resize", "R resize"])
@pytest.mark.parametrize("name", ["photo.jpg", "square.jpg", "small.jpg", "tall.jpg",
                                  "rgb.png", "rgba.png", "rgb16.png", "rgba16.png"])
@pytest.mark.parametrize("size", [32, 7, 64])
def test_load_image_fast_path(r, image_files, name, size, native):
    """load_image with the compiled resize (the decoder's native raster resized in C, R/data-native.R)
    and without it (options(nnscratch.native = FALSE): a JPEG decoded to doubles / 255, resize_area_fast)."""
    path = str(image_files[name])
    py = load_image(path, size)                                   # OpenCV decode + INTER_AREA
    fast = r.eval(f'local({{ old <- options(nnscratch.native = {"TRUE" if native else "FALSE"}); on.exit(options(old));'
                  f' load_image("{path}", {size}L) }})')
    ref = r.eval(f'resize_area_core(read_image_rgb("{path}"), {size}L, {size}L)')   # R: the reference
    assert_same(f"{name} -> {size}: R fast vs R reference", ref, fast, rtol=0, atol=0)
    assert_same(f"{name} -> {size}: OpenCV vs R fast", py, fast, rtol=0, atol=0)


# -- the compiled resize (src/area_resize.c through R/data-native.R) ----------------------------------


def native_raster(img):
    """An (H, W, 3) uint8 image packed as the decoders' native raster: one int32 per pixel,
    R | G << 8 | B << 16 | A << 24 (alpha 255), pixels row by row (the C order of (H, W))."""
    px = img.astype(np.uint32)
    return (px[..., 0] | px[..., 1] << 8 | px[..., 2] << 16 | np.uint32(255) << 24).view(np.int32).ravel(order="C")


def native_resize(r, img, oh, ow):
    """R's native_area_resize on img: the packed pixels get R's dim (H, W) explicitly (their order is
    row by row, which is what a native raster is; no transposition happens anywhere)."""
    h, w, _ = img.shape
    r.eval("if (!exists('.nn_native_of', inherits = FALSE)) .nn_native_of <- function(v, h, w, oh, ow) {"
           " dim(v) <- c(as.integer(h), as.integer(w)); native_area_resize(v, oh, ow) }")
    return r.call(".nn_native_of", native_raster(img), h, w, oh, ow)


def test_the_compiled_resize_is_in_use(r):
    """In the parity session R/ is sourced: the C code of the checkout's src/ must have been compiled
    and loaded (a missing compiler fails here, loudly, rather than letting R run its slower path)."""
    got = r.eval("native_status()")  # a character vector of length 1
    assert isinstance(got, list) and len(got) == 1, got
    status = got[0]
    assert not status.startswith("unavailable"), status
    assert status.endswith((".so", ".dylib", ".dll")), status
    # options(nnscratch.native = FALSE) turns it off: R's resize (what test_load_image_fast_path's "R resize" runs)
    off = r.eval("local({ old <- options(nnscratch.native = FALSE); on.exit(options(old));"
                 " list(native_status(), is.null(native_area_resize(matrix(-1L, 4, 4), 2L, 2L))) })")
    assert off == [["off"], [True]], off


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}->{s[2]}x{s[3]}")
def test_compiled_resize_equals_opencv_and_reference(r, shape):
    """C vs OpenCV and vs R's reference, no tolerance; an upscaled axis is left to R (NULL)."""
    h, w, oh, ow = shape
    rng = np.random.RandomState(h * 1000 + w + 1)
    for kind, img in patterns(h, w, 3, rng).items():
        name = f"{kind} {h}x{w} -> {oh}x{ow}"
        got = native_resize(r, img, oh, ow)
        if (oh > h or ow > w):
            assert got is None, f"{name}: upscaling must be left to R's reference"
            continue
        ocv = cv2.resize(np.ascontiguousarray(img), (ow, oh), interpolation=cv2.INTER_AREA)
        assert_same(f"{name}: OpenCV vs C", ocv, got, rtol=0, atol=0)
        ref = r.call("resize_area_core", img.astype(np.int32), oh, ow)
        assert_same(f"{name}: R reference vs C", ref, got, rtol=0, atol=0)


def test_compiled_resize_on_values_near_rounding_boundaries(r):
    """Random photo-like sizes to many output sizes: every float32 step of OpenCV's, in order."""
    rng = np.random.RandomState(160)
    for _ in range(40):
        h, w = rng.randint(20, 400, 2)
        oh, ow = rng.randint(1, min(h, w, 64) + 1, 2)
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        ocv = cv2.resize(img, (int(ow), int(oh)), interpolation=cv2.INTER_AREA)
        assert_same(f"{h}x{w} -> {oh}x{ow}", ocv, native_resize(r, img, int(oh), int(ow)), rtol=0, atol=0)


def test_compiled_resize_sums_blocks_beyond_32_bits_like_python(r):
    """An integer factor with more than (2^31 - 1) / 255 pixels a block (1 x 8,421,506 -> 1 x 1):
    OpenCV's 32-bit sums wrap (white gives 0); Python's resize_area and both R paths sum exactly."""
    from nnscratch.data.resize import AREA_FAST_MAX, resize_area

    n = AREA_FAST_MAX + 1
    img = np.full((1, n, 3), (254, 100, 255), dtype=np.uint8)
    img[0, : n // 2, 1] = 254  # channel means 254, (254 + 100) / 2 = 177 (n is even), 255
    py = resize_area(img, 1)
    assert py.tolist() == [[[254, 177, 255]]]
    c = native_resize(r, img, 1, 1)
    assert_same("1 x n -> 1 x 1: Python vs C", py, c, rtol=0, atol=0)
    fast = r.call("resize_area_fast", img.astype(np.int32), 1, 1)
    assert_same("1 x n -> 1 x 1: Python vs R fast", py, fast, rtol=0, atol=0)
