"""User-facing argument checks shared by the public steps.

These raise ``ValueError``/``TypeError`` with messages that name the argument and
the expected shape or range. They are real checks, not ``assert`` (which
``python -O`` removes). The R twin (R/utils-validation.R) uses the same wording.
"""
from __future__ import annotations

import numbers

import numpy as np

SEED_MAX = 2**32 - 1
ACTIVATION_NAMES = ("relu", "sigmoid")
INIT_NAMES = ("scaled", "xavier", "he")


def is_integral(x):
    """True for an int or an integral finite float (2.0), False for bools and anything else."""
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, numbers.Integral):
        return True
    return isinstance(x, (float, np.floating)) and bool(np.isfinite(x)) and float(x).is_integer()


def check_layers_dims(layers_dims):
    """``layers_dims``: at least 2 positive integer widths; returns a list of int."""
    if isinstance(layers_dims, (list, tuple)):
        dims = list(layers_dims)
    else:
        dims = list(np.asarray(layers_dims, dtype=object).ravel())
    if len(dims) < 2:
        raise ValueError(f"layers_dims must have at least 2 entries (input width, ..., output width); got {dims}")
    for i, d in enumerate(dims):
        if not is_integral(d) or int(d) < 1:
            raise ValueError(f"layers_dims must be positive integers; entry {i} is {d!r}")
    return [int(d) for d in dims]


def check_seed(seed):
    """``seed``: an integer in [0, 2**32 - 1] (numpy's RandomState range)."""
    if not is_integral(seed) or not 0 <= int(seed) <= SEED_MAX:
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


def check_matrix(name, a, what="one sample per column"):
    """A 2-D numpy array (``what`` says what its columns hold, for the message)."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of shape (n, m) with {what}; got {type(a).__name__}")
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n, m) with {what}; got shape {a.shape}")
    return a


def check_finite(name, a):
    """No NaN or infinite values; the message gives the first (row, column)."""
    if np.issubdtype(np.asarray(a).dtype, np.floating):
        # Fast path, no (n, m) temporary: NaN and +-inf propagate into a sum, so a finite sum proves
        # every element finite. A sum that is not (a bad value, or finite values overflowing) searches.
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(np.sum(a)):
                return
    bad = ~np.isfinite(a)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(f"{name} holds NaN or infinite values (first at row {i}, column {j})")


def check_X_Y(X, Y):
    """X: (n0, m) finite; Y: (1, m) of 0/1 labels with the same m."""
    check_matrix("X", X)
    check_finite("X", X)
    check_matrix("Y", Y, what="the labels of the m samples")
    if Y.shape[0] != 1:
        raise ValueError(f"Y must have shape (1, m); got {Y.shape}")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"X and Y must have the same number of samples (columns): X has {X.shape[1]}, Y has {Y.shape[1]}")
    bad = ~np.isin(Y, (0, 1))
    if bad.any():
        raise ValueError(f"Y must hold labels 0 or 1; found {float(Y[bad][0])!r} at column {int(np.argwhere(bad)[0][1])}")


def check_learning_rate(learning_rate):
    if isinstance(learning_rate, (bool, np.bool_)) or not isinstance(learning_rate, (numbers.Real, np.floating)) \
            or not np.isfinite(learning_rate) or learning_rate <= 0:
        shown = f"{learning_rate:g}" if isinstance(learning_rate, (numbers.Real, np.floating)) else repr(learning_rate)
        raise ValueError(f"learning_rate must be a positive number; got {shown}")  # 0, not 0.0: as R prints it
    return float(learning_rate)


def check_positive_int(name, value, allow_zero=False):
    low = 0 if allow_zero else 1
    if not is_integral(value) or int(value) < low:
        kind = "a non-negative integer" if allow_zero else "a positive integer"
        raise ValueError(f"{name} must be {kind}; got {value!r}")
    return int(value)


def check_parameters(parameters, n0=None):
    """A dict W1, b1, ..., WL, bL of consistent 2-D shapes; ``n0`` is X's row count."""
    if not isinstance(parameters, dict) or len(parameters) < 2 or len(parameters) % 2:
        raise ValueError("parameters must be a dict with W1, b1, ..., WL, bL")
    L = len(parameters) // 2
    prev = n0
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            if key not in parameters:
                raise ValueError(f"parameters has no entry {key!r}")
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        check_matrix(f"W{l}", W, what="n_l rows and n_(l-1) columns")
        if prev is not None and W.shape[1] != prev:
            what = "the number of rows of X" if l == 1 else f"the rows of W{l - 1}"
            raise ValueError(f"W{l} has shape {W.shape}: its {W.shape[1]} columns must match {what} ({prev})")
        if np.shape(b) != (W.shape[0], 1):
            raise ValueError(f"b{l} must have shape ({W.shape[0]}, 1); got {np.shape(b)}")
        prev = W.shape[0]
    if prev != 1:
        raise ValueError(f"the output layer W{L} must have 1 row (one probability per sample); got {prev}")
    return L


def check_training_args(X, Y, layers_dims, learning_rate, num_iterations):
    """All the checks of ``dense_nn``'s (and ``engine_fit``'s) arguments, in the order a reader would make them.

    Returns ``layers_dims`` as a list of int."""
    check_X_Y(X, Y)
    dims = check_layers_dims(layers_dims)
    if dims[0] != X.shape[0]:
        raise ValueError(f"layers_dims[0] must equal the number of rows of X ({X.shape[0]}); got {dims[0]}")
    if dims[-1] != 1:
        raise ValueError(f"the last entry of layers_dims must be 1 (one output probability); got {dims[-1]}")
    check_learning_rate(learning_rate)
    check_positive_int("num_iterations", num_iterations)
    return dims
