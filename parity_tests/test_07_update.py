"""Parity of update_parameters: W - lr * dW elementwise, one rounding each: bit-identical (rtol 0)."""
import numpy as np

from cases import make_inputs
from compare import assert_same_dict
from nnscratch import update_parameters


def test_update_parameters(r):
    _, _, params = make_inputs([5, 4, 3, 1], 1, seed=40)
    rs = np.random.RandomState(41)
    grads = {f"d{k}": rs.randn(*v.shape) for k, v in params.items()}
    py = update_parameters(params, grads, 0.0075)
    rv = r.update_parameters(params, grads, 0.0075)
    assert list(rv) == list(py), "same names in the same order (W1, b1, W2, ...)"
    assert_same_dict(py, rv, rtol=0)
