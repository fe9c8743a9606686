"""engine_fit: dense_nn's loop with the engine's options; equal to dense_nn, faults keep the state.

Tolerances: ``engine_fit(fused=False)`` runs the very same functions as
``dense_nn`` in the same order, so the results are equal bit for bit (==).
The default fused step (``forward_backward``) computes the same sums in another
order (Z1 by other BLAS kernels, dW1 as a sum of per-block products), so it
agrees to rounding only: rtol 1e-12 (see test_engine_fused.py for the bound
on one step; here the differences after hundreds of steps stay ~1e-15).
"""
import io
from contextlib import redirect_stdout

import numpy as np
import pytest

from nnscratch import dense_nn, init_param
from nnscratch.engine import (TrainingDiverged, TrainingInterrupted, UpdateRule, engine_fit, update_rule)

RTOL_FUSED = 1e-12


def toy_data(m=60, seed=0, n0=2, order="C"):
    rs = np.random.RandomState(seed)
    X = np.asarray(rs.randn(n0, m), order=order)
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(float)
    return X, Y


def data(m=40, seed=0):
    rs = np.random.RandomState(seed)
    X = rs.randn(4, m)
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    return X, Y


class Momentum:
    """A tiny stateful rule written against the UpdateRule protocol (not a subclass):
    v <- beta v + dW, W <- W - alpha v (the same for b)."""

    name = "momentum"

    def __init__(self, learning_rate, beta=0.9):
        self.hyper = {"learning_rate": learning_rate, "beta": beta}

    def init_state(self, parameters):
        return {f"v{k}": np.zeros_like(v) for k, v in parameters.items()}

    def step(self, parameters, grads, state):
        lr, beta = self.hyper["learning_rate"], self.hyper["beta"]
        state = {f"v{k}": beta * state[f"v{k}"] + grads[f"d{k}"] for k in parameters}
        return {k: parameters[k] - lr * state[f"v{k}"] for k in parameters}, state


def assert_same(a, b):
    assert list(a) == list(b)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


CASES = [  # (layers, learning rate, iterations, init)
    ([2, 5, 3, 1], 0.3, 250, "he"),
    ([2, 4, 1], 0.5, 301, "xavier"),
    ([2, 1], 0.1, 150, "scaled"),
]


@pytest.mark.parametrize("dims, lr, n, init", CASES)
def test_step_by_step_engine_fit_equals_dense_nn_exactly(dims, lr, n, init):
    X, Y = toy_data(45)
    want, want_costs = dense_nn(X, Y, dims, learning_rate=lr, num_iterations=n, init=init, seed=2)
    got, costs = engine_fit(X, Y, dims, learning_rate=lr, num_iterations=n, init=init, seed=2, fused=False)
    assert costs == want_costs and len(costs) == (n - 1) // 100 + 1
    assert_same(got, want)


@pytest.mark.parametrize("block_size", ["auto", None, 7, 1000])
@pytest.mark.parametrize("dims, lr, n, init", CASES)
def test_fused_engine_fit_equals_dense_nn_to_summation_order(dims, lr, n, init, block_size):
    X, Y = toy_data(45)
    want, want_costs = dense_nn(X, Y, dims, learning_rate=lr, num_iterations=n, init=init)
    got, costs = engine_fit(X, Y, dims, learning_rate=lr, num_iterations=n, init=init, block_size=block_size)
    np.testing.assert_allclose(costs, want_costs, rtol=RTOL_FUSED, atol=0)
    assert list(got) == list(want)
    for k in want:
        np.testing.assert_allclose(got[k], want[k], rtol=RTOL_FUSED, atol=0, err_msg=k)


@pytest.mark.parametrize("block_size", ["auto", None, 64, 100])
def test_fused_engine_fit_on_the_sub_block_path(block_size):
    # 40 inputs, Fortran-ordered X, 300 samples: the threaded small-matrix path of forward_backward.
    X, Y = toy_data(300, seed=3, n0=40, order="F")
    want, want_costs = dense_nn(X, Y, [40, 7, 5, 1], learning_rate=0.1, num_iterations=201, init="he")
    got, costs = engine_fit(X, Y, [40, 7, 5, 1], learning_rate=0.1, num_iterations=201, init="he",
                            block_size=block_size)
    np.testing.assert_allclose(costs, want_costs, rtol=RTOL_FUSED, atol=0)
    for k in want:
        np.testing.assert_allclose(got[k], want[k], rtol=RTOL_FUSED, atol=0, err_msg=k)


def test_rule_none_is_gd_with_the_learning_rate():
    X, Y = toy_data()
    a, ca = engine_fit(X, Y, [2, 3, 1], learning_rate=0.2, num_iterations=120, fused=False)
    b, cb = engine_fit(X, Y, [2, 3, 1], learning_rate=0.2, num_iterations=120, fused=False,
                       rule=update_rule("gd", 0.2))
    assert ca == cb
    assert_same(a, b)


def test_start_parameters_replace_seed_and_init_and_are_not_modified():
    X, Y = toy_data()
    start = init_param([2, 3, 1], seed=3, init="xavier")
    kept = {k: v.copy() for k, v in start.items()}
    a, ca = engine_fit(X, Y, [2, 3, 1], num_iterations=5, seed=3, init="xavier", cost_every=1)
    b, cb = engine_fit(X, Y, [2, 3, 1], num_iterations=5, parameters=start, seed=99, cost_every=1)
    assert ca == cb and len(ca) == 5
    assert_same(a, b)
    assert_same(start, kept)


def test_start_parameters_must_fit_X():
    X = np.random.RandomState(0).rand(3, 4)
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match=r"W1 has shape \(2, 5\): its 5 columns must match the number of rows of X \(3\)"):
        engine_fit(X, Y, [3, 2, 1], num_iterations=1, parameters=init_param([5, 2, 1]))


def test_print_cost_cost_every_and_callback():
    X, Y = toy_data(10)
    seen = []
    buf = io.StringIO()
    with redirect_stdout(buf):
        _, costs = engine_fit(X, Y, [2, 1], num_iterations=3, print_cost=True, cost_every=2,
                              callback=lambda i, c: seen.append(i))
    lines = buf.getvalue().splitlines()
    assert lines == [f"Cost after iteration 0: {costs[0]:f}", f"Cost after iteration 2: {costs[1]:f}"]
    assert costs[0] == pytest.approx(0.6877, abs=1e-4)
    assert seen == [0, 1, 2]


def test_float32_training():
    X, Y = toy_data()
    p, costs = engine_fit(X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=300, init="he", dtype="float32")
    assert all(v.dtype == np.float32 for v in p.values())
    p64, costs64 = engine_fit(X, Y, [2, 4, 1], learning_rate=0.5, num_iterations=300, init="he")
    np.testing.assert_allclose(costs, costs64, rtol=1e-4)
    with pytest.raises(ValueError, match="dtype must be float32 or float64; got int32"):
        engine_fit(X, Y, [2, 1], num_iterations=1, dtype="int32")


@pytest.mark.parametrize("kwargs, exc, msg", [
    (dict(rule="gd"), TypeError, "rule must be an update rule \\(see update_rule\\); got str"),
    (dict(rule_state=[1]), TypeError, "rule_state must be a dict of arrays; got list"),
    (dict(cost_every=0), ValueError, "cost_every must be a positive integer; got 0"),
    (dict(checkpoint_every=-1), ValueError, "checkpoint_every must be a non-negative integer; got -1"),
    (dict(start_iteration=1.5), ValueError, "start_iteration must be a non-negative integer; got 1.5"),
    (dict(layers_dims=[2, 0, 1]), ValueError, "layers_dims must be positive integers; entry 1 is 0"),
])
def test_rejects(kwargs, exc, msg):
    X, Y = toy_data(10)
    args = dict(X=X, Y=Y, layers_dims=[2, 1], num_iterations=2)
    args.update(kwargs)
    with pytest.raises(exc, match=msg):
        engine_fit(**args)


# -- divergence, interrupts, checkpoints and resume: nothing computed is lost --------------------

def test_divergence_stops_with_iteration_cost_and_last_good_parameters():
    X, Y = data()
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(X * 100, Y, [4, 8, 1], learning_rate=50.0, num_iterations=200, init="he", cost_every=1)
    exc = info.value
    msg = str(exc)
    assert msg.startswith(f"training diverged at iteration {exc.iteration + 1}: cost is ")
    assert "(last finite cost " in msg
    assert msg.endswith("; try a lower learning rate than 50")  # "%g", as R prints it
    assert exc.rule_state == {}
    # the returned parameters are those after exc.iteration steps: rerunning that many reproduces them
    assert exc.iteration > 0
    p, costs = engine_fit(X * 100, Y, [4, 8, 1], learning_rate=50.0, num_iterations=exc.iteration, init="he",
                          cost_every=1)
    assert_same(p, exc.parameters)
    assert all(np.all(np.isfinite(v)) for v in exc.parameters.values())
    assert exc.costs == costs


def test_divergence_message_uses_the_rules_learning_rate():
    X, Y = data()
    with pytest.raises(TrainingDiverged, match=r"try a lower learning rate than 50$"):
        engine_fit(X * 100, Y, [4, 8, 1], learning_rate=0.1, num_iterations=200, init="he",
                   rule=update_rule("gd", 50.0))


def test_nan_cost_is_divergence_at_iteration_0():
    X, Y = data()
    p = init_param([4, 1], init="he")
    p["W1"] = p["W1"] * np.nan
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(X, Y, [4, 1], learning_rate=0.02, num_iterations=3, parameters=p)
    assert str(info.value) == ("training diverged at iteration 0: cost is nan (last finite cost none); "
                               "try a lower learning rate than 0.02")
    assert info.value.iteration == 0 and info.value.costs == []
    assert info.value.parameters is p


def test_interrupt_keeps_a_consistent_state_and_resume_is_exact():
    X, Y = data()
    full_p, full_costs = engine_fit(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57, init="he", cost_every=5)

    def stop_at_23(i, cost):
        if i == 22:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as info:
        engine_fit(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57, init="he", cost_every=5, callback=stop_at_23)
    exc = info.value
    assert str(exc) == "training interrupted after 23 iterations"
    assert exc.iteration == 23 and len(exc.costs) == 5 and exc.rule_state == {}
    rest_p, rest_costs = engine_fit(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57 - 23,
                                    parameters=exc.parameters, cost_every=5, start_iteration=23)
    assert exc.costs + rest_costs == full_costs
    assert_same(rest_p, full_p)


def test_checkpoint_gets_iterations_parameters_costs_and_rule_state():
    X, Y = data()
    seen = []
    p, costs = engine_fit(X, Y, [4, 1], num_iterations=8, cost_every=2, checkpoint_every=4,
                          checkpoint=lambda done, params, c, state: seen.append((done, params, c, state)))
    assert [(done, len(c), state) for done, _, c, state in seen] == [(4, 2, {}), (8, 4, {})]
    assert_same(seen[-1][1], p)
    assert seen[-1][2] == costs
    at4, _ = engine_fit(X, Y, [4, 1], num_iterations=4, cost_every=2)
    assert_same(seen[0][1], at4)


# -- a rule with state: the state is checkpointed, carried by the exceptions, and resumed -------

def test_stateful_rule_state_reaches_checkpoint_and_interrupt_and_resume_is_exact():
    X, Y = data()
    dims, kw = [4, 5, 1], dict(learning_rate=0.05, init="he", cost_every=5)
    full_p, full_costs = engine_fit(X, Y, dims, num_iterations=60, rule=Momentum(0.05), **kw)
    gd_p, _ = engine_fit(X, Y, dims, num_iterations=60, **kw)
    assert not np.array_equal(full_p["W1"], gd_p["W1"])  # the rule (and its state) is used

    checkpoints = []

    def stop_at_37(i, cost):
        if i == 36:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as info:
        engine_fit(X, Y, dims, num_iterations=60, rule=Momentum(0.05), callback=stop_at_37, checkpoint_every=10,
                   checkpoint=lambda done, p, c, state: checkpoints.append((done, p, c, state)), **kw)
    exc = info.value
    assert exc.iteration == 37
    assert sorted(exc.rule_state) == ["vW1", "vW2", "vb1", "vb2"]
    assert [done for done, *_ in checkpoints] == [10, 20, 30]
    # the velocity after 30 steps is what a 30-step run ends with
    _, _, _, state30 = checkpoints[-1]
    ref_state = []
    engine_fit(X, Y, dims, num_iterations=30, rule=Momentum(0.05), checkpoint_every=30,
               checkpoint=lambda done, p, c, state: ref_state.append(state), **kw)
    assert_same(state30, ref_state[0])
    assert np.any(state30["vW1"] != 0)

    # resume from the interrupt: (parameters, rule_state, start_iteration) -> the uninterrupted result
    rest_p, rest_costs = engine_fit(X, Y, dims, num_iterations=60 - 37, rule=Momentum(0.05),
                                    parameters=exc.parameters, rule_state=exc.rule_state, start_iteration=37, **kw)
    assert exc.costs + rest_costs == full_costs
    assert_same(rest_p, full_p)
    # and from the checkpoint at 30
    done, p30, c30, s30 = checkpoints[-1]
    rest_p, rest_costs = engine_fit(X, Y, dims, num_iterations=30, rule=Momentum(0.05), parameters=p30,
                                    rule_state=s30, start_iteration=30, **kw)
    assert c30 + rest_costs == full_costs
    assert_same(rest_p, full_p)
    # without the state, resuming restarts the velocity at 0: not the same run
    lost_p, _ = engine_fit(X, Y, dims, num_iterations=30, rule=Momentum(0.05), parameters=p30,
                           start_iteration=30, **kw)
    assert not np.array_equal(lost_p["W1"], full_p["W1"])


def test_a_rule_built_as_UpdateRule_with_state():
    X, Y = data()
    m = Momentum(0.05)
    rule = UpdateRule("momentum", m.hyper, m.init_state, m.step)
    a, ca = engine_fit(X, Y, [4, 3, 1], num_iterations=20, rule=rule, cost_every=1)
    b, cb = engine_fit(X, Y, [4, 3, 1], num_iterations=20, rule=m, cost_every=1)
    assert ca == cb
    assert_same(a, b)


def test_stateful_divergence_returns_the_state_of_the_last_good_parameters():
    X, Y = data()
    kw = dict(learning_rate=1.0, init="he", cost_every=1)
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(X * 100, Y, [4, 8, 1], num_iterations=200, rule=Momentum(5.0), **kw)
    exc = info.value
    assert exc.iteration > 0
    states = []
    p, _ = engine_fit(X * 100, Y, [4, 8, 1], num_iterations=exc.iteration, rule=Momentum(5.0),
                      checkpoint_every=exc.iteration, checkpoint=lambda d, p, c, s: states.append(s), **kw)
    assert_same(p, exc.parameters)
    assert_same(states[0], exc.rule_state)


# -- issue 12: float32 that cannot hold X, or cannot move with the learning rate ----------------

def test_float32_refuses_an_X_it_cannot_hold():
    X = np.array([[1e39, 1.0], [0.5, -2.0]])                   # finite in float64, inf in float32
    Y = np.array([[1.0, 0.0]])
    with pytest.raises(ValueError, match=r"^X has values too large for float32 \(largest magnitude 1e\+39\); "
                                         r"scale X or use dtype=None \(float64\)$"):
        engine_fit(X, Y, [2, 1], num_iterations=2, dtype="float32")


def test_float32_warns_when_the_learning_rate_cannot_move_the_weights():
    rng = np.random.RandomState(0)
    X, Y = rng.rand(4, 10), (rng.rand(1, 10) > 0.5).astype(float)
    with pytest.warns(RuntimeWarning, match=r"^learning_rate 1e-50 is too small to change any float32 weight"):
        engine_fit(X, Y, [4, 3, 1], learning_rate=1e-50, num_iterations=3, dtype="float32")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")                          # a normal rate, and float64, say nothing
        engine_fit(X, Y, [4, 3, 1], learning_rate=0.1, num_iterations=3, dtype="float32")
        engine_fit(X, Y, [4, 3, 1], learning_rate=1e-50, num_iterations=3)
