"""Per-feature standardization: every input feature (row of X) to mean 0 and standard deviation 1
(R twin: R/standardize.R).

Features on very different scales make the cost surface long and narrow, and gradient descent
zig-zags across it; centred and scaled features make it rounder. The mean and standard deviation
are computed on the TRAINING set only (``fit_standardizer``) and then applied unchanged to the
training, validation and test sets and to every image ``predict`` sees (``standardize``): the model
learned on features scaled that way.
"""
from __future__ import annotations

import numpy as np

from .utils.validation import check_finite, check_matrix


def fit_standardizer(X):
    """The mean and the standard deviation of every feature (row) of X, over its m samples (columns).

        mean_i = (1/m) sum_j X[i, j]
        std_i  = sqrt((1/m) sum_j (X[i, j] - mean_i)^2)

    This is the POPULATION standard deviation (numpy's ``np.std`` default, ``ddof=0``: divided by
    m). R's ``sd()`` divides by m - 1 (``ddof=1``, the sample estimate): R's twin therefore does
    not call ``sd()`` but writes the formula out, as here.

    A constant feature (every value the same, e.g. a pixel that is black in every image) has
    std 0: dividing by it would give NaN. Its std is stored as 1.0 and its mean as its value,
    so it standardizes to exactly 0. Constancy is tested on the values themselves, not on the
    computed std: the mean of (0.1, 0.1, 0.1) is 0.10000000000000002 by numpy's sum, which
    leaves a std of about 1e-17 instead of 0. A std that underflows to 0 is stored as 1.0 too.

    Args:
        X: (n0, m) training inputs, one sample per column, finite, m >= 1.
    Returns:
        ``{"mean": (n0, 1), "std": (n0, 1)}`` float64 arrays, every std > 0.
    Raises:
        TypeError / ValueError: X not a finite 2-D array, or without samples.

    Example:
        >>> s = fit_standardizer(np.array([[1., 3.], [5., 5.]]))
        >>> s["mean"].tolist(), s["std"].tolist()
        ([[2.0], [5.0]], [[1.0], [1.0]])
    """
    check_matrix("X", X)
    check_finite("X", X)
    if X.shape[1] < 1:
        raise ValueError(f"X must have at least one sample (column) to fit a standardizer; got shape {X.shape}")
    X = X.astype(np.float64, copy=False)
    mean = X.mean(axis=1, keepdims=True)                                  # (n0, 1)
    std = np.sqrt(((X - mean) ** 2).mean(axis=1, keepdims=True))          # (n0, 1), broadcast over m columns
    constant = (X == X[:, :1]).all(axis=1, keepdims=True)                 # (n0, 1): every value equals the first
    mean = np.where(constant, X[:, :1], mean)
    std = np.where(constant | (std == 0), 1.0, std)
    return {"mean": mean, "std": std}


def check_standardizer(standardizer):
    """A standardizer from ``fit_standardizer``: entries mean and std, both (n0, 1), std > 0; returns n0."""
    if not isinstance(standardizer, dict) or "mean" not in standardizer or "std" not in standardizer:
        raise ValueError("standardizer must have entries 'mean' and 'std' (as fit_standardizer returns)")
    mean, std = standardizer["mean"], standardizer["std"]
    for key, a in (("mean", mean), ("std", std)):
        check_matrix(f"standardizer's {key}", a, what="one row per feature")
    if mean.shape[1] != 1 or std.shape != mean.shape:
        raise ValueError(f"standardizer's mean and std must both have shape (n0, 1); got {mean.shape} and {std.shape}")
    if not (np.isfinite(std).all() and (std > 0).all()):
        raise ValueError("standardizer's std must hold finite positive numbers")
    return mean.shape[0]


def standardize(X, standardizer):
    """Standardize X with a standardizer fitted on the training set.

        X_std[i, j] = (X[i, j] - mean_i) / std_i

    numpy broadcasts the (n0, 1) columns over the m columns of X; R's twin recycles the n0 values
    down each column of X (the same pairs of numbers meet, element by element: the same bits).

    Args:
        X: (n0, m) inputs, one sample per column.
        standardizer: ``{"mean": (n0, 1), "std": (n0, 1)}`` from ``fit_standardizer``.
    Returns:
        (n0, m) float64, a new array.
    Raises:
        ValueError: X has another number of rows (features) than the standardizer, or the
            standardizer is malformed.

    Example:
        >>> s = {"mean": np.array([[2.0], [5.0]]), "std": np.array([[1.0], [2.0]])}
        >>> standardize(np.array([[1., 3.], [5., 9.]]), s).tolist()
        [[-1.0, 1.0], [0.0, 2.0]]
    """
    check_matrix("X", X)
    n0 = check_standardizer(standardizer)
    if X.shape[0] != n0:
        raise ValueError(f"X has {X.shape[0]} rows (features) but the standardizer was fitted on {n0} features")
    return (X - standardizer["mean"]) / standardizer["std"]
