"""L2 regularization (weight decay): the cost term ``l2_cost`` and its gradient ``l2_grads``
(R twin: R/regularization.R).

With L2 the objective is the cross-entropy plus a penalty on the size of the weights::

    J = cross_entropy(AL, Y) + (lambd / (2 m)) * sum_l sum_ij W_l[i, j]^2

Its derivative with respect to ``W_l`` is the plain gradient plus ``(lambd / m) * W_l``: each
step shrinks every weight a little towards 0. The biases are not penalized (the course's
convention: they are few and do not make the network more complex), so ``db`` is unchanged.
``lambd`` is spelt without its ``a`` because ``lambda`` is a Python keyword.
"""
from __future__ import annotations

import numbers

import numpy as np

from .utils.validation import check_parameters, check_positive_int


def check_lambd(lambd):
    """``lambd``, the L2 strength: a finite number >= 0; returns it as a float."""
    is_number = isinstance(lambd, (numbers.Real, np.floating)) and not isinstance(lambd, (bool, np.bool_))
    if not is_number or not np.isfinite(lambd) or lambd < 0:
        shown = f"{lambd:g}" if is_number else repr(lambd)
        raise ValueError(f"lambd must be a finite number >= 0; got {shown}")
    return float(lambd)


def l2_cost(parameters, lambd, m):
    """The L2 term of the cost: ``(lambd / (2 m)) * sum over l of sum(W_l * W_l)``.

    Add it to ``cost_computation(AL, Y)`` to get the regularized cost.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``, l = 1..L (the biases
            are not penalized).
        lambd: the L2 strength, a finite number >= 0 (0 gives 0.0).
        m: the number of samples the cross-entropy is averaged over (a positive integer).
    Returns:
        a Python float.

    Example:
        >>> l2_cost({"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]])}, lambd=0.5, m=2)
        0.625
    """
    L = check_parameters(parameters)
    lambd = check_lambd(lambd)
    m = check_positive_int("m", m)
    total = 0.0
    for l in range(1, L + 1):
        W = parameters[f"W{l}"]
        total += np.sum(W * W)
    return float((lambd / (2 * m)) * total)


def l2_grads(grads, parameters, lambd, m):
    """The gradients of the regularized cost: ``dW_l + (lambd / m) * W_l``; ``db_l``, ``dA_l`` unchanged.

    Args:
        grads: dict from ``deep_model_back`` (``dW{l}: (n_l, n_{l-1})``, ``db{l}: (n_l, 1)``,
            ``dA{l}``); every entry is kept, in its order.
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``, l = 1..L.
        lambd: the L2 strength, a finite number >= 0.
        m: the number of samples (a positive integer), as for ``l2_cost``.
    Returns:
        a new dict (the input is not modified) with the same keys in the same order.

    Example:
        >>> g = l2_grads({"dW1": np.array([[0.5, 0.0]]), "db1": np.array([[1.0]])},
        ...              {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]])}, lambd=0.5, m=2)
        >>> g["dW1"], g["db1"]
        (array([[0.75, 0.5 ]]), array([[1.]]))
    """
    L = check_parameters(parameters)
    lambd = check_lambd(lambd)
    m = check_positive_int("m", m)
    out = dict(grads)
    for l in range(1, L + 1):
        key, W = f"dW{l}", parameters[f"W{l}"]
        if key not in grads:
            raise ValueError(f"grads has no entry {key!r}")
        if np.shape(grads[key]) != W.shape:
            raise ValueError(f"{key} must have the shape of W{l} {W.shape}; got {np.shape(grads[key])}")
        out[key] = grads[key] + (lambd / m) * W
    return out
