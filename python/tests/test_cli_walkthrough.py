"""``nnscratch walkthrough`` without R: the Python column is the core's own results, exactly.

The R column and the differences are checked by parity_tests/test_28_walkthrough.py."""
from __future__ import annotations

import numpy as np
import pytest

import nnscratch as nn
from nnscratch.backward import output_layer_dZ
from nnscratch.cli import main
from nnscratch.cli.walkthrough import (NAMES, _rows, format_table, max_difference, one_iteration, python_steps,
                                       tiny_problem)

NO_R = "/nonexistent/nnscratch-R"


def core_iteration():
    """The tiny network's iteration written out with the core's functions, independently of the command."""
    X = np.random.RandomState(3).randn(4, 5)
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    p = nn.init_param([4, 3, 1], seed=1, init="he")
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(Z1, 0.0)
    AL, caches = nn.deep_model(X, p)
    grads = nn.deep_model_back(AL, Y, caches)
    new = nn.update_parameters(p, grads, 0.1)
    return dict(X=X, Y=Y, W1=p["W1"], b1=p["b1"], W2=p["W2"], b2=p["b2"], Z1=Z1, A1=A1, Z2=caches[1][1], AL=AL,
                cost=nn.cost_computation(AL, Y), dZ2=AL - Y, dW2=grads["dW2"], db2=grads["db2"], dA1=grads["dA1"],
                dZ1=nn.relu_backprop(grads["dA1"], caches[0][1]), dW1=grads["dW1"], db1=grads["db1"],
                **{f"{k} new": new[k] for k in ("W1", "b1", "W2", "b2")})


def test_tiny_problem_is_randomstate_3():
    X, Y = tiny_problem()
    assert X.shape == (4, 5) and Y.shape == (1, 5)
    assert X[0, 0] == 1.7886284734303186  # RandomState(3).randn()'s first draw; R: numpy_randn(numpy_random_state(3), 1)
    assert Y.tolist() == [[1.0, 0.0, 1.0, 1.0, 0.0]]


def test_one_iteration_equals_the_core_exactly():
    got = one_iteration(python_steps())
    want = core_iteration()
    assert list(got) == NAMES
    for k in NAMES:
        assert np.shape(got[k]) == np.shape(want[k]), k
        assert np.array_equal(got[k], want[k]), k
    assert isinstance(got["cost"], float)
    assert got["cost"] == 0.946813578879502
    assert np.array_equal(got["dZ2"], output_layer_dZ(got["AL"], got["Y"]))
    # the iteration is one step of dense_nn: its parameters after 1 iteration are the "new" ones
    params, costs = nn.dense_nn(got["X"], got["Y"], [4, 3, 1], learning_rate=0.1, num_iterations=1, init="he")
    assert costs == [got["cost"]]
    for k in ("W1", "b1", "W2", "b2"):
        assert np.array_equal(params[k], got[f"{k} new"]), k


def test_rows_and_table_layout():
    assert _rows(0.5) == ["0.500000"]
    assert _rows(np.array([[1.0, -2.0], [0.25, 0.0]])) == ["[ 1.000000 -2.000000 ]", "[ 0.250000  0.000000 ]"]
    assert max_difference(np.zeros((2, 1)), np.zeros((1, 2))) is None
    assert max_difference(np.array([[1.0, 2.0]]), np.array([[1.0, 2.5]])) == 0.5
    v = one_iteration(python_steps())
    lines = format_table(v, v)
    assert "Z1: forward: W1 X + b1, shape (3, 5)" in lines
    assert "cost: cross-entropy J, a number" in lines


def test_command_without_r_prints_the_python_column(capsys, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_R_DIR", NO_R)  # R is not asked for on the command line: status 0
    assert main(["walkthrough"]) == 0
    out = capsys.readouterr().out
    assert "walkthrough: Python only (R is not available)" in out
    assert f"R could not be started from {NO_R}: RuntimeError: no R sources found in {NO_R}" in out
    want = core_iteration()
    lines = out.splitlines()
    for k in NAMES:  # every intermediate's title, then its rows exactly as "%9.6f" of the core's values
        title = next(i for i, line in enumerate(lines) if line.startswith(f"{k}: "))
        rows = _rows(want[k])
        assert [line.strip() for line in lines[title + 4:title + 4 + len(rows)]] == rows, k
    assert "  0.946814" in lines


def test_command_with_an_explicit_r_dir_that_cannot_start_exits_2(capsys):
    assert main(["walkthrough", "--r-dir", NO_R]) == 2
    cap = capsys.readouterr()
    assert f"nnscratch: error: R could not be started from {NO_R}: RuntimeError: no R sources found in {NO_R}" \
        in cap.err
    assert "[ 1.788628  0.436510  0.096497 -1.863493 -0.277388 ]" in cap.out  # the Python column still printed


def test_walkthrough_is_a_subcommand():
    with pytest.raises(SystemExit) as exc:
        main(["walkthrough", "--nope"])
    assert exc.value.code == 2
