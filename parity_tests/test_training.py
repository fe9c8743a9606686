"""End-to-end trajectories: the same initial parameters and data given to both
``dense_nn`` loops; cost history, final parameters and predictions after 1, 10
and 500 iterations.

Tolerance: every step differs only by BLAS / sum order (~1e-16 relative), and
gradient descent with a small step does not amplify those differences much: we
print how the largest relative difference grows and assert it stays below
1e-11 after 500 iterations (seen: ~1e-14; costs agree to 1e-12).
"""
import numpy as np
import pytest

from cases import make_inputs
from compare import assert_same, max_diff
from nnscratch import dense_nn, predict_labels

GROWTH = {}


def run_both(r, iterations, dims=(20, 7, 5, 1), m=64, lr=0.05):
    X, Y, params = make_inputs(list(dims), m, seed=60)
    X = np.abs(X)  # image-like non-negative inputs
    py_params, py_costs = dense_nn(X, Y, list(dims), learning_rate=lr, num_iterations=iterations,
                                   parameters=params, cost_every=1)
    out = r.call("dense_nn", X, Y, list(dims), learning_rate=lr, num_iterations=iterations,
                 parameters=params, cost_every=1)
    return X, Y, py_params, py_costs, out


@pytest.mark.parametrize("iterations", [1, 10, 500])
def test_trajectory(r, iterations):
    X, Y, py_params, py_costs, out = run_both(r, iterations)
    r_costs = out["costs"]
    assert r_costs.shape == (iterations,)
    assert_same("costs", np.array(py_costs), r_costs, rtol=1e-12)
    worst = 0.0
    for k in py_params:
        assert_same(k, py_params[k], out["parameters"][k], rtol=1e-10, atol=1e-14)
        worst = max(worst, max_diff(py_params[k], out["parameters"][k])[2])
    GROWTH[iterations] = worst
    p, acc = predict_labels(X, Y, py_params)
    rp = r.call("predict_labels", X, Y, out["parameters"])
    np.testing.assert_array_equal(rp["p"], p)
    print(f"\nafter {iterations:4d} iterations: largest relative parameter difference {worst:.3g}; "
          f"cost py {py_costs[-1]:.15f} r {r_costs[-1]:.15f}")


def test_growth_is_bounded():
    """Printed table of how the largest difference grows with iterations."""
    if len(GROWTH) < 3:
        pytest.fail("run together with test_trajectory (the three trajectories fill the table)")
    print("\niterations  max relative parameter difference (py vs R)")
    for it in sorted(GROWTH):
        print(f"{it:10d}  {GROWTH[it]:.3g}")
    assert GROWTH[500] < 1e-11
