import numpy as np
import pytest

from nnscratch import init_param


def test_shapes_and_zero_biases():
    p = init_param([5, 4, 3, 1], seed=3)
    assert list(p) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert p["W1"].shape == (4, 5) and p["W2"].shape == (3, 4) and p["W3"].shape == (1, 3)
    for l in (1, 2, 3):
        assert p[f"b{l}"].shape == (p[f"W{l}"].shape[0], 1)
        assert not p[f"b{l}"].any()
        assert p[f"W{l}"].dtype == np.float64


def test_scaled_is_numpy_stream_row_by_row_times_001():
    p = init_param([3, 2, 1], seed=1)
    # np.random.RandomState(1).randn(5) = 1.624345, -0.611756, -0.528172, -1.072969, 0.865408
    assert p["W1"][0, 0] == 1.6243453636632417 * 0.01
    assert p["W1"][0, 1] == -0.6117564136500754 * 0.01  # row by row (C order)
    rs = np.random.RandomState(1)
    w1 = rs.randn(2, 3) * 0.01
    w2 = rs.randn(1, 2) * 0.01
    np.testing.assert_array_equal(p["W1"], w1)
    np.testing.assert_array_equal(p["W2"], w2)


@pytest.mark.parametrize("init, expected", [("xavier", 1.6243453636632417 / np.sqrt(3)),
                                            ("he", 1.6243453636632417 * np.sqrt(2 / 3))])
def test_recipes(init, expected):
    assert init_param([3, 2, 1], seed=1, init=init)["W1"][0, 0] == expected


def test_seed_changes_weights_and_is_reproducible():
    a = init_param([4, 3, 1], seed=0)["W1"]
    np.testing.assert_array_equal(a, init_param([4, 3, 1], seed=0)["W1"])
    assert not np.array_equal(a, init_param([4, 3, 1], seed=1)["W1"])


@pytest.mark.parametrize("dims, msg", [([5], "at least 2 entries"), ([3, 0, 1], "entry 1 is 0"),
                                       ([3, -2, 1], "entry 1 is -2"), ([3, 2.5, 1], "entry 1 is 2.5")])
def test_bad_layers_dims(dims, msg):
    with pytest.raises(ValueError, match=msg):
        init_param(dims)


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "1"])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 4294967295\]"):
        init_param([2, 1], seed=seed)


def test_bad_init():
    with pytest.raises(ValueError, match="init must be one of 'scaled', 'xavier', 'he'; got 'glorot'"):
        init_param([2, 1], init="glorot")
