"""Forward propagation: ``for_prop`` (linear), ``for_activation`` (linear + g), ``deep_model``.

Shapes: ``A_prev: (n_prev, m)``, ``W: (n, n_prev)``, ``b: (n, 1)``, ``Z, A: (n, m)``.
"""
from __future__ import annotations

from .activations import relu, sigmoid
from .utils.validation import check_activation, check_matrix, check_parameters


def for_prop(A, W, b):
    """Linear step ``Z = W @ A + b`` (b broadcast over the m columns).

    Args:
        A: (n_prev, m) activations of the previous layer (X for layer 1).
        W: (n, n_prev).
        b: (n, 1).
    Returns:
        Z: (n, m) and the linear cache ``(A, W, b)``.

    Example:
        >>> import numpy as np
        >>> Z, cache = for_prop(np.array([[1.0], [2.0]]), np.eye(2), np.array([[0.5], [-0.5]]))
        >>> Z
        array([[1.5],
               [1.5]])
    """
    Z = W @ A + b
    return Z, (A, W, b)


def for_activation(A_prev, W, b, activation):
    """One layer: ``Z = W @ A_prev + b`` then ``A = g(Z)``.

    Args:
        A_prev: (n_prev, m).
        W: (n, n_prev).
        b: (n, 1).
        activation: ``"relu"`` or ``"sigmoid"``.
    Returns:
        A: (n, m) and cache ``(linear_cache, activation_cache)`` =
        ``((A_prev, W, b), Z)``.

    Example:
        >>> import numpy as np
        >>> from nnscratch import init_param
        >>> X = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]])  # 2 features, 3 samples
        >>> p = init_param([2, 3, 1], seed=1)
        >>> A, ((A_prev, W, b), Z) = for_activation(X, p['W1'], p['b1'], 'relu')
        >>> A.shape, Z.shape
        ((3, 3), (3, 3))
    """
    g = {"relu": relu, "sigmoid": sigmoid}[check_activation(activation)]
    Z, linear_cache = for_prop(A_prev, W, b)
    A, activation_cache = g(Z)
    return A, (linear_cache, activation_cache)


def n_layers(parameters):
    """Number of layers L of a parameter dict holding W1, b1, ..., WL, bL."""
    return len(parameters) // 2


def deep_model(X, parameters):
    """Forward pass: L-1 ReLU layers, then a sigmoid output layer.

    Args:
        X: (n0, m) inputs, one sample per column.
        parameters: dict of ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
    Returns:
        AL: (1, m) output probabilities and the list of L caches
        (``caches[l-1]`` belongs to layer l).
    Raises:
        ValueError/TypeError: X is not 2-D, or the parameters do not fit X or
            each other (the message names the matrix and both shapes).

    Example:
        >>> import numpy as np
        >>> from nnscratch import init_param
        >>> X = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])  # 2 features, 4 samples
        >>> AL, caches = deep_model(X, init_param([2, 3, 1], seed=1))
        >>> AL.shape, len(caches)
        ((1, 4), 2)
        >>> AL.round(4)  # about 0.5 for the small initial weights
        array([[0.5   , 0.5001, 0.5   , 0.5   ]])
    """
    check_matrix("X", X)
    L = check_parameters(parameters, n0=X.shape[0])
    caches = []
    A = X
    for l in range(1, L):
        A, cache = for_activation(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = for_activation(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches
