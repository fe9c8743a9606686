"""Parity of predict_labels: the 0/1 predictions must be identical and so the accuracy.

Probabilities within ~1e-15 of 0.5 could round to different sides; the random
inputs keep every AL away from 0.5 by far more than that (checked). The ties are
put in on purpose (cases.half_probability_inputs, cases.exact_network): AL exactly
0.5 (Z exactly 0) must give 0 in both (``> 0.5``; ``>= 0.5`` is a porting mistake).
Predictions are doubles in both (float64 <-> double), the accuracy a double.
"""
import numpy as np
import pytest

from cases import EXACT_CASES, exact_network, half_probability_inputs, make_inputs
from compare import assert_same
from nnscratch import deep_model, predict_labels


def test_predict_labels(r):
    X, Y, params = make_inputs([6, 4, 1], 40, seed=50)
    AL, _ = deep_model(X, params)
    assert np.min(np.abs(AL - 0.5)) > 1e-9
    p, acc = predict_labels(X, Y, params)
    rp, racc = r.predict_labels(X, Y, params)
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)


def test_predict_labels_without_y(r):
    X, _, params = make_inputs([3, 1], 5, seed=51)
    rp, racc = r.predict_labels(X, None, params)
    assert racc is None
    assert_same("p", predict_labels(X, None, params)[0], rp, rtol=0)


def test_predict_labels_at_exactly_one_half(r):
    X, Y, params = half_probability_inputs()
    AL, _ = deep_model(X, params)
    assert np.sum(AL == 0.5) == 2 and np.sum(AL != 0.5) == 4
    p, acc = predict_labels(X, Y, params)
    rp, racc = r.predict_labels(X, Y, params)
    assert np.all(p[AL == 0.5] == 0.0), "0.5 is not > 0.5"
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)


@pytest.mark.parametrize("dims, m", EXACT_CASES, ids=[f"{d}-m{m}" for d, m in EXACT_CASES])
def test_predict_labels_exact_networks(r, dims, m):
    X, Y, params = exact_network(dims, m)
    p, acc = predict_labels(X, Y, params)
    rp, racc = r.predict_labels(X, Y, params)
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)


def test_predict_labels_accuracy_rounded_once(r):
    """115 right of 2051: 115 / 2051 rounded once is 0.056070209653827398 (numpy's mean, Python's
    division); R's mean() of a logical divides in long double and rounds twice, giving
    0.056070209653827405. The accuracy must be the same double in both (sum / length in R)."""
    m, right = 2051, 115
    X = np.where(np.arange(m) % 3 == 0, 1.0, -1.0).reshape(1, m)  # W = 1, b = 0: p = 1 where X > 0
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    p_expected = (X > 0).astype(np.float64)
    Y = np.where(np.arange(m) < right, p_expected, 1.0 - p_expected)
    p, acc = predict_labels(X, Y, params)
    rp, racc = r.predict_labels(X, Y, params)
    assert_same("p", p_expected, p, rtol=0)
    assert acc == right / m == 0.056070209653827398
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)
