"""Inverted dropout on the hidden layers: ``dropout_masks``, ``deep_model_with_dropout``,
``deep_model_back_with_dropout`` (R twin: R/dropout.R).

During training each hidden unit is kept with probability ``keep_prob`` and switched off
otherwise, a new choice for every sample and every step, so that no unit can rely on any
other one. The mask ``D_l`` (n_l, m) holds 1.0 (kept) or 0.0 (dropped) for layer l. The
forward pass drops and rescales::

    A_l = (relu(Z_l) * D_l) / keep_prob

("inverted" dropout: dividing by keep_prob keeps the expected value of A_l, so nothing
changes at prediction time, when no unit is dropped). The backward pass drops the same
units and rescales the same way, before the ReLU derivative::

    dA_l = (dA_l * D_l) / keep_prob

The output layer is never dropped. With keep_prob = 1 and all-ones masks both passes are
exactly ``deep_model`` / ``deep_model_back``.
"""
from __future__ import annotations

import numbers

import numpy as np

from .backward import back_activ, back_prop, output_layer_dZ
from .forward import for_activation
from .utils.validation import check_layers_dims, check_matrix, check_parameters, check_positive_int, check_seed


def check_keep_prob(keep_prob):
    """``keep_prob``, the probability of keeping a hidden unit: a number in (0, 1]; returns a float."""
    is_number = isinstance(keep_prob, (numbers.Real, np.floating)) and not isinstance(keep_prob, (bool, np.bool_))
    if not is_number or not 0 < keep_prob <= 1:
        shown = f"{keep_prob:g}" if is_number else repr(keep_prob)
        raise ValueError(f"keep_prob must be a number in (0, 1]; got {shown}")
    return float(keep_prob)


def check_masks(masks, shapes):
    """``masks``: exactly ``D1 .. D{L-1}``, ``D{l}`` of shape ``shapes[l - 1]`` (hidden layer l's A)."""
    if not isinstance(masks, dict):
        raise ValueError(f"masks must be a dict with D1, ..., D{len(shapes)}; got {type(masks).__name__}")
    keys = [f"D{l}" for l in range(1, len(shapes) + 1)]
    for key, shape in zip(keys, shapes):
        if key not in masks:
            raise ValueError(f"masks has no entry {key!r}")
        if np.shape(masks[key]) != shape:
            raise ValueError(f"{key} must have shape {shape}; got {np.shape(masks[key])}")
    for key in masks:
        if key not in keys:
            raise ValueError(f"masks has an unexpected entry {key!r}: "
                             f"the {len(shapes)} hidden layers have masks, the output layer never does")
    return masks


def dropout_masks(layers_dims, m, keep_prob, seed=0):
    """The dropout masks of one step: ``D_l = (rand(n_l, m) < keep_prob)`` for each hidden layer.

    Drawn layer by layer, D1 first, from one generator: ``gen.rand(n_l, m)`` fills the matrix
    row by row (numpy is row-major; R builds it with ``byrow = TRUE``).

    Args:
        layers_dims: ``[n0, n1, ..., nL]`` (at least 2 positive integers); masks for layers
            1 .. L-1 (the output layer L is never dropped).
        m: number of samples (columns), a positive integer.
        keep_prob: probability of keeping a unit, in (0, 1] (1 gives all-ones masks; the
            generator is advanced all the same).
        seed: an integer in [0, 2**32 - 1] (a new ``np.random.RandomState(seed)``) or an
            ``np.random.RandomState``, which is advanced (the engine keeps drawing from it).
    Returns:
        dict ``{"D1": (n1, m), ..., "D{L-1}": (n_{L-1}, m)}`` of float64 0.0 / 1.0
        (empty for a network without hidden layers).

    Example:
        >>> dropout_masks([3, 2, 1], 3, 0.5, seed=1)["D1"]
        array([[1., 0., 1.],
               [1., 1., 1.]])
    """
    dims = check_layers_dims(layers_dims)
    m = check_positive_int("m", m)
    keep_prob = check_keep_prob(keep_prob)
    gen = seed if isinstance(seed, np.random.RandomState) else np.random.RandomState(check_seed(seed))
    masks = {}
    for l in range(1, len(dims) - 1):
        masks[f"D{l}"] = (gen.rand(dims[l], m) < keep_prob).astype(np.float64)
    return masks


def deep_model_with_dropout(X, parameters, masks, keep_prob):
    """Forward pass with inverted dropout on the L-1 ReLU layers, then the sigmoid output layer.

    Args:
        X: (n0, m) inputs, one sample per column.
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``, l = 1..L.
        masks: dict ``D{l}: (n_l, m)`` of 0.0 / 1.0 for l = 1..L-1 (``dropout_masks``).
        keep_prob: the probability the masks were drawn with, in (0, 1].
    Returns:
        AL: (1, m) and the L caches, as ``deep_model``; layer l+1's cache holds the dropped,
        rescaled A_l as its A_prev (what ``back_prop`` needs for dW).

    Example:
        >>> p = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
        ...      "W2": np.array([[1.5, 1.0]]), "b2": np.array([[-6.0]])}
        >>> masks = {"D1": np.array([[1.0, 0.0], [0.0, 1.0]])}
        >>> AL, caches = deep_model_with_dropout(np.array([[2.0, -3.0]]), p, masks, 0.5)
        >>> caches[1][0][0]  # relu(Z1) = [[2, 0], [0, 3]], dropped, divided by 0.5
        array([[4., 0.],
               [0., 6.]])
        >>> AL
        array([[0.5, 0.5]])
    """
    check_matrix("X", X)
    L = check_parameters(parameters, n0=X.shape[0])
    keep_prob = check_keep_prob(keep_prob)
    check_masks(masks, [(parameters[f"W{l}"].shape[0], X.shape[1]) for l in range(1, L)])
    caches = []
    A = X
    for l in range(1, L):
        A, cache = for_activation(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        A = (A * masks[f"D{l}"]) / keep_prob  # dropout: switch units off, scale the survivors up
        caches.append(cache)
    AL, cache = for_activation(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob, input_grad=True):
    """Backward pass of ``deep_model_with_dropout``: the same masks, applied to dA of each hidden layer.

    Args:
        AL: (1, m) output of ``deep_model_with_dropout``.
        Y: (1, m) labels (reshaped to AL's shape).
        caches: the L caches of ``deep_model_with_dropout``.
        masks: the masks the forward pass used, ``D{l}: (n_l, m)``, l = 1..L-1.
        keep_prob: the forward pass's keep_prob, in (0, 1].
        input_grad: if False, ``dA0`` (the gradient w.r.t. X) is not computed.
    Returns:
        dict with ``dW{l}``, ``db{l}``, ``dA{l-1}`` in ``deep_model_back``'s order and shapes;
        for a hidden layer l, ``dA{l}`` holds the gradient after the mask,
        ``(W_{l+1}^T dZ_{l+1} * D_l) / keep_prob`` (w.r.t. relu(Z_l), as in the course).

    Example (the network of ``deep_model_with_dropout``'s example, Y = [[1, 0]]):
        >>> p = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
        ...      "W2": np.array([[1.5, 1.0]]), "b2": np.array([[-6.0]])}
        >>> masks = {"D1": np.array([[1.0, 0.0], [0.0, 1.0]])}
        >>> AL, caches = deep_model_with_dropout(np.array([[2.0, -3.0]]), p, masks, 0.5)
        >>> g = deep_model_back_with_dropout(AL, np.array([[1.0, 0.0]]), caches, masks, 0.5)
        >>> g["dA1"]  # W2^T dZ2 = [[-0.75, 0.75], [-0.5, 0.5]], dropped (-0.5 * 0 is -0.0), / 0.5
        array([[-1.5,  0. ],
               [-0. ,  1. ]])
        >>> g["dW1"], g["db1"]
        (array([[-1.5],
               [-1.5]]), array([[-0.75],
               [ 0.5 ]]))
    """
    keep_prob = check_keep_prob(keep_prob)
    L = len(caches)
    check_masks(masks, [caches[l - 1][1].shape for l in range(1, L)])
    grads = {}
    Y = Y.reshape(AL.shape)
    # Output layer: sigmoid + cross-entropy, fused (see output_layer_dZ); never dropped.
    linear_cache, _ZL = caches[L - 1]
    need = L > 1 or input_grad
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = back_prop(output_layer_dZ(AL, Y), linear_cache, need)
    if need:
        grads[f"dA{L - 1}"] = dA_prev
    # Hidden ReLU layers, l = L-1 .. 1.
    for l in range(L - 1, 0, -1):
        grads[f"dA{l}"] = (grads[f"dA{l}"] * masks[f"D{l}"]) / keep_prob  # dropout: the same units, the same scale
        need = l > 1 or input_grad
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = back_activ(grads[f"dA{l}"], caches[l - 1], "relu", need)
        if need:
            grads[f"dA{l - 1}"] = dA_prev
    return grads
