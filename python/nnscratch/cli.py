"""Command line: ``nnscratch train | predict | evaluate | parity-report`` (also ``python -m nnscratch``).

The R twin is ``Rscript inst/nnscratch.R`` with the same sub-commands and flags.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

#: Settings that learn on the sample data in seconds. The notebook's own settings
#: (tiny "scaled" init, lr 0.0075) stay at cost 0.693 for thousands of iterations;
#: they are one flag away: --init scaled --lr 0.0075 --hidden 7,5.
DEFAULTS = {
    "hidden": "16,8",
    "lr": 0.02,
    "iterations": 600,
    "seed": 1,
    "init": "he",
    "size": 32,
    "test_size": 0.15,
    "cost_every": 10,
    "out": "out",
}


def checkout_root():
    """The repository root when running from a checkout (editable install), else None."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "data" / "sample").is_dir() else None


def default_data_dir():
    root = checkout_root()
    return None if root is None else root / "data" / "sample"


def parse_hidden(text):
    try:
        dims = [int(v) for v in text.split(",") if v.strip() != ""]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--hidden must be comma-separated positive integers, e.g. 7,5; got {text!r}")
    if any(d < 1 for d in dims):
        raise argparse.ArgumentTypeError(f"--hidden must be comma-separated positive integers, e.g. 7,5; got {text!r}")
    return dims


_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")


def _flag_type(kind, check=None):
    """An argparse ``type=`` function named ``kind`` ("int" or "float").

    Text that is not a number gives argparse's own "invalid int value: 'x'";
    a number out of range gives "must be ...; got ..." (``check(value)`` returns
    that sentence, or None when the value is fine). The rules and sentences are
    those of the R command line (R/cli.R): integers are ASCII digits with an
    optional sign, floats decimal numbers (no nan, inf, hexadecimal or "_").
    """
    pattern = _INT_TEXT if kind == "int" else _FLOAT_TEXT

    def convert(text):
        text = text.strip(" \t\r\n")
        if not pattern.fullmatch(text):
            raise ValueError(text)
        value = int(text) if kind == "int" else float(text)
        if kind == "float" and not math.isfinite(value):  # 1e999
            raise ValueError(text)
        problem = check(value) if check is not None else None
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    convert.__name__ = kind  # argparse names the type in "invalid int value: 'x'"
    return convert


def _positive(value):
    return None if value >= 1 else f"must be a positive integer; got {value}"


def _non_negative(value):
    return None if value >= 0 else f"must be a non-negative integer; got {value}"


def _positive_number(value):
    return None if value > 0 else f"must be a positive number; got {value!r}"


INT = _flag_type("int")
FLOAT = _flag_type("float")
POSITIVE_INT = _flag_type("int", _positive)
NON_NEGATIVE_INT = _flag_type("int", _non_negative)
POSITIVE_FLOAT = _flag_type("float", _positive_number)


def parse_labels(text):
    out = {}
    for item in text.split(","):
        if "=" not in item:
            raise argparse.ArgumentTypeError(f"--labels must look like Cat=1,Dog=0; got {text!r}")
        name, lab = item.split("=", 1)
        out[name] = int(lab)
    return out


def build_parser():
    p = argparse.ArgumentParser(prog="nnscratch", description="A feed-forward neural network from scratch (Python twin of the R implementation).")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train on an image folder (default: the embedded sample data)")
    t.add_argument("--data", help="folder with one sub-folder per class (default: data/sample of this checkout)")
    t.add_argument("--labels", type=parse_labels, default={"Cat": 1, "Dog": 0}, help="class folder to label, e.g. Cat=1,Dog=0 (default)")
    t.add_argument("--hidden", type=parse_hidden, default=parse_hidden(DEFAULTS["hidden"]), help=f"hidden layer widths (default {DEFAULTS['hidden']})")
    t.add_argument("--lr", type=POSITIVE_FLOAT, default=DEFAULTS["lr"], help=f"learning rate (default {DEFAULTS['lr']})")
    t.add_argument("--iterations", type=POSITIVE_INT, default=DEFAULTS["iterations"], help=f"gradient steps (default {DEFAULTS['iterations']})")
    t.add_argument("--seed", type=INT, default=DEFAULTS["seed"], help="seed of the initial weights and of the train/test split (default 1)")
    t.add_argument("--init", default=DEFAULTS["init"], choices=["scaled", "xavier", "he"], help=f"weight init recipe (default {DEFAULTS['init']}; the notebook's is scaled)")
    t.add_argument("--size", type=POSITIVE_INT, default=DEFAULTS["size"], help="images are resized to SIZE x SIZE (default 32)")
    t.add_argument("--test-size", type=FLOAT, default=DEFAULTS["test_size"], help="fraction held out for testing (default 0.15)")
    t.add_argument("--cost-every", type=POSITIVE_INT, default=DEFAULTS["cost_every"], help="record the cost every N iterations (default 10)")
    t.add_argument("--out", default=DEFAULTS["out"], help="output folder for model.txt, costs.csv, cost_curve.png (default out)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")
    t.add_argument("--checkpoint-every", type=NON_NEGATIVE_INT, default=0, metavar="N",
                   help="write OUT/checkpoint.txt every N iterations (default 0: only on interruption)")
    t.add_argument("--resume", nargs="?", const="", default=None, metavar="CHECKPOINT",
                   help="continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations in total; "
                        "the network, seed, init and learning rate come from the checkpoint")

    pr = sub.add_parser("predict", help="probability and label for an image or every image of a folder")
    pr.add_argument("--model", required=True, help="model file written by train")
    pr.add_argument("target", help="an image file or a folder of images")

    ev = sub.add_parser("evaluate", help="accuracy and confusion matrix of a model on an image folder")
    ev.add_argument("--model", required=True)
    ev.add_argument("--data", help="folder with one sub-folder per class (default: data/sample)")
    ev.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")

    rep = sub.add_parser("parity-report", help="run Python and R side by side and print the largest differences")
    rep.add_argument("--data", help="image folder (default: data/sample)")
    rep.add_argument("--iterations", type=POSITIVE_INT, default=100)
    rep.add_argument("--hidden", type=parse_hidden, default=parse_hidden(DEFAULTS["hidden"]))
    rep.add_argument("--lr", type=POSITIVE_FLOAT, default=DEFAULTS["lr"])
    rep.add_argument("--seed", type=INT, default=DEFAULTS["seed"])
    rep.add_argument("--init", default=DEFAULTS["init"], choices=["scaled", "xavier", "he"])
    return p


def fail(msg, code=2):
    print(f"nnscratch: error: {msg}", file=sys.stderr)
    return code


def resolve_data(arg):
    data = Path(arg) if arg else default_data_dir()
    if data is None:
        raise FileNotFoundError("no --data given and no sample data found (it ships with a checkout of nnscratch, in data/sample)")
    return data


def load_split(data, labels, size, test_size, seed, cache=True):
    """create_dataset -> train_test_split -> flatten: returns dict of X/Y train/test and the dataset."""
    from .dataset import create_dataset
    from .split import flatten_images, labels_to_row, train_test_split

    ds = create_dataset(data, size=size, labels=labels, warn=False, cache=cache)
    X, y = ds
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=seed)
    return {
        "dataset": ds,
        "X_train": flatten_images(X_tr), "Y_train": labels_to_row(y_tr),
        "X_test": flatten_images(X_te), "Y_test": labels_to_row(y_te),
    }


class _Sigterm:
    """SIGTERM raises KeyboardInterrupt while training, so it is handled like Ctrl-C."""

    def __enter__(self):
        import signal

        def handler(signum, frame):
            raise KeyboardInterrupt

        try:
            self.old = signal.signal(signal.SIGTERM, handler)
        except ValueError:  # not the main thread
            self.old = None
        return self

    def __exit__(self, *exc):
        import signal

        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def _resume_settings(args):
    """With --resume: read the checkpoint and take the run's settings from it."""
    from .model_io import load_model

    path = Path(args.resume) if args.resume else Path(args.out) / "checkpoint.txt"
    if not path.is_file():
        raise FileNotFoundError(f"--resume: no checkpoint at {path}")
    parameters, meta = load_model(path)
    for key in ("seed", "init", "learning_rate", "iterations", "cost_every", "costs"):
        if key not in meta:
            raise ValueError(f"--resume: {path} is a model without {key!r}; it cannot be resumed")
    args.hidden = meta["architecture"][1:-1]
    args.seed, args.init, args.lr = meta["seed"], meta["init"], meta["learning_rate"]
    args.cost_every = meta["cost_every"]
    args.size = meta.get("image_size", args.size)
    args.labels = meta.get("labels", args.labels)
    return path, parameters, meta


def _meta(args, layers, iterations_done, costs):
    return {"architecture": layers, "init": args.init, "seed": args.seed, "learning_rate": args.lr,
            "iterations": iterations_done, "image_size": args.size, "labels": args.labels,
            "created_by": "python", "cost_every": args.cost_every, "costs": costs}


def cmd_train(args):
    from .model_io import save_model
    from .plot import write_cost_curve, write_costs_csv
    from .predict import predict_labels
    from .train import TrainingDiverged, TrainingInterrupted, dense_nn

    resume = _resume_settings(args) if args.resume is not None else None
    data = resolve_data(args.data)
    t0 = time.perf_counter()
    d = load_split(data, args.labels, args.size, args.test_size, args.seed, cache=not args.no_cache)
    ds = d["dataset"]
    X, y = ds
    counts = ", ".join(f"{name}: {int(np.sum(y == lab))}" for name, lab in args.labels.items())
    skipped = getattr(ds, "skipped", [])
    print(f"data: {data}: {len(y)} images ({counts}), {len(skipped)} skipped, loaded in {time.perf_counter() - t0:.2f} s")
    for f, reason in skipped:
        print(f"  skipped {f}: {reason}")
    m_tr, m_te = d["X_train"].shape[1], d["X_test"].shape[1]
    print(f"split: {m_tr} train, {m_te} test (test_size {args.test_size}, random_state {args.seed})")
    layers = [d["X_train"].shape[0], *args.hidden, 1]
    print(f"network: {layers}, init {args.init}, seed {args.seed}, learning rate {args.lr}, {args.iterations} iterations")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ckpt_path = out / "checkpoint.txt"
    start, prior_costs, start_params = 0, [], None
    if resume is not None:
        path, start_params, meta = resume
        if meta["architecture"] != layers:
            raise ValueError(f"--resume: {path} is for a network {meta['architecture']}, the data gives {layers}")
        start, prior_costs = meta["iterations"], list(meta["costs"])
        print(f"resuming from {path} at iteration {start}")
        if start >= args.iterations:
            raise ValueError(f"--resume: {path} has already done {start} iterations (--iterations is {args.iterations})")

    def save_checkpoint(done, parameters, costs):
        save_model(ckpt_path, parameters, _meta(args, layers, done, prior_costs + costs))

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
        parameters, costs = dense_nn(d["X_train"], d["Y_train"], layers, learning_rate=args.lr,
                                     num_iterations=args.iterations - start, seed=args.seed, init=args.init,
                                     parameters=start_params, cost_every=args.cost_every, callback=callback,
                                     start_iteration=start, checkpoint=save_checkpoint,
                                     checkpoint_every=args.checkpoint_every)
    except TrainingInterrupted as exc:
        if bar is not None:
            bar.close()
        save_checkpoint(exc.iteration, exc.parameters, exc.costs)
        print(f"interrupted after {exc.iteration} iterations; saved {ckpt_path} "
              f"(continue with: nnscratch train --resume --out {out} --iterations {args.iterations})", file=sys.stderr)
        return 130
    except TrainingDiverged as exc:
        if bar is not None:
            bar.close()
        save_checkpoint(exc.iteration, exc.parameters, exc.costs)
        print(f"nnscratch: error: {exc}; the last good parameters (iteration {exc.iteration}) are in {ckpt_path}",
              file=sys.stderr)
        return 3
    if bar is not None:
        bar.close()
    costs = prior_costs + costs
    train_time = time.perf_counter() - t1
    _, acc_tr = predict_labels(d["X_train"], d["Y_train"], parameters)
    _, acc_te = predict_labels(d["X_test"], d["Y_test"], parameters)
    print(f"final cost: {costs[-1]:.6f} (recorded at iteration {(len(costs) - 1) * args.cost_every}), training took {train_time:.2f} s")
    print(f"train accuracy: {acc_tr:.4f}")
    print(f"test accuracy: {acc_te:.4f}")

    save_model(out / "model.txt", parameters, _meta(args, layers, args.iterations, costs))
    write_costs_csv(out / "costs.csv", costs, args.cost_every)
    write_cost_curve(out / "cost_curve.png", costs, args.cost_every)
    if ckpt_path.exists():
        ckpt_path.unlink()  # the finished model supersedes it
    print(f"wrote {out / 'model.txt'}, {out / 'costs.csv'}, {out / 'cost_curve.png'}")
    return 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            with _Sigterm():  # SIGTERM behaves like Ctrl-C from here on
                return cmd_train(args)
        if args.command == "predict":
            from .cli_predict import cmd_predict

            return cmd_predict(args)
        if args.command == "evaluate":
            from .cli_predict import cmd_evaluate

            return cmd_evaluate(args)
        if args.command == "parity-report":
            from .parity_report import cmd_parity_report

            return cmd_parity_report(args)
    except (FileNotFoundError, ValueError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        print("nnscratch: interrupted", file=sys.stderr)
        return 130
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
