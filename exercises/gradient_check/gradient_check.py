"""Exercise: gradient checking (Python). Fill in the TODOs, then run
    .venv/bin/python exercises/gradient_check/check_gradient.py
"""
import numpy as np


def numerical_gradient(f, theta, epsilon=1e-7):
    """Centered differences: entry i is (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps).

    Args:
        f: a function of an array shaped like theta, returning a number.
        theta: float64 array of any shape (do not modify it: work on copies).
        epsilon: the step.
    Returns:
        gradapprox, shaped like theta.
    """
    # TODO
    raise NotImplementedError("numerical_gradient: TODO")


def relative_difference(grad, gradapprox):
    """``||grad - gradapprox|| / (||grad|| + ||gradapprox||)`` (Frobenius norms); 0 if both are 0."""
    # TODO
    raise NotImplementedError("relative_difference: TODO")
