"""Command line: ``nnscratch train | predict | evaluate | parity-report`` (also ``python -m nnscratch``).

The R twin is ``Rscript inst/nnscratch.R`` (R/cli-main.R) with the same sub-commands,
flags, printed lines and usage-error sentences.
"""
from __future__ import annotations

import argparse
import sys

from .common import fail, os_error_text
from .flags import DEFAULTS, FRACTION, INITS, INT, MAX_SIZE, NON_NEGATIVE_INT, POSITIVE_FLOAT, POSITIVE_INT, SIZE, \
    init_choice, non_empty, parse_hidden, parse_labels

_INIT_METAVAR = "{" + ",".join(INITS) + "}"


def build_parser():
    """The argparse parser of every sub-command (the R twin builds its optparse tables from the same flags)."""
    p = argparse.ArgumentParser(prog="nnscratch", description="A feed-forward neural network from scratch "
                                "(Python twin of the R implementation).")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train on an image folder (default: the embedded sample data)")
    t.add_argument("--data", type=non_empty, help="folder with one sub-folder per class (default: data/sample of this checkout)")
    t.add_argument("--labels", type=parse_labels, default=parse_labels(DEFAULTS["labels"]),
                   help=f"class folder to label (default {DEFAULTS['labels']})")
    t.add_argument("--hidden", type=parse_hidden, default=parse_hidden(DEFAULTS["hidden"]),
                   help=f"hidden layer widths (default {DEFAULTS['hidden']})")
    t.add_argument("--lr", type=POSITIVE_FLOAT, default=DEFAULTS["lr"], help="learning rate (default %g)" % DEFAULTS["lr"])
    t.add_argument("--iterations", type=POSITIVE_INT, default=DEFAULTS["iterations"],
                   help="gradient steps (default %d)" % DEFAULTS["iterations"])
    t.add_argument("--seed", type=INT, default=DEFAULTS["seed"],
                   help="seed of the initial weights and of the train/test split (default %d)" % DEFAULTS["seed"])
    t.add_argument("--init", type=init_choice, default=DEFAULTS["init"], metavar=_INIT_METAVAR,
                   help=f"weight init recipe (default {DEFAULTS['init']}; the notebook's is scaled)")
    t.add_argument("--size", type=SIZE, default=DEFAULTS["size"],
                   help="images are resized to SIZE x SIZE, at most %d (default %d)" % (MAX_SIZE, DEFAULTS["size"]))
    t.add_argument("--test-size", type=FRACTION, default=DEFAULTS["test_size"],
                   help="fraction held out for testing (default %g)" % DEFAULTS["test_size"])
    t.add_argument("--cost-every", type=POSITIVE_INT, default=DEFAULTS["cost_every"],
                   help="record the cost every N iterations (default %d)" % DEFAULTS["cost_every"])
    t.add_argument("--out", default=DEFAULTS["out"],
                   help=f"output folder for model.txt, costs.csv, cost_curve.png (default {DEFAULTS['out']})")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")
    t.add_argument("--checkpoint-every", type=NON_NEGATIVE_INT, default=0, metavar="N",
                   help="write OUT/checkpoint.txt every N iterations (default 0: only on interruption)")
    t.add_argument("--resume", nargs="?", const="", default=None, metavar="CHECKPOINT",
                   help="continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations in total; "
                        "the network, seed, init, learning rate and update rule come from the checkpoint")

    pr = sub.add_parser("predict", help="probability and label for an image or every image of a folder")
    pr.add_argument("--model", type=non_empty, required=True, help="model file written by train")
    pr.add_argument("target", type=non_empty, help="an image file or a folder of images")

    ev = sub.add_parser("evaluate", help="accuracy and confusion matrix of a model on an image folder")
    ev.add_argument("--model", type=non_empty, required=True, help="model file written by train")
    ev.add_argument("--data", type=non_empty, help="folder with one sub-folder per class (default: data/sample)")
    ev.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")

    rep = sub.add_parser("parity-report", help="run Python and R side by side and print the largest differences")
    rep.add_argument("--data", type=non_empty, help="image folder (default: data/sample)")
    rep.add_argument("--iterations", type=POSITIVE_INT, default=100)
    rep.add_argument("--hidden", type=parse_hidden, default=parse_hidden(DEFAULTS["hidden"]))
    rep.add_argument("--lr", type=POSITIVE_FLOAT, default=DEFAULTS["lr"])
    rep.add_argument("--seed", type=INT, default=DEFAULTS["seed"])
    rep.add_argument("--init", type=init_choice, default=DEFAULTS["init"], metavar=_INIT_METAVAR)
    return p


def main(argv=None):
    """Run one sub-command; returns the exit status (0 ok, 1 nothing predicted, 2 error,
    3 training diverged, 130 interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "train":
            from .train import INTERRUPTS, cmd_train

            with INTERRUPTS:  # SIGTERM behaves like Ctrl-C from here on, and neither is lost
                return cmd_train(args)
        if args.command == "predict":
            from .predict import cmd_predict

            return cmd_predict(args)
        if args.command == "evaluate":
            from .predict import cmd_evaluate

            return cmd_evaluate(args)
        from ..parity.report import cmd_parity_report  # the only other sub-command argparse lets through

        return cmd_parity_report(args)
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:  # a net under the specific messages: no traceback for a file the system refuses
        return fail(os_error_text(exc))
    except KeyboardInterrupt:
        print("nnscratch: interrupted", file=sys.stderr)
        return 130
