import numpy as np
import pytest

from nnscratch import deep_model, for_activation, for_prop, init_param


def test_for_prop_hand_values():
    A = np.array([[1.0, 0.0], [3.0, -1.0]])   # (n_prev=2, m=2)
    W = np.array([[1.0, 2.0]])                # (1, 2)
    b = np.array([[0.5]])                     # (1, 1)
    Z, cache = for_prop(A, W, b)
    np.testing.assert_array_equal(Z, [[7.5, -1.5]])
    assert cache[0] is A and cache[1] is W and cache[2] is b


def test_bias_broadcasts_over_columns_not_rows():
    A = np.zeros((2, 3))
    W = np.zeros((2, 2))
    b = np.array([[1.0], [2.0]])
    Z, _ = for_prop(A, W, b)
    np.testing.assert_array_equal(Z, [[1, 1, 1], [2, 2, 2]])


def test_for_activation_relu_and_sigmoid():
    A = np.array([[1.0], [-2.0]])
    W = np.array([[1.0, 1.0], [2.0, 0.0]])
    b = np.array([[0.0], [-3.0]])
    Ar, (lin, Z) = for_activation(A, W, b, "relu")
    np.testing.assert_array_equal(Z, [[-1.0], [-1.0]])
    np.testing.assert_array_equal(Ar, [[0.0], [0.0]])
    As, _ = for_activation(A, W, b, "sigmoid")
    np.testing.assert_allclose(As, 1 / (1 + np.exp(1.0)) * np.ones((2, 1)), rtol=1e-15)
    with pytest.raises(ValueError, match="activation must be 'relu' or 'sigmoid'; got 'tanh'"):
        for_activation(A, W, b, "tanh")


@pytest.mark.parametrize("dims", [[4, 3, 2, 1], [3, 1], [4, 1, 1], [1, 1, 1]])
@pytest.mark.parametrize("m", [1, 5])
def test_deep_model_shapes(dims, m):
    p = init_param(dims, seed=2, init="he")
    X = np.random.RandomState(0).randn(dims[0], m)
    AL, caches = deep_model(X, p)
    assert AL.shape == (1, m)
    assert len(caches) == len(dims) - 1
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert A_prev.shape == (dims[l - 1], m)
        assert W.shape == (dims[l], dims[l - 1]) and b.shape == (dims[l], 1)
        assert Z.shape == (dims[l], m)


def test_deep_model_two_layer_hand_value():
    p = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.0]]),
         "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])}
    X = np.array([[3.0, 1.0], [1.0, 2.0]])  # columns: (3,1) and (1,2)
    AL, _ = deep_model(X, p)
    # layer 1: relu([2, -1]) = [2, 0]; layer 2: sigmoid(2*[2, 0] - 1) = sigmoid([3, -1])
    np.testing.assert_allclose(AL, [[1 / (1 + np.exp(-3)), 1 / (1 + np.exp(1))]], rtol=1e-15)
