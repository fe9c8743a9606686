import numpy as np
import pytest

from nnscratch import relu, relu_backprop, sigmoid, sigmoid_backprop


def test_relu_values_and_cache():
    Z = np.array([[-1.0, 0.0, 2.0], [3.5, -0.5, 0.25]])
    A, cache = relu(Z)
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0], [3.5, 0.0, 0.25]])
    assert cache is Z
    assert A.shape == (2, 3) and A.dtype == np.float64


def test_relu_backprop_zero_at_kink():
    Z = np.array([[-1.0, 0.0, 2.0]])
    dA = np.array([[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(relu_backprop(dA, Z), [[0.0, 0.0, 3.0]])


def test_sigmoid_values():
    A, cache = sigmoid(np.array([[0.0, 2.0, -2.0]]))
    assert A[0, 0] == 0.5
    assert A[0, 1] == 0.8807970779778823  # 1 / (1 + e^-2)
    assert A[0, 1] + A[0, 2] == pytest.approx(1.0, abs=2.3e-16)  # one rounding of the sum
    assert A.shape == (1, 3)


def test_sigmoid_no_overflow_for_large_z():
    Z = np.array([[-1000.0, -745.0, 745.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # an overflow warning becomes an error
        A, _ = sigmoid(Z)
    assert np.all(np.isfinite(A))
    assert A[0, 0] == 0.0 and A[0, 3] == 1.0
    assert 0.0 < A[0, 1] < 1e-300  # exp(-745) is subnormal but not lost


def test_sigmoid_backprop_is_s_times_one_minus_s():
    Z = np.array([[0.0, 1.5]])
    dA = np.array([[1.0, 2.0]])
    s = 1 / (1 + np.exp(-1.5))
    np.testing.assert_allclose(sigmoid_backprop(dA, Z), [[0.25, 2.0 * s * (1 - s)]], rtol=1e-15)


def test_sigmoid_sign_regression():
    # the notebook's R port used 1/(1+exp(Z)): sigmoid(2) would be 0.119
    assert sigmoid(np.array([[2.0]]))[0][0, 0] > 0.5
