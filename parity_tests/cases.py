"""Shared case generator for the parity suite: inputs are made here, in Python,
and the very same arrays are given to both implementations."""
from __future__ import annotations

import numpy as np

from nnscratch import init_param

#: Architectures exercised by the fixed (non-hypothesis) cases: widths of 1
#: included, since the notebook's R port lost matrix dimensions there.
ARCHITECTURES = [[4, 3, 1], [5, 4, 3, 1], [3, 1], [4, 1, 1], [6, 5, 1, 2, 1], [1, 1, 1]]


def make_inputs(dims, m, seed=0, init="he"):
    """X (n0, m), Y (1, m) in {0, 1}, parameters from init_param with non-zero biases."""
    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    params = init_param(dims, seed=seed, init=init)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    return X, Y, params


def matmul_scale(W, A, b=None):
    """Sum of |terms| of ``W @ A (+ b)``: the scale against which summation-order
    differences are measured (a result that cancels to ~0 can differ by more
    than eps relative to itself, never relative to this)."""
    s = np.abs(W) @ np.abs(A)
    return s if b is None else s + np.abs(b)


def grad_scales(caches, grads):
    """Per-gradient scale: the sum of |terms| of each product, from the Python side."""
    scales = {}
    for l, ((A_prev, W, _b), _Z) in enumerate(caches, start=1):
        m = A_prev.shape[1]
        dZ_abs = np.abs(grads[f"dA{l}"]) if f"dA{l}" in grads else np.ones((W.shape[0], m))
        scales[f"dW{l}"] = matmul_scale(dZ_abs, A_prev.T) / m + 1e-300
        scales[f"db{l}"] = dZ_abs.sum(axis=1, keepdims=True) / m + 1e-300
        scales[f"dA{l - 1}"] = matmul_scale(W.T, dZ_abs) + 1e-300
    return scales
