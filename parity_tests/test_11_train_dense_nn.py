"""End-to-end trajectories: the core's dense_nn and the engine's engine_fit, the same
data given to both languages.

* dense_nn (the plain loop, parameters from init_param(seed)): costs at iterations
  0, 100, 200 and the final parameters.
* engine_fit from the same initial parameters (cost every iteration): cost
  history, final parameters and predictions after 1, 10 and 500 iterations, and
  how the largest difference grows with the iterations.

Tolerance: every step differs only by BLAS / sum order (~1e-16 relative), and
gradient descent with a small step does not amplify those differences much:
costs rtol 1e-12, parameters rtol 1e-10 (atol 1e-14 for entries that cancel to
~0), and the growth table's largest relative difference after 500 iterations
below 1e-11 (seen: ~1e-14).
"""
import numpy as np
import pytest

from cases import make_inputs
from compare import assert_same, assert_same_dict, max_diff
from nnscratch import dense_nn, predict_labels
from nnscratch.engine import engine_fit

DIMS = [20, 7, 5, 1]
ITERATIONS = (1, 10, 500)


def inputs(m=64):
    X, Y, params = make_inputs(DIMS, m, seed=60)
    return np.abs(X), Y, params  # image-like non-negative inputs


def test_dense_nn_same_costs_and_parameters(r):
    X, Y, _ = inputs()
    py_params, py_costs = dense_nn(X, Y, DIMS, learning_rate=0.05, num_iterations=300, init="he")
    r_params, r_costs = r.dense_nn(X, Y, DIMS, learning_rate=0.05, num_iterations=300, init="he")
    assert len(r_costs) == len(py_costs) == 3, "costs at iterations 0, 100, 200"
    assert_same("costs", np.array(py_costs), np.array(r_costs), rtol=1e-12)
    assert_same_dict(py_params, r_params, rtol=1e-10, atol=1e-14)


def run_engine_both(r, iterations, lr=0.05):
    X, Y, params = inputs()
    py_params, py_costs = engine_fit(X, Y, DIMS, learning_rate=lr, num_iterations=iterations,
                                     parameters=params, cost_every=1)
    r_params, r_costs = r.engine_fit(X, Y, DIMS, learning_rate=lr, num_iterations=iterations,
                                     parameters=params, cost_every=1)
    return X, Y, py_params, py_costs, r_params, r_costs


@pytest.fixture(scope="module")
def trajectories(r):
    """iterations -> (X, Y, py_params, py_costs, r_params, r_costs), computed once per module."""
    return {it: run_engine_both(r, it) for it in ITERATIONS}


@pytest.mark.parametrize("iterations", ITERATIONS)
def test_engine_fit_trajectory(r, trajectories, iterations):
    X, Y, py_params, py_costs, r_params, r_costs = trajectories[iterations]
    assert len(r_costs) == iterations
    assert_same("costs", np.array(py_costs), np.array(r_costs), rtol=1e-12)
    assert_same_dict(py_params, r_params, rtol=1e-10, atol=1e-14)
    p, acc = predict_labels(X, Y, py_params)
    rp, racc = r.predict_labels(X, Y, r_params)
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)
    print(f"\nafter {iterations:4d} iterations: cost py {py_costs[-1]:.15f} r {r_costs[-1]:.15f}")


def test_engine_fit_difference_growth_is_bounded(trajectories):
    """Printed table of how the largest difference grows with iterations."""
    growth = {it: max(max_diff(t[2][k], t[4][k])[2] for k in t[2]) for it, t in trajectories.items()}
    print("\niterations  max relative parameter difference (py vs R)")
    for it in sorted(growth):
        print(f"{it:10d}  {growth[it]:.3g}")
    assert growth[500] < 1e-11


R_CAPTURE = """
nn_test_dense_nn_printed <- function(...) {
  out <- NULL
  printed <- utils::capture.output(out <- dense_nn(...))
  list(printed = printed, costs = out$costs)
}
"""


def test_dense_nn_print_cost_prints_the_same_lines(r, capsys):
    """print_cost = TRUE prints "Cost after iteration %d: %f" in both; the costs here go below 0.1, where %f
    (6 decimals) and %g (6 significant digits) print different text (0.034876 vs 0.0348761)."""
    rs = np.random.RandomState(61)
    X = rs.randn(2, 40)
    Y = (X[0:1] + X[1:2] > 0).astype(np.float64)
    X = X * 6  # a separable problem, learned below a cost of 0.1
    kw = dict(learning_rate=0.5, num_iterations=301, print_cost=True, seed=3, init="he")
    capsys.readouterr()
    _, costs = dense_nn(X, Y, [2, 3, 1], **kw)
    py_lines = capsys.readouterr().out.splitlines()
    r.eval(R_CAPTURE)
    out = r.call("nn_test_dense_nn_printed", X, Y, [2.0, 3.0, 1.0], **kw)
    assert sum(c < 0.1 for c in costs) >= 2, costs  # outside [0.1, 1), where %f and %g differ
    assert len(py_lines) == 4 and py_lines[0].startswith("Cost after iteration 0: ")
    assert_same("printed costs", np.array(costs), out["costs"])
    assert out["printed"] == py_lines, (out["printed"], py_lines)
