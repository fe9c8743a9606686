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
import re
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


_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")
_NAN = re.compile(r"[+-]?nan", re.IGNORECASE)
_INF = re.compile(r"([+-]?)inf(inity)?", re.IGNORECASE)
#: Integers in a model file are at most 2**53 - 1 (what a double holds exactly, so R reads them too).
_INT_MAX = 2**53 - 1
_BLANKS = " \t\r\n"  # what R's trimws() strips


def _parse_int(text):
    """Strict integer: ASCII digits with an optional sign (surrounding blanks allowed); None otherwise.

    Stricter than ``int()`` (no ``_``, no non-ASCII digits), the rule of R's
    ``parse_int_strict``, so both languages accept the same files.
    """
    text = text.strip(_BLANKS)
    if not _INT.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 16:
        return None
    value = int(text)
    return value if abs(value) <= _INT_MAX else None


def _parse_float(token):
    """Strict float: a decimal number, or nan / inf / infinity in any case; None otherwise (R's parse_float_tokens)."""
    if _FLOAT.fullmatch(token):
        return float(token)
    if _NAN.fullmatch(token):
        return float("nan")
    m = _INF.fullmatch(token)
    if m:
        return float("-inf") if m.group(1) == "-" else float("inf")
    return None


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quote(text):
    """``repr()``-like quoting for messages: 'text', with backslashes and control characters escaped.

    Unlike ``repr()`` it leaves every other character as it is, which is what
    R's ``py_quote`` does, so both languages print the same message.
    """
    out = "".join(_ESCAPES.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in str(text))
    if "'" in out and '"' not in out:
        return f'"{out}"'
    return "'" + out.replace("'", "\\'") + "'"


def _parse_meta(key, value, path):
    def bad():
        return ModelFileError(f"{path}: bad value for {quote(key)}: {quote(value)}")

    if key == "architecture":
        dims = [_parse_int(v) for v in value.split(",")]
        if None in dims:
            raise bad()
        return dims
    if key in ("seed", "iterations", "image_size", "cost_every"):
        v = _parse_int(value)
        if v is None:
            raise bad()
        return v
    if key == "costs":
        if not value:
            return []
        costs = [_parse_float(v.strip(_BLANKS)) for v in value.split(",")]
        if None in costs:
            raise bad()
        return costs
    if key == "learning_rate":
        v = _parse_float(value.strip(_BLANKS))
        if v is None:
            raise bad()
        return v
    if key == "labels":
        out = {}
        for item in value.split(","):
            if "=" not in item:
                raise bad()
            name, lab = item.rsplit("=", 1)
            lab = _parse_int(lab)
            if lab is None:
                raise bad()
            out[name] = lab
        return out
    return value


class ModelFileNotFound(ModelFileError, FileNotFoundError):
    """The model file does not exist (both a ModelFileError and a FileNotFoundError)."""


def _read_lines(path):
    """The text lines of a model file (the rules of R's load_model, so both refuse the same files)."""
    if not os.path.exists(path):
        raise ModelFileNotFound(f"model file not found: {quote(path)}")
    if os.path.isdir(path):
        raise ModelFileError(f"{path}: is a folder, not a model file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ModelFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    not_utf8 = ModelFileError(f"{path}: not an nnscratch model file (not UTF-8 text)")
    if b"\x00" in data:  # no text file holds NUL bytes (and R strings cannot)
        try:
            data.replace(b"\x00", b"").decode("utf-8")
        except UnicodeDecodeError:
            raise not_utf8 from None
        raise ModelFileError(f"{path}: not an nnscratch model file (not text: NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8 from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # universal newlines
    # The empty piece after the final "\n" is not a line: a file cut after a
    # complete row reads as "truncated", not as a row of corrupt numbers.
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def load_model(path):
    """Read a model file; returns ``(parameters, meta)``.

    Raises:
        ModelFileNotFound: no such file (a ``FileNotFoundError`` and a
            ``ModelFileError``); message ``model file not found: '<path>'``.
        ModelFileError: a folder, not a model file (not UTF-8 text, NUL bytes,
            wrong first line), another format version, truncated, corrupt
            numbers, NaN or infinite values, or matrices that do not match the
            recorded architecture. The message starts with the path. R's
            ``load_model`` refuses the same files with the same messages.
    """
    path = os.fspath(path)
    lines = _read_lines(path)
    head = lines[0].split(" ")
    if len(head) != 2 or head[0] != MAGIC:
        raise ModelFileError(f"{path}: not an nnscratch model file (first line should be '{MAGIC} {FORMAT_VERSION}')")
    if head[1] != str(FORMAT_VERSION):
        raise ModelFileError(f"{path}: model format version {quote(head[1])} is not supported "
                             f"(this nnscratch reads version {FORMAT_VERSION})")
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
                raise ModelFileError(f"{path}: line {i + 1}: expected the header of {name}, got {quote(lines[i][:40])}")
            got = (_parse_int(fields[1]), _parse_int(fields[2]))
            if None in got:
                raise ModelFileError(f"{path}: line {i + 1}: bad shape for {name}")
            if got != shape:
                raise ModelFileError(f"{path}: {name} has shape {got} but the architecture {dims} needs {shape}")
            if i + shape[0] >= len(lines):
                raise ModelFileError(f"{path}: truncated inside {name}")
            rows = [row.split(" ") for row in lines[i + 1:i + 1 + shape[0]]]
            values = [_parse_float(v) for row in rows for v in row]
            if None in values:
                raise ModelFileError(f"{path}: corrupt numbers in {name}")
            if any(len(row) != shape[1] for row in rows):
                raise ModelFileError(f"{path}: {name}: a row does not have {shape[1]} values (truncated or corrupt)")
            values = np.array(values, dtype=np.float64).reshape(shape)
            if not np.all(np.isfinite(values)):
                raise ModelFileError(f"{path}: {name} holds NaN or infinite values")
            parameters[name] = values
            i += 1 + shape[0]
    if i >= len(lines) or lines[i] != "end":
        raise ModelFileError(f"{path}: truncated or corrupt: no 'end' line after the last parameter")
    return parameters, meta
