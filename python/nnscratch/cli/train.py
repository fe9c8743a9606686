"""``nnscratch train``: load, split, train with the engine, write the model (R twin: R/cli-train.R).

Training runs through ``engine_fit`` with an update rule (``"gd"``); checkpoints
hold the rule's name and state, so ``--resume`` continues exactly.
"""
from __future__ import annotations

import os
import signal
import sys
import time

import numpy as np

from ..utils.format import quote_text
from .common import path_join, resolve_data


def load_split(data, labels, size, test_size, seed, cache=True):
    """create_dataset -> train_test_split -> flatten: returns dict of X/Y train/test and the dataset."""
    from ..data.dataset import create_dataset
    from ..split import flatten_images, labels_to_row, train_test_split

    ds = create_dataset(data, size=size, labels=labels, warn=False, cache=cache)
    X, y = ds
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=seed)
    return {
        "dataset": ds,
        "X_train": flatten_images(X_tr), "Y_train": labels_to_row(y_tr),
        "X_test": flatten_images(X_te), "Y_test": labels_to_row(y_te),
    }


class SigtermAsInterrupt:
    """SIGTERM raises KeyboardInterrupt while training, so it is handled like Ctrl-C. Python only
    (base R cannot catch SIGTERM; inst/nnscratch-r turns it into SIGINT)."""

    def __enter__(self):
        def handler(signum, frame):
            raise KeyboardInterrupt

        try:
            self.old = signal.signal(signal.SIGTERM, handler)
        except ValueError:  # not the main thread
            self.old = None
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def checkpoint_path(args):
    """The checkpoint file: ``--resume``'s argument, else ``OUT/checkpoint.txt`` (paths as typed)."""
    return args.resume if args.resume else path_join(args.out, "checkpoint.txt")


def resume_settings(args):
    """With --resume: read the checkpoint and take the run's settings from it.

    Returns ``(path, parameters, meta)``; ``args`` gets the checkpoint's hidden
    widths, seed, init, learning rate, cost_every, image size and labels.
    """
    from ..io.model import load_model

    path = checkpoint_path(args)
    try:
        parameters, meta = load_model(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"--resume: no checkpoint at {path}") from None
    for key in ("seed", "init", "learning_rate", "iterations", "cost_every", "costs"):
        if key not in meta:
            raise ValueError(f"--resume: {path} is a model without {quote_text(key)}; it cannot be resumed")
    args.hidden = meta["architecture"][1:-1]
    args.seed, args.init, args.lr = meta["seed"], meta["init"], meta["learning_rate"]
    args.cost_every = meta["cost_every"]
    args.size = meta.get("image_size", args.size)
    args.labels = meta.get("labels", args.labels)
    return path, parameters, meta


def run_meta(args, layers, iterations_done, costs, rule, rule_state):
    """The model-file meta of this run after ``iterations_done`` steps."""
    return {"architecture": layers, "init": args.init, "seed": args.seed, "learning_rate": args.lr,
            "iterations": iterations_done, "image_size": args.size, "labels": args.labels,
            "created_by": "python", "cost_every": args.cost_every, "costs": costs,
            "update_rule": rule.name, "rule_state": rule_state}


def cmd_train(args):
    from ..engine import TrainingDiverged, TrainingInterrupted, engine_fit, update_rule
    from ..io.costs import write_costs_csv
    from ..io.model import save_model
    from ..io.plot import write_cost_curve
    from ..predict import predict_labels

    resume = resume_settings(args) if args.resume is not None else None
    data = resolve_data(args.data)
    t0 = time.perf_counter()
    d = load_split(data, args.labels, args.size, args.test_size, args.seed, cache=not args.no_cache)
    ds = d["dataset"]
    X, y = ds
    counts = ", ".join(f"{name}: {int(np.sum(y == lab))}" for name, lab in args.labels.items())
    print(f"data: {data}: {len(y)} images ({counts}), {len(ds.skipped)} skipped, "
          f"loaded in {time.perf_counter() - t0:.2f} s")
    for f, reason in ds.skipped:
        print(f"  skipped {f}: {reason}")
    m_tr, m_te = d["X_train"].shape[1], d["X_test"].shape[1]
    print("split: %d train, %d test (test_size %g, random_state %d)" % (m_tr, m_te, args.test_size, args.seed))
    layers = [int(d["X_train"].shape[0]), *args.hidden, 1]
    print("network: %s, init %s, seed %d, learning rate %g, %d iterations"
          % (layers, args.init, args.seed, args.lr, args.iterations))

    out = args.out
    ckpt_path = path_join(out, "checkpoint.txt")
    model_file, costs_file, curve_file = (path_join(out, f) for f in ("model.txt", "costs.csv", "cost_curve.png"))
    start, prior_costs, start_params, rule, rule_state = 0, [], None, update_rule("gd", args.lr), None
    if resume is not None:
        path, start_params, meta = resume
        if meta["architecture"] != layers:
            raise ValueError(f"--resume: {path} is for a network {meta['architecture']}, the data gives {layers}")
        start, prior_costs = meta["iterations"], list(meta["costs"])
        rule = update_rule(meta.get("update_rule", "gd"), args.lr)
        rule_state = meta.get("rule_state")
        print(f"resuming from {path} at iteration {start}")
        if start >= args.iterations:
            raise ValueError(f"--resume: {path} has already done {start} iterations "
                             f"(--iterations is {args.iterations})")

    def save_checkpoint(done, parameters, costs, state):
        save_model(ckpt_path, parameters, run_meta(args, layers, done, prior_costs + costs, rule, state))

    bar = None
    callback = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=args.iterations, initial=start, desc="train", unit="it", file=sys.stdout,
                   dynamic_ncols=True, mininterval=0.2)

        def callback(i, cost):
            bar.update(1)
            if i % args.cost_every == 0:
                bar.set_postfix(cost=f"{cost:.6f}", refresh=False)

    t1 = time.perf_counter()
    try:
        parameters, costs = engine_fit(d["X_train"], d["Y_train"], layers, learning_rate=args.lr,
                                       num_iterations=args.iterations - start, seed=args.seed, init=args.init,
                                       rule=rule, parameters=start_params, rule_state=rule_state,
                                       cost_every=args.cost_every, callback=callback, start_iteration=start,
                                       checkpoint=save_checkpoint, checkpoint_every=args.checkpoint_every)
    except TrainingInterrupted as exc:
        if bar is not None:
            bar.close()
        save_checkpoint(exc.iteration, exc.parameters, exc.costs, exc.rule_state)
        print(f"interrupted after {exc.iteration} iterations; saved {ckpt_path} "
              f"(continue with: nnscratch train --resume --out {out} --iterations {args.iterations})", file=sys.stderr)
        return 130
    except TrainingDiverged as exc:
        if bar is not None:
            bar.close()
        save_checkpoint(exc.iteration, exc.parameters, exc.costs, exc.rule_state)
        print(f"nnscratch: error: {exc}; the last good parameters (iteration {exc.iteration}) are in {ckpt_path}",
              file=sys.stderr)
        return 3
    if bar is not None:
        bar.close()
    costs = prior_costs + costs
    train_time = time.perf_counter() - t1
    _, acc_tr = predict_labels(d["X_train"], d["Y_train"], parameters)
    _, acc_te = predict_labels(d["X_test"], d["Y_test"], parameters)
    print("final cost: %.6f (recorded at iteration %d), training took %.2f s"
          % (costs[-1], (len(costs) - 1) * args.cost_every, train_time))
    print("train accuracy: %.4f" % acc_tr)
    print("test accuracy: %.4f" % acc_te)

    save_model(model_file, parameters, run_meta(args, layers, args.iterations, costs, rule, None))
    write_costs_csv(costs_file, costs, args.cost_every)
    write_cost_curve(curve_file, costs, args.cost_every)
    try:
        os.unlink(ckpt_path)  # the finished model supersedes it
    except FileNotFoundError:
        pass
    print(f"wrote {model_file}, {costs_file}, {curve_file}")
    return 0
