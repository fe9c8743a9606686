"""The bridge delivers R's storage type as is, and compare.assert_same fails on a type or shape
difference with a message that says it (the mapping: compare.py's docstring, docs/python-vs-r.md)."""
import numpy as np
import pytest

from compare import assert_same, assert_same_dict


@pytest.mark.parametrize("code, dtype, shape", [
    ("1", np.float64, (1,)), ("1L", np.int64, (1,)), ("TRUE", np.bool_, (1,)),
    ("matrix(1L, 2, 3)", np.int64, (2, 3)), ("matrix(0.5, 3, 1)", np.float64, (3, 1)),
    ("array(FALSE, c(2, 1, 2))", np.bool_, (2, 1, 2)), ("numeric(0)", np.float64, (0,)),
    ("integer(0)", np.int64, (0,)), ("c(1L, NA)", np.int64, (2,)), ("c(NA, TRUE)", np.bool_, (2,)),
])
def test_bridge_keeps_r_storage_type_and_shape(rb, code, dtype, shape):
    x = rb.eval(code)
    assert isinstance(x, np.ndarray) and x.dtype == dtype and x.shape == shape, (code, type(x), getattr(x, "dtype", None),
                                                                                  getattr(x, "shape", None))


def test_na_is_missing_not_a_number(rb):
    x = rb.eval("c(1L, NA)")
    assert np.ma.isMaskedArray(x) and x.mask.tolist() == [False, True]
    with pytest.raises(AssertionError, match=r"missing values differ at \(1,\)"):
        assert_same("x", np.array([1, 0]), x, rtol=0)


@pytest.mark.parametrize("py, code, message", [
    (np.zeros((1, 3)), "matrix(0L, 1, 3)", "p: storage type differs: python float64 vs R integer"),
    (np.zeros((1, 3), dtype=bool), "matrix(0, 1, 3)", "p: storage type differs: python bool vs R double"),
    (np.zeros(3, dtype=np.int64), "c(0, 0, 0)", "p: storage type differs: python int64 vs R double"),
    (np.zeros(3), "c(FALSE, FALSE, FALSE)", "p: storage type differs: python float64 vs R logical"),
    (np.zeros((3,)), "matrix(0, 3, 1)", r"p: shape differs: python \(3,\) vs R \(3, 1\)"),
    (np.zeros((1, 3)), "c(0, 0, 0)", r"p: shape differs: python \(1, 3\) vs R \(3,\)"),
    (0.0, "c(0, 0)", r"p: shape differs: python \(\) vs R \(2,\)"),
    (np.zeros(2, dtype=np.float32), "c(0, 0)", "p: storage type differs: python float32 vs R double"),
])
def test_assert_same_says_the_type_or_shape_difference(rb, py, code, message):
    with pytest.raises(AssertionError, match=message):
        assert_same("p", py, rb.eval(code), rtol=0)


def test_assert_same_accepts_the_mapping(rb):
    assert_same("double", np.array([[0.5, 1.0]]), rb.eval("matrix(c(0.5, 1), 1, 2)"), rtol=0)
    assert_same("integer", np.array([1, 2], dtype=np.int32), rb.eval("1:2"), rtol=0)
    assert_same("uint8 pixels", np.array([0, 255], dtype=np.uint8), rb.eval("c(0L, 255L)"), rtol=0)
    assert_same("logical", np.array([True, False]), rb.eval("c(TRUE, FALSE)"), rtol=0)
    assert_same("one double", 0.25, rb.eval("0.25")[0].item(), rtol=0)
    with pytest.raises(AssertionError, match="order differs"):
        assert_same_dict({"W1": np.ones((1, 1)), "b1": np.ones((1, 1))}, rb.eval("list(b1 = matrix(1), W1 = matrix(1))"))
