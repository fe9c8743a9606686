"""Parity of the backward pass: back_prop, back_activ, deep_model_back (every dA, dW, db).

Tolerance: dW = dZ A_prev^T / m and dA_prev = W^T dZ are BLAS products and db is
a row sum (numpy pairwise vs R's long-double rowSums): summation order only, so
rtol 1e-12 of the sum of |terms|. Through several layers these differences
compound with the forward pass's; the scales are recomputed per layer.
"""
import numpy as np
import pytest

from cases import ARCHITECTURES, grad_scales, make_inputs, matmul_scale
from compare import assert_same
from nnscratch import back_activ, back_prop, deep_model, deep_model_back


@pytest.mark.parametrize("m", [1, 8])
def test_back_prop(r, m):
    rs = np.random.RandomState(10 + m)
    dZ, A_prev, W, b = rs.randn(3, m), rs.randn(4, m), rs.randn(3, 4), rs.randn(3, 1)
    dA_prev, dW, db = back_prop(dZ, (A_prev, W, b))
    r_dA_prev, r_dW, r_db = r.back_prop(dZ, (A_prev, W, b))
    assert_same("dA_prev", dA_prev, r_dA_prev, scale=matmul_scale(W.T, dZ))
    assert_same("dW", dW, r_dW, scale=matmul_scale(dZ, A_prev.T) / m)
    assert_same("db", db, r_db, scale=np.abs(dZ).sum(axis=1, keepdims=True) / m)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_back_activ(r, activation):
    rs = np.random.RandomState(20)
    dA, Z, A_prev, W, b = rs.randn(2, 5), rs.randn(2, 5), rs.randn(3, 5), rs.randn(2, 3), rs.randn(2, 1)
    dA_prev, dW, db = back_activ(dA, ((A_prev, W, b), Z), activation)
    r_dA_prev, r_dW, r_db = r.back_activ(dA, ((A_prev, W, b), Z), activation)
    assert_same("dA_prev", dA_prev, r_dA_prev, scale=matmul_scale(W.T, dA))
    assert_same("dW", dW, r_dW, scale=matmul_scale(dA, A_prev.T) / 5)
    assert_same("db", db, r_db, scale=np.abs(dA).sum(axis=1, keepdims=True) / 5)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("m", [1, 6])
@pytest.mark.parametrize("input_grad", [True, False])
def test_deep_model_back_every_gradient(r, dims, m, input_grad):
    X, Y, params = make_inputs(dims, m, seed=30 + m)
    AL, caches = deep_model(X, params)
    grads = deep_model_back(AL, Y, caches, input_grad=input_grad)
    r_AL, r_caches = r.deep_model(X, params)
    r_grads = r.deep_model_back(r_AL, Y, r_caches, input_grad=input_grad)
    scales = grad_scales(caches, grads)
    assert set(grads) == set(r_grads), f"gradient names differ: {sorted(grads)} vs {sorted(r_grads)}"
    for k in sorted(grads):
        assert_same(k, grads[k], r_grads[k], scale=scales[k])
