import numpy as np

from nnscratch import update, update_parameters


def test_each_layer_moves_by_its_own_gradient():
    p = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    g = {"dW1": np.full((2, 3), 1.0), "db1": np.full((2, 1), 2.0),
         "dW2": np.full((1, 2), 10.0), "db2": np.full((1, 1), 20.0)}
    new = update_parameters(p, g, 0.1)
    np.testing.assert_array_equal(new["W1"], np.full((2, 3), 0.9))
    np.testing.assert_array_equal(new["b1"], np.full((2, 1), -0.2))
    np.testing.assert_array_equal(new["W2"], np.full((1, 2), 0.0))  # W2 - 0.1 * dW2, not dW1
    np.testing.assert_array_equal(new["b2"], np.full((1, 1), -2.0))
    np.testing.assert_array_equal(p["W1"], np.ones((2, 3)))  # input untouched
    assert list(new) == ["W1", "b1", "W2", "b2"]


def test_update_alias():
    assert update is update_parameters
