import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from nnscratch import dense_nn, init_param, predict, predict_labels


def toy_data(m=60, seed=0):
    rs = np.random.RandomState(seed)
    X = rs.randn(2, m)
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(float)
    return X, Y


def test_dense_nn_learns_and_records_costs_every_100():
    X, Y = toy_data()
    p, costs = dense_nn(X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=301, init="he")
    assert len(costs) == 4  # iterations 0, 100, 200, 300
    assert costs[0] > costs[-1]
    assert all(np.isfinite(costs))
    _, acc = predict_labels(X, Y, p)
    assert acc >= 0.95


def test_dense_nn_is_deterministic_and_seed_passes_through():
    X, Y = toy_data()
    a, ca = dense_nn(X, Y, [2, 3, 1], num_iterations=5, seed=3, init="xavier", cost_every=1)
    b, cb = dense_nn(X, Y, [2, 3, 1], num_iterations=5, parameters=init_param([2, 3, 1], seed=3, init="xavier"), cost_every=1)
    assert ca == cb and len(ca) == 5
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])


def test_print_cost_and_callback():
    X, Y = toy_data(10)
    seen = []
    buf = io.StringIO()
    with redirect_stdout(buf):
        dense_nn(X, Y, [2, 1], num_iterations=3, print_cost=True, cost_every=2, callback=lambda i, c: seen.append(i))
    lines = buf.getvalue().splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["Cost after iteration 0", "Cost after iteration 2"]
    assert float(lines[0].split(": ")[1]) == pytest.approx(0.6877, abs=1e-4)
    assert seen == [0, 1, 2]


def test_predict_labels_threshold_and_accuracy_without_printing(capsys):
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 3.0, 1.0]])  # AL = s(-2), 0.5, s(3), s(1)
    y = np.array([[0.0, 1.0, 1.0, 0.0]])
    pred, acc = predict_labels(X, y, p)
    np.testing.assert_array_equal(pred, [[0.0, 0.0, 1.0, 1.0]])  # 0.5 is not > 0.5
    assert acc == 0.5
    assert predict_labels(X, None, p)[1] is None
    assert capsys.readouterr().out == ""
    assert predict(X, y, p).shape == (1, 4)  # the notebook alias prints
    assert "Accuracy: 0.5" in capsys.readouterr().out


@pytest.mark.parametrize("block_size", ["auto", None, 7, 1000])
def test_fused_step_trains_like_the_notebook_steps(block_size):
    """dense_nn's fused one-pass step vs deep_model/cost_computation/deep_model_back:
    only summation order differs, so parameters agree to ~1e-13 after 50 steps."""
    X, Y = toy_data(45)
    a, ca = dense_nn(X, Y, [2, 5, 3, 1], learning_rate=0.3, num_iterations=50, init="he", cost_every=1)
    b, cb = dense_nn(X, Y, [2, 5, 3, 1], learning_rate=0.3, num_iterations=50, init="he", cost_every=1,
                     fused=False, block_size=block_size)
    np.testing.assert_allclose(ca, cb, rtol=1e-12)
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-10, atol=1e-13)


def test_float32_training():
    X, Y = toy_data()
    p, costs = dense_nn(X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=300, init="he", dtype="float32")
    assert all(v.dtype == np.float32 for v in p.values())
    p64, costs64 = dense_nn(X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=300, init="he")
    np.testing.assert_allclose(costs, costs64, rtol=1e-4)
    with pytest.raises(ValueError, match="dtype must be float32 or float64"):
        dense_nn(X, Y, [2, 1], num_iterations=1, dtype="int32")
