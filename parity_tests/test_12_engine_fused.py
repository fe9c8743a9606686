"""Parity of forward_backward (one training step's cost and gradients, no dA0).

Tolerance: both languages compute the same sums in different orders (Python:
W1 @ X in 24- or 32-column sub-blocks, dW1 in 12-column steps grouped by blocks; R:
t(crossprod(X, t(W1))) and one product per block; numpy's pairwise sums vs R's
long-double sums for db and the cost), so rtol 1e-12 of the sum of
|terms| of each quantity's last product (see compare.RTOL_SUM_ORDER), scales
taken from the Python step-by-step reference.
"""
import numpy as np
import pytest

from cases import ARCHITECTURES, make_inputs
from compare import assert_same
from nnscratch import cost_computation, deep_model
from nnscratch.engine import default_block_size, forward_backward


def scales(X, Y, params):
    """Sum of |terms| of every gradient's last product and of the cost (Python side)."""
    AL, caches = deep_model(X, params)
    m = X.shape[1]
    out = {}
    dZ = AL - Y
    for l in range(len(caches), 0, -1):
        (A_prev, W, _b), _Z = caches[l - 1]
        out[f"dW{l}"] = np.abs(dZ) @ np.abs(A_prev).T / m + 1e-300
        out[f"db{l}"] = np.abs(dZ).sum(axis=1, keepdims=True) / m + 1e-300
        if l > 1:
            dZ = np.where(caches[l - 2][1] > 0, W.T @ dZ, 0.0)
    P = np.clip(AL, 1e-15, 1 - 1e-15)
    out["cost"] = np.array([np.sum(np.abs(Y * np.log(P)) + np.abs((1 - Y) * np.log1p(-P))) / m + 1e-300])
    return out


@pytest.mark.parametrize("dims", ARCHITECTURES + [[40, 7, 5, 1]], ids=str)
@pytest.mark.parametrize("m", [1, 6, 130])
@pytest.mark.parametrize("block_size", [None, 1, 4, 64, 1000])
def test_forward_backward(r, dims, m, block_size):
    X, Y, params = make_inputs(dims, m, seed=40 + m)
    X = np.asfortranarray(X)  # the layout the package recommends (R's own layout)
    cost, grads = forward_backward(X, Y, params, block_size)
    r_cost, r_grads = r.forward_backward(X, Y, params, block_size=block_size)  # one double: checked
    s = scales(X, Y, params)
    assert_same("cost", np.array([cost]), np.array([r_cost]), scale=s["cost"])
    assert list(r_grads) == list(grads), f"gradient names differ: {list(grads)} vs {list(r_grads)}"
    for k in grads:
        assert_same(k, grads[k], r_grads[k], scale=s[k])


def test_cost_matches_cost_computation_of_R_outputs(r):
    # The cost of forward_backward is cost_computation of the forward outputs, in both languages.
    X, Y, params = make_inputs([5, 4, 1], 20, seed=3)
    cost, _ = forward_backward(X, Y, params, 8)
    AL, _ = deep_model(X, params)
    assert_same("cost", np.array([cost]), np.array([cost_computation(AL, Y)]))
    assert_same("cost", np.array([cost]), np.array([r.forward_backward(X, Y, params, block_size=8)[0]]))


@pytest.mark.parametrize("n0", [1, 100, 3072, 10**6])
def test_default_block_size(r, n0):
    for dtype in (np.float64, np.float32):
        assert r.default_block_size(n0, dtype) == default_block_size(n0, dtype)
    assert r.default_block_size(n0) == default_block_size(n0), "default dtype"


@pytest.mark.parametrize("n0", [1, 100, 3072, 10**6])
def test_default_block_size_is_an_integer(r, n0):
    """A column count: a Python int and an R integer (max(32, k - k %% 32) alone would be a double)."""
    from compare import assert_same_number

    for dtype in ("float64", "float32"):
        py = default_block_size(n0, dtype)
        assert type(py) is int
        assert_same_number(f"default_block_size({n0}, {dtype})", py, r.call("default_block_size", n0, dtype=dtype))
    assert_same_number(f"default_block_size({n0})", default_block_size(n0), r.call("default_block_size", n0))
