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


# -- momentum, RMSprop, Adam (issue 13): hand-computed steps on a [2, 1] network -----------------
# Values chosen so that every operation is exact in binary floating point: the expected numbers are
# the arithmetic done by hand, compared with ==.

import pytest  # noqa: E402

from nnscratch import (init_adam, init_momentum, init_rmsprop, update_parameters_with_adam,  # noqa: E402
                       update_parameters_with_momentum, update_parameters_with_rmsprop)


def tiny(dW=(10.0, -20.0), db=4.0):
    p = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    g = {"dW1": np.array([list(dW)]), "db1": np.array([[db]]), "dA0": np.ones((2, 3))}
    return p, g


def test_init_states_are_zeros_shaped_like_the_parameters():
    p = {"W1": np.ones((3, 4)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}
    v = init_momentum(p)
    s = init_rmsprop(p)
    assert list(v) == ["vdW1", "vdb1", "vdW2", "vdb2"] and list(s) == ["sdW1", "sdb1", "sdW2", "sdb2"]
    for k in p:
        assert v["vd" + k].shape == p[k].shape and v["vd" + k].dtype == np.float64 and not v["vd" + k].any()
        assert s["sd" + k].shape == p[k].shape and not s["sd" + k].any()
    va, sa = init_adam(p)
    assert list(va) == list(v) and list(sa) == list(s)
    assert init_momentum({"W1": np.ones((1, 2), np.float32), "b1": np.ones((1, 1), np.float32)})["vdW1"].dtype \
        == np.float32


def test_momentum_two_steps_by_hand():
    p, g = tiny()
    p1, v1 = update_parameters_with_momentum(p, g, init_momentum(p), beta=0.5, learning_rate=0.5)
    # v = 0.5 * 0 + 0.5 * dW = [5, -10], 2;  W = W - 0.5 v
    np.testing.assert_array_equal(v1["vdW1"], [[5.0, -10.0]])
    np.testing.assert_array_equal(v1["vdb1"], [[2.0]])
    np.testing.assert_array_equal(p1["W1"], [[-1.5, 7.0]])
    np.testing.assert_array_equal(p1["b1"], [[-0.5]])
    p2, v2 = update_parameters_with_momentum(p1, g, v1, beta=0.5, learning_rate=0.5)
    # v = 0.5 [5, -10] + 0.5 [10, -20] = [7.5, -15]
    np.testing.assert_array_equal(v2["vdW1"], [[7.5, -15.0]])
    np.testing.assert_array_equal(p2["W1"], [[-5.25, 14.5]])
    assert list(p2) == ["W1", "b1"] and list(v2) == ["vdW1", "vdb1"]
    np.testing.assert_array_equal(p["W1"], [[1.0, 2.0]])  # inputs untouched


def test_momentum_beta_zero_is_gradient_descent():
    p, g = tiny()
    new, _ = update_parameters_with_momentum(p, g, init_momentum(p), beta=0, learning_rate=0.1)
    want = update_parameters(p, g, 0.1)
    for k in want:
        np.testing.assert_array_equal(new[k], want[k])


def test_rmsprop_one_step_by_hand():
    p, g = tiny(dW=(6.0, -14.0), db=2.0)
    p1, s1 = update_parameters_with_rmsprop(p, g, init_rmsprop(p), beta2=0.75, learning_rate=0.5, epsilon=1.0)
    # s = 0.25 dW^2 = [9, 49], 1;  W = W - 0.5 dW / (sqrt(s) + 1) = W - [6/8, -14/16]
    np.testing.assert_array_equal(s1["sdW1"], [[9.0, 49.0]])
    np.testing.assert_array_equal(s1["sdb1"], [[1.0]])
    np.testing.assert_array_equal(p1["W1"], [[0.25, 2.875]])
    np.testing.assert_array_equal(p1["b1"], [[0.0]])
    assert list(s1) == ["sdW1", "sdb1"]


def test_adam_two_steps_by_hand_bias_correction():
    p, g = tiny(dW=(3.0, -7.0), db=1.0)
    v, s = init_adam(p)
    p1, v1, s1 = update_parameters_with_adam(p, g, v, s, 1, learning_rate=0.5, beta1=0.5, beta2=0.75, epsilon=1.0)
    # t = 1: v = 0.5 dW, s = 0.25 dW^2; v_hat = v / 0.5 = dW, s_hat = s / 0.25 = dW^2
    np.testing.assert_array_equal(v1["vdW1"], [[1.5, -3.5]])
    np.testing.assert_array_equal(s1["sdW1"], [[2.25, 12.25]])
    np.testing.assert_array_equal(p1["W1"], [[0.625, 2.4375]])  # W - 0.5 dW / (|dW| + 1)
    np.testing.assert_array_equal(p1["b1"], [[0.25]])
    p2, v2, s2 = update_parameters_with_adam(p1, g, v1, s1, 2, learning_rate=0.5, beta1=0.5, beta2=0.75,
                                             epsilon=1.0)
    # t = 2: v = 0.75 dW, s = 0.4375 dW^2, divided by 1 - 0.5^2 and 1 - 0.75^2: the same step again
    np.testing.assert_array_equal(v2["vdW1"], [[2.25, -5.25]])
    np.testing.assert_array_equal(s2["sdW1"], [[3.9375, 21.4375]])
    np.testing.assert_array_equal(p2["W1"], [[0.25, 2.875]])
    assert list(p2) == ["W1", "b1"] and list(v2) == ["vdW1", "vdb1"] and list(s2) == ["sdW1", "sdb1"]


def test_adam_first_step_is_about_lr_times_sign_with_the_defaults():
    p, g = tiny(dW=(1e-3, -50.0), db=2.0)
    v, s = init_adam(p)
    p1, _, _ = update_parameters_with_adam(p, g, v, s, 1)
    np.testing.assert_allclose(p1["W1"], [[1.0 - 0.01, 2.0 + 0.01]], rtol=0, atol=2e-7)  # eps / |dW| = 1e-5 of the step on the tiny gradient
    np.testing.assert_allclose(p1["b1"], [[0.5 - 0.01]], rtol=0, atol=1e-10)


@pytest.mark.parametrize("call, message", [
    (lambda p, g: update_parameters_with_momentum(p, g, init_momentum(p), beta=1),
     "beta must be a number in [0, 1); got 1"),
    (lambda p, g: update_parameters_with_momentum(p, g, init_momentum(p), beta=-0.5),
     "beta must be a number in [0, 1); got -0.5"),
    (lambda p, g: update_parameters_with_momentum(p, g, init_momentum(p), learning_rate=0),
     "learning_rate must be a positive number; got 0"),
    (lambda p, g: update_parameters_with_rmsprop(p, g, init_rmsprop(p), beta2=1.5),
     "beta2 must be a number in [0, 1); got 1.5"),
    (lambda p, g: update_parameters_with_rmsprop(p, g, init_rmsprop(p), epsilon=0),
     "epsilon must be a positive number; got 0"),
    (lambda p, g: update_parameters_with_adam(p, g, *init_adam(p), 0), "t must be a positive integer; got 0"),
    (lambda p, g: update_parameters_with_adam(p, g, *init_adam(p), 1.5), "t must be a positive integer; got 1.5"),
    (lambda p, g: update_parameters_with_adam(p, g, *init_adam(p), 1, beta1=float("nan")),
     "beta1 must be a number in [0, 1); got nan"),
    (lambda p, g: update_parameters_with_adam(p, g, *init_adam(p), 1, epsilon=-1e-8),
     "epsilon must be a positive number; got -1e-08"),
])
def test_hyperparameters_are_checked(call, message):
    p, g = tiny()
    with pytest.raises(ValueError) as info:
        call(p, g)
    assert str(info.value) == message
