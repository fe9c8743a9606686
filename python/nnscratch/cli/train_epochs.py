"""``nnscratch train`` by epochs (no --iterations): mini-batch training (R twin: R/cli-train-epochs.R).

Training by epochs is what ``nnscratch train`` does without --iterations. It runs through
``engine_fit_epochs`` with the recipe of the flags (update rule, schedule, L2, dropout, validation
split, early stopping; defaults in flags.DEFAULTS: Adam, lr 0.001, batches of 128, 20 epochs);
standardization (on unless --no-standardize) fits the standardizer on the training split only and
applies it to every split. The model file records the recipe, the
standardizer, the history and the update rule's state; ``OUT/checkpoint.txt`` holds the whole
run state (``epoch_state_to_meta``), so ``--resume`` continues to the same bytes as a run that
was never interrupted. The full-batch ``--iterations`` path stays in train.py.
"""
from __future__ import annotations

import os
import sys
import time

import numpy as np

from ..utils.format import quote_text
from .common import path_join, print_data_summary, resolve_data
from .flags import fill_train_defaults

#: (flag, attribute of args, model-file key) of the recipe a checkpoint records.
RECIPE = (("--optimizer", "optimizer", "update_rule"), ("--batch-size", "batch_size", "batch_size"),
          ("--lr-schedule", "lr_schedule", "lr_schedule"), ("--lr-decay", "lr_decay", "lr_decay"),
          ("--lr-interval", "lr_interval", "lr_interval"), ("--l2", "l2", "l2"), ("--dropout", "dropout", "dropout"),
          ("--val-size", "val_size", "val_size"), ("--patience", "patience", "patience"))
#: The hyper-parameter of a rule -> its flag (momentum's beta is --beta1).
HYPER_FLAGS = {"beta": "beta1", "beta1": "beta1", "beta2": "beta2", "epsilon": "epsilon"}


# -- the update rule of the flags ------------------------------------------------------------

def rule_from_args(args):
    """The update rule of --optimizer with --lr, --beta1 (momentum's beta too), --beta2 and --epsilon."""
    from ..engine import update_rule

    return update_rule(args.optimizer, args.lr, beta=args.beta1, beta1=args.beta1, beta2=args.beta2,
                       epsilon=args.epsilon)


def optimizer_hyper(rule):
    """The model file's ``optimizer_hyper``: the rule's hyper-parameters but the learning rate (None for gd)."""
    hyper = {k: float(v) for k, v in rule.hyper.items() if k != "learning_rate"}
    return hyper or None


def hyper_args(hyper):
    """``optimizer_hyper`` of a model file -> {args attribute: value} (beta -> beta1)."""
    return {HYPER_FLAGS[k]: v for k, v in (hyper or {}).items() if k in HYPER_FLAGS}


def rule_text(rule):
    """``adam (beta1 0.9, beta2 0.999, epsilon 1e-08)``, ``momentum (beta 0.9)``, ``gd``."""
    hyper = [f"{k} {'%g' % v}" for k, v in rule.hyper.items() if k != "learning_rate"]
    return rule.name + (f" ({', '.join(hyper)})" if hyper else "")


# -- --resume -------------------------------------------------------------------------------------

def checkpoint_kind(args):
    """With --resume: "epochs" when the checkpoint was written by training by epochs, "iterations" for a
    full-batch one, None without --resume or when it cannot be read (train.py then reports why)."""
    if args.resume is None:
        return None
    from ..io.model import ModelFileError, load_model
    from .train import checkpoint_path

    try:
        _, meta = load_model(checkpoint_path(args))
    except (ModelFileError, OSError):
        return None
    return "epochs" if "batch_size" in meta and "epoch" in meta else "iterations"


def _conflict(flag, given, recorded, path):
    from .train import fmt_setting

    def text(v):
        if flag in ("--optimizer", "--lr-schedule"):
            return v
        if isinstance(v, float) or flag in ("--lr-decay", "--l2", "--dropout", "--val-size", "--beta1", "--beta2",
                                            "--epsilon"):
            return "%g" % v
        return fmt_setting(flag, v)

    return ValueError(f"--resume: {flag} {text(given)} conflicts with {path}, which has {flag} {text(recorded)}; "
                      f"leave {flag} out to continue that run")


def resume_epochs_settings(args):
    """With --resume of a checkpoint written by epochs: take the run's settings from it.

    Returns ``(path, parameters, meta)``; ``args`` gets the checkpoint's data folder, test size, network,
    seed, init, learning rate, image size, labels, recipe and standardization. A flag typed with another
    value than the checkpoint's is refused, with train.py's sentence (even when the value typed is the
    flag's default). ``--epochs`` is the total to reach (default: the checkpoint's).
    """
    from ..io.model import check_run_meta, load_model
    from .train import checkpoint_path, fmt_setting, run_settings

    path = checkpoint_path(args)
    try:
        parameters, meta = load_model(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"--resume: no checkpoint at {path}") from None
    for key in ("seed", "init", "learning_rate", "epochs", "epoch", "batch", "update_rule") + \
            tuple(k for _, _, k in RECIPE):
        if key not in meta:
            raise ValueError(f"--resume: {path} is a model without {quote_text(key)}; it cannot be resumed")
    check_run_meta(meta, path)
    settings = run_settings(meta)  # (flag, attribute of args, the checkpoint's value or None, comparable form)
    for flag, attr, key in RECIPE:
        norm = str if flag in ("--optimizer", "--lr-schedule") else (
            int if flag in ("--batch-size", "--lr-interval", "--patience") else float)
        settings.append((flag, attr, meta[key], norm))
    for attr, value in hyper_args(meta.get("optimizer_hyper")).items():
        settings.append(("--" + attr, attr, value, float))
    for flag, attr, recorded, norm in settings:
        given = getattr(args, attr)  # None: not typed
        if recorded is None:
            continue
        if given is not None and norm(given) != norm(recorded):
            if flag in ("--data", "--test-size", "--hidden", "--lr", "--seed", "--init", "--size", "--labels"):
                raise ValueError(f"--resume: {flag} {fmt_setting(flag, norm(given))} conflicts with {path}, "
                                 f"which has {flag} {fmt_setting(flag, norm(recorded))}; leave {flag} out "
                                 "to continue that run")
            raise _conflict(flag, norm(given), norm(recorded), path)
        setattr(args, attr, dict(recorded) if attr == "labels" else recorded)
    standardized = "standardizer" in meta
    if args.standardize and not standardized:
        raise ValueError(f"--resume: --standardize conflicts with {path}, which was trained without it; "
                         "leave --standardize out to continue that run")
    if args.no_standardize and standardized:
        raise ValueError(f"--resume: --no-standardize conflicts with {path}, which was trained with --standardize; "
                         "leave --no-standardize out to continue that run")
    args.standardize = standardized
    if args.epochs is None:
        args.epochs = meta["epochs"]
    return path, parameters, meta


# -- data --------------------------------------------------------------------------------------------

def load_splits(args, data):
    """create_dataset -> train_test_split (test) -> train_test_split of the training part (validation,
    with --val-size) -> flatten; returns a dict of the X/Y of each split and the dataset."""
    from ..data.dataset import create_dataset
    from ..split import flatten_images, labels_to_row, train_test_split

    ds = create_dataset(data, size=args.size, labels=args.labels, warn=False, cache=not args.no_cache)
    X, y = ds
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=args.test_size, random_state=args.seed)
    d = {"dataset": ds, "m_train_all": len(y_tr)}
    if args.val_size > 0:
        X_tr, X_va, y_tr, y_va = train_test_split(X_tr, y_tr, test_size=args.val_size, random_state=args.seed)
        d["X_val"], d["Y_val"] = flatten_images(X_va), labels_to_row(y_va)
    else:
        d["X_val"] = d["Y_val"] = None
    d["X_train"], d["Y_train"] = flatten_images(X_tr), labels_to_row(y_tr)
    d["X_test"], d["Y_test"] = flatten_images(X_te), labels_to_row(y_te)
    return d


def run_meta(args, layers, rule, data, standardizer, state):
    """The model-file meta of this run at ``state`` (the recipe, the standardizer, the run state)."""
    from ..engine.epochs import epoch_state_to_meta
    from .train import absolute_path

    meta = {"architecture": layers, "init": args.init, "seed": args.seed, "learning_rate": args.lr,
            "image_size": args.size, "labels": args.labels, "created_by": "python", "update_rule": rule.name,
            "data": None if data is None else absolute_path(data), "test_size": float(args.test_size),
            "optimizer_hyper": optimizer_hyper(rule), "batch_size": args.batch_size, "epochs": args.epochs,
            "lr_schedule": args.lr_schedule, "lr_decay": float(args.lr_decay), "lr_interval": args.lr_interval,
            "l2": float(args.l2), "dropout": float(args.dropout), "val_size": float(args.val_size),
            "patience": args.patience, "standardizer": standardizer}
    meta.update(epoch_state_to_meta(state))
    return meta


def epoch_line(history, k, epochs):
    """``epoch 3/10: cost 0.123456, accuracy 0.9500[, val cost 0.234567, val accuracy 0.9000]`` (k: 0-based)."""
    line = "epoch %d/%d: cost %.6f, accuracy %.4f" % (history["epoch"][k], epochs, history["cost"][k],
                                                       history["accuracy"][k])
    if not np.isnan(history["val_cost"][k]):
        line += ", val cost %.6f, val accuracy %.4f" % (history["val_cost"][k], history["val_accuracy"][k])
    return line


# -- the run -----------------------------------------------------------------------------------------

def train_epochs(args):
    """``nnscratch train`` by epochs, once --out is locked: the exit status (0, 3 diverged, 130 interrupted)."""
    from ..engine import TrainingDiverged, TrainingInterrupted
    from ..engine.epochs import engine_fit_epochs, epoch_state_from_meta
    from ..io.costs import write_history_csv
    from ..io.model import save_model
    from ..io.plot import write_history_curve
    from ..predict import predict_labels
    from ..standardize import fit_standardizer, standardize
    from .train import INTERRUPTS, DeferredInterrupts

    resume = resume_epochs_settings(args) if args.resume is not None else None
    fill_train_defaults(args, full_batch=False)
    data = resolve_data(args.data)
    t0 = time.perf_counter()
    d = load_splits(args, data)
    ds = d["dataset"]
    print_data_summary(data, ds, args.labels, time.perf_counter() - t0)
    m_tr, m_te = d["X_train"].shape[1], d["X_test"].shape[1]
    print("split: %d train, %d test (test_size %g, random_state %d)" % (d["m_train_all"], m_te, args.test_size,
                                                                         args.seed))
    if d["X_val"] is not None:
        print("validation: %d train, %d validation (val_size %g of the training split, random_state %d)"
              % (m_tr, d["X_val"].shape[1], args.val_size, args.seed))
    standardizer = None
    if args.standardize:
        standardizer = fit_standardizer(d["X_train"])
        for key in ("X_train", "X_val", "X_test"):
            if d[key] is not None:
                d[key] = standardize(d[key], standardizer)
        print("standardize: mean and std of %d features from the %d training images" % (d["X_train"].shape[0], m_tr))
    layers = [int(d["X_train"].shape[0]), *args.hidden, 1]
    rule = rule_from_args(args)  # with --resume, args hold the checkpoint's rule and hyper-parameters
    print("network: %s, init %s, seed %d" % (layers, args.init, args.seed))
    print("training: optimizer %s, learning rate %g (schedule %s, decay %g, interval %d), %d epochs of batch size %d, "
          "l2 %g, dropout %g, patience %d" % (rule_text(rule), args.lr, args.lr_schedule, args.lr_decay,
                                               args.lr_interval, args.epochs, args.batch_size, args.l2, args.dropout,
                                               args.patience))

    out = args.out
    ckpt_path = path_join(out, "checkpoint.txt")
    model_file, history_file, curve_file = (path_join(out, f) for f in ("model.txt", "history.csv", "cost_curve.png"))
    start_state = None
    if resume is not None:
        path, params, meta = resume
        if meta["architecture"] != layers:
            raise ValueError(f"--resume: {path} is for a network {meta['architecture']}, the data gives {layers}")
        start_state = epoch_state_from_meta(params, meta)
        print(f"resuming from {path} at epoch {start_state['epoch']}, batch {start_state['batch']}")
        if start_state["epoch"] >= args.epochs:
            raise ValueError(f"--resume: {path} has already done {start_state['epoch']} epochs "
                             f"(--epochs is {args.epochs})")

    def save_checkpoint(state, raise_after=True):
        # Ctrl-C / SIGTERM while it is written: the checkpoint is completed first
        with DeferredInterrupts(raise_after=raise_after):
            save_model(ckpt_path, state["parameters"], run_meta(args, layers, rule, data, standardizer, state))

    seen = {"printed": start_state["epoch"] if start_state else 0, "last": start_state}

    def after_epoch(state):
        # called by the engine after every epoch (checkpoint_every=1) and at an interrupt
        seen["last"] = state
        if not args.quiet:
            for k in range(seen["printed"], state["epoch"]):
                print(epoch_line(state["history"], k, args.epochs), flush=True)
        seen["printed"] = max(seen["printed"], state["epoch"])
        if args.checkpoint_every and state["batch"] == 0 and state["epoch"] % args.checkpoint_every == 0:
            save_checkpoint(state)

    def callback(epoch, batch, cost):
        # a signal whose KeyboardInterrupt was swallowed stops the run here, after a whole batch
        INTERRUPTS.raise_if_requested()

    t1 = time.perf_counter()
    try:
        parameters, history = engine_fit_epochs(
            d["X_train"], d["Y_train"], layers, rule=rule, epochs=args.epochs, batch_size=args.batch_size,
            seed=args.seed, init=args.init, lr_schedule=args.lr_schedule, lr_decay=args.lr_decay,
            lr_interval=args.lr_interval, l2=args.l2, keep_prob=1.0 - args.dropout, X_val=d["X_val"],
            Y_val=d["Y_val"], patience=args.patience, resume=start_state, checkpoint=after_epoch,
            checkpoint_every=1, callback=callback, threads=args.threads)
    except TrainingInterrupted as exc:
        # a second Ctrl-C while this checkpoint is written is ignored: the run is ending anyway
        save_checkpoint(exc.state, raise_after=False)
        print(f"interrupted in epoch {exc.state['epoch'] + 1} after {exc.state['batch']} batches; saved {ckpt_path} "
              f"(continue with: nnscratch train --resume --out {out} --epochs {args.epochs})", file=sys.stderr)
        return 130
    except TrainingDiverged as exc:
        save_checkpoint(exc.state, raise_after=False)
        print(f"nnscratch: error: {exc}; the last good parameters (epoch {exc.state['epoch'] + 1}, batch "
              f"{exc.state['batch']}) are in {ckpt_path}", file=sys.stderr)
        return 3
    # From here on an interrupt waits until every output is written (then: status 130).
    with DeferredInterrupts():
        train_time = time.perf_counter() - t1
        final = seen["last"]
        n = len(history["epoch"])
        kept = history["best_epoch"] if args.patience and history["best_epoch"] is not None else n
        if n < args.epochs:
            print("early stopping: no lower validation cost in the %d epochs after epoch %d; its parameters are kept"
                  % (args.patience, kept))
        _, acc_tr = predict_labels(d["X_train"], d["Y_train"], parameters)
        _, acc_te = predict_labels(d["X_test"], d["Y_test"], parameters)
        print("final cost: %.6f (epoch %d), training took %.2f s" % (history["cost"][kept - 1], kept, train_time))
        print("train accuracy: %.4f" % acc_tr)
        if d["X_val"] is not None:
            print("validation accuracy: %.4f" % predict_labels(d["X_val"], d["Y_val"], parameters)[1])
        print("test accuracy: %.4f" % acc_te)

        # the final model: the parameters kept, the recipe, the history and the update rule's state
        final = {**final, "best_parameters": None}
        save_model(model_file, parameters, run_meta(args, layers, rule, data, standardizer, final))
        write_history_csv(history_file, history)
        write_history_curve(curve_file, history)
        try:
            os.unlink(ckpt_path)  # the finished model supersedes it
        except FileNotFoundError:
            pass
        print(f"wrote {model_file}, {history_file}, {curve_file}")
    INTERRUPTS.raise_if_requested()  # one that came (and was swallowed) after the last epoch: status 130
    return 0
