"""Model files: a small text format both languages read and write byte for byte
(R twin: R/io-model.R). The format (header keys, parameter and rule-state blocks,
``%.17g`` numbers, what a reader refuses): docs/formats.md, "Model file".
"""
from __future__ import annotations

import math
import os
import re

import numpy as np

from ..utils.format import quote_text
from .atomic import atomic_write

MAGIC = "nnscratch-model"
FORMAT_VERSION = 1
#: Header keys, in the order they are written (all optional but ``architecture``).
META_KEYS = ("architecture", "init", "seed", "learning_rate", "iterations", "image_size", "labels",
             "created_by", "cost_every", "costs", "update_rule", "data", "test_size",
             # the epochs engine (issue 13): its settings, then where a checkpoint stands
             "optimizer_hyper", "batch_size", "epochs", "lr_schedule", "lr_decay", "lr_interval", "l2",
             "dropout", "val_size", "patience", "epoch", "batch", "best_epoch", "wait",
             "history_cost", "history_accuracy", "history_val_cost", "history_val_accuracy", "partial")
#: Integer header keys and the smallest value each accepts (None: any integer).
INT_KEYS = {"seed": None, "iterations": None, "image_size": None, "cost_every": None,
            "batch_size": 1, "epochs": 1, "lr_interval": 1, "patience": 0, "epoch": 0, "batch": 0,
            "best_epoch": 0, "wait": 0}
#: Float header keys and their range: (low, high, high included); None: any float.
FLOAT_KEYS = {"learning_rate": None, "test_size": None, "lr_decay": (0.0, float("inf"), False),
              "l2": (0.0, float("inf"), False), "dropout": (0.0, 1.0, False), "val_size": (0.0, 1.0, False)}
#: Header keys holding a comma-separated list of floats (nan and inf allowed).
FLOAT_LIST_KEYS = ("costs", "history_cost", "history_accuracy", "history_val_cost", "history_val_accuracy")
#: The learning-rate schedules a model file may name (schedules.SCHEDULES).
LR_SCHEDULES = ("constant", "step", "inverse", "exponential")
#: Names of the two standardizer blocks (n0, 1), written after the parameters.
STANDARDIZER_BLOCKS = ("standardizer.mean", "standardizer.std")
#: The weight-init recipes a model file may name (init_param's).
INITS = ("scaled", "xavier", "he")
#: Prefix of a rule-state block (``state.<key> <rows> <cols>``).
STATE_PREFIX = "state."
_STATE_KEY = re.compile(r"[A-Za-z0-9_]+")


class ModelFileError(ValueError):
    """A model file is unreadable, truncated, of another version or inconsistent."""


class ModelFileNotFound(ModelFileError, FileNotFoundError):
    """The model file does not exist (both a ModelFileError and a FileNotFoundError)."""


# -- writing -----------------------------------------------------------------------------

def format_meta_value(key, value):
    """The text of one header value.

    Example:
        >>> format_meta_value('architecture', [4, 3, 1])
        '4,3,1'
        >>> format_meta_value('labels', {'Cat': 1, 'Dog': 0})
        'Cat=1,Dog=0'
        >>> format_meta_value('learning_rate', 0.1)
        '0.10000000000000001'
    """
    if key == "architecture":
        return ",".join("%d" % d for d in value)
    if key == "labels":
        return ",".join(f"{name}={int(lab)}" for name, lab in value.items())
    if key in FLOAT_LIST_KEYS or key == "partial":
        return ",".join("%.17g" % float(c) for c in value)
    if key == "optimizer_hyper":
        bad = [k for k in value if not _STATE_KEY.fullmatch(str(k))]
        if bad:
            raise ValueError(f"optimizer_hyper names must be letters, digits or '_'; got {quote_text(str(bad[0]))}")
        return ",".join(f"{k}={'%.17g' % float(v)}" for k, v in value.items())
    if key in INT_KEYS and key not in ("seed", "iterations", "image_size", "cost_every"):
        if isinstance(value, bool) or int(value) != value:
            raise ValueError(f"meta[{quote_text(key)}] must be a whole number; got {value!r}")
        return "%d" % int(value)
    if key in FLOAT_KEYS:
        return "%.17g" % float(value)
    if isinstance(value, float):
        return "%.17g" % value
    return str(value)


def _matrix_lines(name, a):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D matrix; got shape {a.shape}")
    return [f"{name} {a.shape[0]} {a.shape[1]}"] + [" ".join("%.17g" % v for v in row) for row in a]


def _standardizer_lines(standardizer, n0):
    """The blocks standardizer.mean and standardizer.std, each (n0, 1); std positive and finite."""
    if not isinstance(standardizer, dict) or set(standardizer) != {"mean", "std"}:
        raise ValueError("meta['standardizer'] must be a dict with 'mean' and 'std' (each (n0, 1))")
    lines = []
    for name, key in zip(STANDARDIZER_BLOCKS, ("mean", "std")):
        a = np.asarray(standardizer[key], dtype=np.float64)
        if a.ndim == 1:
            a = a.reshape(-1, 1)
        if a.shape != (n0, 1):
            raise ValueError(f"meta['standardizer'][{quote_text(key)}] must have shape ({n0}, 1) (n0 = "
                             f"architecture[0]); got {a.shape}")
        if not np.all(np.isfinite(a)) or (key == "std" and not np.all(a > 0)):
            raise ValueError(f"meta['standardizer'][{quote_text(key)}] must hold finite values"
                             + (", all positive" if key == "std" else ""))
        lines += _matrix_lines(name, a)
    return lines


def model_to_lines(parameters, meta):
    """The lines of a model file for ``parameters`` (dict W1, b1, ...) and ``meta``.

    ``meta`` holds the keys of META_KEYS (``architecture`` required), optionally
    ``standardizer``: ``{"mean": (n0, 1), "std": (n0, 1)}``, written as the
    blocks ``standardizer.mean`` and ``standardizer.std`` after the parameters,
    and optionally ``rule_state``: a dict key -> 2-D matrix, written as
    ``state.<key>`` blocks after those.

    Example:
        >>> p = {'W1': np.array([[0.5, -1.0]]), 'b1': np.array([[0.25]])}
        >>> model_to_lines(p, {'architecture': [2, 1]})
        ['nnscratch-model 1', 'architecture 2,1', 'W1 1 2', '0.5 -1', 'b1 1 1', '0.25', 'end']
    """
    lines = [f"{MAGIC} {FORMAT_VERSION}"]
    for key in META_KEYS:
        if meta.get(key) is not None:
            text = format_meta_value(key, meta[key])
            if "\n" in text or "\r" in text:
                raise ValueError(f"meta[{quote_text(key)}] must be one line of text; got {quote_text(text)}")
            lines.append(f"{key} {text}")
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in (f"W{l}", f"b{l}"):
            lines += _matrix_lines(name, parameters[name])
    if meta.get("standardizer") is not None:
        lines += _standardizer_lines(meta["standardizer"], int(meta["architecture"][0]))
    for key, value in (meta.get("rule_state") or {}).items():
        if not _STATE_KEY.fullmatch(key):
            raise ValueError(f"rule state keys must be letters, digits or '_'; got {quote_text(key)}")
        lines += _matrix_lines(STATE_PREFIX + key, value)
    lines.append("end")
    return lines


def architecture_of(parameters):
    """The layer widths ``[n0, n1, ..., nL]`` read from the shapes of ``W1, ..., WL``.

    Example:
        >>> from nnscratch import init_param
        >>> architecture_of(init_param([4, 3, 1], seed=1))
        [4, 3, 1]
    """
    L = len(parameters) // 2
    try:
        return [int(parameters["W1"].shape[1])] + [int(parameters[f"W{l}"].shape[0]) for l in range(1, L + 1)]
    except (KeyError, AttributeError, IndexError):
        raise ValueError("parameters must be a dict of 2-D matrices W1, b1, ..., WL, bL") from None


def save_model(path, parameters, meta=None):
    """Write a model file atomically.

    Args:
        path: the file to write (replaced only once complete).
        parameters: dict ``W1, b1, ..., WL, bL``; or a fitted ``NNClassifier``,
            whose ``parameters_`` and ``model_meta()`` are written (``meta``
            must then be None).
        meta: the header (see ``model_to_lines``); None writes only the
            architecture, read from the shapes of the weights.

    Example:
        >>> import os, tempfile
        >>> from nnscratch import init_param
        >>> p = init_param([4, 3, 1], seed=1, init='he')
        >>> path = os.path.join(tempfile.mkdtemp(), 'model.txt')
        >>> save_model(path, p, {'architecture': [4, 3, 1], 'init': 'he', 'seed': 1})
        >>> open(path).read().splitlines()[:3]
        ['nnscratch-model 1', 'architecture 4,3,1', 'init he']
        >>> parameters, meta = load_model(path)
        >>> all((parameters[k] == p[k]).all() for k in p)  # the doubles read back exactly
        True
    """
    if not isinstance(parameters, dict) and callable(getattr(parameters, "model_meta", None)):
        if meta is not None:
            raise ValueError("save_model(path, model): a fitted model carries its own meta; give no meta")
        parameters, meta = parameters.parameters_, parameters.model_meta()
    elif meta is None:
        meta = {"architecture": architecture_of(parameters)}
    data = ("\n".join(model_to_lines(parameters, meta)) + "\n").encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))


# -- reading -----------------------------------------------------------------------------

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?")
_NAN = re.compile(r"[+-]?nan", re.IGNORECASE)
_INF = re.compile(r"([+-]?)inf(inity)?", re.IGNORECASE)
#: Integers in a model file are at most 2**53 - 1 (what a double holds exactly, so R reads them too).
_INT_MAX = 2**53 - 1
_BLANKS = " \t\r\n"  # what R's trimws() strips


def parse_int_strict(text):
    """Strict integer: ASCII digits with an optional sign (surrounding blanks allowed); None otherwise.

    Stricter than ``int()`` (no ``_``, no non-ASCII digits, at most 2**53 - 1 in
    size), so both languages accept the same files.

    Example:
        >>> parse_int_strict(' 42'), parse_int_strict('-7'), parse_int_strict('4.0'), parse_int_strict('0x10')
        (42, -7, None, None)
    """
    text = text.strip(_BLANKS)
    if not _INT.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 16:
        return None
    value = int(text)
    return value if abs(value) <= _INT_MAX else None


def parse_float_strict(token):
    """Strict float: a decimal number, or nan / inf / infinity in any case; None otherwise.

    Example:
        >>> [parse_float_strict(t) for t in ('0.25', '-Infinity', '1_000', '0x1p3')]
        [0.25, -inf, None, None]
    """
    if _FLOAT.fullmatch(token):
        return float(token)
    if _NAN.fullmatch(token):
        return float("nan")
    m = _INF.fullmatch(token)
    if m:
        return float("-inf") if m.group(1) == "-" else float("inf")
    return None


def _range_text(low, high, high_included):
    """The range of a float key in words (%g numbers, as R's sprintf writes them)."""
    if high == float("inf"):
        return "a finite number, at least %g" % low
    return "at least %g and %s %g" % (low, "at most" if high_included else "below", high)


def parse_meta_value(key, value, path):
    """The value of one header line; ModelFileError when it is malformed or out of its range.

    Example:
        >>> parse_meta_value('architecture', '4,3,1', 'model.txt')
        [4, 3, 1]
        >>> parse_meta_value('learning_rate', '0.1', 'model.txt')
        0.1
        >>> parse_meta_value('architecture', '4,x,1', 'model.txt')
        Traceback (most recent call last):
            ...
        nnscratch.io.model.ModelFileError: model.txt: bad value for 'architecture': '4,x,1'
    """
    def bad(why=None):
        return ModelFileError(f"{path}: bad value for {quote_text(key)}: {quote_text(value)}"
                              + (f" ({why})" if why else ""))

    if key == "architecture":
        dims = [parse_int_strict(v) for v in value.split(",")]
        if None in dims:
            raise bad()
        return dims
    if key in INT_KEYS:
        v = parse_int_strict(value)
        if v is None:
            raise bad()
        low = INT_KEYS[key]
        if low is not None and v < low:
            raise bad("at least %d" % low)
        return v
    if key in FLOAT_LIST_KEYS or key == "partial":
        if not value and key != "partial":
            return []
        values = [parse_float_strict(v.strip(_BLANKS)) for v in value.split(",")]
        if None in values:
            raise bad()
        if key == "partial" and (len(values) != 3 or not all(math.isfinite(v) for v in values)):
            raise bad("3 finite numbers: cost sum, right count, samples seen")
        return values
    if key in FLOAT_KEYS:
        v = parse_float_strict(value.strip(_BLANKS))
        if v is None:
            raise bad()
        if FLOAT_KEYS[key] is not None:
            low, high, high_included = FLOAT_KEYS[key]
            if not (low <= v < high or (high_included and v == high)):
                raise bad(_range_text(low, high, high_included))
        return v
    if key == "lr_schedule":
        if value not in LR_SCHEDULES:
            raise bad("one of " + ", ".join(quote_text(s) for s in LR_SCHEDULES))
        return value
    if key == "optimizer_hyper":
        out = {}
        for item in (value.split(",") if value else []):
            name, eq, number = item.partition("=")
            v = parse_float_strict(number.strip(_BLANKS))
            if not eq or not _STATE_KEY.fullmatch(name) or name in out or v is None or not math.isfinite(v):
                raise bad("name=number pairs, finite numbers, each name once")
            out[name] = v
        return out
    if key == "labels":
        out = {}
        for item in value.split(","):
            if "=" not in item:
                raise bad()
            name, lab = item.rsplit("=", 1)
            lab = parse_int_strict(lab)
            if lab is None:
                raise bad()
            out[name] = lab
        return out
    return value


def check_run_meta(meta, path):
    """What a checkpoint must hold to be continued (``--resume``; R twin: ``check_run_meta``), beyond
    what ``load_model`` checks: an ``init`` of ``INITS`` and, with ``iterations``, ``cost_every``
    and ``costs``, one cost per ``cost_every`` iterations from iteration 0
    (``ceil(iterations / cost_every)`` costs). ModelFileError naming the file otherwise.

    Example:
        >>> check_run_meta({'init': 'he', 'iterations': 250, 'cost_every': 100, 'costs': [0.7, 0.5, 0.3]}, 'ckpt.txt')
        >>> check_run_meta({'init': 'he', 'iterations': 250, 'cost_every': 100, 'costs': [0.7, 0.5]}, 'ckpt.txt')
        Traceback (most recent call last):
            ...
        nnscratch.io.model.ModelFileError: ckpt.txt: the cost history has 2 costs, but 250 iterations with ... record 3
    """
    if "init" in meta and meta["init"] not in INITS:
        raise ModelFileError(f"{path}: bad value for 'init': {quote_text(meta['init'])} "
                             f"(one of {', '.join(quote_text(i) for i in INITS)})")
    if not all(k in meta for k in ("iterations", "cost_every", "costs")):
        return
    iterations, cost_every, n = meta["iterations"], meta["cost_every"], len(meta["costs"])
    if iterations < 0 or cost_every < 1:
        raise ModelFileError(f"{path}: bad value for {quote_text('iterations' if iterations < 0 else 'cost_every')}")
    expected = -(-iterations // cost_every)
    if n != expected:
        raise ModelFileError(f"{path}: the cost history has {n} costs, but {iterations} iterations "
                             f"with cost_every {cost_every} record {expected}")


def read_model_lines(path):
    """The text lines of a model file (the rules of R's read_model_lines, so both refuse the same files).

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'model.txt')
        >>> save_model(path, {'W1': np.array([[0.5, -1.0]]), 'b1': np.zeros((1, 1))})
        >>> read_model_lines(path)[:2]
        ['nnscratch-model 1', 'architecture 2,1']
    """
    if not os.path.exists(path):
        raise ModelFileNotFound(f"model file not found: {quote_text(path)}")
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


def _read_matrix(lines, i, name, shape, path):
    """The matrix ``name`` whose header is ``lines[i]`` has been checked: its rows, as float64."""
    if i + shape[0] >= len(lines):
        raise ModelFileError(f"{path}: truncated inside {name}")
    rows = [row.split(" ") for row in lines[i + 1:i + 1 + shape[0]]]
    values = [parse_float_strict(v) for row in rows for v in row]
    if None in values:
        raise ModelFileError(f"{path}: corrupt numbers in {name}")
    if any(len(row) != shape[1] for row in rows):
        raise ModelFileError(f"{path}: {name}: a row does not have {shape[1]} values (truncated or corrupt)")
    values = np.array(values, dtype=np.float64).reshape(shape)
    if not np.all(np.isfinite(values)):
        raise ModelFileError(f"{path}: {name} holds NaN or infinite values")
    return values


def check_block_header(lines, i, name, shape, dims, path):
    """Refuse a missing, misnamed or misshaped block header at ``lines[i]`` (parameters and
    standardizer blocks alike; R twin: check_block_header in R/io-model.R, same messages).

    ``i`` indexes ``lines`` from 0 (messages say line ``i + 1``); ``shape``: (rows, columns) the
    architecture ``dims`` needs.

    Example:
        >>> check_block_header(["W1 3 4"], 0, "W1", (3, 4), [4, 3, 1], "m.txt")  # fine: returns None
        >>> check_block_header(["W1 3 5"], 0, "W1", (3, 4), [4, 3, 1], "m.txt")
        Traceback (most recent call last):
            ...
        nnscratch.io.model.ModelFileError: m.txt: W1 has shape (3, 5) but the architecture [4, 3, 1] needs (3, 4)
    """
    if i >= len(lines) or not lines[i]:
        raise ModelFileError(f"{path}: truncated: {name} is missing")
    fields = lines[i].split(" ")
    if fields[0] != name or len(fields) != 3:
        raise ModelFileError(f"{path}: line {i + 1}: expected the header of {name}, got {quote_text(lines[i][:40])}")
    got = (parse_int_strict(fields[1]), parse_int_strict(fields[2]))
    if None in got:
        raise ModelFileError(f"{path}: line {i + 1}: bad shape for {name}")
    if got != shape:
        raise ModelFileError(f"{path}: {name} has shape {got} but the architecture {dims} needs {shape}")


def load_model(path):
    """Read a model file; returns ``(parameters, meta)``.

    ``meta`` holds the header values (typed: int keys as int, float keys as
    float, ``costs`` and ``history_*`` as lists of floats, ``partial`` a list
    of 3 floats, ``optimizer_hyper`` a dict name -> float), when the file has
    the standardizer blocks ``meta["standardizer"]`` (``{"mean": (n0, 1),
    "std": (n0, 1)}``) and, when it has rule-state blocks,
    ``meta["rule_state"]`` (dict key -> 2-D float64 matrix).

    Raises:
        ModelFileNotFound: no such file (a ``FileNotFoundError`` and a
            ``ModelFileError``); message ``model file not found: '<path>'``.
        ModelFileError: a folder, not a model file (not UTF-8 text, NUL bytes,
            wrong first line), another format version, truncated, corrupt
            numbers, NaN or infinite values, or matrices that do not match the
            recorded architecture; a header value out of its key's range (e.g.
            ``batch_size`` 0, ``dropout`` 1, an unknown ``lr_schedule``),
            history lists of different lengths, a standardizer std that is not
            positive. The message starts with the path. R's
            ``load_model`` refuses the same files with the same messages.

    Example:
        >>> import os, tempfile
        >>> from nnscratch import init_param
        >>> p = init_param([4, 3, 1], seed=1, init='he')
        >>> path = os.path.join(tempfile.mkdtemp(), 'model.txt')
        >>> save_model(path, p, {'architecture': [4, 3, 1], 'seed': 1})
        >>> parameters, meta = load_model(path)
        >>> meta['architecture'], meta['seed'], parameters['W2'].shape
        ([4, 3, 1], 1, (1, 3))
        >>> load_model(path + '.missing')  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        nnscratch.io.model.ModelFileNotFound: model file not found: '...model.txt.missing'
    """
    path = os.fspath(path)
    lines = read_model_lines(path)
    head = lines[0].split(" ")
    if len(head) != 2 or head[0] != MAGIC:
        raise ModelFileError(f"{path}: not an nnscratch model file (first line should be '{MAGIC} {FORMAT_VERSION}')")
    if head[1] != str(FORMAT_VERSION):
        raise ModelFileError(f"{path}: model format version {quote_text(head[1])} is not supported "
                             f"(this nnscratch reads version {FORMAT_VERSION})")
    meta, parameters = {}, {}
    i = 1
    while i < len(lines) and lines[i].split(" ", 1)[0] in META_KEYS:
        key, _, value = lines[i].partition(" ")
        meta[key] = parse_meta_value(key, value, path)
        i += 1
    if "architecture" not in meta:
        raise ModelFileError(f"{path}: the header has no 'architecture' line")
    dims = meta["architecture"]
    if len(dims) < 2 or any(d < 1 for d in dims):
        raise ModelFileError(f"{path}: bad architecture {dims}")
    for l in range(1, len(dims)):
        for name, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            check_block_header(lines, i, name, shape, dims, path)
            parameters[name] = _read_matrix(lines, i, name, shape, path)
            i += 1 + shape[0]
    history = [(k, len(meta[k])) for k in FLOAT_LIST_KEYS[1:] if k in meta]
    if len({n for _, n in history}) > 1:
        raise ModelFileError(f"{path}: the history lists have different lengths ("
                             + ", ".join(f"{k} {n}" for k, n in history) + ")")
    if i < len(lines) and lines[i].startswith("standardizer."):
        standardizer = {}
        for name, shape in ((STANDARDIZER_BLOCKS[0], (dims[0], 1)), (STANDARDIZER_BLOCKS[1], (dims[0], 1))):
            check_block_header(lines, i, name, shape, dims, path)
            standardizer[name[len("standardizer."):]] = _read_matrix(lines, i, name, shape, path)
            i += 1 + shape[0]
        if not np.all(standardizer["std"] > 0):
            raise ModelFileError(f"{path}: standardizer.std holds values that are not positive")
        meta["standardizer"] = standardizer
    state = {}
    while i < len(lines) and lines[i].startswith(STATE_PREFIX):
        fields = lines[i].split(" ")
        name = fields[0]
        key = name[len(STATE_PREFIX):]
        if len(fields) != 3 or not _STATE_KEY.fullmatch(key):
            raise ModelFileError(f"{path}: line {i + 1}: bad rule-state header {quote_text(lines[i][:40])}")
        if key in state:
            raise ModelFileError(f"{path}: line {i + 1}: {name} appears twice")
        shape = (parse_int_strict(fields[1]), parse_int_strict(fields[2]))
        if None in shape or shape[0] < 1 or shape[1] < 1:
            raise ModelFileError(f"{path}: line {i + 1}: bad shape for {name}")
        state[key] = _read_matrix(lines, i, name, shape, path)
        i += 1 + shape[0]
    if i >= len(lines) or lines[i] != "end":
        raise ModelFileError(f"{path}: truncated or corrupt: no 'end' line after the last parameter")
    if state:
        meta["rule_state"] = state
    return parameters, meta
