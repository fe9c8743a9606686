"""Exercise: tanh and its derivative, in the style of nnscratch's activations (Python side).

Fill in the two TODOs, then run
    .venv/bin/python exercises/tanh/check_tanh.py        # expected vs yours
    .venv/bin/python exercises/tanh/parity_check.py      # your Python vs your R (tanh.R)
"""
import numpy as np


def tanh_forward(Z):
    """Hyperbolic tangent ``A = tanh(Z)``, element-wise.

    Args:
        Z: (n, m) float64.
    Returns:
        (A, cache): A (n, m) in [-1, 1]; cache = Z (for tanh_backprop).

    Do not call np.tanh: build it from exp. Watch two entries of the check:
    Z = -1000 (exp(1000) overflows: use only exp of -2|Z|, as sigmoid uses exp(-|Z|))
    and Z = 1e-8 (1 - exp(-2e-8) loses half the digits: np.expm1(x) = exp(x) - 1 does not).
    """
    # TODO: compute A from Z
    raise NotImplementedError("tanh: TODO")


def tanh_backprop(dA, cache):
    """Derivative: ``dZ = dA * (1 - tanh(Z)^2)``.

    Args:
        dA: (n, m) gradient of the cost with respect to A.
        cache: Z (n, m) from tanh_forward.
    Returns:
        dZ: (n, m).
    """
    # TODO: compute dZ from dA and the cache
    raise NotImplementedError("tanh_backprop: TODO")
