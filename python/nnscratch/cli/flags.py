"""The command line's flag values: defaults and value types (R twin: R/cli-flags.R).

A value that is not a number gives ``invalid int value: 'x'`` (or float; an
integer is at most 2**53 - 1 in size, what R holds exactly); a number out of
range ``must be ...; got ...``; argparse puts ``argument --flag: `` in front.
R's command line prints the same sentences. Every type function raises
``argparse.ArgumentTypeError`` only (any other exception would make argparse
print ``invalid <function name> value``).
"""
from __future__ import annotations

import argparse
import math
import re

from ..utils.format import quote_text

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
    "labels": "Cat=1,Dog=0",
    # the epochs engine (issue 13): giving --epochs or --batch-size selects it, the other then takes its default
    "optimizer": "gd",
    "batch_size": 64,
    "epochs": 10,
    "beta1": 0.9,
    "beta2": 0.999,
    "epsilon": 1e-8,
    "lr_schedule": "constant",
    "lr_decay": 0.0,
    "lr_interval": 10,
    "l2": 0.0,
    "dropout": 0.0,
    "val_size": 0.0,
    "patience": 0,
    "standardize": False,  # a switch
}
INITS = ("scaled", "xavier", "he")
#: --optimizer: the update rules of engine/rules.py (RULES), in its order.
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
#: --lr-schedule: schedules.SCHEDULES.
LR_SCHEDULES = ("constant", "step", "inverse", "exponential")
#: Flags of the epochs engine only: refused (when not at their default) by full-batch --iterations training.
EPOCHS_ONLY = ("lr_schedule", "lr_decay", "lr_interval", "l2", "dropout", "standardize", "val_size", "patience")
#: Largest --epochs (as ITERATIONS_MAX for --iterations).
EPOCHS_MAX = 10**9
#: Largest --size (and image_size of a model file): a 512 x 512 x 3 input is
#: 786,432 values, 6 MiB of doubles per image; 100000 would ask OpenCV for 30 GB.
MAX_SIZE = 512
#: Largest model file predict/evaluate read (the notebook's largest network is a few MB).
MAX_MODEL_BYTES = 2**30
#: Largest integer a flag takes (2**53 - 1: R holds it exactly).
_INT_MAX = 2**53 - 1

_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")
_BLANKS = " \t\r\n"


def _flag_type(kind, check=None):
    """An argparse ``type=`` function for "int" or "float" values.

    Integers are ASCII digits with an optional sign, floats decimal numbers (no
    nan, inf, hexadecimal or "_"); ``check(value)`` returns the "must be ...;
    got ..." sentence for a value out of range, or None.
    """
    pattern = _INT_TEXT if kind == "int" else _FLOAT_TEXT

    def convert(text):
        stripped = text.strip(_BLANKS)
        value = None
        if pattern.fullmatch(stripped) and (kind == "float" or len(stripped.lstrip("+-").lstrip("0")) <= 16):
            value = int(stripped) if kind == "int" else float(stripped)
        if kind == "int" and value is not None and abs(value) > _INT_MAX:
            value = None
        if value is None or (kind == "float" and not math.isfinite(value)):  # 1e999
            raise argparse.ArgumentTypeError(f"invalid {kind} value: {quote_text(text)}")
        problem = check(value) if check is not None else None
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return convert


def _positive(value):
    return None if value >= 1 else "must be a positive integer; got %d" % value


def _non_negative(value):
    return None if value >= 0 else "must be a non-negative integer; got %d" % value


def _positive_number(value):
    return None if value > 0 else "must be a positive number; got %g" % value


def _size(value):
    if value < 1:
        return _positive(value)
    return None if value <= MAX_SIZE else "must be at most %d; got %d" % (MAX_SIZE, value)


def _fraction(value):
    return None if 0 < value < 1 else "must be a number in the (0, 1) range; got %g" % value


def _unit(value):
    """[0, 1): --beta1, --beta2, --dropout, --val-size (0: none)."""
    return None if 0 <= value < 1 else "must be a number in the [0, 1) range; got %g" % value


def _non_negative_number(value):
    return None if value >= 0 else "must be a non-negative number; got %g" % value


def _epochs(value):
    if value < 1:
        return _positive(value)
    return None if value <= EPOCHS_MAX else "must be at most %d; got %d" % (EPOCHS_MAX, value)


INT = _flag_type("int")
FLOAT = _flag_type("float")
POSITIVE_INT = _flag_type("int", _positive)
NON_NEGATIVE_INT = _flag_type("int", _non_negative)
POSITIVE_FLOAT = _flag_type("float", _positive_number)
SIZE = _flag_type("int", _size)
FRACTION = _flag_type("float", _fraction)
UNIT = _flag_type("float", _unit)
NON_NEGATIVE_FLOAT = _flag_type("float", _non_negative_number)
EPOCHS = _flag_type("int", _epochs)


def non_empty(text):
    """--data, --model and predict's target: a file or folder name, not ""."""
    if text == "":
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _choice(choices):
    def check(text):
        if text not in choices:
            raise argparse.ArgumentTypeError(
                f"invalid choice: {quote_text(text)} (choose from {', '.join(quote_text(c) for c in choices)})")
        return text

    return check


def init_choice(text):
    """--init: one of INITS."""
    return _choice(INITS)(text)


def optimizer_choice(text):
    """--optimizer: one of OPTIMIZERS."""
    return _choice(OPTIMIZERS)(text)


def schedule_choice(text):
    """--lr-schedule: one of LR_SCHEDULES."""
    return _choice(LR_SCHEDULES)(text)


def epochs_mode(args):
    """Does this train run use the epochs engine? (--epochs or --batch-size given)."""
    return args.epochs is not None or args.batch_size is not None


def train_flags_problem(args):
    """The usage error of a combination of train flags, or None (R twin: train_flags_problem).

    --patience needs --val-size; the flags of the epochs engine (EPOCHS_ONLY, when not
    at their default) need --epochs or --batch-size; with those, --iterations and
    --cost-every (when not at their default) are refused: they count full-batch steps.
    A flag is taken as given when its value is not the default (argparse gives no other sign).
    """
    if args.patience > 0 and args.val_size == 0:
        return "argument --patience: needs --val-size (early stopping watches the validation cost)"
    if args.resume is not None:
        return None  # the mode and the recipe come from the checkpoint (train.py / train_epochs.py check them)
    if epochs_mode(args):
        for key in ("iterations", "cost_every"):
            if getattr(args, key) != DEFAULTS[key]:
                flag = "--" + key.replace("_", "-")
                return (f"argument {flag}: not used with --epochs or --batch-size (mini-batch training runs "
                        "--epochs epochs and records the cost of each)")
        return None
    for key in EPOCHS_ONLY:
        if getattr(args, key) != DEFAULTS[key]:
            flag = "--" + key.replace("_", "-")
            return (f"argument {flag}: needs --epochs or --batch-size (mini-batch training); "
                    "--iterations trains full-batch without it")
    return None


def parse_hidden(text):
    """--hidden: comma-separated positive integers (empty pieces ignored), e.g. "16,8" -> [16, 8]."""
    pieces = [v.strip(_BLANKS) for v in text.split(",") if v.strip(_BLANKS) != ""]
    dims = [_int_or_none(v) for v in pieces]
    if not all(d is not None and d >= 1 for d in dims):
        raise argparse.ArgumentTypeError(
            f"--hidden must be comma-separated positive integers, e.g. 7,5; got {quote_text(text)}")
    return dims


def labels_problem(labels):
    """Why a class folder -> label mapping is unusable, or None.

    ``labels``: (name, value) pairs. It must name exactly two different
    sub-folders (not empty, ".", ".." or a path) and map them to 1 and 0.
    Returns "names" or "values" (the sentence depends on where the mapping
    comes from: --labels or a model file).
    """
    names = [n for n, _ in labels]
    if any(n in ("", ".", "..") or "/" in n or "\\" in n for n in names):
        return "names"
    if len(labels) != 2 or len(set(names)) != 2 or sorted(v for _, v in labels) != [0, 1]:
        return "values"
    return None


def parse_labels(text):
    """--labels: two class folders labelled 1 and 0, e.g. "Cat=1,Dog=0" -> {"Cat": 1, "Dog": 0}."""
    pairs = []
    for item in text.split(","):
        name, eq, lab = item.partition("=")
        value = _int_or_none(lab) if eq and _INT_TEXT.fullmatch(lab.strip(_BLANKS)) else None
        if value is None:
            raise argparse.ArgumentTypeError(f"--labels must look like Cat=1,Dog=0; got {quote_text(text)}")
        pairs.append((name, value))
    problem = labels_problem(pairs)
    if problem == "names":
        raise argparse.ArgumentTypeError(f"--labels must name sub-folders of --data (not empty, '.', '..' or a path); "
                                         f"got {quote_text(text)}")
    if problem == "values":
        raise argparse.ArgumentTypeError(f"--labels must map two class folders to 1 and 0, e.g. Cat=1,Dog=0; "
                                         f"got {quote_text(text)}")
    return dict(pairs)


def _int_or_none(text):
    try:
        return INT(text)
    except argparse.ArgumentTypeError:
        return None
