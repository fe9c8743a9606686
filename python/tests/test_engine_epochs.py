"""engine_fit_epochs: epochs of mini-batches, schedules, L2, dropout, early stopping, exact resume.

Tolerances: everything here is compared bit for bit (==) except the comparison with
engine_fit (full batch: the epochs engine shuffles the columns first, so the sums of
the gradients run in another order: rtol 1e-12).
"""
import math

import numpy as np
import pytest

import nnscratch.engine.epochs as epochs_mod
from nnscratch import init_param
from nnscratch.backward import deep_model_back
from nnscratch.batches import random_mini_batches
from nnscratch.cost import cost_computation
from nnscratch.dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from nnscratch.engine import TrainingDiverged, TrainingInterrupted, engine_fit, update_rule
from nnscratch.engine.epochs import engine_fit_epochs, epoch_state_from_meta, epoch_state_to_meta
from nnscratch.forward import deep_model
from nnscratch.regularization import l2_cost, l2_grads

DIMS = [4, 5, 3, 1]
RULES = ["gd", "momentum", "rmsprop", "adam"]


def data(m=50, seed=0, n0=4):
    rs = np.random.RandomState(seed)
    X = rs.randn(n0, m)
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    return X, Y


def same(a, b):
    """Parameters or histories equal bit for bit (NaN == NaN)."""
    assert list(a) == list(b)
    for k in a:
        if isinstance(a[k], np.ndarray):
            assert a[k].dtype == b[k].dtype and a[k].shape == b[k].shape, k
            assert np.array_equal(a[k], b[k]), k
        elif isinstance(a[k], list):
            assert len(a[k]) == len(b[k]), k
            assert all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a[k], b[k])), k
        else:
            assert a[k] == b[k], k


def test_history_keys_lengths_and_batches():
    X, Y = data(m=50)
    calls = []
    params, history = engine_fit_epochs(X, Y, DIMS, epochs=3, batch_size=16,
                                        callback=lambda e, b, c: calls.append((e, b)))
    assert list(history) == ["epoch", "cost", "accuracy", "val_cost", "val_accuracy", "best_epoch"]
    assert history["epoch"] == [1, 2, 3]
    assert all(len(history[k]) == 3 for k in ("cost", "accuracy", "val_cost", "val_accuracy"))
    assert all(math.isnan(v) for v in history["val_cost"] + history["val_accuracy"])
    assert history["best_epoch"] is None
    # 50 columns in batches of 16: 3 complete batches and a last one of 2, every epoch
    assert calls == [(e, b) for e in (1, 2, 3) for b in (1, 2, 3, 4)]
    assert all(isinstance(v, float) for v in history["cost"])
    assert all(0 <= v <= 1 for v in history["accuracy"])
    assert sorted(params) == sorted(init_param(DIMS))


def hand_run(X, Y, rule, epochs, batch_size, seed, keep_prob, l2):
    """The contract's loop written out with the core steps (no fused step)."""
    parameters = init_param(DIMS, seed=seed)
    state = rule.init_state(parameters)
    costs, accs = [], []
    for e in range(epochs):
        step_rule = update_rule(rule.name, rule.hyper["learning_rate"],
                                **{k: v for k, v in rule.hyper.items() if k != "learning_rate"})
        gen = np.random.RandomState(seed + e)
        total, right = 0.0, 0
        for X_b, Y_b in random_mini_batches(X, Y, batch_size, gen):
            m_b = X_b.shape[1]
            if keep_prob < 1:
                masks = dropout_masks(DIMS, m_b, keep_prob, gen)
                AL, caches = deep_model_with_dropout(X_b, parameters, masks, keep_prob)
                grads = deep_model_back_with_dropout(AL, Y_b, caches, masks, keep_prob, input_grad=False)
            else:
                AL, caches = deep_model(X_b, parameters)
                grads = deep_model_back(AL, Y_b, caches, input_grad=False)
            cost = cost_computation(AL, Y_b) + l2_cost(parameters, l2, m_b)
            if l2 > 0:
                grads = l2_grads(grads, parameters, l2, m_b)
            parameters, state = step_rule.step(parameters, grads, state)
            total += cost * m_b
            right += int(np.sum((AL > 0.5) == (Y_b == 1)))
        costs.append(total / X.shape[1])
        accs.append(right / X.shape[1])
    return parameters, costs, accs


@pytest.mark.parametrize("name", RULES)
@pytest.mark.parametrize("keep_prob,l2", [(1.0, 0.0), (0.7, 0.3)])
def test_equals_the_loop_written_by_hand(name, keep_prob, l2):
    """Streams (permutation, then each batch's masks from the same generator, seed + e per
    epoch), last smaller batch, L2 in cost and gradients, weighted epoch cost: bit for bit."""
    X, Y = data(m=37)
    rule = update_rule(name, 0.02)
    want_p, want_c, want_a = hand_run(X, Y, rule, 3, 8, 5, keep_prob, l2)
    params, history = engine_fit_epochs(X, Y, DIMS, rule=rule, epochs=3, batch_size=8, seed=5,
                                        keep_prob=keep_prob, l2=l2, fused=False)
    same(params, want_p)
    assert history["cost"] == want_c
    assert history["accuracy"] == want_a


def test_fused_agrees_with_core_steps():
    X, Y = data()
    a, ha = engine_fit_epochs(X, Y, DIMS, rule=update_rule("adam", 0.01), epochs=3, batch_size=16, fused=True)
    b, hb = engine_fit_epochs(X, Y, DIMS, rule=update_rule("adam", 0.01), epochs=3, batch_size=16, fused=False)
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ha["cost"], hb["cost"], rtol=1e-12)
    assert ha["accuracy"] == hb["accuracy"]


def test_one_full_batch_per_epoch_is_engine_fit():
    X, Y = data(m=30)
    p, h = engine_fit_epochs(X, Y, DIMS, rule=update_rule("gd", 0.05), epochs=20, batch_size=1000, fused=False)
    q, costs = engine_fit(X, Y, DIMS, learning_rate=0.05, num_iterations=20, cost_every=1, fused=False)
    for k in p:
        np.testing.assert_allclose(p[k], q[k], rtol=1e-12)
    np.testing.assert_allclose(h["cost"], costs, rtol=1e-12)


@pytest.mark.parametrize("schedule,decay,interval,want", [
    ("constant", 0.5, 10, [0.1, 0.1, 0.1, 0.1]),
    ("inverse", 1.0, 10, [0.1, 0.1 / 2, 0.1 / 3, 0.1 / 4]),
    ("step", 1.0, 2, [0.1, 0.1, 0.1 / 2, 0.1 / 2]),
    ("exponential", 0.5, 10, [0.1 * math.exp(-0.5 * e) for e in range(4)]),
])
def test_learning_rate_per_epoch(monkeypatch, schedule, decay, interval, want):
    seen = []
    real = epochs_mod.update_rule

    def spy(name, learning_rate, **hyper):
        seen.append((name, learning_rate, hyper))
        return real(name, learning_rate, **hyper)

    monkeypatch.setattr(epochs_mod, "update_rule", spy)
    X, Y = data()
    rule = real("adam", 0.1, beta1=0.8, beta2=0.99, epsilon=1e-7)
    engine_fit_epochs(X, Y, DIMS, rule=rule, epochs=4, batch_size=25, lr_schedule=schedule, lr_decay=decay,
                      lr_interval=interval)
    assert [s[1] for s in seen] == want
    assert all(s[0] == "adam" and s[2] == {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7} for s in seen)


def test_early_stopping_stops_and_restores_the_best_epoch():
    """Validation labels are the training labels flipped: the better the fit, the worse the
    validation cost, so epoch 1 is the best and the run stops after 1 + patience epochs."""
    X, Y = data()
    kw = dict(rule=update_rule("adam", 0.05), batch_size=10, X_val=X, Y_val=1 - Y)
    params, history = engine_fit_epochs(X, Y, DIMS, epochs=20, patience=3, **kw)
    assert history["epoch"] == [1, 2, 3, 4]
    assert history["best_epoch"] == 1
    assert all(history["val_cost"][i] > history["val_cost"][0] for i in (1, 2, 3))
    after_one, h1 = engine_fit_epochs(X, Y, DIMS, epochs=1, **kw)
    same(params, after_one)
    # without patience: all epochs run, the last parameters returned, best_epoch still reported
    last, h = engine_fit_epochs(X, Y, DIMS, epochs=5, **kw)
    assert h["epoch"] == [1, 2, 3, 4, 5] and h["best_epoch"] == 1
    assert not np.array_equal(last["W1"], after_one["W1"])


def test_early_stopping_best_is_strictly_lower():
    """An epoch whose validation cost only equals the best one does not become the best."""
    X, Y = data()
    state = epochs_mod.new_state(init_param(DIMS), {})
    state = {**state, "partial": [1.0, 1.0, 2.0]}
    s1 = epochs_mod.end_epoch(state, X, Y, 2, False)
    assert (s1["best_epoch"], s1["wait"]) == (1, 0)
    s2 = epochs_mod.end_epoch({**s1, "partial": [1.0, 1.0, 2.0]}, X, Y, 2, False)  # same parameters: equal cost
    assert (s2["best_epoch"], s2["wait"]) == (1, 1)
    assert s2["history"]["val_cost"][0] == s2["history"]["val_cost"][1]


def interrupt_at(epoch, batch):
    def cb(e, b, cost):
        if (e, b) == (epoch, batch):
            raise KeyboardInterrupt
    return cb


@pytest.mark.parametrize("name", RULES)
@pytest.mark.parametrize("keep_prob,l2", [(1.0, 0.0), (0.8, 0.2)])
@pytest.mark.parametrize("where", [(2, 2), (2, 4), (1, 1)], ids=["mid-epoch", "last-batch", "first-batch"])
def test_resume_after_interrupt_is_bit_identical(name, keep_prob, l2, where):
    X, Y = data(m=50)
    Xv, Yv = data(m=20, seed=1)
    kw = dict(epochs=4, batch_size=16, keep_prob=keep_prob, l2=l2, X_val=Xv, Y_val=Yv, seed=3)
    want_p, want_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.01), **kw)
    seen = []
    with pytest.raises(TrainingInterrupted) as info:
        engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.01), callback=interrupt_at(*where),
                          checkpoint=seen.append, checkpoint_every=0, **kw)
    state = info.value.state
    assert (state["epoch"], state["batch"]) == (where[0] - 1, where[1])
    assert seen == [state]  # the checkpoint is called at the interrupt
    assert info.value.iteration == (where[0] - 1) * 4 + where[1]
    assert str(info.value) == f"training interrupted in epoch {where[0]} after {where[1]} of 4 batches"
    # through the model-file keys (in memory)
    resumed = epoch_state_from_meta(state["parameters"], epoch_state_to_meta(state))
    got_p, got_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.01), resume=resumed, **kw)
    same(got_p, want_p)
    same(got_h, want_h)


@pytest.mark.parametrize("name", RULES)
def test_resume_from_epoch_checkpoint_is_bit_identical(name):
    X, Y = data(m=45)
    kw = dict(epochs=5, batch_size=10, keep_prob=0.9, l2=0.1, X_val=X[:, :9], Y_val=Y[:, :9], patience=4,
              lr_schedule="inverse", lr_decay=0.5)
    want_p, want_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.02), **kw)
    checkpoints = []
    engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.02), checkpoint=checkpoints.append, checkpoint_every=2,
                      **kw)
    assert [(c["epoch"], c["batch"]) for c in checkpoints] == [(2, 0), (4, 0)]
    for c in checkpoints:
        got_p, got_h = engine_fit_epochs(X, Y, DIMS, rule=update_rule(name, 0.02), resume=c, **kw)
        same(got_p, want_p)
        same(got_h, want_h)


def test_state_to_meta_keys_and_back():
    X, Y = data()
    checkpoints = []
    engine_fit_epochs(X, Y, DIMS, rule=update_rule("adam", 0.05), epochs=3, batch_size=16, X_val=X, Y_val=1 - Y,
                      patience=5, checkpoint=checkpoints.append)
    state = checkpoints[-1]
    meta = epoch_state_to_meta(state)
    assert list(meta) == ["epoch", "batch", "partial", "history_cost", "history_accuracy", "history_val_cost",
                          "history_val_accuracy", "best_epoch", "wait", "rule_state"]
    assert (meta["epoch"], meta["batch"], meta["best_epoch"], meta["wait"]) == (3, 0, 1, 2)
    assert meta["partial"] == [0.0, 0.0, 0.0]
    assert sorted(meta["rule_state"]) == sorted(
        [f"{p}d{w}{l}" for p in "vs" for w in "Wb" for l in (1, 2, 3)] + ["t"] +
        [f"best_{w}{l}" for w in "Wb" for l in (1, 2, 3)])
    back = epoch_state_from_meta(state["parameters"], meta)
    same(back["history"], state["history"])
    same(back["best_parameters"], state["best_parameters"])
    same(back["rule_state"], state["rule_state"])
    assert {k: back[k] for k in ("epoch", "batch", "partial", "best_epoch", "wait")} == \
        {k: state[k] for k in ("epoch", "batch", "partial", "best_epoch", "wait")}
    # no validation, first epoch not done: no history keys, no best_epoch, no best blocks
    fresh = epochs_mod.new_state(init_param(DIMS), {})
    m0 = epoch_state_to_meta(fresh)
    assert m0 == {"epoch": 0, "batch": 0, "partial": [0.0, 0.0, 0.0], "wait": 0, "rule_state": {}}
    assert epoch_state_from_meta(fresh["parameters"], m0)["history"] == fresh["history"]
    with pytest.raises(ValueError, match="history cost has 1 entries for 3 epochs"):
        epoch_state_from_meta(state["parameters"], {**meta, "history_cost": [0.5]})
    with pytest.raises(ValueError, match="no epochs state"):
        epoch_state_from_meta(state["parameters"], {"architecture": DIMS})


def test_model_file_round_trip(tmp_path):
    """save_model / load_model keep every key of the state (once io writes them)."""
    from nnscratch.io.model import load_model, save_model

    X, Y = data()
    with pytest.raises(TrainingInterrupted) as info:
        engine_fit_epochs(X, Y, DIMS, rule=update_rule("adam", 0.01), epochs=4, batch_size=16, keep_prob=0.8,
                          X_val=X, Y_val=1 - Y, patience=3, callback=interrupt_at(3, 2))
    state = info.value.state
    path = tmp_path / "model.txt"
    save_model(path, state["parameters"], {"architecture": DIMS, **epoch_state_to_meta(state)})
    parameters, meta = load_model(path)
    back = epoch_state_from_meta(parameters, meta)
    for k in ("epoch", "batch", "partial", "best_epoch", "wait"):
        assert back[k] == state[k], k
    for k in ("parameters", "rule_state", "best_parameters", "history"):
        same(back[k], state[k])


def test_divergence_stops_with_the_last_good_state():
    X, Y = data()
    X = X * 50
    with pytest.raises(TrainingDiverged) as info:
        engine_fit_epochs(X, Y, DIMS, rule=update_rule("gd", 50.0), epochs=20, batch_size=10)
    exc = info.value
    assert str(exc).startswith(f"training diverged in epoch {exc.epoch} at batch {exc.batch}: cost is ")
    assert str(exc).endswith("try a lower learning rate than 50")
    good = exc.state
    assert exc.iteration == good["epoch"] * 5 + good["batch"]
    assert exc.parameters is good["parameters"] and exc.rule_state is good["rule_state"]
    assert all(np.all(np.isfinite(v)) for v in good["parameters"].values())


@pytest.mark.parametrize("kw,message", [
    ({"epochs": 0}, "epochs must be a positive integer; got 0"),
    ({"batch_size": 2.5}, "batch_size must be a positive integer; got 2.5"),
    ({"seed": -1}, "seed must be an integer in"),
    ({"lr_schedule": "cosine"}, "lr_schedule must be one of 'constant', 'step', 'inverse', 'exponential'; "
                                "got 'cosine'"),
    ({"lr_decay": -1}, "lr_decay must be a finite number >= 0; got -1"),
    ({"lr_interval": 0}, "lr_interval must be a positive integer; got 0"),
    ({"l2": float("nan")}, "l2 must be a finite number >= 0; got nan"),
    ({"keep_prob": 0}, r"keep_prob must be a number in \(0, 1\]; got 0"),
    ({"keep_prob": 1.5}, r"keep_prob must be a number in \(0, 1\]; got 1.5"),
    ({"patience": 2}, r"patience needs a validation set \(X_val, Y_val\)"),
    ({"patience": -1}, "patience must be a non-negative integer; got -1"),
    ({"Y_val": np.zeros((1, 3))}, "X_val and Y_val must be given together"),
    ({"X_val": np.zeros((3, 3)), "Y_val": np.zeros((1, 3))}, r"X_val must have 4 rows \(as X\); got 3"),
    ({"X_val": np.zeros((4, 3)), "Y_val": np.zeros((1, 2))}, "X_val, Y_val: X and Y must have the same number"),
    ({"checkpoint_every": -1}, "checkpoint_every must be a non-negative integer; got -1"),
    ({"resume": {"epoch": 1}}, "resume must be a training state .*missing batch, parameters"),
])
def test_argument_errors_name_the_argument(kw, message):
    X, Y = data()
    with pytest.raises(ValueError, match=message):
        engine_fit_epochs(X, Y, DIMS, **kw)


def test_argument_type_errors():
    X, Y = data()
    with pytest.raises(TypeError, match="rule must be an update rule"):
        engine_fit_epochs(X, Y, DIMS, rule="adam")
    with pytest.raises(TypeError, match="callback must be a function or None"):
        engine_fit_epochs(X, Y, DIMS, callback=3)


def test_print_cost_lines(capsys):
    X, Y = data()
    engine_fit_epochs(X, Y, DIMS, epochs=2, batch_size=25, X_val=X, Y_val=Y, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1: cost ") and ", val_cost " in lines[0]


def test_resume_of_a_finished_early_stopped_run_runs_nothing():
    X, Y = data()
    kw = dict(rule=update_rule("adam", 0.05), batch_size=10, X_val=X, Y_val=1 - Y, patience=2, epochs=10)
    checkpoints = []
    params, history = engine_fit_epochs(X, Y, DIMS, checkpoint=checkpoints.append, **kw)
    again, h2 = engine_fit_epochs(X, Y, DIMS, resume=checkpoints[-1], **kw)
    same(again, params)
    same(h2, history)


# -- speed paths (issue 13, "engine-speed"): the same batches, the same results ----------------

@pytest.mark.parametrize("order", ["C", "F"])
def test_the_engine_batches_are_random_mini_batches_values_and_layout(order):
    """epoch_order + batch_columns (per batch, no shuffled copy of X, no check) give the arrays
    random_mini_batches gives, bit for bit and with the same memory layout, and leave the
    generator where it leaves it."""
    X, Y = data(45, seed=3)
    X = np.asarray(X, order=order)
    run = {"X": X, "Y": Y, "dims": DIMS, "batch_size": 8, "seed": 7, "keep_prob": 1.0}
    gen, order_ = epochs_mod.epoch_order(run, 2, 0)
    want_gen = np.random.RandomState(9)
    want = random_mini_batches(X, Y, 8, want_gen)
    assert len(want) == 6
    for b, (Xw, Yw) in enumerate(want):
        Xb, Yb = epochs_mod.batch_columns(run, order_, b)
        np.testing.assert_array_equal(Xb, Xw)
        np.testing.assert_array_equal(Yb, Yw)
        assert (Xb.flags.f_contiguous, Xb.flags.c_contiguous) == (Xw.flags.f_contiguous, Xw.flags.c_contiguous)
    assert gen.rand() == want_gen.rand()


def test_the_engine_does_not_check_or_copy_the_whole_X_every_epoch(monkeypatch):
    """X is checked once per call, not once per epoch (random_mini_batches' check_X_Y)."""
    import nnscratch.utils.validation as validation
    calls = []
    real = validation.check_finite
    monkeypatch.setattr(validation, "check_finite", lambda name, a: calls.append(a.shape) or real(name, a))
    X, Y = data(40)
    engine_fit_epochs(X, Y, DIMS, epochs=4, batch_size=8)
    assert calls.count(X.shape) <= 1


def test_fused_takes_the_one_pass_only_for_batches_wider_than_a_block(monkeypatch):
    """fused=True: batches of more than default_block_size(n0) columns take forward_backward_output
    (cost, gradients and AL from one pass: no second forward pass), narrower ones the core steps;
    both agree with fused=False (rtol 1e-12: the fused pass sums in another order)."""
    from nnscratch.engine.fused import default_block_size
    n0 = 16384  # default_block_size 32: batches of 40 are wider than a block, the last one (10) is not
    assert epochs_mod.fused_above(np.zeros((n0, 1))) == default_block_size(n0) == 32
    X, Y = data(90, seed=5, n0=n0)
    widths = []
    real = epochs_mod.forward_backward_output
    monkeypatch.setattr(epochs_mod, "forward_backward_output",
                        lambda X_b, *a: widths.append(X_b.shape[1]) or real(X_b, *a))
    dims = [n0, 3, 1]
    p, h = engine_fit_epochs(X, Y, dims, rule=update_rule("adam", 0.001), epochs=2, batch_size=40, fused=True)
    assert widths == [40, 40, 40, 40]
    q, g = engine_fit_epochs(X, Y, dims, rule=update_rule("adam", 0.001), epochs=2, batch_size=40, fused=False)
    for k in p:
        np.testing.assert_allclose(p[k], q[k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(h["cost"], g["cost"], rtol=1e-12)
    assert h["accuracy"] == g["accuracy"]
