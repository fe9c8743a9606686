"""What the sub-commands share: the checkout's sample data, error exit (R twin: R/cli-common.R)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..utils.format import quote_text


def checkout_root():
    """The repository root when running from a checkout (editable install), else None."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "data" / "sample").is_dir() else None


def default_data_dir():
    """The checkout's ``data/sample`` (a str), or None outside a checkout."""
    root = checkout_root()
    return None if root is None else str(root / "data" / "sample")


def resolve_data(arg):
    """The --data folder as the user typed it, or the checkout's sample data when none was given (None).

    An empty name and a file are refused here, before anything is loaded (a
    missing folder is reported by create_dataset)."""
    if arg == "":
        raise ValueError("--data must not be empty")
    data = arg if arg is not None else default_data_dir()
    if data is None:
        raise FileNotFoundError("no --data given and no sample data found (it ships with a checkout of nnscratch, "
                                "in data/sample)")
    if os.path.exists(data) and not os.path.isdir(data):
        raise NotADirectoryError(f"--data {quote_text(data)} is a file, not a folder")
    return data


def print_data_summary(data, dataset, labels, seconds):
    """The lines a training run prints about its data (R twin: print_data_summary in R/cli-common.R):
    ``data: <folder>: N images (<label>: n, ...), K skipped, loaded in S s``, then one line per
    skipped file. ``dataset``: create_dataset's (X, y) with ``.skipped`` [(file, reason)]; ``labels``:
    {name: 0/1}."""
    import numpy as np

    _, y = dataset
    counts = ", ".join(f"{name}: {int(np.sum(y == lab))}" for name, lab in labels.items())
    print(f"data: {data}: {len(y)} images ({counts}), {len(dataset.skipped)} skipped, loaded in {seconds:.2f} s")
    for f, reason in dataset.skipped:
        print(f"  skipped {f}: {reason}")


def path_join(folder, name):
    """A file in a folder as typed: ``"out" + "model.txt" -> "out/model.txt"``, ``"out/"`` gives the same."""
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def os_error_text(exc):
    """``<file>: <reason>`` of an OSError (its message when it names no file)."""
    if getattr(exc, "filename", None) is not None and exc.strerror:
        return f"{os.fsdecode(exc.filename)}: {exc.strerror}"
    return str(exc)


def write_line(text, stream=None):
    """Print ``text`` and a newline on ``stream`` (default stdout).

    A file name that is not UTF-8 (Python keeps its bytes as lone surrogates)
    is written as the bytes the file system gave, as R's cat() writes it, on
    stdout and stderr alike: not a codec error (stdout) nor ``\\udce9``
    escapes (stderr)."""
    stream = sys.stdout if stream is None else stream
    line = text + "\n"
    try:
        line.encode("utf-8")
        stream.write(line)
        return
    except UnicodeEncodeError:
        pass
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream: escape what it cannot hold
        stream.write(line.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
        return
    stream.flush()
    buffer.write(os.fsencode(line))
    buffer.flush()


def fail(msg, code=2):
    """Print ``nnscratch: error: <msg>`` to stderr; returns the exit status ``code``."""
    print(f"nnscratch: error: {msg}", file=sys.stderr)
    return code
