"""Parity of fit_standardizer and standardize (issue 13).

Tolerances:

* ``fit_standardizer``: mean and std within RTOL_SUM_ORDER. They are sums over the m samples, and
  the order (and width) of the additions differs: numpy's mean sums pairwise in double, R's
  ``rowMeans`` in long double, so the last bits may differ. The mean is measured against the
  size of its terms (mean of |X|): a mean near 0 is a cancelling sum. The std's terms are all
  >= 0 (no cancellation). A constant feature is exact in both: mean = its value, std = 1.
* ``standardize`` given the SAME standardizer: rtol 0. ``(X - mean) / std`` is element-wise and
  numpy's broadcasting of (n0, 1) over the columns meets the same pairs of numbers as R's
  recycling of the n0 values down each column.
"""
import numpy as np
import pytest

import twins
from compare import RTOL_SUM_ORDER, assert_same, assert_same_dict
from positions import assert_same_message
from test_00_twins import py_object, signature_differences
from nnscratch.standardize import fit_standardizer, standardize


@pytest.mark.parametrize("name, fn", [("fit_standardizer", fit_standardizer), ("standardize", standardize)])
def test_signature_same_names_order_defaults(rb, name, fn):
    assert py_object(name, twins.TRAINING_STEPS[name][0]) is fn
    assert signature_differences(name, fn, rb.formals(name)) == []


def features(n0, m, seed):
    """Rows on very different scales and offsets, a constant row and a row of 0.1 (mean not exact in numpy)."""
    rs = np.random.RandomState(seed)
    scale = 10.0 ** rs.uniform(-3, 4, size=(n0, 1))
    offset = rs.randn(n0, 1) * 10.0 ** rs.uniform(-2, 5, size=(n0, 1))
    X = rs.randn(n0, m) * scale + offset
    if n0 >= 3:
        X[1] = -2.5
        X[2] = 0.1
    return X


CASES = [(5, 1, 0), (5, 2, 1), (3, 3, 2), (8, 50, 3), (12, 1000, 4), (1, 7, 5), (6, 4097, 6)]


def assert_same_standardizer(X, py, r, what):
    assert_same_dict(py, r, rtol=RTOL_SUM_ORDER, what=what,
                     scales={"mean": np.abs(X).mean(axis=1, keepdims=True)})


@pytest.mark.parametrize("n0, m, seed", CASES, ids=str)
def test_fit_standardizer_within_sum_order(r, n0, m, seed):
    X = features(n0, m, seed)
    py = fit_standardizer(X)
    out = r.call("fit_standardizer", X)
    assert_same_standardizer(X, py, out, f"fit n0={n0} m={m}")
    if n0 >= 3 and m > 1:  # the constant rows: exact in both
        for key, want in (("mean", [-2.5, 0.1]), ("std", [1.0, 1.0])):
            assert py[key][1:3, 0].tolist() == want
            assert out[key][1:3, 0].tolist() == want


@pytest.mark.parametrize("n0, m, seed", CASES, ids=str)
def test_standardize_with_the_same_standardizer_is_exact(r, n0, m, seed):
    X = features(n0, m, seed)
    s = fit_standardizer(X)
    assert_same(f"standardize n0={n0} m={m}", standardize(X, s), r.call("standardize", X, s), rtol=0)
    other = features(n0, 9, seed + 100)  # a test set, standardized with the training statistics
    assert_same("standardize other data", standardize(other, s), r.call("standardize", other, s), rtol=0)


def test_standardize_with_r_standardizer_is_exact(r):
    X = features(6, 40, 7)
    s = r.call("fit_standardizer", X)
    assert_same("standardize with R's fit", standardize(X, s), r.call("standardize", X, s), rtol=0)


def test_integer_inputs_give_doubles(r):
    X = np.array([[1, 3, 8], [2, 2, 2], [0, -4, 1]], dtype=np.int64)
    py = fit_standardizer(X)
    out = r.call("fit_standardizer", X)
    assert_same_standardizer(X, py, out, "integer X")
    assert_same("standardize integer X", standardize(X, py), r.call("standardize", X, py), rtol=0)


def test_population_std_not_r_sd(r):
    X = np.array([[1.0, 2.0, 3.0, 4.0]])
    out = r.call("fit_standardizer", X)
    assert_same("std", np.array([[np.sqrt(1.25)]]), out["std"], rtol=0)


@pytest.mark.parametrize("X", [np.zeros((3, 0)), np.array([[1.0, np.nan]]), np.array([[1.0, np.inf], [0, 0]])],
                         ids=["no samples", "nan", "inf"])
def test_same_fit_messages(r, X):
    with pytest.raises(ValueError) as info:
        fit_standardizer(X)
    # "first at row 0, column 1" in Python is "row 1, column 2" in R (1-based): positions mapped
    assert_same_message(str(info.value), r.error_message("fit_standardizer", X))


def test_same_standardize_messages(r):
    s = fit_standardizer(np.array([[1.0, 3.0], [5.0, 9.0]]))
    bad = [
        (np.zeros((3, 4)), s),
        (np.zeros((1, 4)), s),
        (np.zeros((2, 4)), {"mean": s["mean"]}),
        (np.zeros((2, 4)), {"mean": s["mean"], "std": np.ones((2, 2))}),
        (np.zeros((2, 4)), {"mean": s["mean"], "std": np.array([[1.0], [0.0]])}),
        (np.zeros((2, 4)), {"mean": s["mean"], "std": np.array([[1.0], [-2.0]])}),
    ]
    for X, st in bad:
        with pytest.raises(ValueError) as info:
            standardize(X, st)
        assert r.error_message("standardize", X, st) == str(info.value)
