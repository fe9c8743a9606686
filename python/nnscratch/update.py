"""Gradient-descent step ``update_parameters`` (the notebook's ``update``)."""
from __future__ import annotations


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: ``W[l] -= lr * dW[l]``, ``b[l] -= lr * db[l]``, l = 1..L.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
        grads: dict with ``dW{l}``, ``db{l}`` of the same shapes.
        learning_rate: positive float.
    Returns:
        a new dict (the input is not modified).
    """
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


#: The notebook's name. R has no ``update`` (it would mask ``stats::update``).
update = update_parameters
