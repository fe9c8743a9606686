"""Backward propagation: ``back_prop`` (linear), ``back_activ`` (g then linear), ``deep_model_back``.

Maths notation -> code: ``dW[l] = (1/m) dZ[l] A[l-1]^T`` is ``dZ @ A_prev.T / m``;
``db[l] = (1/m) sum_i dZ[l][:, i]`` is a row sum, shape (n_l, 1), never a scalar;
``dA[l-1] = W[l]^T dZ[l]``.
"""
from __future__ import annotations

import numpy as np

from .activations import relu_backprop, sigmoid_backprop
from .utils.validation import check_activation


def back_prop(dZ, cache, need_dA_prev=True):
    """Linear backward step.

    Args:
        dZ: (n, m) gradient w.r.t. this layer's Z.
        cache: ``(A_prev, W, b)`` from ``for_prop``: (n_prev, m), (n, n_prev), (n, 1).
        need_dA_prev: if False, ``dA_prev`` is not computed (returned as None);
            for layer 1 it is the gradient w.r.t. X, as large as X and unused.
    Returns:
        dA_prev: (n_prev, m), dW: (n, n_prev), db: (n, 1).

    Example:
        >>> from nnscratch import for_prop
        >>> _, cache = for_prop(np.array([[1.0], [2.0]]), np.eye(2), np.zeros((2, 1)))
        >>> dA_prev, dW, db = back_prop(np.array([[1.0], [-1.0]]), cache)
        >>> dW  # dZ @ A_prev.T / m
        array([[ 1.,  2.],
               [-1., -2.]])
        >>> db.tolist()
        [[1.0], [-1.0]]
    """
    A_prev, W, _b = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if need_dA_prev else None
    return dA_prev, dW, db


def back_activ(dA, cache, activation, need_dA_prev=True):
    """One layer backward: ``dZ = dA * g'(Z)``, then ``back_prop``.

    Args:
        dA: (n, m).
        cache: ``(linear_cache, Z)`` from ``for_activation``.
        activation: ``"relu"`` or ``"sigmoid"``.
        need_dA_prev: passed to ``back_prop``.
    Returns:
        dA_prev: (n_prev, m), dW: (n, n_prev), db: (n, 1).

    Example:
        >>> from nnscratch import for_activation
        >>> _, cache = for_activation(np.array([[1.0], [2.0]]), np.array([[1.0, -1.0]]), np.zeros((1, 1)), 'relu')
        >>> dA_prev, dW, db = back_activ(np.ones((1, 1)), cache, 'relu')  # Z = -1: the unit is off
        >>> dW.tolist(), db.tolist()
        ([[0.0, 0.0]], [[0.0]])
    """
    backprop = {"relu": relu_backprop, "sigmoid": sigmoid_backprop}[check_activation(activation)]
    linear_cache, activation_cache = cache
    dZ = backprop(dA, activation_cache)
    return back_prop(dZ, linear_cache, need_dA_prev)


def output_layer_dZ(AL, Y):
    """Gradient of the cross-entropy w.r.t. the output pre-activation ZL.

    The notebook computed ``dAL = -(Y/AL - (1-Y)/(1-AL))`` and then
    ``dZL = dAL * AL * (1 - AL)`` (``sigmoid_backprop``); the product simplifies
    to ``AL - Y``, which is what we compute: the same number for unsaturated
    outputs, and finite (instead of inf * 0 = NaN) when AL is exactly 0 or 1.

    Args:
        AL: (1, m); Y: (1, m).
    Returns:
        dZL: (1, m).
    """
    return AL - Y


def deep_model_back(AL, Y, caches, input_grad=True):
    """Backward pass through the whole network.

    Args:
        AL: (1, m) output of ``deep_model``.
        Y: (1, m) labels (reshaped to AL's shape as in the notebook).
        caches: the L caches from ``deep_model``.
        input_grad: if False, ``dA0`` (the gradient w.r.t. X, (n0, m), as large
            as X and never needed for training) is not computed.
    Returns:
        dict with ``dA{l-1}: (n_{l-1}, m)``, ``dW{l}: (n_l, n_{l-1})``,
        ``db{l}: (n_l, 1)`` for l = L..1 (``dA0`` only if ``input_grad``).

    Example:
        >>> from nnscratch import deep_model, init_param
        >>> X = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])
        >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])
        >>> p = init_param([2, 3, 1], seed=1)
        >>> AL, caches = deep_model(X, p)
        >>> grads = deep_model_back(AL, Y, caches, input_grad=False)
        >>> list(grads)
        ['dW2', 'db2', 'dA1', 'dW1', 'db1']
        >>> grads['dW1'].shape == p['W1'].shape
        True
    """
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    # Output layer: sigmoid + cross-entropy, fused (see output_layer_dZ).
    linear_cache, _ZL = caches[L - 1]
    need = L > 1 or input_grad
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = back_prop(output_layer_dZ(AL, Y), linear_cache, need)
    if need:
        grads[f"dA{L - 1}"] = dA_prev
    # Hidden ReLU layers, l = L-1 .. 1.
    for l in range(L - 1, 0, -1):
        need = l > 1 or input_grad
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = back_activ(grads[f"dA{l}"], caches[l - 1], "relu", need)
        if need:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
