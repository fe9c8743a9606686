"""Command line: ``nnscratch train | predict | evaluate | parity-report | walkthrough | lab`` (also ``python -m nnscratch``).

The R twin is ``Rscript inst/nnscratch.R`` (R/cli-main.R) with the same sub-commands,
flags, printed lines and usage-error sentences.
"""
from __future__ import annotations

import argparse
import sys

from .common import fail, os_error_text
from .flags import DEFAULTS, INIT_METAVAR, INT, POSITIVE_FLOAT, POSITIVE_INT, add_train_flags, init_choice, \
    non_empty, parse_hidden, train_flags_problem


def build_parser():
    """The argparse parser of every sub-command (the R twin builds its optparse tables from the same flags)."""
    p = argparse.ArgumentParser(prog="nnscratch", description="A feed-forward neural network from scratch "
                                "(Python twin of the R implementation).")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train on an image folder (default: the embedded sample data)")
    add_train_flags(t)

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
    rep.add_argument("--lr", type=POSITIVE_FLOAT, default=DEFAULTS["lr_full_batch"])
    rep.add_argument("--seed", type=INT, default=DEFAULTS["seed"])
    rep.add_argument("--init", type=init_choice, default=DEFAULTS["init"], metavar=INIT_METAVAR)
    rep.add_argument("--r-dir", metavar="DIR", help="R folder to compare with (default $NNSCRATCH_R_DIR, else the "
                     "checkout's R/)")

    wt = sub.add_parser("walkthrough", help="one training iteration of a tiny network, every intermediate, "
                        "Python | R side by side")
    wt.add_argument("--r-dir", metavar="DIR", help="R folder to compare with (default $NNSCRATCH_R_DIR, else the "
                    "checkout's R/); given and R cannot start: exit status 2")
    from .lab import add_lab_parser

    add_lab_parser(sub)
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
        if args.command == "lab":
            from .lab import cmd_lab

            return cmd_lab(args)
        from ..parity.report import cmd_parity_report  # the only other sub-command argparse lets through

        return cmd_parity_report(args)
    except (FileNotFoundError, NotADirectoryError, ValueError) as exc:
        return fail(str(exc))
    except OSError as exc:  # a net under the specific messages: no traceback for a file the system refuses
        return fail(os_error_text(exc))
    except KeyboardInterrupt:
        print("nnscratch: interrupted", file=sys.stderr)
        return 130
