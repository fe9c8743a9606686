"""What engine_fit records, not only what it computes: the iteration index of every recorded
cost, the callback's (i, cost) sequence, every checkpoint's fields and every field of the
stopped-training exception/condition, in both languages.

The recorded costs carry no index of their own, so each language's indexes are recovered
from its own callback log: a recorded cost is the cost of exactly one iteration (the same
bits within a language). They must be the documented ones (``i % cost_every == 0``, global
iteration numbers ``start_iteration ...``) and the same in both languages, as integers.

Tolerance: indexes, counts and names exact; costs rtol 1e-12 and parameters rtol 1e-10
(atol 1e-14), as test_11 (summation order only, over a few iterations).
"""
import numpy as np
import pytest

from cases import make_inputs
from compare import assert_same, assert_same_dict, assert_same_history, assert_same_tree
from nnscratch.engine import TrainingDiverged, engine_fit, update_rule
from nnscratch.engine.rules import UpdateRule
from nnscratch.parity.adapter import RTrainingDiverged
from nnscratch.update import update_parameters

DIMS = [5, 4, 1]
LR = 0.05


def inputs(m=24):
    X, Y, params = make_inputs(DIMS, m, seed=70)
    return np.abs(X), Y, params


def recorded_indexes(name, log, costs):
    """The iteration of each recorded cost, found in the callback log (cost of that iteration, same bits)."""
    out, pos = [], 0
    for c in costs:
        while pos < len(log) and log[pos][1] != c:
            pos += 1
        assert pos < len(log), f"{name}: recorded cost {c!r} is the cost of no iteration after {out[-1:] or 'the start'}"
        out.append(log[pos][0])
        pos += 1
    return out


def run_both(r, **kw):
    X, Y, params = inputs()
    logs = {"py": [], "r": []}
    checkpoints = {"py": [], "r": []}

    def recorder(side):
        def cb(i, cost):
            logs[side].append((i, cost))

        def ck(done, parameters, costs, rule_state):
            checkpoints[side].append({"done": done, "parameters": parameters, "costs": list(costs),
                                      "rule_state": rule_state})
        return cb, ck

    py_cb, py_ck = recorder("py")
    r_cb, r_ck = recorder("r")
    py = engine_fit(X, Y, DIMS, learning_rate=LR, parameters=params, callback=py_cb, checkpoint=py_ck, **kw)
    rr = r.engine_fit(X, Y, DIMS, learning_rate=LR, parameters=params, callback=r_cb, checkpoint=r_ck, **kw)
    return py, rr, logs, checkpoints


HISTORIES = [  # (cost_every, num_iterations, start_iteration, checkpoint_every)
    (1, 7, 0, 3), (3, 10, 0, 4), (3, 10, 5, 4), (100, 250, 0, 100), (100, 120, 101, 50), (7, 7, 0, 7),
    (5, 1, 0, 1), (2, 9, 1, 0),
]


@pytest.mark.parametrize("cost_every, num_iterations, start_iteration, checkpoint_every", HISTORIES, ids=str)
def test_recorded_cost_indexes_and_checkpoints(r, cost_every, num_iterations, start_iteration, checkpoint_every):
    (py_params, py_costs), (r_params, r_costs), logs, cks = run_both(
        r, cost_every=cost_every, num_iterations=num_iterations, start_iteration=start_iteration,
        checkpoint_every=checkpoint_every)
    # the callback: every iteration, global numbers, in order
    py_its = [i for i, _ in logs["py"]]
    assert py_its == list(range(start_iteration, start_iteration + num_iterations))
    assert_same_history("callback", py_its, [c for _, c in logs["py"]], [i for i, _ in logs["r"]],
                        [c for _, c in logs["r"]])
    # the recorded costs: their iteration indexes (documented and the same in R), then their values
    expected = [i for i in py_its if i % cost_every == 0]
    py_rec = recorded_indexes("python", logs["py"], py_costs)
    r_rec = recorded_indexes("R", logs["r"], r_costs)
    assert py_rec == expected, (py_rec, expected)
    assert_same_history("engine_fit costs", py_rec, py_costs, r_rec, r_costs)
    assert_same_dict(py_params, r_params, rtol=1e-10, atol=1e-14)
    # every checkpoint: iterations done, costs so far, parameters, rule state
    done = [c["done"] for c in cks["py"]]
    assert done == [d for d in range(start_iteration + 1, start_iteration + num_iterations + 1)
                    if checkpoint_every and d % checkpoint_every == 0]
    assert [c["done"] for c in cks["r"]] == done, ([c["done"] for c in cks["r"]], done)
    for p, q in zip(cks["py"], cks["r"]):
        assert_same("checkpoint done", p["done"], q["done"], rtol=0)
        ck_rec = [i for i in expected if i < p["done"]]
        assert_same_history(f"checkpoint at {p['done']}", ck_rec, p["costs"], ck_rec[:len(q["costs"])], q["costs"])
        assert_same_dict(p["parameters"], q["parameters"], rtol=1e-10, atol=1e-14)
        assert_same_tree("checkpoint rule_state", p["rule_state"], q["rule_state"])


# -- a rule with a state: the state that goes with the parameters, everywhere it is reported ----

R_COUNTING_RULE = """
counting_rule <- function(learning_rate) structure(class = "nnscratch_update_rule", list(
  name = "counting", hyper = list(learning_rate = learning_rate),
  init_state = function(parameters) list(steps = matrix(0, 1, 1), last_db = parameters[["b2"]] * 0),
  step = function(parameters, grads, state) list(
    parameters = update_parameters(parameters, grads, learning_rate),
    state = list(steps = state$steps + 1, last_db = grads[["db2"]]))))
"""


def py_counting_rule(learning_rate):
    def init_state(parameters):
        return {"steps": np.zeros((1, 1)), "last_db": parameters["b2"] * 0}

    def step(parameters, grads, state):
        return update_parameters(parameters, grads, learning_rate), {"steps": state["steps"] + 1,
                                                                     "last_db": grads["db2"]}

    return UpdateRule("counting", {"learning_rate": learning_rate}, init_state, step)


@pytest.fixture(scope="module")
def r_counting_rule(r):
    r.eval(R_COUNTING_RULE)
    from nnscratch.parity.adapter import RRule

    return RRule(r, r.bridge.call_raw("counting_rule", LR))


def test_rule_state_in_checkpoints_and_results(r, r_counting_rule):
    X, Y, params = inputs()
    cks = {"py": [], "r": []}
    kw = dict(learning_rate=LR, parameters=params, num_iterations=6, cost_every=2, checkpoint_every=2,
              start_iteration=3)
    engine_fit(X, Y, DIMS, rule=py_counting_rule(LR), checkpoint=lambda *a: cks["py"].append(a), **kw)
    r.engine_fit(X, Y, DIMS, rule=r_counting_rule, checkpoint=lambda *a: cks["r"].append(a), **kw)
    assert [c[0] for c in cks["py"]] == [4, 6, 8] and [c[0] for c in cks["r"]] == [4, 6, 8]
    for (d, p, costs, state), (rd, rp, rcosts, rstate) in zip(cks["py"], cks["r"]):
        assert_same("steps in the state", float(d - 3), float(state["steps"][0, 0]), rtol=0)
        assert_same_tree(f"rule_state after {d}", state, rstate, rtol=1e-12)
        assert_same_dict(p, rp, rtol=1e-10, atol=1e-14)
        assert_same("costs so far", np.array(costs), np.array(rcosts))


# -- stopped training: every field of the exception / condition -------------------------------

@pytest.mark.parametrize("start_iteration, cost_every", [(0, 1), (4, 1), (4, 3), (10, 100)])
def test_diverged_fields(r, start_iteration, cost_every):
    rs = np.random.RandomState(0)
    X = rs.randn(4, 40) * 3
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    params = {k: v for k, v in zip(["W1", "b1", "W2", "b2"], [rs.randn(8, 4), np.zeros((8, 1)), rs.randn(1, 8),
                                                               np.zeros((1, 1))])}
    kw = dict(learning_rate=50.0, num_iterations=200, parameters=params, cost_every=cost_every,
              start_iteration=start_iteration)
    py_log, r_log = [], []
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(X, Y, [4, 8, 1], callback=lambda i, c: py_log.append((i, c)), **kw)
    with pytest.raises(RTrainingDiverged) as r_info:
        r.engine_fit(X, Y, [4, 8, 1], callback=lambda i, c: r_log.append((i, c)), **kw)
    py, rr = info.value, r_info.value
    assert str(rr) == str(py)
    assert_same("iteration", py.iteration, rr.iteration, rtol=0)
    assert py.iteration == start_iteration + len(py_log) - 1, "the last good parameters: one step before the blow-up"
    assert_same_history("callback", [i for i, _ in py_log], [c for _, c in py_log], [i for i, _ in r_log],
                        [c for _, c in r_log])
    rec = [i for i in range(start_iteration, py.iteration) if i % cost_every == 0]
    assert_same_history("condition costs", rec, py.costs, rec[:len(rr.costs)], rr.costs)
    assert len(rr.costs) == len(rec)
    assert_same_dict(py.parameters, rr.parameters, rtol=1e-12, atol=1e-14, what="condition parameters")
    assert_same_tree("condition rule_state", py.rule_state, rr.rule_state)
    assert rr.has_class("nnscratch_diverged") and rr.has_class("nnscratch_training_stopped")
