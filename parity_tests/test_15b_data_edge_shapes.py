"""Edge shapes of the loaders and codecs (the cases come from cases.py, files written by numpy
and OpenCV, not by the code under test): images one pixel wide, with alpha, 16 bits; the .npy
reader's int64 values at R's 32-bit boundaries. Exact comparisons (decoding and reading select
and copy numbers), storage types included: uint8 pixels <-> R integer; int64 <-> R integer when
every value fits R's integers, else R double (exact to 2^53; compare.py's documented exception).
"""
import numpy as np
import pytest

from cases import (NPY_HIGH_WORD_2_31, NPY_INT32_FITTING, NPY_INT64_EDGES, one_pixel_pngs,
                   write_npy_int64)
from compare import assert_same
from nnscratch.data.decode import read_image_rgb
from nnscratch.data.npy import read_npy


@pytest.fixture(scope="module")
def pngs(tmp_path_factory):
    return one_pixel_pngs(tmp_path_factory.mktemp("one-pixel"))


@pytest.mark.parametrize("name", ["rgba_3x1", "rgba_1x3", "rgba_1x1", "rgb_1x1", "rgb_5x1", "rgba16_2x1"])
def test_read_image_rgb_one_pixel_wide(r, pngs, name):
    path, expected = pngs[name]
    py = read_image_rgb(path)
    np.testing.assert_array_equal(py, expected)  # the reference decoder agrees with the written pixels
    rv = r.call("read_image_rgb", str(path))
    assert_same(f"{name} pixels", py, rv, rtol=0, atol=0)


@pytest.mark.parametrize("shape", [None, (5, 3), (3, 5), (15, 1), (1, 15)], ids=str)
def test_read_npy_int64_edges(r, tmp_path, shape):
    path = write_npy_int64(tmp_path / "edges.npy", NPY_INT64_EDGES, shape)
    py = read_npy(path)
    rv = r.call("read_npy", str(path))
    # values beyond R's 32-bit integers: R holds them as doubles (exact to 2^53)
    assert_same("int64 edges", py, rv, rtol=0, atol=0, r_typeof="double")
    assert rv.tolist() == np.array(NPY_INT64_EDGES, dtype=np.float64).reshape(shape or -1).tolist()


def test_read_npy_int64_fitting_is_integer_in_r(r, tmp_path):
    path = write_npy_int64(tmp_path / "fits.npy", NPY_INT32_FITTING, (7, 1))
    py = read_npy(path)
    rv = r.call("read_npy", str(path))
    assert_same("int64 that fits", py, rv, rtol=0, atol=0)  # int64 <-> integer


def test_read_npy_high_word_2_31(r, tmp_path):
    """2^31 in the high word is a negative int64 (-2^63 + 5): Python reads it; R refuses it (not exact as
    a double) with its documented sentence rather than returning a wrong number."""
    path = write_npy_int64(tmp_path / "big.npy", [1, NPY_HIGH_WORD_2_31])
    assert read_npy(path).tolist() == [1, NPY_HIGH_WORD_2_31]
    msg = r.error_message("read_npy", str(path))
    assert msg is not None and msg.endswith("int64 value beyond 2^53 (not exact in R)"), msg
