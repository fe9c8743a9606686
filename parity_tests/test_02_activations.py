"""Parity of the activations and their derivatives.

Tolerances: relu and relu_backprop only select and copy numbers, so they must be
bit-identical (rtol 0). sigmoid uses exp: R calls the C library's exp, numpy
may use its own SIMD exp; both are within 1 ulp of the true value, so results
may differ by a couple of ulps: rtol 1e-15.
"""
import numpy as np
import pytest

from compare import assert_same
from nnscratch import relu, relu_backprop, sigmoid, sigmoid_backprop

EXP_RTOL = 1e-15

Z_SPECIAL = np.array([[0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0],
                      [40.0, -40.0, 745.0, -745.0, 1000.0, -1000.0]])


def random_z(seed=0, shape=(4, 7)):
    return np.random.RandomState(seed).randn(*shape) * 5


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(0), random_z(1, (1, 1))], ids=["special", "random", "1x1"])
def test_relu(r, Z):
    A, cache = relu(Z)
    rA, rcache = r.relu(Z)
    assert_same("relu A", A, rA, rtol=0)
    assert_same("relu cache", cache, rcache, rtol=0)


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(2), random_z(3, (1, 1))], ids=["special", "random", "1x1"])
def test_sigmoid(r, Z):
    A, _ = sigmoid(Z)
    rA, _ = r.sigmoid(Z)
    assert_same("sigmoid A", A, rA, rtol=EXP_RTOL)
    assert np.all(np.isfinite(rA))


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(4)], ids=["special", "random"])
def test_relu_backprop(r, Z):
    dA = np.random.RandomState(5).randn(*Z.shape)
    assert_same("relu_backprop dZ", relu_backprop(dA, Z), r.relu_backprop(dA, Z), rtol=0)


@pytest.mark.parametrize("Z", [Z_SPECIAL, random_z(6)], ids=["special", "random"])
def test_sigmoid_backprop(r, Z):
    dA = np.random.RandomState(7).randn(*Z.shape)
    assert_same("sigmoid_backprop dZ", sigmoid_backprop(dA, Z), r.sigmoid_backprop(dA, Z), rtol=EXP_RTOL)
