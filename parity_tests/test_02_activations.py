"""Parity of the activations and their derivatives.

Tolerances: relu and relu_backprop only select and copy numbers, so they must be
bit-identical (rtol 0). sigmoid uses exp: R calls the C library's exp, numpy
may use its own SIMD exp; both are within 1 ulp of the true value, so results
may differ by a couple of ulps: rtol 1e-15.
Ties: ``cases.tie_Z`` puts exact zeros (0.0 and -0.0), the smallest doubles either
side of 0 and a duplicated column in Z, so the derivative at exactly 0 and the
sigmoid branch at exactly 0 are exercised (random inputs never hit them).
"""
import numpy as np
import pytest

from cases import tie_Z
from compare import RTOL_EXP, assert_same
from nnscratch import relu, relu_backprop, sigmoid, sigmoid_backprop

EXP_RTOL = RTOL_EXP

Z_SPECIAL = np.array([[0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0],
                      [40.0, -40.0, 745.0, -745.0, 1000.0, -1000.0]])


def random_z(seed=0, shape=(4, 7)):
    return np.random.RandomState(seed).randn(*shape) * 5


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(0), random_z(1, (1, 1)), tie_Z(), np.zeros((1, 1))],
                         ids=["special", "random", "1x1", "ties", "one zero"])
def test_relu(r, Z):
    A, cache = relu(Z)
    rA, rcache = r.relu(Z)
    assert_same("relu A", A, rA, rtol=0)
    assert_same("relu cache", cache, rcache, rtol=0)


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(2), random_z(3, (1, 1)), tie_Z(), np.zeros((1, 1))],
                         ids=["special", "random", "1x1", "ties", "one zero"])
def test_sigmoid(r, Z):
    A, _ = sigmoid(Z)
    rA, _ = r.sigmoid(Z)
    assert_same("sigmoid A", A, rA, rtol=EXP_RTOL)
    assert np.all(np.isfinite(rA))
    assert_same("sigmoid A at Z == 0", A[Z == 0], rA[Z == 0], rtol=0)  # the same bits on both sides
    assert np.all(A[Z == 0] == 0.5) and np.all(rA[Z == 0] == 0.5)


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(4), tie_Z(), np.zeros((1, 1))], ids=["special", "random", "ties", "one zero"])
def test_relu_backprop(r, Z):
    dA = np.random.RandomState(5).randn(*Z.shape)
    assert np.all(dA != 0)  # so that the derivative at Z == 0 decides dZ there
    assert_same("relu_backprop dZ", relu_backprop(dA, Z), r.relu_backprop(dA, Z), rtol=0)


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(6), tie_Z(), np.zeros((1, 1))], ids=["special", "random", "ties", "one zero"])
def test_sigmoid_backprop(r, Z):
    dA = np.random.RandomState(7).randn(*Z.shape)
    assert_same("sigmoid_backprop dZ", sigmoid_backprop(dA, Z), r.sigmoid_backprop(dA, Z), rtol=EXP_RTOL)


def test_relu_of_an_integer_z_gives_doubles(r):
    """R's pmax(Z, 0) of an integer matrix is double; Python's np.maximum(Z, 0.0) float64 (np.maximum(Z, 0)
    would keep int64: a storage-type difference). The cache is Z itself, integer in both."""
    Z = np.array([[3, -2, 0], [0, 7, -1]], dtype=np.int64)
    A, cache = relu(Z)
    rA, rcache = r.relu(Z)
    assert_same("relu A of integer Z", A, rA, rtol=0)
    assert_same("relu cache of integer Z", cache, rcache, rtol=0)
    assert A.dtype == np.float64
