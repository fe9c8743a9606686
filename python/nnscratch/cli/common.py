"""What the sub-commands share: the checkout's sample data, error exit (R twin: R/cli-common.R)."""
from __future__ import annotations

import sys
from pathlib import Path


def checkout_root():
    """The repository root when running from a checkout (editable install), else None."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "data" / "sample").is_dir() else None


def default_data_dir():
    """The checkout's ``data/sample`` (a str), or None outside a checkout."""
    root = checkout_root()
    return None if root is None else str(root / "data" / "sample")


def resolve_data(arg):
    """The --data folder as the user typed it, or the checkout's sample data when none was given."""
    data = arg if arg else default_data_dir()
    if data is None:
        raise FileNotFoundError("no --data given and no sample data found (it ships with a checkout of nnscratch, "
                                "in data/sample)")
    return data


def path_join(folder, name):
    """A file in a folder as typed: ``"out" + "model.txt" -> "out/model.txt"``, ``"out/"`` gives the same."""
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def fail(msg, code=2):
    """Print ``nnscratch: error: <msg>`` to stderr; returns the exit status ``code``."""
    print(f"nnscratch: error: {msg}", file=sys.stderr)
    return code
