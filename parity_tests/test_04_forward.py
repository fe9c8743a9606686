"""Parity of the forward pass: for_prop, for_activation, deep_model (every layer's A and Z).

Tolerance: the matrix products are computed by different BLAS builds (numpy's
bundled OpenBLAS, R's Debian OpenBLAS or reference BLAS) that add the n_prev
terms in different orders; each entry may differ by about n_prev * eps relative
to the sum of |terms| (``matmul_scale``). rtol 1e-12 of that scale.
"""
import numpy as np
import pytest

from cases import ARCHITECTURES, make_inputs, matmul_scale
from compare import assert_same
from nnscratch import deep_model, for_activation, for_prop


@pytest.mark.parametrize("m", [1, 9])
def test_for_prop(r, m):
    rs = np.random.RandomState(m)
    A, W, b = rs.randn(4, m), rs.randn(3, 4), rs.randn(3, 1)
    Z, _ = for_prop(A, W, b)
    rZ, (rA, rW, rb_) = r.for_prop(A, W, b)
    assert_same("Z", Z, rZ, scale=matmul_scale(W, A, b))
    assert_same("cache A", A, rA, rtol=0)
    assert_same("cache W", W, rW, rtol=0)
    assert_same("cache b", b, rb_, rtol=0)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_for_activation(r, activation):
    rs = np.random.RandomState(3)
    A_prev, W, b = rs.randn(5, 6), rs.randn(2, 5), rs.randn(2, 1)
    A, (_, Z) = for_activation(A_prev, W, b, activation)
    rA, (_, rZ) = r.for_activation(A_prev, W, b, activation)
    scale = matmul_scale(W, A_prev, b)
    assert_same("Z", Z, rZ, scale=scale)
    assert_same("A", A, rA, scale=scale if activation == "relu" else None)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("m", [1, 7])
def test_deep_model_every_layer(r, dims, m):
    X, _, params = make_inputs(dims, m, seed=len(dims) + m)
    AL, caches = deep_model(X, params)
    rAL, rcaches = r.deep_model(X, params)
    assert len(rcaches) == len(caches)
    prev_scale = None  # scale of Z[l-1]; A[l-1] = relu(Z[l-1]) inherits it
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        (rA_prev, rW, rb_), rZ = rcaches[l - 1]
        if l == 1:
            assert_same("A0 (= X)", A_prev, rA_prev, rtol=0)
        else:
            assert_same(f"A{l - 1}", A_prev, rA_prev, scale=prev_scale)
        assert_same(f"W{l} in the cache", W, rW, rtol=0)
        assert_same(f"b{l} in the cache", b, rb_, rtol=0)
        prev_scale = matmul_scale(W, A_prev, b)
        assert_same(f"Z{l}", Z, rZ, scale=prev_scale)
    assert_same("AL", AL, rAL)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
def test_n_layers_is_an_integer_count(r, dims):
    """n_layers counts layers: a Python int (// 2) and an R integer (%/% 2L); len / 2 (a float) or
    length / 2L (a double) is a porting mistake the values alone would not show."""
    from compare import assert_same_number
    from nnscratch.forward import n_layers

    params = make_inputs(dims, 1, seed=1)[2]
    py = n_layers(params)
    assert type(py) is int and py == len(dims) - 1
    assert_same_number("n_layers", py, r.call("n_layers", params))
