"""``resize_area``: OpenCV's INTER_AREA resizing (R twin: R/data-resize.R, written from scratch
there because R has no equivalent; parity_tests/test_15_data_images.py compares them pixel for pixel)."""
from __future__ import annotations

import numpy as np


def resize_area(img, size):
    """Resize to (size, size) with OpenCV's ``INTER_AREA`` (R twin: R/data-resize.R, which re-implements it).

    Args:
        img: uint8 (H, W, 3).
        size: output side (positive int).
    Returns:
        uint8 (size, size, 3). Downscaling averages source pixels by area;
        upscaling (in either direction) is OpenCV's bilinear-like area mode.
    """
    import cv2

    size = int(size)
    if size < 1:
        raise ValueError(f"size must be a positive integer; got {size}")
    return cv2.resize(np.ascontiguousarray(img), (size, size), interpolation=cv2.INTER_AREA)
