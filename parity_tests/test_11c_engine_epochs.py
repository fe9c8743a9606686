"""Whole-run parity of engine_fit_epochs (issue 13): Python and R run separately from the same data
and seed, for each update rule, with and without dropout and L2, 5 epochs.

What is compared, and the tolerances:

* the batches and the random stream, exactly (rtol 0): for every epoch e both languages draw the
  permutation from RandomState(seed + e) (R: utils-rng.R), cut the same batches, and after the
  masks of the batches done before a resume their generators stand at the same place (the next
  uniforms are the same bits);
* the (epoch, batch) sequence of the callbacks, the history's ``epoch``, ``accuracy``,
  ``val_accuracy`` and ``best_epoch``: exact (counts of samples classified right: the
  probabilities agree to ~1e-15, none of these data lands that close to 0.5);
* batch costs and the history's ``cost`` / ``val_cost``: rtol 1e-9;
* parameters after 5 epochs (30 steps): |py - r| <= 1e-9 + 1e-9 |py|. The gradients come from
  matrix products and sums whose summation order differs between numpy and R (RTOL_SUM_ORDER per
  step), and the difference compounds over the steps. gd and momentum stay at the last bits;
  RMSprop and Adam divide each gradient entry by its own running RMS, so an entry that cancels
  to almost 0 (its low bits, even its sign, set by the summation order) is scaled up by as much
  as 1/epsilon. Largest |py - r| measured here (``pytest -s`` prints each), over both inits and
  both cases: gd 5.6e-17, momentum 8.3e-17, rmsprop 4.5e-12, adam 2.0e-13 (the near-zero
  weights of init "scaled" give RMSprop/Adam their near-cancelling gradients; with init "he"
  every rule stays below 5e-16). The bound leaves a margin of 200 over the worst; on random
  labels (nothing to learn, gradients near 0 throughout) RMSprop reached 5.4e-11.

Signatures (names, order, defaults) of engine_fit_epochs and the two state helpers are compared
as test_00_twins does for the other public steps.
"""
import numpy as np
import pytest

import twins
from cases import make_inputs
from compare import assert_same, assert_same_dict
from test_00_twins import py_object, signature_differences
from nnscratch.engine import TrainingDiverged, update_rule
from nnscratch.engine import epochs as epochs_mod
from nnscratch.engine.epochs import engine_fit_epochs, epoch_state_to_meta
from nnscratch.parity.adapter import RRule, RTrainingDiverged
from nnscratch.parity.bridge import RObject

DIMS = [6, 5, 3, 1]
RULES = [("gd", 0.3), ("momentum", 0.1), ("rmsprop", 0.01), ("adam", 0.01)]
CASES = [(1.0, 0.0), (0.8, 0.5)]  # (keep_prob, l2)
RTOL_COST = 1e-9
TOL_PARAMS = 1e-9  # atol and rtol, see the module docstring


def data(m, seed):
    X, _, _ = make_inputs(DIMS, m, seed=seed)
    Y = (X[0:1] - X[1:2] + 0.3 * X[2:3] > 0).astype(np.float64)  # learnable labels
    return X, Y


def r_rule(r, name, lr):
    return RRule(r, r.bridge.call_raw("update_rule", name, learning_rate=lr))


@pytest.mark.parametrize("name", ["engine_fit_epochs", "epoch_state_to_meta", "epoch_state_from_meta"])
def test_signature_same_names_order_defaults(rb, name):
    module = twins.TRAINING_STEPS["engine_fit_epochs"][0]
    fn = py_object(name, module)
    assert signature_differences(name, fn, rb.formals(name)) == []


@pytest.mark.parametrize("keep_prob", [1.0, 0.6])
def test_same_batches_and_stream_position(r, keep_prob):
    X, Y = data(45, seed=4)
    run = {"X": X, "Y": Y, "dims": DIMS, "batch_size": 8, "seed": 4294967293, "keep_prob": keep_prob}
    for e in range(5):  # seed + e wraps around 2**32 at e = 3
        for skip in (0, 2, 6):
            gen, batches = epochs_mod.epoch_batches(run, e, skip)
            out = r.call("epoch_batches", run, e, skip)
            assert len(out["batches"]) == len(batches) == 6
            for k, ((Xb, Yb), rb_) in enumerate(zip(batches, out["batches"])):
                assert_same(f"epoch {e} batch {k} X", Xb, rb_["X"], rtol=0)
                assert_same(f"epoch {e} batch {k} Y", Yb, rb_["Y"], rtol=0)
            r_gen = r.bridge.call_raw("epoch_batches", run, e, skip).rx2("gen")
            assert_same(f"epoch {e} after {skip} batches: next uniforms", gen.rand(4),
                        r.call("numpy_random_sample", RObject(r_gen), 4), rtol=0)


def run_both(r, name, lr, X, Y, **kw):
    """Each language runs on its own; returns (parameters, history, callback log) of each."""
    logs = {"py": [], "r": []}
    py_p, py_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, lr),
                                   callback=lambda e, b, c: logs["py"].append((e, b, c)), **kw)
    r_p, r_h = r.engine_fit_epochs(X, Y, DIMS, rule=r_rule(r, name, lr),
                                   callback=lambda e, b, c: logs["r"].append((e, b, c)), **kw)
    return (py_p, py_h, logs["py"]), (r_p, r_h, logs["r"])


def largest_difference(py_p, r_p):
    return max(float(np.max(np.abs(py_p[k] - r_p[k]))) for k in py_p)


@pytest.mark.parametrize("init", ["he", "scaled"])
@pytest.mark.parametrize("keep_prob,l2", CASES, ids=["plain", "dropout+l2"])
@pytest.mark.parametrize("name,lr", RULES, ids=[n for n, _ in RULES])
def test_five_epochs_same_run(r, name, lr, keep_prob, l2, init):
    X, Y = data(90, seed=11)
    Xv, Yv = data(30, seed=12)
    kw = dict(epochs=5, batch_size=16, seed=3, init=init, keep_prob=keep_prob, l2=l2, X_val=Xv, Y_val=Yv)
    (py_p, py_h, py_log), (r_p, r_h, r_log) = run_both(r, name, lr, X, Y, **kw)
    print(f"\n{name} init={init} keep_prob={keep_prob} l2={l2}: largest |py - r| of the parameters after 5 epochs"
          f" = {largest_difference(py_p, r_p):.3g}")
    assert [(e, b) for e, b, _ in py_log] == [(e, b) for e, b, _ in r_log] == \
        [(e, b) for e in range(1, 6) for b in range(1, 7)]
    assert_same("batch costs", np.array([c for *_, c in py_log]), np.array([c for *_, c in r_log]), rtol=RTOL_COST)
    assert list(py_h) == list(r_h)
    assert py_h["epoch"] == r_h["epoch"] == [1, 2, 3, 4, 5]
    assert py_h["accuracy"] == r_h["accuracy"]
    assert py_h["val_accuracy"] == r_h["val_accuracy"]
    assert py_h["best_epoch"] == r_h["best_epoch"]
    for k in ("cost", "val_cost"):
        assert_same(k, np.array(py_h[k]), np.array(r_h[k]), rtol=RTOL_COST)
    if init == "he":  # it learns: the comparison is not of idle weights ("scaled" starts near 0 and is slow)
        assert py_h["cost"][-1] < py_h["cost"][0] - 0.05
    assert_same_dict(py_p, r_p, rtol=TOL_PARAMS, atol=TOL_PARAMS)


@pytest.mark.parametrize("name,lr", RULES, ids=[n for n, _ in RULES])
def test_python_checkpoint_resumed_in_r(r, name, lr):
    """A state written by Python (through the model-file keys) is one R resumes: the same run."""
    X, Y = data(60, seed=21)
    kw = dict(epochs=4, batch_size=16, seed=8, keep_prob=0.8, l2=0.1, X_val=X[:, :20], Y_val=Y[:, :20], patience=3,
              lr_schedule="step", lr_decay=1.0, lr_interval=2)
    checkpoints = []
    py_p, py_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, lr), checkpoint=checkpoints.append,
                                   checkpoint_every=2, **kw)
    r_checkpoints = []
    r_p, r_h = r.engine_fit_epochs(X, Y, DIMS, rule=r_rule(r, name, lr), checkpoint=r_checkpoints.append,
                                   checkpoint_every=2, **kw)
    assert [(c["epoch"], c["batch"]) for c in r_checkpoints] == [(c["epoch"], c["batch"]) for c in checkpoints]
    py_meta = epoch_state_to_meta(checkpoints[0])
    r_meta = r.call("epoch_state_to_meta", r.epoch_state_to_r(r_checkpoints[0]))
    assert list(py_meta) == list(r_meta)
    assert list(py_meta["rule_state"]) == list(r_meta["rule_state"])
    got_p, got_h = r.engine_fit_epochs(X, Y, DIMS, rule=r_rule(r, name, lr), resume=checkpoints[0], **kw)
    assert got_h["epoch"] == py_h["epoch"] and got_h["best_epoch"] == py_h["best_epoch"]
    assert_same("cost", np.array(got_h["cost"]), np.array(py_h["cost"]), rtol=RTOL_COST)
    assert_same_dict(py_p, got_p, rtol=TOL_PARAMS, atol=TOL_PARAMS)


def test_early_stopping_same_epoch(r):
    """Flipped validation labels: the validation cost soon rises; both stop after best + patience."""
    X, Y = data(60, seed=31)
    kw = dict(epochs=20, batch_size=10, init="he", X_val=X, Y_val=1 - Y, patience=3)
    (py_p, py_h, _), (r_p, r_h, _) = run_both(r, "adam", 0.05, X, Y, **kw)
    assert py_h["best_epoch"] == r_h["best_epoch"]
    assert py_h["epoch"] == r_h["epoch"] == list(range(1, py_h["best_epoch"] + 4))
    assert len(py_h["epoch"]) < 20
    assert_same_dict(py_p, r_p, rtol=TOL_PARAMS, atol=TOL_PARAMS)


def test_divergence_same_place(r):
    X, Y = data(50, seed=41)
    X = X * 50
    kw = dict(epochs=20, batch_size=10)
    with pytest.raises(TrainingDiverged) as py_info:
        engine_fit_epochs(X, Y, DIMS, rule=update_rule("gd", 50.0), **kw)
    with pytest.raises(RTrainingDiverged) as r_info:
        r.engine_fit_epochs(X, Y, DIMS, rule=r_rule(r, "gd", 50.0), **kw)
    py_exc, r_exc = py_info.value, r_info.value
    assert (py_exc.epoch, py_exc.batch, py_exc.iteration) == (r_exc.epoch, r_exc.batch, r_exc.iteration)
    assert str(py_exc).split(": cost is")[0] == str(r_exc).split(": cost is")[0]
    assert (py_exc.state["epoch"], py_exc.state["batch"]) == (r_exc.state["epoch"], r_exc.state["batch"])
