"""Comparison helpers for the parity suite: storage type, then shape, then values; never
reshape, never retype, always say where.

Every parity comparison goes through :func:`assert_same` (or a helper built on it),
which checks, in this order:

1. **storage type**: the numpy dtype of Python's result against R's ``typeof`` of
   its result. The bridge (``nnscratch.parity.bridge``) converts R without
   retyping: double -> float64, integer -> int64, logical -> bool (``NA`` -> a
   masked array of that dtype), character -> list of str. The mapping the suite
   asks for (docs/python-vs-r.md, "Storage types"):

   ============================  ==================  ==========================================
   Python (numpy)                R (``typeof``)      where
   ============================  ==================  ==========================================
   float64 (a Python ``float``)  double              every computed number (weights, Z, A,
                                                     gradients, costs, probabilities, 0/1
                                                     predictions, pixels in [0, 1])
   int64 / int32 / uint8 / ...   integer             only where the step promises integers
                                                     (sample numbers of a split of integer
                                                     input, npy integer arrays, counts)
   bool (a Python ``bool``)      logical             masks, flags
   int64 beyond +-(2^31 - 1)     double              R's integers are 32-bit (-2^31 is NA):
                                                     such int64 values are doubles in R,
                                                     exact to 2^53 (read_npy); the caller
                                                     says so with ``r_typeof="double"``
   float32                       (none)              Python only (engine dtype=float32): a
                                                     float32 result compared with R is a
                                                     storage-type difference
   ============================  ==================  ==========================================

   A difference fails with e.g. ``p: storage type differs: python float64 vs R integer``.
2. **shape**: ``(3,)`` (an R vector without ``dim``) is not ``(3, 1)`` (a matrix)
   and not ``()`` (a scalar): ``W2: shape differs: python (1, 3) vs R (3,)``.
3. **values**: ``|py - r| <= atol + rtol * s`` elementwise; the message reports
   the largest difference and its index, e.g. ``W2: max |py - r| = 3.1e-16 at (4, 0)``.

Python scalars count as 0-d arrays of their type (``float`` -> float64,
``int`` -> int64, ``bool`` -> bool): the adapter (nnscratch.parity.adapter)
turns an R result that must be one number into a Python scalar only after
checking its storage type and length, so a Python ``float`` on the R side
stands for a double of length 1.

Tolerances (see docs/python-vs-r.md, "Tolerances used in the parity suite"):
``rtol=0, atol=0`` is bit-for-bit; :data:`RTOL_SUM_ORDER` where only the
order of a floating-point summation differs, measured against the sum of the
absolute terms (``scale=``); :data:`RTOL_EXP` where each side calls an ``exp``
/ ``log`` accurate to an ulp; a cost whose exact value is known is compared
with a tolerance relative to that value (``scale=None``), not to the sum of its
terms, so that a loss of precision in one language (``log(1 - P)`` for
``log1p(-P)``) shows.
"""
from __future__ import annotations

import numpy as np

#: Relative tolerance for results whose only difference is the order of
#: floating-point summation (BLAS kernels, numpy's pairwise sum vs R's
#: long-double sum): each such sum of k terms may differ by about
#: k * 2.2e-16 relative to the sum of |terms|; 1e-12 leaves room for k ~ 4000.
RTOL_SUM_ORDER = 1e-12

#: Relative tolerance for elementwise exp/log results: both sides call a
#: function accurate to about an ulp (numpy may use its own SIMD exp).
RTOL_EXP = 1e-15

#: numpy dtype kind -> R typeof of the same storage (float64 only for "f").
_R_TYPEOF_OF_KIND = {"i": "integer", "u": "integer", "b": "logical"}


def r_typeof_for(dtype) -> str | None:
    """The R storage type a Python result of ``dtype`` must be compared with (None: no R twin type)."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        return "double"
    return _R_TYPEOF_OF_KIND.get(dtype.kind)


def r_typeof_of_bridged(x) -> str:
    """R's ``typeof`` of a value as the bridge delivers it (float64 <- double, int64 <- integer, bool <- logical)."""
    if isinstance(x, (bool, np.bool_)):
        return "logical"
    if isinstance(x, (int, np.integer)):
        return "integer"
    if isinstance(x, (float, np.floating)) and not isinstance(x, np.ndarray):
        return "double" if np.dtype(type(x)) == np.float64 or isinstance(x, float) else f"<numpy {np.dtype(type(x))}>"
    if isinstance(x, np.ndarray):
        return {np.dtype(np.float64): "double", np.dtype(np.int64): "integer",
                np.dtype(np.bool_): "logical"}.get(x.dtype, f"<numpy {x.dtype}: not a bridge type>")
    if isinstance(x, str) or (isinstance(x, list) and x and all(isinstance(v, str) for v in x)):
        return "character"
    return f"<{type(x).__name__}>"


def _py_dtype_name(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, (int, np.integer)) and not isinstance(x, np.ndarray):
        return np.dtype(type(x)).name if isinstance(x, np.integer) else "int64"
    if isinstance(x, (float, np.floating)) and not isinstance(x, np.ndarray):
        return np.dtype(type(x)).name if isinstance(x, np.floating) else "float64"
    if isinstance(x, np.ndarray):
        return x.dtype.name
    return type(x).__name__


def _as_array(x, name, side):
    """A number or array as an ndarray of its own dtype (a Python float -> float64, int -> int64, bool -> bool)."""
    if isinstance(x, np.ndarray):
        return x
    if isinstance(x, (bool, np.bool_)):
        return np.asarray(x, dtype=np.bool_)
    if isinstance(x, (int, np.integer)):
        return np.asarray(x, dtype=np.int64 if not isinstance(x, np.integer) else type(x))
    if isinstance(x, (float, np.floating)):
        return np.asarray(x, dtype=np.float64 if not isinstance(x, np.floating) else type(x))
    raise AssertionError(f"{name}: expected a number or an array from {side}, got {type(x).__name__}")


def check_storage(name, py, r, r_typeof=None):
    """Fail unless R's storage type (as bridged) is the one Python's dtype maps to (or ``r_typeof``,
    for the documented exceptions: int64 values beyond R's 32-bit integers are doubles in R)."""
    want = r_typeof or r_typeof_for(_as_array(py, name, "Python").dtype)
    got = r_typeof_of_bridged(r)
    if want is None or want != got:
        raise AssertionError(f"{name}: storage type differs: python {_py_dtype_name(py)} vs R {got}")


def check_shape(name, py, r):
    py_shape, r_shape = np.shape(py), np.shape(r)
    if py_shape != r_shape:
        raise AssertionError(f"{name}: shape differs: python {py_shape} vs R {r_shape}")


def max_diff(py, r):
    """(max |py - r|, its index, max relative difference) for same-shape arrays."""
    py = np.asarray(py, dtype=np.float64)
    r = np.asarray(r, dtype=np.float64)
    if py.size == 0:
        return 0.0, (), 0.0
    same = (np.isnan(py) & np.isnan(r)) | (py == r)  # equal infinities too (inf - inf is NaN)
    with np.errstate(invalid="ignore"):
        d = np.where(same, 0.0, np.abs(py - r))
    d = np.where(np.isnan(d), np.inf, d)  # NaN on one side only is an infinite difference
    idx = np.unravel_index(int(np.argmax(d)), d.shape)
    scale = np.maximum(np.abs(py), np.abs(r))
    with np.errstate(invalid="ignore"):
        rel = np.where(d == 0, 0.0, d / np.where(scale == 0, 1.0, scale))
    return float(d[idx]), tuple(int(i) for i in idx), float(np.max(rel))


def describe(name, py, r):
    d, idx, rel = max_diff(py, r)
    return f"{name}: max |py - r| = {d:.3g} at {idx} (max rel {rel:.3g})"


def assert_same(name, py, r, rtol=RTOL_SUM_ORDER, atol=0.0, scale=None, r_typeof=None):
    """Assert the same storage type, the same shape and ``|py - r| <= atol + rtol * s`` elementwise.

    ``s`` is ``scale`` if given (use the size of the summed terms when a result
    can cancel to near zero), else ``max(|py|, |r|)`` elementwise.
    ``rtol=0, atol=0`` asks for bit-for-bit equality. An R ``NA`` (a masked
    array from the bridge) must be missing on the Python side too (masked).
    ``r_typeof`` overrides the mapping for a documented exception (say why at the call).
    """
    py_a = _as_array(py, name, "Python")
    r_a = _as_array(r, name, "R")
    check_storage(name, py, r, r_typeof)
    check_shape(name, py_a, r_a)
    py_mask = np.ma.getmaskarray(py_a)
    r_mask = np.ma.getmaskarray(r_a)
    if not np.array_equal(py_mask, r_mask):
        idx = tuple(int(i) for i in np.argwhere(py_mask != r_mask)[0])
        raise AssertionError(f"{name}: missing values differ at {idx}: python {'NA' if py_mask[idx] else 'a value'}"
                             f" vs R {'NA' if r_mask[idx] else 'a value'}")
    py64 = np.ma.getdata(py_a).astype(np.float64)
    r64 = np.ma.getdata(r_a).astype(np.float64)
    py64[py_mask] = 0.0
    r64[r_mask] = 0.0
    s = np.maximum(np.abs(py64), np.abs(r64)) if scale is None else scale
    nan_mismatch = np.isnan(py64) != np.isnan(r64)
    with np.errstate(invalid="ignore"):
        inf_mismatch = np.isinf(py64) & np.isinf(r64) & (py64 != r64)
        bad = nan_mismatch | inf_mismatch | (~np.isnan(py64) & ~(np.isinf(py64) & (py64 == r64))
                                             & (np.abs(py64 - r64) > atol + rtol * s))
    if np.any(bad):
        raise AssertionError(describe(name, py64, r64) + f"; tolerance atol={atol:g} rtol={rtol:g}")
    return describe(name, py64, r64)


def assert_same_dict(py: dict, r: dict, rtol=RTOL_SUM_ORDER, atol=0.0, scales=None, ordered=True, what="keys"):
    """``assert_same`` for every key; the key sets (and, if ``ordered``, their order: R's
    ``names()`` of a list is part of its result) must be equal. Returns the report lines."""
    if not isinstance(r, dict):
        raise AssertionError(f"{what}: R gave a {type(r).__name__}, not a named list")
    if set(py) != set(r):
        raise AssertionError(f"{what} differ: python {sorted(py)} vs R {sorted(r)}")
    if ordered and list(py) != list(r):
        raise AssertionError(f"{what}: order differs: python {list(py)} vs R {list(r)}")
    scales = scales or {}
    return [assert_same(k, py[k], r[k], rtol=rtol, atol=atol, scale=scales.get(k)) for k in py]


def assert_same_tree(name, py, r, rtol=RTOL_SUM_ORDER, atol=0.0):
    """Nested values (dicts in order, lists, strings, None, numbers, arrays) compared all the way down,
    numbers and arrays with :func:`assert_same` (storage type, shape, values)."""
    if py is None or r is None:
        if not (py is None and r is None):
            raise AssertionError(f"{name}: python {py!r} vs R {r!r}")
        return
    if isinstance(py, dict):
        if not isinstance(r, dict):
            raise AssertionError(f"{name}: python a dict vs R {type(r).__name__}")
        if list(py) != list(r):
            raise AssertionError(f"{name}: names differ: python {list(py)} vs R {list(r)}")
        for k in py:
            assert_same_tree(f"{name}${k}", py[k], r[k], rtol=rtol, atol=atol)
        return
    if isinstance(py, str):
        got = r[0] if isinstance(r, list) and len(r) == 1 else r
        if got != py:
            raise AssertionError(f"{name}: python {py!r} vs R {r!r}")
        return
    if isinstance(py, (list, tuple)) and not (py and all(isinstance(v, (int, float)) for v in py)):
        if not isinstance(r, (list, tuple)) or len(r) != len(py):
            raise AssertionError(f"{name}: python {len(py)} items vs R {r!r}")
        for k, (a, b) in enumerate(zip(py, r)):
            assert_same_tree(f"{name}[{k}]", a, b, rtol=rtol, atol=atol)
        return
    if isinstance(py, (list, tuple)):  # a list of numbers: both sides must be lists of the same Python types
        if not isinstance(r, (list, tuple)) or len(r) != len(py):
            raise AssertionError(f"{name}: python {list(py)!r} vs R {r!r}")
        for k, (a, b) in enumerate(zip(py, r)):
            assert_same(f"{name}[{k}]", a, b, rtol=rtol, atol=atol)
        return
    assert_same(name, py, r, rtol=rtol, atol=atol)


def assert_same_history(name, py_iterations, py_costs, r_iterations, r_costs, rtol=RTOL_SUM_ORDER, atol=0.0):
    """A recorded cost history: the iteration index of every recorded cost exactly (same count, same
    numbers, integers on both sides), then the costs (doubles) within ``rtol``."""
    py_its, r_its = list(py_iterations), list(r_iterations)
    for side, its in (("python", py_its), ("R", r_its)):
        bad = [i for i in its if isinstance(i, bool) or not isinstance(i, (int, np.integer))]
        if bad:
            raise AssertionError(f"{name}: {side} iteration indexes are not integers: {bad[:3]}")
    if py_its != r_its:
        first = next((k for k, (a, b) in enumerate(zip(py_its, r_its)) if a != b), min(len(py_its), len(r_its)))
        raise AssertionError(f"{name}: recorded iterations differ: python {len(py_its)} "
                             f"{py_its[max(0, first - 2):first + 3]} vs R {len(r_its)} "
                             f"{r_its[max(0, first - 2):first + 3]} (first difference at entry {first})")
    return assert_same(f"{name} costs", np.asarray(py_costs, dtype=np.float64),
                       np.asarray(r_costs, dtype=np.float64) if all(isinstance(c, float) for c in r_costs)
                       else np.asarray(r_costs), rtol=rtol, atol=atol)


def r_number(name, r):
    """R's result that must be one number (a vector of length 1 without ``dim``) as a numpy scalar of its own
    storage type (np.float64 <- double, np.int64 <- integer, np.bool_ <- logical), so that
    :func:`assert_same` can compare it with a Python ``int`` / ``float`` / ``bool`` typed. Fails on anything else."""
    if not isinstance(r, np.ndarray) or r.shape != (1,) or np.ma.is_masked(r):
        got = f"shape {r.shape} {r.dtype}" if isinstance(r, np.ndarray) else type(r).__name__
        raise AssertionError(f"{name}: R did not give one number (a vector of length 1), got {got}")
    return r[0]


def assert_same_number(name, py, r, rtol=0.0, atol=0.0, r_typeof=None):
    """A Python number against R's one number (:func:`r_number`): storage type, then value (exact by default)."""
    return assert_same(name, py, r_number(name, r), rtol=rtol, atol=atol, r_typeof=r_typeof)
