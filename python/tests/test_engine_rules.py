"""update_rule / UpdateRule: the update rule as a parameter of engine_fit."""
import dataclasses

import numpy as np
import pytest

from nnscratch import init_param, update_parameters
from nnscratch.engine import UpdateRule, update_rule


def grads_like(p, value):
    return {f"d{k}": np.full(v.shape, value) for k, v in p.items()}


def test_gd_is_the_cores_update_parameters_without_state():
    rule = update_rule("gd", 0.1)
    assert isinstance(rule, UpdateRule)
    assert rule.name == "gd" and rule.hyper == {"learning_rate": 0.1}
    p = init_param([3, 2, 1], seed=2)
    g = grads_like(p, 0.5)
    assert rule.init_state(p) == {}
    new, state = rule.step(p, g, {})
    assert state == {}
    want = update_parameters(p, g, 0.1)
    assert list(new) == list(want)
    for k in want:
        np.testing.assert_array_equal(new[k], want[k])
    np.testing.assert_array_equal(new["b1"], np.full((2, 1), -0.05))


def test_defaults_are_the_notebooks():
    rule = update_rule()
    assert rule.name == "gd" and rule.hyper == {"learning_rate": 0.0075}


def test_learning_rate_is_checked_and_stored_as_float():
    assert update_rule("gd", 1).hyper["learning_rate"] == 1.0
    assert type(update_rule("gd", 1).hyper["learning_rate"]) is float
    with pytest.raises(ValueError, match="learning_rate must be a positive number; got -0.5"):
        update_rule("gd", -0.5)


@pytest.mark.parametrize("name, shown", [("nesterov", "'nesterov'"), ("GD", "'GD'"), ("Adam", "'Adam'"),
                                         ("it's", '"it\'s"'), (3, "'3'")])
def test_unknown_rule(name, shown):
    with pytest.raises(ValueError) as info:
        update_rule(name)
    assert str(info.value) == f"update rule must be one of 'gd', 'momentum', 'rmsprop', 'adam'; got {shown}"


def test_rules_are_immutable():
    rule = update_rule("gd", 0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.name = "other"


# -- momentum, RMSprop, Adam (issue 13) ------------------------------------------------------------

from nnscratch import (init_adam, init_momentum, init_rmsprop, update_parameters_with_adam,  # noqa: E402
                       update_parameters_with_momentum, update_parameters_with_rmsprop)
from nnscratch.engine import TrainingInterrupted, engine_fit  # noqa: E402
from nnscratch.io.model import load_model, save_model  # noqa: E402

RULE_NAMES = ["gd", "momentum", "rmsprop", "adam"]


def test_hyper_holds_the_hyperparameters_each_rule_uses():
    assert update_rule("momentum", 0.1).hyper == {"learning_rate": 0.1, "beta": 0.9}
    assert update_rule("rmsprop", 0.1).hyper == {"learning_rate": 0.1, "beta2": 0.999, "epsilon": 1e-8}
    assert update_rule("adam", 0.1).hyper == {"learning_rate": 0.1, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    assert update_rule("adam", 0.1, beta1=0.5, beta2=0, epsilon=1).hyper == \
        {"learning_rate": 0.1, "beta1": 0.5, "beta2": 0.0, "epsilon": 1.0}
    assert update_rule("momentum", 0.1, beta=0).hyper["beta"] == 0.0


@pytest.mark.parametrize("kw, message", [
    (dict(beta=1), "beta must be a number in [0, 1); got 1"),
    (dict(beta1=-0.1), "beta1 must be a number in [0, 1); got -0.1"),
    (dict(beta2="0.9"), "beta2 must be a number in [0, 1); got '0.9'"),
    (dict(epsilon=0), "epsilon must be a positive number; got 0"),
])
def test_hyperparameters_are_checked(kw, message):
    with pytest.raises(ValueError) as info:
        update_rule("adam", 0.1, **kw)
    assert str(info.value) == message


def test_each_rules_step_is_the_core_step():
    p = init_param([3, 2, 1], seed=2)
    rs = np.random.RandomState(3)
    g = {f"d{k}": rs.randn(*v.shape) for k, v in p.items()}
    kw = dict(beta=0.8, beta1=0.7, beta2=0.95, epsilon=1e-6)

    def same(a, b):
        assert list(a) == list(b)
        for k in a:
            np.testing.assert_array_equal(a[k], b[k])

    rule = update_rule("momentum", 0.1, **kw)
    new, state = rule.step(p, g, rule.init_state(p))
    same(rule.init_state(p), init_momentum(p))
    want_p, want_v = update_parameters_with_momentum(p, g, init_momentum(p), 0.8, 0.1)
    same(new, want_p), same(state, want_v)

    rule = update_rule("rmsprop", 0.1, **kw)
    new, state = rule.step(p, g, rule.init_state(p))
    same(rule.init_state(p), init_rmsprop(p))
    want_p, want_s = update_parameters_with_rmsprop(p, g, init_rmsprop(p), 0.95, 0.1, 1e-6)
    same(new, want_p), same(state, want_s)

    rule = update_rule("adam", 0.1, **kw)
    v0, s0 = init_adam(p)
    state0 = rule.init_state(p)
    same(state0, {**v0, **s0, "t": np.zeros((1, 1))})
    p1, state1 = rule.step(p, g, state0)
    want_p, want_v, want_s = update_parameters_with_adam(p, g, v0, s0, 1, 0.1, 0.7, 0.95, 1e-6)
    same(p1, want_p), same(state1, {**want_v, **want_s, "t": np.ones((1, 1))})
    p2, state2 = rule.step(p1, g, state1)  # the second step is t = 2
    want_p, want_v, want_s = update_parameters_with_adam(p1, g, want_v, want_s, 2, 0.1, 0.7, 0.95, 1e-6)
    same(p2, want_p), same(state2, {**want_v, **want_s, "t": np.full((1, 1), 2.0)})
    assert state0["t"].dtype == np.float64 and state2["t"].shape == (1, 1)


def data(m=40, seed=0):
    rs = np.random.RandomState(seed)
    X = rs.randn(4, m)
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    return X, Y


@pytest.mark.parametrize("name", RULE_NAMES)
def test_each_rule_through_engine_fit_learns_and_resumes_bit_identically(tmp_path, name):
    X, Y = data()
    dims, kw = [4, 5, 1], dict(init="he", cost_every=1)
    rule = update_rule(name, 0.01 if name in ("rmsprop", "adam") else 0.1)
    full_p, full_costs = engine_fit(X, Y, dims, num_iterations=40, rule=rule, **kw)
    assert full_costs[-1] < 0.9 * full_costs[0]  # it learns
    if name != "gd":
        gd_p, _ = engine_fit(X, Y, dims, num_iterations=40, rule=update_rule("gd", rule.hyper["learning_rate"]), **kw)
        assert not np.array_equal(gd_p["W1"], full_p["W1"])

    checkpoints = []

    def stop_at_23(i, cost):
        if i == 22:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as info:
        engine_fit(X, Y, dims, num_iterations=40, rule=rule, callback=stop_at_23, checkpoint_every=10,
                   checkpoint=lambda done, p, c, state: checkpoints.append((done, p, c, state)), **kw)
    exc = info.value
    assert exc.iteration == 23 and [c[0] for c in checkpoints] == [10, 20]
    if name == "adam":
        np.testing.assert_array_equal(exc.rule_state["t"], [[23.0]])
    # from the interrupt
    rest_p, rest_costs = engine_fit(X, Y, dims, num_iterations=40 - 23, rule=rule, parameters=exc.parameters,
                                    rule_state=exc.rule_state, start_iteration=23, **kw)
    assert exc.costs + rest_costs == full_costs
    for k in full_p:
        np.testing.assert_array_equal(rest_p[k], full_p[k])
    # from the checkpoint at 20, through a model file (state.<key> blocks)
    done, p20, c20, s20 = checkpoints[-1]
    save_model(tmp_path / "ck.txt", p20, {"architecture": dims, "update_rule": name, "rule_state": s20})
    p_file, meta = load_model(tmp_path / "ck.txt")
    assert meta["update_rule"] == name
    assert list(meta.get("rule_state", {})) == list(s20)
    rule_again = update_rule(meta["update_rule"], rule.hyper["learning_rate"])
    rest_p, rest_costs = engine_fit(X, Y, dims, num_iterations=20, rule=rule_again, parameters=p_file,
                                    rule_state=meta.get("rule_state"), start_iteration=20, **kw)
    assert c20 + rest_costs == full_costs
    for k in full_p:
        np.testing.assert_array_equal(rest_p[k], full_p[k])
