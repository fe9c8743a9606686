"""Activation functions and their derivatives.

Each forward function returns ``(A, cache)`` where ``cache`` is ``Z`` itself,
as in the notebook; each ``*_backprop`` takes ``dA`` and that cache and returns
``dZ = dA * g'(Z)`` with the same shape.

Notation: for a layer, ``Z = W @ A_prev + b`` and ``A = g(Z)``; ``dX`` means
the derivative of the cost with respect to ``X``.
"""
from __future__ import annotations

import numpy as np


def relu(Z):
    """ReLU, ``A = max(0, Z)``.

    Args:
        Z: (n, m) pre-activation.
    Returns:
        A: (n, m) and cache = Z.

    Example:
        >>> A, cache = relu(np.array([[-1.0, 0.0, 2.0]]))
        >>> A
        array([[0., 0., 2.]])
        >>> cache is not None  # the cache is Z itself
        True
    """
    A = np.maximum(Z, 0.0)
    return A, Z


def relu_backprop(dA, cache):
    """Derivative of ReLU: ``dZ = dA * 1[Z > 0]``.

    The derivative at exactly ``Z == 0`` is taken as 0 (as in the notebook).

    Args:
        dA: (n, m) gradient of the cost w.r.t. the activation.
        cache: Z, (n, m).
    Returns:
        dZ: (n, m).

    Example:
        >>> Z = np.array([[-1.0, 0.0, 2.0]])
        >>> relu_backprop(np.ones((1, 3)), Z)  # 1 where Z > 0; 0 at Z == 0
        array([[0., 0., 1.]])
    """
    Z = cache
    dZ = np.where(Z > 0, dA, 0.0)
    return dZ


def sigmoid(Z):
    """Logistic sigmoid ``A = 1 / (1 + exp(-Z))`` without overflow.

    ``exp`` is only ever applied to ``-|Z|`` (never a positive argument), so
    ``Z = -1000`` gives 0 (actually ``exp(-1000) / (1 + exp(-1000))``) with no
    overflow warning; the notebook's ``1/(1+np.exp(-Z))`` overflowed there.

    Args:
        Z: (n, m).
    Returns:
        A: (n, m) in [0, 1] and cache = Z.

    Example:
        >>> A, _ = sigmoid(np.array([[-1000.0, 0.0, 1000.0]]))  # no overflow warning
        >>> A
        array([[0. , 0.5, 1. ]])
    """
    e = np.exp(-np.abs(Z))  # in (0, 1]
    A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return A, Z


def sigmoid_backprop(dA, cache):
    """Derivative of the sigmoid: ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Args:
        dA: (n, m).
        cache: Z, (n, m).
    Returns:
        dZ: (n, m).

    Example:
        >>> dZ = sigmoid_backprop(np.ones((1, 3)), np.array([[-2.0, 0.0, 2.0]]))
        >>> dZ.round(6)  # s * (1 - s)
        array([[0.104994, 0.25    , 0.104994]])
    """
    s, _ = sigmoid(cache)
    dZ = dA * s * (1.0 - s)
    return dZ

