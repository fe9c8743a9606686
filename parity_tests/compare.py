"""Comparison helpers for the parity suite: never reshape, always say where.

``assert_same`` fails when shapes differ (a (5, 1) bias is not a length-5 vector)
and otherwise reports the largest difference and its index, e.g.
``W2: max |py - r| = 3.1e-16 at (4, 0)``.
"""
from __future__ import annotations

import numpy as np

#: Relative tolerance for results whose only difference is the order of
#: floating-point summation (BLAS kernels, numpy's pairwise sum vs R's
#: long-double sum): each such sum of k terms may differ by about
#: k * 2.2e-16 relative to the sum of |terms|; 1e-12 leaves room for k ~ 4000.
RTOL_SUM_ORDER = 1e-12


def _as_array(x, name):
    if isinstance(x, (float, int, np.floating, np.integer)):
        return np.asarray(x, dtype=np.float64)
    if not isinstance(x, np.ndarray):
        raise AssertionError(f"{name}: expected an array, got {type(x).__name__}")
    return x


def max_diff(py, r):
    """(max |py - r|, its index, max relative difference) for same-shape arrays."""
    py = np.asarray(py, dtype=np.float64)
    r = np.asarray(r, dtype=np.float64)
    if py.size == 0:
        return 0.0, (), 0.0
    both_nan = np.isnan(py) & np.isnan(r)
    d = np.where(both_nan, 0.0, np.abs(py - r))
    d = np.where(np.isnan(d), np.inf, d)  # NaN on one side only is an infinite difference
    idx = np.unravel_index(int(np.argmax(d)), d.shape)
    scale = np.maximum(np.abs(py), np.abs(r))
    rel = np.where(d == 0, 0.0, d / np.where(scale == 0, 1.0, scale))
    return float(d[idx]), tuple(int(i) for i in idx), float(np.max(rel))


def describe(name, py, r):
    d, idx, rel = max_diff(py, r)
    return f"{name}: max |py - r| = {d:.3g} at {idx} (max rel {rel:.3g})"


def assert_same(name, py, r, rtol=RTOL_SUM_ORDER, atol=0.0, scale=None):
    """Assert identical shapes and ``|py - r| <= atol + rtol * s`` elementwise.

    ``s`` is ``scale`` if given (use the size of the summed terms when a result
    can cancel to near zero), else ``max(|py|, |r|)`` elementwise.
    ``rtol=0, atol=0`` asks for bit-for-bit equality.
    """
    py = _as_array(py, name)
    r = _as_array(r, name)
    if py.shape != r.shape:
        raise AssertionError(f"{name}: shape differs: python {py.shape} vs R {r.shape}")
    py64 = py.astype(np.float64)
    r64 = r.astype(np.float64)
    s = np.maximum(np.abs(py64), np.abs(r64)) if scale is None else scale
    nan_mismatch = np.isnan(py64) != np.isnan(r64)
    with np.errstate(invalid="ignore"):
        bad = nan_mismatch | (~np.isnan(py64) & (np.abs(py64 - r64) > atol + rtol * s))
    if np.any(bad):
        raise AssertionError(describe(name, py64, r64) + f"; tolerance atol={atol:g} rtol={rtol:g}")
    return describe(name, py64, r64)


def assert_same_dict(py: dict, r: dict, rtol=RTOL_SUM_ORDER, atol=0.0, scales=None):
    """``assert_same`` for every key; the key sets must be equal. Returns the report lines."""
    if set(py) != set(r):
        raise AssertionError(f"keys differ: python {sorted(py)} vs R {sorted(r)}")
    scales = scales or {}
    return [assert_same(k, py[k], r[k], rtol=rtol, atol=atol, scale=scales.get(k)) for k in sorted(py)]
