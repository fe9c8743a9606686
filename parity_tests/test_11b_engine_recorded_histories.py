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
    check_diverged_fields(r, start_iteration, cost_every)


def check_diverged_fields(r, start_iteration, cost_every):
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
    return py, rr


# -- the divergence rule itself: its constants and its exact boundary -------------------------

def test_divergence_constants_typed(r):
    """DIVERGENCE_WINDOW is an integer count (Python int, R integer), the factor and the floor doubles."""
    from compare import assert_same_number
    from nnscratch.engine import stopping

    assert_same_number("DIVERGENCE_WINDOW", stopping.DIVERGENCE_WINDOW, r.eval("DIVERGENCE_WINDOW"))
    assert_same_number("DIVERGENCE_FACTOR", stopping.DIVERGENCE_FACTOR, r.eval("DIVERGENCE_FACTOR"))
    assert_same_number("DIVERGENCE_MIN_COST", stopping.DIVERGENCE_MIN_COST, r.eval("DIVERGENCE_MIN_COST"))


DIVERGED_CASES = [  # (cost, window): exactly 10x the window's minimum is not "more than 10x"
    (2.5, [0.25, 0.5]), (2.5000000000000004, [0.25, 0.5]), (5.0, [1.0, 0.5, 3.0]), (1.25, [0.125]),
    (1.5, [0.125]), (float("nan"), []), (float("inf"), [1.0]), (3.0, []), (30.0, [2.0]),
]


@pytest.mark.parametrize("cost, window", DIVERGED_CASES, ids=str)
def test_diverged_at_the_exact_factor(r, cost, window):
    from compare import assert_same_number
    from nnscratch.engine.stopping import diverged

    py = diverged(cost, list(window))
    assert_same_number("diverged", py, r.call("diverged", cost, np.array(window, dtype=np.float64)))
    if (cost, window) == (2.5, [0.25, 0.5]):
        assert py is False


@pytest.mark.parametrize("cost_every", [1, 3, 7])
def test_diverged_needs_the_whole_window(r, cost_every):
    """A run whose cost rises slowly: 10x the lowest cost of the last 100 iterations, but never 10x the lowest
    of the last 10. Both must stop at the same iteration with the same fields (a shorter window never stops).
    The last good iteration count (88) is not a multiple of cost_every 3 or 7: the condition keeps
    ceil(done / cost_every) - ceil(start / cost_every) costs (floor would drop the last one)."""
    X = np.ones((1, 1))
    Y = np.ones((1, 1))
    # cost(b) = log1p(exp(-b)) with W = 0: a schedule of b values gives a schedule of costs
    n = 160
    costs = 0.1 * 1.03 ** np.arange(n)  # 3 % a step: x10 over 78 steps, x1.34 over 10
    b = -np.log(np.expm1(costs))
    params = {"W1": np.zeros((1, 1)), "b1": b[:1].reshape(1, 1)}
    kw = dict(num_iterations=n - 1, parameters=params, cost_every=cost_every)

    def py_step(parameters, grads, state):
        k = int(state["k"][0, 0]) + 1
        return {"W1": parameters["W1"], "b1": b[k:k + 1].reshape(1, 1)}, {"k": np.full((1, 1), float(k))}

    py_rule = UpdateRule("schedule", {"learning_rate": 0.1}, lambda p: {"k": np.zeros((1, 1))}, py_step)
    r.eval("""nn_test_schedule_rule <- function(b) structure(class = "nnscratch_update_rule", list(
      name = "schedule", hyper = list(learning_rate = 0.1),
      init_state = function(parameters) list(k = matrix(0, 1, 1)),
      step = function(parameters, grads, state) {
        k <- state$k[1, 1] + 1
        list(parameters = list(W1 = parameters$W1, b1 = matrix(b[k + 1], 1, 1)), state = list(k = matrix(k, 1, 1)))
      }))""")
    from nnscratch.parity.adapter import RRule

    r_rule = RRule(r, r.bridge.call_raw("nn_test_schedule_rule", b))
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(X, Y, [1, 1], rule=py_rule, **kw)
    with pytest.raises(RTrainingDiverged) as r_info:
        r.engine_fit(X, Y, [1, 1], rule=r_rule, **kw)
    py, rr = info.value, r_info.value
    assert py.iteration == 88, py.iteration  # needs more than 10 iterations of history, fewer than 100
    assert str(rr) == str(py)
    assert_same("iteration", py.iteration, rr.iteration, rtol=0)
    rec = [i for i in range(py.iteration) if i % cost_every == 0]
    assert len(py.costs) == len(rec) and len(rr.costs) == len(rec), (len(py.costs), len(rr.costs), rec)
    assert_same_history("condition costs", rec, py.costs, rec, rr.costs)
    assert_same_dict(py.parameters, rr.parameters, rtol=0, what="condition parameters")
    assert_same_tree("condition rule_state", py.rule_state, rr.rule_state)


# -- an interrupted run (Ctrl-C): every field of the exception / condition --------------------

R_INTERRUPTING_FIT = """
nn_test_interrupted_fit <- function(X, Y, layers_dims, at, ...) {
  # what R does on Ctrl-C: it signals a condition of class "interrupt"
  cb <- function(i, cost) if (i == at) signalCondition(structure(class = c("interrupt", "condition"),
                                                                 list(message = "", call = NULL)))
  engine_fit(X, Y, layers_dims, callback = cb, ...)
}
"""


@pytest.mark.parametrize("start_iteration, cost_every, at", [(0, 3, 4), (0, 1, 0), (2, 4, 9), (0, 100, 5)], ids=str)
def test_interrupted_fields(r, start_iteration, cost_every, at):
    """Ctrl-C during the callback of iteration ``at``: the condition / exception says "training interrupted after
    <done> iterations" and carries done = at + 1, the parameters after those steps, the costs recorded so far
    (ceil(done / cost_every) - ceil(start / cost_every) of them) and the rule state."""
    from nnscratch.engine import TrainingInterrupted
    from nnscratch.parity.adapter import RTrainingInterrupted

    X, Y, params = inputs()
    kw = dict(learning_rate=LR, num_iterations=20, parameters=params, cost_every=cost_every,
              start_iteration=start_iteration)

    def py_cb(i, cost):
        if i == at:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as info:
        engine_fit(X, Y, DIMS, callback=py_cb, **kw)
    r.eval(R_INTERRUPTING_FIT)
    with pytest.raises(RTrainingInterrupted) as r_info:
        r._call("nn_test_interrupted_fit", X, Y, [float(d) for d in DIMS], float(at), **kw)
    py, rr = info.value, r_info.value
    assert rr.has_class("nnscratch_interrupted") and rr.has_class("nnscratch_training_stopped")
    assert str(py) == f"training interrupted after {at + 1} iterations"
    assert str(rr) == str(py)
    assert_same("iteration", py.iteration, rr.iteration, rtol=0)
    assert py.iteration == at + 1
    rec = [i for i in range(start_iteration, py.iteration) if i % cost_every == 0]
    assert len(py.costs) == len(rec) and len(rr.costs) == len(rec), (len(py.costs), len(rr.costs), rec)
    assert_same_history("condition costs", rec, py.costs, rec, rr.costs)
    assert_same_dict(py.parameters, rr.parameters, rtol=1e-10, atol=1e-14, what="condition parameters")
    assert_same_tree("condition rule_state", py.rule_state, rr.rule_state)
