"""User-facing argument checks shared by the public steps.

These raise ``ValueError``/``TypeError`` with messages that name the argument and
the expected shape or range. They are real checks, not ``assert`` (which
``python -O`` removes). The R twin (R/validation.R) uses the same wording.
"""
from __future__ import annotations

import numbers

import numpy as np

SEED_MAX = 2**32 - 1
ACTIVATION_NAMES = ("relu", "sigmoid")
INIT_NAMES = ("scaled", "xavier", "he")


def _is_integral(x):
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, numbers.Integral):
        return True
    return isinstance(x, (float, np.floating)) and np.isfinite(x) and float(x).is_integer()


def check_layer_dims(layer_dims):
    """``layer_dims``: at least 2 positive integer widths; returns a list of int."""
    dims = list(np.asarray(layer_dims, dtype=object).ravel()) if not isinstance(layer_dims, (list, tuple)) else list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"layer_dims must have at least 2 entries (input width, ..., output width); got {dims}")
    for i, d in enumerate(dims):
        if not _is_integral(d) or int(d) < 1:
            raise ValueError(f"layer_dims must be positive integers; entry {i} is {d!r}")
    return [int(d) for d in dims]


def check_seed(seed):
    """``seed``: an integer in [0, 2**32 - 1] (numpy's RandomState range)."""
    if not _is_integral(seed) or not 0 <= int(seed) <= SEED_MAX:
        raise ValueError(f"seed must be an integer in [0, 4294967295]; got {seed!r}")
    return int(seed)


def check_init(init):
    """``init``: one of the recipe names."""
    if init not in INIT_NAMES:
        raise ValueError(f"init must be one of 'scaled', 'xavier', 'he'; got {init!r}")
    return init


def check_activation(activation):
    """``activation``: 'relu' or 'sigmoid'."""
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"activation must be 'relu' or 'sigmoid'; got {activation!r}")
    return activation
