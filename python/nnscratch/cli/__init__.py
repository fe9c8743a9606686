"""Command line: ``nnscratch train | predict | evaluate | parity-report`` (also ``python -m nnscratch``).

The R twin is ``Rscript inst/nnscratch.R`` (R/cli-main.R) with the same sub-commands,
flags, printed lines and usage-error sentences.
"""
from __future__ import annotations

import argparse
import sys

from .common import fail, os_error_text
from .flags import DEFAULTS, EPOCHS, FRACTION, INITS, INT, LR_SCHEDULES, MAX_SIZE, NON_NEGATIVE_FLOAT, \
    NON_NEGATIVE_INT, OPTIMIZERS, POSITIVE_FLOAT, POSITIVE_INT, SIZE, UNIT, init_choice, non_empty, \
    optimizer_choice, parse_hidden, parse_labels, schedule_choice, train_flags_problem

_INIT_METAVAR = "{" + ",".join(INITS) + "}"
_OPTIMIZER_METAVAR = "{" + ",".join(OPTIMIZERS) + "}"
_SCHEDULE_METAVAR = "{" + ",".join(LR_SCHEDULES) + "}"


def _add_recipe_flags(t):
    """The flags of the training recipe (issue 13): update rule, mini-batches, schedule, regularization,
    standardization, validation split and early stopping (R twin: the same rows of cli_flags("train"))."""
    d = DEFAULTS
    t.add_argument("--optimizer", type=optimizer_choice, default=d["optimizer"], metavar=_OPTIMIZER_METAVAR,
                   help=f"update rule (default {d['optimizer']})")
    t.add_argument("--batch-size", type=POSITIVE_INT, default=None, metavar="N",
                   help="mini-batch size: train by epochs (default %d when --epochs is given; neither: "
                        "full-batch --iterations)" % d["batch_size"])
    t.add_argument("--epochs", type=EPOCHS, default=None, metavar="N",
                   help="passes over the training set: train by epochs (default %d when --batch-size is "
                        "given; neither: full-batch --iterations)" % d["epochs"])
    t.add_argument("--beta1", type=UNIT, default=d["beta1"], metavar="B",
                   help="momentum's beta and Adam's beta1 (default %g)" % d["beta1"])
    t.add_argument("--beta2", type=UNIT, default=d["beta2"], metavar="B",
                   help="RMSprop's and Adam's beta2 (default %g)" % d["beta2"])
    t.add_argument("--epsilon", type=POSITIVE_FLOAT, default=d["epsilon"], metavar="E",
                   help="RMSprop's and Adam's epsilon (default %g)" % d["epsilon"])
    t.add_argument("--lr-schedule", type=schedule_choice, default=d["lr_schedule"], metavar=_SCHEDULE_METAVAR,
                   help=f"learning rate per epoch (default {d['lr_schedule']})")
    t.add_argument("--lr-decay", type=NON_NEGATIVE_FLOAT, default=d["lr_decay"], metavar="D",
                   help="decay rate of the learning-rate schedule (default %g)" % d["lr_decay"])
    t.add_argument("--lr-interval", type=POSITIVE_INT, default=d["lr_interval"], metavar="N",
                   help="epochs per step of the step schedule (default %d)" % d["lr_interval"])
    t.add_argument("--l2", type=NON_NEGATIVE_FLOAT, default=d["l2"], metavar="LAMBDA",
                   help="L2 regularization strength (default %g)" % d["l2"])
    t.add_argument("--dropout", type=UNIT, default=d["dropout"], metavar="P",
                   help="probability of dropping a hidden unit, in [0, 1) (default %g)" % d["dropout"])
    t.add_argument("--standardize", action="store_true",
                   help="scale each input feature by the mean and std of the training split")
    t.add_argument("--val-size", type=UNIT, default=d["val_size"], metavar="F",
                   help="fraction of the training split held out for validation (default %g: none)" % d["val_size"])
    t.add_argument("--patience", type=NON_NEGATIVE_INT, default=d["patience"], metavar="N",
                   help="stop after N epochs without a lower validation cost, keep the best epoch "
                        "(default %d: no early stopping; needs --val-size)" % d["patience"])


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
    _add_recipe_flags(t)
    t.add_argument("--size", type=SIZE, default=DEFAULTS["size"],
                   help="images are resized to SIZE x SIZE, at most %d (default %d)" % (MAX_SIZE, DEFAULTS["size"]))
    t.add_argument("--test-size", type=FRACTION, default=DEFAULTS["test_size"],
                   help="fraction held out for testing (default %g)" % DEFAULTS["test_size"])
    t.add_argument("--cost-every", type=POSITIVE_INT, default=DEFAULTS["cost_every"],
                   help="record the cost every N iterations (default %d)" % DEFAULTS["cost_every"])
    t.add_argument("--out", default=DEFAULTS["out"],
                   help=f"output folder for model.txt, costs.csv (history.csv by epochs), cost_curve.png "
                        f"(default {DEFAULTS['out']})")
    t.add_argument("--quiet", action="store_true", help="no progress bar (by epochs: no line per epoch)")
    t.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")
    t.add_argument("--checkpoint-every", type=NON_NEGATIVE_INT, default=0, metavar="N",
                   help="write OUT/checkpoint.txt every N iterations, or epochs by epochs (default 0: only on "
                        "interruption)")
    t.add_argument("--resume", nargs="?", const="", default=None, metavar="CHECKPOINT",
                   help="continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations (by epochs: "
                        "--epochs, default the checkpoint's) in total; the network, seed, init, learning rate "
                        "and training recipe come from the checkpoint")

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

    wt = sub.add_parser("walkthrough", help="one training iteration of a tiny network, every intermediate, "
                        "Python | R side by side")
    wt.add_argument("--r-dir", metavar="DIR", help="R folder to compare with (default $NNSCRATCH_R_DIR, else the "
                    "checkout's R/); given and R cannot start: exit status 2")
    return p


def _subparser(parser, command):
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def main(argv=None):
    """Run one sub-command; returns the exit status (0 ok, 1 nothing predicted, 2 error,
    3 training diverged, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        problem = train_flags_problem(args)
        if problem:
            _subparser(parser, "train").error(problem)  # status 2, like a bad value
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
        if args.command == "walkthrough":
            from .walkthrough import cmd_walkthrough

            return cmd_walkthrough(args)
        from ..parity.report import cmd_parity_report  # the only other sub-command argparse lets through

        return cmd_parity_report(args)
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:  # a net under the specific messages: no traceback for a file the system refuses
        return fail(os_error_text(exc))
    except KeyboardInterrupt:
        print("nnscratch: interrupted", file=sys.stderr)
        return 130
