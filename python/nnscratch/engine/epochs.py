"""``engine_fit_epochs``: mini-batch training by epochs, used by the command line's ``--epochs``.

Each epoch shuffles the training columns, cuts them into mini-batches
(``random_mini_batches``) and takes one step of the update rule per batch, with
a learning-rate schedule, L2 regularization and inverted dropout (the core
steps of batches.py, schedules.py, regularization.py, dropout.py), a
validation pass, early stopping, divergence detection, interrupts, checkpoints
and an exact resume, also in the middle of an epoch. R twin: R/engine-epochs.R.

The random streams: epoch ``e`` (0, 1, ...) draws everything from one generator
``RandomState((seed + e) mod 2**32)``: first the permutation of the columns,
then the dropout masks of batch 1, batch 2, ... So a run can restart any epoch
from its number alone: to resume after ``b`` batches of epoch ``e``, rebuild
that generator, redraw the permutation and the masks of the ``b`` batches done.

The run state (``state``, a plain dict; ``epoch_state_to_meta`` turns it into
model-file header keys and blocks, ``epoch_state_from_meta`` back):

* ``epoch``: epochs completed; ``batch``: batches done in the current epoch;
* ``parameters`` and ``rule_state``: after those batches;
* ``partial``: ``[weighted cost sum, samples classified right, samples seen]``
  of the current epoch so far;
* ``history``: the finished epochs (see ``engine_fit_epochs``'s Returns);
* ``best_epoch`` (None or 1-based), ``best_parameters`` (None or a dict, kept
  only with early stopping) and ``wait`` (epochs since the best one).
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from ..backward import deep_model_back
from ..cost import cost_computation
from ..dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from ..forward import deep_model
from ..init_param import init_param
from ..regularization import l2_cost, l2_grads
from ..schedules import SCHEDULES, learning_rate_schedule
from ..utils.format import quote_text
from ..utils.validation import check_parameters, check_positive_int, check_seed, check_training_args, check_X_Y
from .fused import default_block_size, forward_backward_output
from .rules import RULES, update_rule
from .threads import check_threads, cores_allowed, engine_threads, pool_threads, resolve_threads, step_work
from .stopping import DIVERGENCE_WINDOW, TrainingDiverged, TrainingInterrupted, diverged

#: The per-epoch lists of the history, in order.
HISTORY_KEYS = ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")
#: Prefix of the best parameters among a checkpoint's state blocks (``best_W1``, ...).
BEST_PREFIX = "best_"


def engine_fit_epochs(X, Y, layers_dims, rule=None, epochs=10, batch_size=64, seed=1, init="scaled",
                      lr_schedule="constant", lr_decay=0.0, lr_interval=10, l2=0.0, keep_prob=1.0,
                      X_val=None, Y_val=None, patience=0, print_cost=False, fused=True,
                      resume=None, checkpoint=None, checkpoint_every=1, callback=None, threads=None):
    """Train by epochs of mini-batches.

    Args:
        X: (n0, m) training inputs, one sample per column; Y: (1, m) labels in {0, 1}.
        layers_dims: ``[n0, n1, ..., 1]``; the parameters start from
            ``init_param(layers_dims, seed, init)``.
        rule: an update rule from ``update_rule`` (its ``learning_rate`` is the
            schedule's lr0); None is ``update_rule("gd", 0.0075)``.
        epochs: the number of epochs (passes over X) to run in all (a resumed run
            counts the epochs already done).
        batch_size: columns per mini-batch (the last batch holds the rest).
        seed: an integer in [0, 2**32 - 1]: ``init_param``'s seed, and epoch e
            shuffles and drops with ``RandomState((seed + e) mod 2**32)``.
        init: ``init_param``'s recipe.
        lr_schedule, lr_decay, lr_interval: the learning rate of epoch e is
            ``learning_rate_schedule(lr0, e, lr_schedule, lr_decay, lr_interval)``.
        l2: L2 strength lambda >= 0 (``l2_cost`` added to each batch's cost,
            ``l2_grads`` to its gradients; m is the batch's size).
        keep_prob: the probability of keeping a hidden unit, in (0, 1]; 1 is no dropout.
        X_val, Y_val: a validation set (n0, m_val), (1, m_val), or None.
        patience: 0, or stop after this many epochs without a strictly lower
            validation cost and return the parameters of the best epoch (needs X_val).
        print_cost: print one line per epoch.
        fused: with keep_prob == 1, compute the cost and gradients of each batch wider
            than a 4 MiB block of X (``fused_above``) with ``forward_backward``'s
            one pass, and of narrower batches with the core steps (measured faster
            there); False: always the core steps.
        resume: a state (from ``TrainingInterrupted.state``, a checkpoint or
            ``epoch_state_from_meta``): continue it; the result is bit-identical
            to the run that was not interrupted. ``seed`` and ``init`` are then unused
            for the parameters, but ``seed`` still sets the epochs' streams.
        checkpoint: ``checkpoint(state)``, called every ``checkpoint_every``
            completed epochs (0: never) and at an interrupt.
        callback: ``callback(epoch, batch, cost)`` after every batch (epoch
            1-based, batch = batches done in it, cost of that batch).
        threads: None (automatic: from the batch size and the cores free at the
            start, see threads.py) or a positive integer: the BLAS threads of
            the whole call (set at run time with threadpoolctl, restored after).
    Returns:
        ``(parameters, history)``; ``history`` has the equal-length lists
        ``epoch`` (1, 2, ...), ``cost`` (the mean of the batch costs weighted by
        the batch sizes, L2 included), ``accuracy`` (fraction of the training
        samples the batch forward passes classified right), ``val_cost`` and
        ``val_accuracy`` (cross-entropy and accuracy of a full forward pass on
        X_val, no dropout, no L2; NaN without X_val), plus ``best_epoch``: the
        epoch with the lowest val_cost (None without X_val). With patience > 0
        the parameters returned are those after ``best_epoch``.
    Raises:
        ValueError/TypeError: bad arguments (the message names the argument).
        TrainingDiverged: a batch cost became NaN/inf or exploded; ``.state``
            is the last good state (``.epoch``, ``.batch`` where it diverged).
        TrainingInterrupted: KeyboardInterrupt; ``.state`` resumes the run exactly.

    Example:
        >>> rng = np.random.RandomState(0); X = rng.randn(4, 40); Y = (X[:1] + X[1:2] > 0) * 1.0
        >>> parameters, history = engine_fit_epochs(X, Y, [4, 3, 1], rule=update_rule("adam", 0.01),
        ...                                         epochs=2, batch_size=16)
        >>> history["epoch"], len(history["cost"]), history["best_epoch"]
        ([1, 2], 2, None)
    """
    rule = check_rule(rule)
    dims = check_training_args(X, Y, layers_dims, rule.hyper["learning_rate"], 1)
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    seed = check_seed(seed)
    lr_decay, lr_interval = check_schedule(lr_schedule, lr_decay, lr_interval)
    l2 = check_number("l2", l2)
    keep_prob = check_keep_prob(keep_prob)
    X_val, Y_val = check_validation(X_val, Y_val, X.shape[0])
    patience = check_positive_int("patience", patience, allow_zero=True)
    if patience and X_val is None:
        raise ValueError("patience needs a validation set (X_val, Y_val)")
    checkpoint_every = check_positive_int("checkpoint_every", checkpoint_every, allow_zero=True)
    threads = check_threads(threads)
    for name, fn in (("checkpoint", checkpoint), ("callback", callback)):
        if fn is not None and not callable(fn):
            raise TypeError(f"{name} must be a function or None; got {type(fn).__name__}")
    if resume is None:
        parameters = init_param(dims, seed=seed, init=init)
        state = new_state(parameters, rule.init_state(parameters))
    else:
        state = check_state(resume, X.shape[0])

    m = X.shape[1]
    run = dict(X=X, Y=Y, dims=dims, rule=rule, batch_size=batch_size, seed=seed, lr_schedule=lr_schedule,
               lr_decay=lr_decay, lr_interval=lr_interval, l2=l2, keep_prob=keep_prob, fused=fused,
               fused_above=fused_above(X), n_batches=-(-m // batch_size), callback=callback,
               recent=[])  # finite costs of the last DIVERGENCE_WINDOW batches since the (re)start
    # `done` is the state after the last completed batch, replaced by one assignment:
    # an interrupt between two bytecodes never pairs a position with the wrong weights.
    done = [state]
    work = step_work(dims, min(batch_size, m))
    # BLAS threads from the cores free; the engine's pool from the cores (threads.py)
    with engine_threads(pool_threads(work, cores_allowed(), threads), resolve_threads(threads, work)):
        try:
            while done[0]["epoch"] < epochs and not stopped_early(done[0], patience):
                state = run_epoch(run, done)
                state = end_epoch(state, X_val, Y_val, patience, print_cost)
                done[0] = state
                if checkpoint is not None and checkpoint_every and state["epoch"] % checkpoint_every == 0:
                    checkpoint(state)
        except KeyboardInterrupt:
            state = done[0]
            if checkpoint is not None:
                checkpoint(state)
            exc = TrainingInterrupted(
                f"training interrupted in epoch {state['epoch'] + 1} after {state['batch']} of "
                f"{run['n_batches']} batches", steps_done(state, run), state["parameters"],
                list(state["history"]["cost"]), state["rule_state"])
            exc.state = state
            raise exc from None
    return result(done[0], patience)


# -- one epoch, one batch ------------------------------------------------------------------

def epoch_rule(rule, e, run):
    """Epoch e's rule: the same rule and hyper-parameters with the scheduled learning rate."""
    lr = learning_rate_schedule(rule.hyper["learning_rate"], e, run["lr_schedule"], run["lr_decay"],
                                run["lr_interval"])
    other = {k: v for k, v in rule.hyper.items() if k != "learning_rate"}
    return update_rule(rule.name, lr, **other)


def epoch_batches(run, e, skip):
    """Epoch e's generator and batches (the list ``random_mini_batches(X, Y, batch_size, gen)``
    returns, bit for bit); the masks of the first ``skip`` batches (done before a resume) are
    drawn again so that the generator stands where it stood. The engine itself takes one batch
    at a time (``epoch_order``, ``batch_columns``): same arrays, no shuffled copy of X."""
    gen, order = epoch_order(run, e, skip)
    return gen, [batch_columns(run, order, b) for b in range(-(-len(order) // run["batch_size"]))]


def epoch_order(run, e, skip):
    """Epoch e's generator and column order: ``gen.permutation(m)``, the draw
    ``random_mini_batches`` makes; then the masks of the first ``skip`` batches are drawn again.

    ``random_mini_batches`` checks X and copies all of it shuffled every epoch; the engine has
    checked X once (``engine_fit_epochs``), so it draws only the permutation here and copies
    one batch at a time (``batch_columns``): the same batches and stream, without an (n0, m)
    copy and a NaN scan of X per epoch."""
    gen = np.random.RandomState((run["seed"] + e) % 2**32)
    order = gen.permutation(run["X"].shape[1])
    size = run["batch_size"]
    for b in range(skip):
        draw_masks(run, len(order[b * size:(b + 1) * size]), gen)
    return gen, order


def batch_columns(run, order, b):
    """Batch b (0-based) of an epoch with column order ``order``: ``(X_b, Y_b)``, the columns
    ``order[b * size:(b + 1) * size]`` of X and Y (the last batch holds the rest) -- equal, values
    and memory layout, to ``random_mini_batches(X, Y, size, gen)[b]`` (the same indexing, per batch)."""
    cols = order[b * run["batch_size"]:(b + 1) * run["batch_size"]]
    return run["X"][:, cols], run["Y"][:, cols]


def draw_masks(run, m_b, gen):
    """The dropout masks of one batch (None without dropout: nothing is drawn)."""
    if run["keep_prob"] == 1.0:
        return None
    return dropout_masks(run["dims"], m_b, run["keep_prob"], gen)


def run_epoch(run, done):
    """Run the rest of epoch ``done[0]["epoch"]`` batch by batch, updating ``done[0]``; returns the
    state after its last batch (partial sums complete, history not yet extended)."""
    state = done[0]
    e = state["epoch"]
    rule = epoch_rule(run["rule"], e, run)
    gen, order = epoch_order(run, e, state["batch"])
    previous = None  # the state one batch back, in this epoch
    for b in range(state["batch"], run["n_batches"]):
        X_b, Y_b = batch_columns(run, order, b)
        masks = draw_masks(run, X_b.shape[1], gen)
        cost, right, grads = batch_cost_grads(run, X_b, Y_b, state["parameters"], masks)
        if diverged(cost, run["recent"]):
            raise diverged_error(run, rule, state, previous, cost, run["recent"], e, b)
        run["recent"] = (run["recent"] + [cost])[-DIVERGENCE_WINDOW:]
        parameters, rule_state = rule.step(state["parameters"], grads, state["rule_state"])
        cost_sum, right_sum, seen = state["partial"]
        m_b = X_b.shape[1]
        previous = state
        state = {**state, "batch": b + 1, "parameters": parameters, "rule_state": rule_state,
                 "partial": [cost_sum + cost * m_b, right_sum + right, seen + m_b]}
        done[0] = state
        if run["callback"] is not None:
            run["callback"](e + 1, b + 1, cost)
    return state


def batch_cost_grads(run, X_b, Y_b, parameters, masks):
    """One batch: (cost incl. L2, samples classified right, gradients incl. L2)."""
    m_b = X_b.shape[1]
    if masks is not None:
        AL, caches = deep_model_with_dropout(X_b, parameters, masks, run["keep_prob"])
        cost = cost_computation(AL, Y_b)
        grads = deep_model_back_with_dropout(AL, Y_b, caches, masks, run["keep_prob"], input_grad=False)
    elif run["fused"] and X_b.shape[1] > run["fused_above"]:
        # forward_backward's pass, also giving AL (for the accuracy): no second forward pass
        cost, grads, AL = forward_backward_output(X_b, Y_b, parameters)
    else:
        AL, caches = deep_model(X_b, parameters)
        cost = cost_computation(AL, Y_b)
        grads = deep_model_back(AL, Y_b, caches, input_grad=False)
    if run["l2"] > 0:  # (l2_cost is 0.0 for l2 = 0: not computed, a sum over every weight per batch)
        cost = cost + l2_cost(parameters, run["l2"], m_b)
        grads = l2_grads(grads, parameters, run["l2"], m_b)
    return cost, n_right(AL, Y_b), grads


def fused_above(X):
    """With ``fused``, batches wider than this many columns take the fused pass, the others the
    core steps: ``default_block_size(n0, X.dtype)``, the columns of a 4 MiB block of X.

    A batch that fits in one block stays in cache from the forward to the backward products, so
    the one-pass ``forward_backward`` has nothing to save there and its fixed costs show:
    per batch of n0 = 3072 (the issue's images), the core steps measured 1.0-1.27x faster in
    Python and 1.0-1.32x in R for 16-128 columns; wider, R's fused pass was 1.26x (512 columns)
    to 1.8x (4096) faster and Python's even (bench/README.md, "Engine speed"). The same rule in
    both languages, so that both take the same path."""
    return default_block_size(X.shape[0], X.dtype)


def n_right(AL, Y):
    """How many samples the probabilities AL (1, m) classify right (AL > 0.5 is label 1)."""
    return int(np.sum((AL > 0.5) == (Y == 1)))


def validation_pass(X_val, Y_val, parameters):
    """(cross-entropy, accuracy) of a full forward pass on the validation set; NaNs without one."""
    if X_val is None:
        return math.nan, math.nan
    AL, _ = deep_model(X_val, parameters)
    return cost_computation(AL, Y_val), n_right(AL, Y_val) / X_val.shape[1]


def end_epoch(state, X_val, Y_val, patience, print_cost):
    """The state after an epoch: its history entry, the best epoch, the wait counter, a new epoch."""
    cost_sum, right, seen = state["partial"]
    epoch = state["epoch"] + 1
    val_cost, val_accuracy = validation_pass(X_val, Y_val, state["parameters"])
    hist = state["history"]
    history = {k: list(hist[k]) + [v] for k, v in zip(HISTORY_KEYS, (epoch, cost_sum / seen, right / seen,
                                                                          val_cost, val_accuracy))}
    best_epoch, best_parameters, wait = state["best_epoch"], state["best_parameters"], state["wait"]
    if X_val is not None:
        if best_epoch is None or val_cost < hist["val_cost"][best_epoch - 1]:
            best_epoch, wait = epoch, 0
            best_parameters = state["parameters"] if patience else None
        else:
            wait += 1
    if print_cost:
        line = f"Epoch {epoch}: cost {history['cost'][-1]:f}, accuracy {history['accuracy'][-1]:f}"
        if X_val is not None:
            line += f", val_cost {val_cost:f}, val_accuracy {val_accuracy:f}"
        print(line)
    return {**state, "epoch": epoch, "batch": 0, "partial": [0.0, 0.0, 0.0], "history": history,
            "best_epoch": best_epoch, "best_parameters": best_parameters, "wait": wait}


def stopped_early(state, patience):
    return patience > 0 and state["wait"] >= patience


def result(state, patience):
    """(parameters, history) of a finished run: the best epoch's parameters with early stopping."""
    parameters = state["parameters"]
    if patience and state["best_parameters"] is not None:
        parameters = state["best_parameters"]
    history = {k: list(state["history"][k]) for k in HISTORY_KEYS}
    history["best_epoch"] = state["best_epoch"]
    return parameters, history


def steps_done(state, run):
    return state["epoch"] * run["n_batches"] + state["batch"]


def diverged_error(run, rule, state, previous, cost, recent, e, b):
    """TrainingDiverged for batch b of epoch e, carrying the last good state (the one before the
    state whose cost is bad, as engine_fit)."""
    good = previous if previous is not None else state
    last = f"{recent[-1]:.6g}" if recent else "none"
    exc = TrainingDiverged(
        f"training diverged in epoch {e + 1} at batch {b + 1}: cost is {cost:.6g} (last finite cost {last}); "
        f"try a lower learning rate than {rule.hyper['learning_rate']:g}",
        steps_done(good, run), good["parameters"], list(good["history"]["cost"]), good["rule_state"])
    exc.state, exc.epoch, exc.batch = good, e + 1, b + 1
    return exc


# -- state -----------------------------------------------------------------------------------

def new_state(parameters, rule_state):
    """The state of a run before its first batch."""
    return {"epoch": 0, "batch": 0, "parameters": parameters, "rule_state": rule_state,
            "partial": [0.0, 0.0, 0.0], "history": {k: [] for k in HISTORY_KEYS},
            "best_epoch": None, "best_parameters": None, "wait": 0}


STATE_KEYS = tuple(new_state({}, {}))


def check_state(state, n0):
    """``resume``: a state dict with every key of STATE_KEYS and consistent counts."""
    if not isinstance(state, dict) or any(k not in state for k in STATE_KEYS):
        missing = [k for k in STATE_KEYS if not isinstance(state, dict) or k not in state]
        raise ValueError(f"resume must be a training state (from a checkpoint); missing {', '.join(missing)}")
    check_parameters(state["parameters"], n0=n0)
    history = state["history"]
    for k in HISTORY_KEYS:
        if len(history.get(k, ())) != state["epoch"]:
            raise ValueError(f"resume: history {k} has {len(history.get(k, ()))} entries for {state['epoch']} epochs")
    return state


def epoch_state_to_meta(state):
    """A state as model-file header keys (``epoch``, ``batch``, ``partial``, ``history_cost``,
    ``history_accuracy``, ``history_val_cost``, ``history_val_accuracy``, ``best_epoch`` when
    there is one, ``wait``) and ``rule_state``: the rule's state blocks plus the best
    parameters as ``best_W1``, ``best_b1``, ... Empty history lists are left out.

    Example:
        >>> rng = np.random.RandomState(0); X = rng.randn(4, 40); Y = (X[:1] + X[1:2] > 0) * 1.0
        >>> states = []
        >>> _ = engine_fit_epochs(X, Y, [4, 3, 1], epochs=1, batch_size=16, checkpoint=states.append)
        >>> meta = epoch_state_to_meta(states[-1])
        >>> meta["epoch"], meta["batch"], meta["wait"], len(meta["history_cost"])
        (1, 0, 0, 1)"""
    meta = {"epoch": int(state["epoch"]), "batch": int(state["batch"]),
            "partial": [float(v) for v in state["partial"]]}
    for k in HISTORY_KEYS[1:]:
        if state["history"][k]:
            meta["history_" + k] = [float(v) for v in state["history"][k]]
    if state["best_epoch"] is not None:
        meta["best_epoch"] = int(state["best_epoch"])
    meta["wait"] = int(state["wait"])
    blocks = dict(state["rule_state"])
    for k, v in (state["best_parameters"] or {}).items():
        blocks[BEST_PREFIX + k] = v
    meta["rule_state"] = blocks
    return meta


def epoch_state_from_meta(parameters, meta):
    """The state saved by ``epoch_state_to_meta`` (``parameters``: the model file's parameters),
    to pass as ``resume=``.

    Example:
        >>> rng = np.random.RandomState(0); X = rng.randn(4, 40); Y = (X[:1] + X[1:2] > 0) * 1.0
        >>> states = []
        >>> parameters, _ = engine_fit_epochs(X, Y, [4, 3, 1], epochs=1, batch_size=16, checkpoint=states.append)
        >>> state = epoch_state_from_meta(parameters, epoch_state_to_meta(states[-1]))
        >>> state["epoch"], state["batch"], len(state["history"]["cost"])
        (1, 0, 1)
        >>> _, history = engine_fit_epochs(X, Y, [4, 3, 1], epochs=2, batch_size=16, resume=state)
        >>> history["epoch"]
        [1, 2]"""
    if "epoch" not in meta or "batch" not in meta:
        raise ValueError("the model file holds no epochs state (no epoch and batch keys)")
    epoch = check_positive_int("epoch", meta["epoch"], allow_zero=True)
    blocks = meta.get("rule_state") or {}
    best = {k[len(BEST_PREFIX):]: v for k, v in blocks.items() if k.startswith(BEST_PREFIX)}
    history = {"epoch": list(range(1, epoch + 1))}
    for k in HISTORY_KEYS[1:]:
        history[k] = [float(v) for v in (meta.get("history_" + k) or [])]
    partial = [float(v) for v in meta.get("partial", [0.0, 0.0, 0.0])]
    if len(partial) != 3:
        raise ValueError(f"partial must hold 3 numbers; got {len(partial)}")
    best_epoch = meta.get("best_epoch")
    state = {"epoch": epoch, "batch": check_positive_int("batch", meta["batch"], allow_zero=True),
             "parameters": parameters,
             "rule_state": {k: v for k, v in blocks.items() if not k.startswith(BEST_PREFIX)},
             "partial": partial, "history": history,
             "best_epoch": None if best_epoch is None else check_positive_int("best_epoch", best_epoch),
             "best_parameters": best or None,
             "wait": check_positive_int("wait", meta.get("wait", 0), allow_zero=True)}
    return check_state(state, None)


# -- argument checks --------------------------------------------------------------------------

def check_rule(rule):
    if rule is None:
        return update_rule("gd", 0.0075)
    name, hyper = getattr(rule, "name", None), getattr(rule, "hyper", None)
    if name not in RULES or not isinstance(hyper, dict) or "learning_rate" not in hyper:
        raise TypeError(f"rule must be an update rule from update_rule(); got {type(rule).__name__}")
    return rule


def check_number(name, value, low=0.0):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or value < low:
        shown = f"{value:g}" if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)) \
            else repr(value)
        raise ValueError(f"{name} must be a finite number >= {low:g}; got {shown}")
    return float(value)


def check_schedule(lr_schedule, lr_decay, lr_interval):
    if not isinstance(lr_schedule, str) or lr_schedule not in SCHEDULES:
        known = ", ".join(quote_text(s) for s in SCHEDULES)
        raise ValueError(f"lr_schedule must be one of {known}; got {quote_text(str(lr_schedule))}")
    return check_number("lr_decay", lr_decay), check_positive_int("lr_interval", lr_interval)


def check_keep_prob(keep_prob):
    if isinstance(keep_prob, (bool, np.bool_)) or not isinstance(keep_prob, numbers.Real) \
            or not 0 < keep_prob <= 1:
        shown = f"{keep_prob:g}" if isinstance(keep_prob, numbers.Real) and not isinstance(keep_prob, (bool, np.bool_)) \
            else repr(keep_prob)
        raise ValueError(f"keep_prob must be a number in (0, 1]; got {shown}")
    return float(keep_prob)


def check_validation(X_val, Y_val, n0):
    if (X_val is None) != (Y_val is None):
        raise ValueError("X_val and Y_val must be given together")
    if X_val is None:
        return None, None
    try:
        check_X_Y(X_val, Y_val)
    except ValueError as exc:
        raise ValueError(f"X_val, Y_val: {exc}") from None
    if X_val.shape[0] != n0:
        raise ValueError(f"X_val must have {n0} rows (as X); got {X_val.shape[0]}")
    return X_val, Y_val
