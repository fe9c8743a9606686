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


@pytest.mark.parametrize("name", ["photo.jpg", "square.jpg", "small.jpg", "tall.jpg",
                                  "rgb.png", "rgba.png", "rgb16.png", "rgba16.png"])
@pytest.mark.parametrize("size", [32, 7, 64])
def test_load_image_fast_path(r, image_files, name, size):
    path = str(image_files[name])
    py = load_image(path, size)                                   # OpenCV decode + INTER_AREA
    fast = r.call("load_image", path, size)                       # R: decoded to doubles / 255, fast path
    ref = r.eval(f'resize_area_core(read_image_rgb("{path}"), {size}L, {size}L)')   # R: the reference
    assert_same(f"{name} -> {size}: R fast vs R reference", ref, fast, rtol=0, atol=0)
    assert_same(f"{name} -> {size}: OpenCV vs R fast", py, fast, rtol=0, atol=0)
