"""INTER_AREA resizing (nnscratch/data/resize.py); R's twin is compared pixel for pixel in
parity_tests/test_15_data_images.py."""
from __future__ import annotations

import numpy as np
import pytest

from nnscratch.data.resize import AREA_FAST_MAX, block_means, resize_area

from .image_makers import COLOUR, RNG


def test_resize_area_integer_scale_rounds_half_up():
    img = np.zeros((2, 2, 3), np.uint8)
    img[0, :, 0] = [1, 1]           # mean 0.5 -> 1
    img[0, :, 1] = [1, 0]           # mean 0.25 -> 0
    img[:, :, 2] = [[3, 3], [0, 0]]  # mean 1.5 -> 2
    assert resize_area(img, 1).reshape(3).tolist() == [1, 0, 2]
    big = RNG.randint(0, 256, size=(64, 64, 3)).astype(np.int64)
    blocks = big.reshape(32, 2, 32, 2, 3).sum(axis=(1, 3))
    np.testing.assert_array_equal(resize_area(big.astype(np.uint8), 32), (blocks + 2) // 4)


def test_resize_area_rejects_a_size_below_one():
    with pytest.raises(ValueError, match="size must be a positive integer; got 0"):
        resize_area(COLOUR, 0)


def test_sums_opencv_would_overflow_are_exact():
    """3000x3000 -> 1x1 is a block of 9e6 pixels: OpenCV's 32-bit sums wrap (a white image gives 0);
    resize_area sums in int64 there (as R does) and gives the mean."""
    import cv2

    white = np.full((3000, 3000, 3), 255, dtype=np.uint8)
    assert cv2.resize(white, (1, 1), interpolation=cv2.INTER_AREA).ravel().tolist() == [0, 0, 0]  # the overflow
    assert resize_area(white, 1).tolist() == [[[255, 255, 255]]]
    assert resize_area(white, 1).dtype == np.uint8
    # just above the limit, one channel: 255 * (8421505 + 1) > 2^31 - 1
    row = np.full((1, AREA_FAST_MAX + 1, 1), 254, dtype=np.uint8)
    row[0, :3, 0] = 0
    got = resize_area(row, 1)
    assert got.shape == (1, 1, 1) and got.item() == 254  # float32(sum) * (1.f / area) rounds to 254


def test_block_means_equals_opencv_where_opencv_does_not_overflow():
    rng = np.random.RandomState(16)
    for h, w, size in [(64, 64, 32), (96, 32, 32), (90, 60, 30), (9, 12, 3), (128, 64, 2), (7, 7, 1)]:
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        np.testing.assert_array_equal(block_means(img, size),
                                      cv2_area(img, size), err_msg=f"{h}x{w} -> {size}")


def cv2_area(img, size):
    import cv2

    return cv2.resize(img, (size, size), interpolation=cv2.INTER_AREA)
