"""Parity of predict_labels: the 0/1 predictions must be identical and so the accuracy.

Probabilities within ~1e-15 of 0.5 could round to different sides; the inputs
here keep every AL away from 0.5 by far more than that (checked).
"""
import numpy as np

from cases import make_inputs
from nnscratch import deep_model, predict_labels


def test_predict_labels(r):
    X, Y, params = make_inputs([6, 4, 1], 40, seed=50)
    AL, _ = deep_model(X, params)
    assert np.min(np.abs(AL - 0.5)) > 1e-9
    p, acc = predict_labels(X, Y, params)
    rp, racc = r.predict_labels(X, Y, params)
    assert rp.shape == p.shape and rp.dtype == p.dtype, (rp.dtype, rp.shape, p.dtype, p.shape)
    np.testing.assert_array_equal(rp, p)
    assert racc == acc


def test_predict_labels_without_y(r):
    X, _, params = make_inputs([3, 1], 5, seed=51)
    rp, racc = r.predict_labels(X, None, params)
    assert racc is None
    np.testing.assert_array_equal(rp, predict_labels(X, None, params)[0])
