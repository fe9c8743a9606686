"""Prediction ``predict_labels`` (the notebook's ``predict``)."""
from __future__ import annotations

import numpy as np

from .forward import deep_model
from .utils.validation import check_finite, check_matrix, check_parameters


def predict_labels(X, y, parameters):
    """Predict 0/1 labels (probability > 0.5 gives 1) and the accuracy.

    Args:
        X: (n0, m) inputs, finite.
        y: (1, m) true labels (any array of m values), or None.
        parameters: dict from ``dense_nn`` / ``init_param``; ``W1`` must have n0 columns.
    Returns:
        ``(p, accuracy)``: p is (1, m) float64 of 0.0/1.0; accuracy is the
        fraction of ``p == y`` (a float), or None when y is None. Nothing is printed.
    Raises:
        ValueError/TypeError: X not a finite 2-D array, parameters that do not
            fit X (or each other), y without m values; the same sentences as R's
            ``predict_labels``.

    Example:
        >>> from nnscratch import dense_nn
        >>> X = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])
        >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
        >>> parameters, _ = dense_nn(X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=200, init='he')
        >>> p, accuracy = predict_labels(X, Y, parameters)
        >>> p, accuracy
        (array([[0., 1., 1., 0.]]), 1.0)
        >>> predict_labels(X, None, parameters)[1] is None
        True
    """
    check_matrix("X", X)
    check_finite("X", X)
    check_parameters(parameters, n0=X.shape[0])
    if y is not None and np.size(y) != X.shape[1]:
        raise ValueError(f"X and y must have the same number of samples (columns): X has {X.shape[1]}, y has {np.size(y)}")
    AL, _ = deep_model(X, parameters)
    p = (AL > 0.5).astype(np.float64)
    accuracy = None if y is None else float(np.mean(p == np.asarray(y).reshape(p.shape)))
    return p, accuracy


def predict(X, y, parameters):
    """The notebook's ``predict``: prints "Accuracy: ..." and returns p only.

    Kept for notebook users; new code should call ``predict_labels``.

    Example:
        >>> from nnscratch import dense_nn
        >>> X = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])
        >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
        >>> parameters, _ = dense_nn(X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=200, init='he')
        >>> p = predict(X, Y, parameters)
        Accuracy: 1.0
        >>> p
        array([[0., 1., 1., 0.]])
    """
    p, accuracy = predict_labels(X, y, parameters)
    print("Accuracy: " + str(accuracy))
    return p
