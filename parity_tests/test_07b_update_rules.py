"""Parity of the update rules with a state (issue 13): momentum, RMSprop and Adam, as steps of the
teaching core and as engine rules.

Tolerances:

* each core step, rtol 0 (bit-identical): every operation is element-wise and both languages do
  the same IEEE operations in the same order (``beta * v + (1 - beta) * dW``, ``dW^2`` as
  ``dW * dW`` in both, ``sqrt`` correctly rounded in both, ``beta1^t`` by the C library's
  ``pow`` in both). Checked with t as an integer and as a double, on gradients of every size
  (0, 1e-300, 1e-4 ... 1e6) and with s exactly 0 (the 0 / eps step).
* ``engine_fit`` with each rule over 50 iterations from the same parameters: costs within
  RTOL_SUM_ORDER and parameters within rtol 1e-10, atol 1e-14 (as test_11: the gradients come
  from matrix products and sums whose order differs between numpy and R; the rules themselves add
  no difference, as the first part shows).

Signatures (names, order, defaults) of the six steps are compared here as test_00_twins does for
the other public steps, and each is called with only its required arguments in both languages.
"""
import numpy as np
import pytest

import twins
from cases import ARCHITECTURES, make_inputs, update_rule_inputs
from compare import RTOL_SUM_ORDER, assert_same, assert_same_dict
from test_00_twins import py_object, signature_differences
import nnscratch as nn
from nnscratch.engine import engine_fit, update_rule
from nnscratch.parity.adapter import RRule

STEPS = list(twins.UPDATE_STEPS)


@pytest.mark.parametrize("name", STEPS)
def test_signature_same_names_order_defaults(rb, name):
    fn = py_object(name, twins.UPDATE_STEPS[name][0])
    assert signature_differences(name, fn, rb.formals(name)) == []


def r_step(r, name, *args, **kwargs):
    return r.call(name, *args, **kwargs)


def test_init_states(r):
    for dims in ARCHITECTURES:
        _, _, params = make_inputs(dims, 1, seed=7)
        v = nn.init_momentum(params)
        assert_same_dict(v, r_step(r, "init_momentum", params), rtol=0)
        assert_same_dict(nn.init_rmsprop(params), r_step(r, "init_rmsprop", params), rtol=0)
        pv, ps = nn.init_adam(params)
        rv = r_step(r, "init_adam", params)
        assert list(rv) == ["v", "s"]
        assert_same_dict(pv, rv["v"], rtol=0)
        assert_same_dict(ps, rv["s"], rtol=0)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
def test_momentum_step_is_bit_identical(r, dims):
    params, grads, v, _, _ = update_rule_inputs(dims, seed=sum(dims))
    for kw in ({}, {"beta": 0.0}, {"beta": 0.95, "learning_rate": 0.3}):
        py_p, py_v = nn.update_parameters_with_momentum(params, grads, v, **kw)
        out = r_step(r, "update_parameters_with_momentum", params, grads, v, **kw)
        assert list(out) == ["parameters", "v"]
        assert_same_dict(py_p, out["parameters"], rtol=0)
        assert_same_dict(py_v, out["v"], rtol=0)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
def test_rmsprop_step_is_bit_identical(r, dims):
    params, grads, _, s, _ = update_rule_inputs(dims, seed=sum(dims) + 1)
    for kw in ({}, {"beta2": 0.0, "epsilon": 1e-3}, {"beta2": 0.9, "learning_rate": 0.3}):
        py_p, py_s = nn.update_parameters_with_rmsprop(params, grads, s, **kw)
        out = r_step(r, "update_parameters_with_rmsprop", params, grads, s, **kw)
        assert list(out) == ["parameters", "s"]
        assert_same_dict(py_p, out["parameters"], rtol=0)
        assert_same_dict(py_s, out["s"], rtol=0)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("t", [1, 2, 3, 1000, 123457.0])
def test_adam_step_is_bit_identical(r, dims, t):
    params, grads, v, s, _ = update_rule_inputs(dims, seed=sum(dims) + 2)
    for kw in ({}, {"beta1": 0.5, "beta2": 0.75, "epsilon": 1e-4, "learning_rate": 0.2}):
        py_p, py_v, py_s = nn.update_parameters_with_adam(params, grads, v, s, t, **kw)
        out = r_step(r, "update_parameters_with_adam", params, grads, v, s, t, **kw)
        assert list(out) == ["parameters", "v", "s"]
        assert_same_dict(py_p, out["parameters"], rtol=0)
        assert_same_dict(py_v, out["v"], rtol=0)
        assert_same_dict(py_s, out["s"], rtol=0)


def test_steps_with_only_required_arguments(r):
    params, grads, v, s, t = update_rule_inputs([4, 3, 1], seed=5)
    py_p, py_v = nn.update_parameters_with_momentum(params, grads, v)
    out = r_step(r, "update_parameters_with_momentum", params, grads, v)
    assert_same_dict(py_p, out["parameters"], rtol=0)
    assert_same_dict(py_v, out["v"], rtol=0)
    py_p, py_s = nn.update_parameters_with_rmsprop(params, grads, s)
    out = r_step(r, "update_parameters_with_rmsprop", params, grads, s)
    assert_same_dict(py_p, out["parameters"], rtol=0)
    assert_same_dict(py_s, out["s"], rtol=0)
    py_p, py_v, py_s = nn.update_parameters_with_adam(params, grads, v, s, t)
    out = r_step(r, "update_parameters_with_adam", params, grads, v, s, t)
    assert_same_dict(py_p, out["parameters"], rtol=0)
    assert_same_dict(py_s, out["s"], rtol=0)


@pytest.mark.parametrize("call", [
    ("update_parameters_with_momentum", {"beta": 1.0}),
    ("update_parameters_with_momentum", {"learning_rate": -1.0}),
    ("update_parameters_with_rmsprop", {"beta2": -0.25}),
    ("update_parameters_with_rmsprop", {"epsilon": 0.0}),
    ("update_parameters_with_adam", {"t": 0}),
    ("update_parameters_with_adam", {"t": 2.5}),
    ("update_parameters_with_adam", {"beta1": 1.5}),
    ("update_parameters_with_adam", {"beta2": float("nan")}),
], ids=str)
def test_same_validation_messages(r, call):
    name, bad = call
    params, grads, v, s, t = update_rule_inputs([3, 1], seed=1)
    state = {"update_parameters_with_momentum": (v,), "update_parameters_with_rmsprop": (s,),
             "update_parameters_with_adam": (v, s, bad.pop("t", t))}[name]
    with pytest.raises(ValueError) as info:
        getattr(nn, name)(params, grads, *state, **bad)
    assert r.error_message(name, params, grads, *state, **bad) == str(info.value)


def test_update_rule_messages(r):
    for name, kw in (("nesterov", {}), ("adam", {"beta1": 1.0}), ("rmsprop", {"epsilon": -1.0})):
        with pytest.raises(ValueError) as info:
            update_rule(name, **kw)
        assert r.error_message("update_rule", name, **kw) == str(info.value)


# -- whole runs: engine_fit with each rule ---------------------------------------------------------

DIMS = [20, 7, 5, 1]


def r_rule(r, name, **kw):
    return RRule(r, r.bridge.call_raw("update_rule", name, **kw))


@pytest.mark.parametrize("name, lr", [("gd", 0.05), ("momentum", 0.05), ("rmsprop", 0.002), ("adam", 0.002)])
def test_engine_fit_with_each_rule(r, name, lr):
    X, Y, params = make_inputs(DIMS, 64, seed=60)
    X = np.abs(X)
    py_rule = update_rule(name, lr)
    rr = r_rule(r, name, learning_rate=lr)
    assert rr.name == py_rule.name
    assert_same("hyper", np.array(list(py_rule.hyper.values())), np.array(list(rr.hyper.values())), rtol=0)
    assert list(rr.hyper) == list(py_rule.hyper)
    cks = {"py": [], "r": []}
    kw = dict(num_iterations=50, parameters=params, cost_every=1, checkpoint_every=50)
    py_p, py_costs = engine_fit(X, Y, DIMS, rule=py_rule, checkpoint=lambda *a: cks["py"].append(a), **kw)
    r_p, r_costs = r.engine_fit(X, Y, DIMS, rule=rr, checkpoint=lambda *a: cks["r"].append(a), **kw)
    assert len(py_costs) == len(r_costs) == 50
    assert py_costs[-1] < py_costs[0]
    assert_same("costs", np.array(py_costs), np.array(r_costs), rtol=RTOL_SUM_ORDER)
    assert_same_dict(py_p, r_p, rtol=1e-10, atol=1e-14)
    (_, _, _, py_state), (_, _, _, r_state) = cks["py"][0], cks["r"][0]
    assert list(py_state) == list(r_state)
    if name == "adam":
        assert_same("t", py_state["t"], r_state["t"], rtol=0)
        assert py_state["t"][0, 0] == 50
    assert_same_dict(py_state, r_state, rtol=1e-10, atol=1e-14)
