"""INTER_AREA resizing (nnscratch/data/resize.py); R's twin is compared pixel for pixel in
parity_tests/test_15_data_images.py."""
from __future__ import annotations

import numpy as np
import pytest

from nnscratch.data.resize import resize_area

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
