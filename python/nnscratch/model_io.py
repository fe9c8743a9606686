"""Model files: a small text format both languages read and write exactly.

Layout (UTF-8 text)::

    nnscratch-model 1
    architecture 3072,16,8,1
    init he
    seed 1
    learning_rate 0.01
    iterations 1500
    image_size 32
    labels Cat=1,Dog=0
    created_by python
    cost_every 10
    costs 0.69314718055994529,0.68123...     (optional: the cost history)
    W1 16 3072
    <16 lines of 3072 values, row by row>
    b1 16 1
    <16 lines of 1 value>
    ...
    end

Values are written with ``%.17g``, which round-trips a float64 exactly in Python
and in R, so a model trained in one language predicts identically in the other.
Files are written atomically (temporary file in the same folder, fsync, rename),
so a crash never leaves a half-written model. The R twin is R/model_io.R.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np

MAGIC = "nnscratch-model"
FORMAT_VERSION = 1
#: Header keys, in the order they are written. ``iterations`` is the number of
#: gradient steps done; ``cost_every`` and ``costs`` (optional) hold the cost
#: history so that a checkpoint can be resumed to exactly the uninterrupted result.
META_KEYS = ("architecture", "init", "seed", "learning_rate", "iterations", "image_size", "labels",
             "created_by", "cost_every", "costs")


class ModelFileError(ValueError):
    """A model file is unreadable, truncated, of another version or inconsistent."""


def atomic_write_text(path, text):
    """Write ``text`` to ``path`` atomically: a temporary file in the same folder, then rename."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(path), dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _format_meta_value(key, value):
    if key == "architecture":
        return ",".join(str(int(d)) for d in value)
    if key == "labels":
        return ",".join(f"{name}={int(lab)}" for name, lab in value.items())
    if key == "costs":
        return ",".join("%.17g" % c for c in value)
    if isinstance(value, float):
        return "%.17g" % value
    return str(value)


def model_to_text(parameters, meta):
    """Serialise ``parameters`` (dict W1, b1, ...) and ``meta`` (dict, see META_KEYS)."""
    lines = [f"{MAGIC} {FORMAT_VERSION}"]
    for key in META_KEYS:
        if key in meta and meta[key] is not None:
            lines.append(f"{key} {_format_meta_value(key, meta[key])}")
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in (f"W{l}", f"b{l}"):
            a = np.asarray(parameters[name], dtype=np.float64)
            lines.append(f"{name} {a.shape[0]} {a.shape[1]}")
            lines.extend(" ".join("%.17g" % v for v in row) for row in a)
    lines.append("end")
    return "\n".join(lines) + "\n"


def save_model(path, parameters, meta):
    """Write a model file atomically. ``meta`` holds the keys of META_KEYS (``architecture`` required)."""
    atomic_write_text(path, model_to_text(parameters, meta))


def _parse_meta(key, value, path):
    try:
        if key == "architecture":
            return [int(v) for v in value.split(",")]
        if key in ("seed", "iterations", "image_size", "cost_every"):
            return int(value)
        if key == "costs":
            return [float(v) for v in value.split(",")] if value else []
        if key == "learning_rate":
            return float(value)
        if key == "labels":
            out = {}
            for item in value.split(","):
                name, lab = item.rsplit("=", 1)
                out[name] = int(lab)
            return out
        return value
    except ValueError as exc:
        raise ModelFileError(f"{path}: bad value for {key!r}: {value!r}") from exc


def load_model(path):
    """Read a model file; returns ``(parameters, meta)``.

    Raises:
        FileNotFoundError: no such file.
        ModelFileError: not a model file, another format version, truncated,
            corrupt numbers, or matrices that do not match the recorded architecture.
    """
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"{path}: not an nnscratch model file (not UTF-8 text)") from exc
    head = lines[0].split(" ") if lines else []
    if len(head) != 2 or head[0] != MAGIC:
        raise ModelFileError(f"{path}: not an nnscratch model file (first line should be '{MAGIC} {FORMAT_VERSION}')")
    if head[1] != str(FORMAT_VERSION):
        raise ModelFileError(f"{path}: model format version {head[1]!r} is not supported (this nnscratch reads version {FORMAT_VERSION})")
    meta, parameters = {}, {}
    i = 1
    while i < len(lines) and lines[i].split(" ", 1)[0] in META_KEYS:
        key, _, value = lines[i].partition(" ")
        meta[key] = _parse_meta(key, value, path)
        i += 1
    if "architecture" not in meta:
        raise ModelFileError(f"{path}: the header has no 'architecture' line")
    dims = meta["architecture"]
    if len(dims) < 2 or any(d < 1 for d in dims):
        raise ModelFileError(f"{path}: bad architecture {dims}")
    for l in range(1, len(dims)):
        for name, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            if i >= len(lines) or not lines[i]:
                raise ModelFileError(f"{path}: truncated: {name} is missing")
            fields = lines[i].split(" ")
            if fields[0] != name or len(fields) != 3:
                raise ModelFileError(f"{path}: line {i + 1}: expected the header of {name}, got {lines[i][:40]!r}")
            try:
                got = (int(fields[1]), int(fields[2]))
            except ValueError as exc:
                raise ModelFileError(f"{path}: line {i + 1}: bad shape for {name}") from exc
            if got != shape:
                raise ModelFileError(f"{path}: {name} has shape {got} but the architecture {dims} needs {shape}")
            rows = lines[i + 1:i + 1 + shape[0]]
            if len(rows) < shape[0]:
                raise ModelFileError(f"{path}: truncated inside {name}")
            try:
                values = np.array([[float(v) for v in row.split(" ")] for row in rows], dtype=np.float64)
            except ValueError as exc:
                raise ModelFileError(f"{path}: corrupt numbers in {name}") from exc
            if values.shape != shape:
                raise ModelFileError(f"{path}: {name}: a row does not have {shape[1]} values (truncated or corrupt)")
            if not np.all(np.isfinite(values)):
                raise ModelFileError(f"{path}: {name} holds NaN or infinite values")
            parameters[name] = values
            i += 1 + shape[0]
    if i >= len(lines) or lines[i] != "end":
        raise ModelFileError(f"{path}: truncated or corrupt: no 'end' line after the last parameter")
    return parameters, meta
