"""The command line's flag values: defaults and value types (R twin: R/cli-flags.R).

A value that is not a number gives ``invalid int value: 'x'`` (or float); a
number out of range ``must be ...; got ...``; argparse puts ``argument --flag: ``
in front. R's command line prints the same sentences.
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
        if pattern.fullmatch(stripped):
            value = int(stripped) if kind == "int" else float(stripped)
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


INT = _flag_type("int")
FLOAT = _flag_type("float")
POSITIVE_INT = _flag_type("int", _positive)
NON_NEGATIVE_INT = _flag_type("int", _non_negative)
POSITIVE_FLOAT = _flag_type("float", _positive_number)


def init_choice(text):
    """--init: one of INITS."""
    if text not in INITS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {quote_text(text)} (choose from {', '.join(quote_text(c) for c in INITS)})")
    return text


def parse_hidden(text):
    """--hidden: comma-separated positive integers (empty pieces ignored), e.g. "16,8" -> [16, 8]."""
    pieces = [v.strip(_BLANKS) for v in text.split(",") if v.strip(_BLANKS) != ""]
    if not all(_INT_TEXT.fullmatch(v) and int(v) >= 1 for v in pieces):
        raise argparse.ArgumentTypeError(
            f"--hidden must be comma-separated positive integers, e.g. 7,5; got {quote_text(text)}")
    return [int(v) for v in pieces]


def parse_labels(text):
    """--labels: class folder to label, e.g. "Cat=1,Dog=0" -> {"Cat": 1, "Dog": 0}."""
    out = {}
    for item in text.split(","):
        name, eq, lab = item.partition("=")
        if not eq or not _INT_TEXT.fullmatch(lab.strip(_BLANKS)):
            raise argparse.ArgumentTypeError(f"--labels must look like Cat=1,Dog=0; got {quote_text(text)}")
        out[name] = int(lab)
    return out
