"""``resize_area``: OpenCV's INTER_AREA resizing (R twin: R/data-resize.R, written from scratch
there because R has no equivalent; parity_tests/test_15_data_images.py compares them pixel for pixel)."""
from __future__ import annotations

import numpy as np

#: OpenCV sums the blocks of an integer-factor downscale in 32-bit ints; past this many source
#: pixels per output pixel an 8-bit image's sums can overflow (they wrap: a white image gives 0)
AREA_FAST_MAX = (2**31 - 1) // 255


def resize_area(img, size):
    """Resize to (size, size) with OpenCV's ``INTER_AREA`` (R twin: R/data-resize.R, which re-implements it).

    Args:
        img: uint8 (H, W, 3).
        size: output side (positive int).
    Returns:
        uint8 (size, size, 3). Downscaling averages source pixels by area;
        upscaling (in either direction) is OpenCV's bilinear-like area mode.
        Integer factors whose blocks hold more than AREA_FAST_MAX pixels (e.g. 3000x3000 to
        1x1), where OpenCV's int sums overflow, are summed exactly (block_means), as R does.
    """
    import cv2

    size = int(size)
    if size < 1:
        raise ValueError(f"size must be a positive integer; got {size}")
    h, w = img.shape[:2]
    if h % size == 0 and w % size == 0 and (h // size) * (w // size) > AREA_FAST_MAX:
        return block_means(img, size)
    return cv2.resize(np.ascontiguousarray(img), (size, size), interpolation=cv2.INTER_AREA)


def block_means(img, size):
    """OpenCV's integer-factor INTER_AREA with exact sums: saturate(round_half_even(float32(sum) *
    (1.f / area))), every operation in float32 as OpenCV does it, the sums in int64.

    img: uint8 (H, W, C) or (H, W) with H and W multiples of size; returns uint8 (size, size[, C]).
    """
    h, w = img.shape[:2]
    sy, sx = h // size, w // size
    x = img.reshape(img.shape[:2] + (-1,))
    sums = x.reshape(size, sy, size, sx, x.shape[2]).sum(axis=(1, 3), dtype=np.int64)
    if sy == 2 and sx == 2:
        out = (sums + 2) >> 2
    else:
        scale = np.float32(1) / np.float32(sy * sx)
        out = np.rint(sums.astype(np.float32) * scale)
    out = np.clip(out, 0, 255).astype(np.uint8)
    return out.reshape((size, size) + img.shape[2:])
