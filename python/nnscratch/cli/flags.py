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

#: The defaults of ``train``, in one table. Two training modes: without --iterations, training by
#: epochs with the recipe chosen from measurements (bench/README.md, "Default recipe": Adam at lr
#: 0.001, batches of 128, 20 epochs, standardized inputs reach ~0.73 test accuracy on a 25,000-image
#: set in ~10 s, where full-batch gd reached 0.57 in 168 s); with --iterations N, the notebook's
#: full-batch loop, whose defaults are the ``*_full_batch`` entries (gd, lr 0.02, no standardization).
#: The notebook's own settings (tiny "scaled" init, lr 0.0075) are flags away:
#: --iterations 5000 --init scaled --lr 0.0075 --hidden 7,5.
DEFAULTS = {
    "hidden": "16,8",
    "lr": 0.001,
    "lr_full_batch": 0.02,
    "iterations": 600,
    "seed": 1,
    "init": "he",
    "size": 32,
    "test_size": 0.15,
    "cost_every": 10,
    "out": "out",
    "labels": "Cat=1,Dog=0",
    "optimizer": "adam",
    "optimizer_full_batch": "gd",
    "batch_size": 128,
    "epochs": 20,
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
    "standardize": True,  # --standardize / --no-standardize
    "standardize_full_batch": False,
}
INITS = ("scaled", "xavier", "he")
#: --optimizer: the update rules of engine/rules.py (RULES), in its order.
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
#: --lr-schedule: schedules.SCHEDULES.
LR_SCHEDULES = ("constant", "step", "inverse", "exponential")
#: Flags of training by epochs only: refused (when typed) with --iterations (full-batch training).
#: --no-standardize is accepted there (it is that mode's default).
EPOCHS_ONLY = ("lr_schedule", "lr_decay", "lr_interval", "l2", "dropout", "standardize", "val_size", "patience")
#: Flags of full-batch training only (--iterations itself aside): refused without --iterations.
FULL_BATCH_ONLY = ("cost_every",)
#: The train flags parsed to None when not typed (their defaults are filled in by fill_train_defaults, after
#: the mode is known and a checkpoint's settings are taken): a flag counts as given when it is typed, even
#: at its default value.
TYPED = ("labels", "hidden", "lr", "iterations", "seed", "init", "optimizer", "batch_size", "epochs", "beta1",
         "beta2", "epsilon", "lr_schedule", "lr_decay", "lr_interval", "l2", "dropout", "val_size", "patience",
         "size", "test_size", "cost_every")
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
    """Does this train run train by epochs? Yes unless --iterations is typed (full-batch training)."""
    return args.iterations is None


def _flag(key):
    return "--" + key.replace("_", "-")


def train_flags_problem(args):
    """The usage error of a combination of typed train flags, or None (R twin: train_flags_problem).

    Reads the flags as parsed (None: not typed), before fill_train_defaults. --patience needs
    --val-size; --standardize and --no-standardize exclude each other. Without --resume: with
    --iterations (full-batch training) --epochs, --batch-size and the flags of training by epochs
    (EPOCHS_ONLY) are refused; without it (training by epochs) --cost-every is. A typed flag counts
    even at its default value (``--iterations 600`` selects full-batch training).
    """
    if args.patience is not None and args.patience > 0 and not args.val_size:
        return "argument --patience: needs --val-size (early stopping watches the validation cost)"
    if args.standardize and args.no_standardize:
        return "argument --no-standardize: not allowed with argument --standardize"
    if args.resume is not None:
        return None  # the mode and the recipe come from the checkpoint (train.py / train_epochs.py check them)
    if not epochs_mode(args):
        if args.epochs is not None or args.batch_size is not None:
            return ("argument --iterations: not used with --epochs or --batch-size (mini-batch training runs "
                    "--epochs epochs and records the cost of each)")
        for key in EPOCHS_ONLY:
            if getattr(args, key) is not None:
                return (f"argument {_flag(key)}: not used with --iterations (full-batch training); leave "
                        "--iterations out to train by epochs")
        return None
    for key in FULL_BATCH_ONLY:
        if getattr(args, key) is not None:
            return (f"argument {_flag(key)}: needs --iterations (full-batch training); training by epochs "
                    "records the cost of each epoch")
    return None


def default_value(key, full_batch):
    """The default of a train flag (args attribute ``key``) in a mode, converted as the flag's value."""
    text = DEFAULTS.get(key + "_full_batch", DEFAULTS[key]) if full_batch else DEFAULTS[key]
    if key == "hidden":
        return parse_hidden(text)
    if key == "labels":
        return parse_labels(text)
    return text


def fill_train_defaults(args, full_batch):
    """Give every train flag that was not typed (still None) its default in the mode (R twin:
    fill_train_defaults): by epochs (``full_batch`` false) the recipe of DEFAULTS, leaving --iterations
    and --cost-every None; full-batch the ``*_full_batch`` entries, leaving --epochs and --batch-size None.
    Called after a checkpoint's settings are taken (they are not None then). ``--no-standardize`` makes
    ``standardize`` False. Returns ``args``."""
    unused = ("epochs", "batch_size") if full_batch else ("iterations", "cost_every")
    for key in TYPED:
        if getattr(args, key) is None and key not in unused:
            setattr(args, key, default_value(key, full_batch))
    if args.standardize is None:
        args.standardize = False if args.no_standardize else default_value("standardize", full_batch)
    return args


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


# -- the train flags (argparse); R twin: the train table of cli_flags in R/cli-flags.R -------------------------

INIT_METAVAR = "{" + ",".join(INITS) + "}"
OPTIMIZER_METAVAR = "{" + ",".join(OPTIMIZERS) + "}"
SCHEDULE_METAVAR = "{" + ",".join(LR_SCHEDULES) + "}"


def add_train_flags(t):
    """The flags of ``nnscratch train`` on the argparse (sub)parser ``t``.

    The flags of TYPED parse to None when not typed and the two switches --standardize and
    --no-standardize to None when absent: fill_train_defaults gives the defaults, once the mode
    (--iterations typed or not) is known. Their help texts state the defaults of DEFAULTS.
    """
    d = DEFAULTS
    t.add_argument("--data", type=non_empty, help="folder with one sub-folder per class (default: data/sample of "
                   "this checkout)")
    t.add_argument("--labels", type=parse_labels, help=f"class folder to label (default {d['labels']})")
    t.add_argument("--hidden", type=parse_hidden, help=f"hidden layer widths (default {d['hidden']})")
    t.add_argument("--lr", type=POSITIVE_FLOAT, help="learning rate (default %g by epochs, %g with --iterations)"
                   % (d["lr"], d["lr_full_batch"]))
    t.add_argument("--iterations", type=POSITIVE_INT,
                   help="train full-batch (the notebook's loop) for N gradient steps in total; without it: by "
                        "epochs (default %d when resuming a full-batch checkpoint)" % d["iterations"])
    t.add_argument("--seed", type=INT, help="seed of the initial weights and of the train/test split (default %d)"
                   % d["seed"])
    t.add_argument("--init", type=init_choice, metavar=INIT_METAVAR,
                   help=f"weight init recipe (default {d['init']}; the notebook's is scaled)")
    t.add_argument("--optimizer", type=optimizer_choice, metavar=OPTIMIZER_METAVAR,
                   help=f"update rule (default {d['optimizer']} by epochs, {d['optimizer_full_batch']} with "
                        "--iterations)")
    t.add_argument("--batch-size", type=POSITIVE_INT, metavar="N",
                   help="mini-batch size (default %d; not with --iterations)" % d["batch_size"])
    t.add_argument("--epochs", type=EPOCHS, metavar="N",
                   help="passes over the training set (default %d; not with --iterations)" % d["epochs"])
    t.add_argument("--beta1", type=UNIT, metavar="B", help="momentum's beta and Adam's beta1 (default %g)" % d["beta1"])
    t.add_argument("--beta2", type=UNIT, metavar="B", help="RMSprop's and Adam's beta2 (default %g)" % d["beta2"])
    t.add_argument("--epsilon", type=POSITIVE_FLOAT, metavar="E",
                   help="RMSprop's and Adam's epsilon (default %g)" % d["epsilon"])
    t.add_argument("--lr-schedule", type=schedule_choice, metavar=SCHEDULE_METAVAR,
                   help=f"learning rate per epoch (default {d['lr_schedule']})")
    t.add_argument("--lr-decay", type=NON_NEGATIVE_FLOAT, metavar="D",
                   help="decay rate of the learning-rate schedule (default %g)" % d["lr_decay"])
    t.add_argument("--lr-interval", type=POSITIVE_INT, metavar="N",
                   help="epochs per step of the step schedule (default %d)" % d["lr_interval"])
    t.add_argument("--l2", type=NON_NEGATIVE_FLOAT, metavar="LAMBDA", help="L2 regularization strength (default %g)"
                   % d["l2"])
    t.add_argument("--dropout", type=UNIT, metavar="P",
                   help="probability of dropping a hidden unit, in [0, 1) (default %g)" % d["dropout"])
    t.add_argument("--standardize", action="store_const", const=True,
                   help="scale each input feature by the mean and std of the training split (the default by "
                        "epochs)")
    t.add_argument("--no-standardize", action="store_const", const=True,
                   help="train on the unscaled pixel values (the default with --iterations)")
    t.add_argument("--val-size", type=UNIT, metavar="F",
                   help="fraction of the training split held out for validation (default %g: none)" % d["val_size"])
    t.add_argument("--patience", type=NON_NEGATIVE_INT, metavar="N",
                   help="stop after N epochs without a lower validation cost, keep the best epoch "
                        "(default %d: no early stopping; needs --val-size)" % d["patience"])
    t.add_argument("--size", type=SIZE,
                   help="images are resized to SIZE x SIZE, at most %d (default %d)" % (MAX_SIZE, d["size"]))
    t.add_argument("--test-size", type=FRACTION, help="fraction held out for testing (default %g)" % d["test_size"])
    t.add_argument("--cost-every", type=POSITIVE_INT,
                   help="record the cost every N iterations, with --iterations (default %d)" % d["cost_every"])
    t.add_argument("--out", default=d["out"],
                   help=f"output folder for model.txt, costs.csv (history.csv by epochs), cost_curve.png "
                        f"(default {d['out']})")
    t.add_argument("--quiet", action="store_true", help="no progress bar (by epochs: no line per epoch)")
    t.add_argument("--no-cache", action="store_true", help="decode every image again (no .nnscratch-cache)")
    t.add_argument("--checkpoint-every", type=NON_NEGATIVE_INT, default=0, metavar="N",
                   help="write OUT/checkpoint.txt every N iterations, or epochs by epochs (default 0: only on "
                        "interruption)")
    t.add_argument("--threads", type=POSITIVE_INT, default=None, metavar="N",
                   help="threads for training (default: automatic: the free cores, one on a busy machine)")
    t.add_argument("--resume", nargs="?", const="", default=None, metavar="CHECKPOINT",
                   help="continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations (by epochs: "
                        "--epochs, default the checkpoint's) in total; the network, seed, init, learning rate "
                        "and training recipe come from the checkpoint")
