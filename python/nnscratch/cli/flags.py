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
}
INITS = ("scaled", "xavier", "he")
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


INT = _flag_type("int")
FLOAT = _flag_type("float")
POSITIVE_INT = _flag_type("int", _positive)
NON_NEGATIVE_INT = _flag_type("int", _non_negative)
POSITIVE_FLOAT = _flag_type("float", _positive_number)
SIZE = _flag_type("int", _size)
FRACTION = _flag_type("float", _fraction)


def non_empty(text):
    """--data, --model and predict's target: a file or folder name, not ""."""
    if text == "":
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def init_choice(text):
    """--init: one of INITS."""
    if text not in INITS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {quote_text(text)} (choose from {', '.join(quote_text(c) for c in INITS)})")
    return text


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
