"""dense_nn: the notebook's plain loop (init_param, then forward, cost, backward, update)."""
import io
import re
from contextlib import redirect_stdout

import numpy as np
import pytest

from nnscratch import cost_computation, deep_model, deep_model_back, dense_nn, init_param, predict_labels, update_parameters


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


def test_dense_nn_is_the_notebook_loop_bit_for_bit():
    X, Y = toy_data(30)
    got, costs = dense_nn(X, Y, [2, 3, 1], learning_rate=0.2, num_iterations=201, seed=3, init="xavier")
    p = init_param([2, 3, 1], seed=3, init="xavier")
    want_costs = []
    for i in range(201):
        AL, caches = deep_model(X, p)
        if i % 100 == 0:
            want_costs.append(cost_computation(AL, Y))
        p = update_parameters(p, deep_model_back(AL, Y, caches), 0.2)
    assert costs == want_costs and len(costs) == 3
    assert list(got) == ["W1", "b1", "W2", "b2"]
    for k in p:
        np.testing.assert_array_equal(got[k], p[k])


def test_seed_and_init_pass_through():
    X, Y = toy_data()
    a, _ = dense_nn(X, Y, [2, 3, 1], num_iterations=1, seed=3, init="xavier")
    b, _ = dense_nn(X, Y, [2, 3, 1], num_iterations=1, seed=4, init="xavier")
    assert not np.array_equal(a["W1"], b["W1"])
    one, _ = dense_nn(X, Y, [2, 3, 1], num_iterations=1, seed=3, init="xavier")
    np.testing.assert_array_equal(a["W1"], one["W1"])


def test_print_cost_prints_each_recorded_cost():
    X, Y = toy_data(10)
    buf = io.StringIO()
    with redirect_stdout(buf):
        _, costs = dense_nn(X, Y, [2, 1], num_iterations=101, print_cost=True)
    lines = buf.getvalue().splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["Cost after iteration 0", "Cost after iteration 100"]
    assert all(re.fullmatch(r"Cost after iteration \d+: \d+\.\d{6}", ln) for ln in lines)
    assert lines[0] == f"Cost after iteration 0: {costs[0]:f}"
    assert float(lines[0].split(": ")[1]) == pytest.approx(0.6877, abs=1e-4)


def test_silent_by_default(capsys):
    X, Y = toy_data(10)
    dense_nn(X, Y, [2, 1], num_iterations=3)
    assert capsys.readouterr().out == ""
