"""The update steps: gradient descent ``update_parameters`` (the notebook's ``update``), and
momentum, RMSprop and Adam, each with its state (R twin: R/update.R)."""
from __future__ import annotations

import numbers

import numpy as np

from .utils.validation import check_learning_rate, check_positive_int


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step: ``W[l] -= lr * dW[l]``, ``b[l] -= lr * db[l]``, l = 1..L.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
        grads: dict with ``dW{l}``, ``db{l}`` of the same shapes.
        learning_rate: positive float.
    Returns:
        a new dict (the input is not modified).

    Example:
        >>> p = {'W1': np.array([[1.0, 2.0]]), 'b1': np.zeros((1, 1))}
        >>> g = {'dW1': np.array([[10.0, -20.0]]), 'db1': np.array([[5.0]])}
        >>> update_parameters(p, g, learning_rate=0.1)['W1']  # 1 - 0.1 * 10, 2 + 0.1 * 20
        array([[0., 4.]])
    """
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


#: The notebook's name. R has no ``update`` (it would mask ``stats::update``).
update = update_parameters


# -- update rules with a state: momentum, RMSprop, Adam (issue 13) ------------------------------
#
# Each rule keeps, for every parameter, a running average of something about its gradient,
# and moves the parameter by a step made from that average instead of the raw gradient:
#
#   momentum  v = beta v + (1 - beta) dW           W = W - lr v
#   RMSprop   s = beta2 s + (1 - beta2) dW^2       W = W - lr dW / (sqrt(s) + eps)
#   Adam      both, bias-corrected:                W = W - lr v_hat / (sqrt(s_hat) + eps)
#
# The averages are named after the gradient they follow: vdW1, vdb1, ... and sdW1, sdb1, ...,
# each the shape of its parameter. Every operation is element-wise (R computes the very same
# operations in the same order, so both languages agree to the last bit).


def check_beta(name, value):
    """A decay rate ``beta``, ``beta1`` or ``beta2``: a number in [0, 1); returns it as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating)) \
            or not 0 <= value < 1:
        shown = f"{value:g}" if isinstance(value, (numbers.Real, np.floating)) else repr(value)
        raise ValueError(f"{name} must be a number in [0, 1); got {shown}")
    return float(value)


def check_epsilon(epsilon):
    """``epsilon``, the term that keeps a division by sqrt(s) finite: a positive number; returns a float."""
    if isinstance(epsilon, (bool, np.bool_)) or not isinstance(epsilon, (numbers.Real, np.floating)) \
            or not np.isfinite(epsilon) or epsilon <= 0:
        shown = f"{epsilon:g}" if isinstance(epsilon, (numbers.Real, np.floating)) else repr(epsilon)
        raise ValueError(f"epsilon must be a positive number; got {shown}")
    return float(epsilon)


def parameter_names(parameters):
    """W1, b1, W2, b2, ..., WL, bL: the order of every dict these steps return."""
    return [f"{w}{l}" for l in range(1, len(parameters) // 2 + 1) for w in ("W", "b")]


def zeros_like_parameters(parameters, prefix):
    return {f"{prefix}d{key}": np.zeros_like(parameters[key]) for key in parameter_names(parameters)}


def init_momentum(parameters):
    """The momentum state before the first step: zeros shaped like the parameters.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``, l = 1..L.
    Returns:
        v: dict ``vdW{l}`` (shape of ``W{l}``), ``vdb{l}`` (shape of ``b{l}``), all zero,
        in the order vdW1, vdb1, ..., vdWL, vdbL.

    Example:
        >>> v = init_momentum({'W1': np.ones((1, 2)), 'b1': np.zeros((1, 1))})
        >>> {k: a.tolist() for k, a in v.items()}
        {'vdW1': [[0.0, 0.0]], 'vdb1': [[0.0]]}
    """
    return zeros_like_parameters(parameters, "v")


def update_parameters_with_momentum(parameters, grads, v, beta=0.9, learning_rate=0.01):
    """One step of gradient descent with momentum.

    For every parameter (W and b of every layer), with its gradient dW:

        v_dW = beta * v_dW + (1 - beta) * dW      (an exponentially weighted average of the gradients)
        W    = W - learning_rate * v_dW

    The average smooths the zig-zag of successive gradients: directions on which they agree build
    up, directions on which they alternate cancel. ``beta = 0`` is plain gradient descent.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
        grads: dict ``dW{l}``, ``db{l}`` of the same shapes (other entries are ignored).
        v: dict ``vdW{l}``, ``vdb{l}`` of the same shapes (``init_momentum`` at the start).
        beta: the decay rate of the average, in [0, 1).
        learning_rate: positive step size.
    Returns:
        (parameters, v): new dicts (the inputs are not modified).
    Raises:
        ValueError: beta not in [0, 1) ("beta must be a number in [0, 1); got 1"), or a learning
            rate that is not a positive number.

    Example:
        >>> p = {'W1': np.array([[1.0, 2.0]]), 'b1': np.zeros((1, 1))}
        >>> g = {'dW1': np.array([[10.0, -20.0]]), 'db1': np.array([[5.0]])}
        >>> p2, v = update_parameters_with_momentum(p, g, init_momentum(p), beta=0.5, learning_rate=0.1)
        >>> p2['W1'], v['vdW1']
        (array([[0.5, 3. ]]), array([[  5., -10.]]))
    """
    beta = check_beta("beta", beta)
    learning_rate = check_learning_rate(learning_rate)
    new_parameters, new_v = {}, {}
    for key in parameter_names(parameters):
        d = "d" + key
        new_v["v" + d] = beta * v["v" + d] + (1 - beta) * grads[d]
        new_parameters[key] = parameters[key] - learning_rate * new_v["v" + d]
    return new_parameters, new_v


def init_rmsprop(parameters):
    """The RMSprop state before the first step.

    Args:
        parameters: dict ``W{l}``, ``b{l}``.
    Returns:
        s: dict ``sdW{l}``, ``sdb{l}`` of zeros shaped like ``W{l}``, ``b{l}``.

    Example:
        >>> s = init_rmsprop({'W1': np.ones((1, 2)), 'b1': np.zeros((1, 1))})
        >>> {k: a.tolist() for k, a in s.items()}
        {'sdW1': [[0.0, 0.0]], 'sdb1': [[0.0]]}
    """
    return zeros_like_parameters(parameters, "s")


def update_parameters_with_rmsprop(parameters, grads, s, beta2=0.999, learning_rate=0.01, epsilon=1e-8):
    """One step of RMSprop.

    For every parameter, with its gradient dW (squares and roots element by element):

        s_dW = beta2 * s_dW + (1 - beta2) * dW**2     (an average of the squared gradients)
        W    = W - learning_rate * dW / (sqrt(s_dW) + epsilon)

    Each weight's step is divided by the size its gradients have had lately, so weights with
    large gradients move less and weights with small ones more; epsilon keeps the division
    finite where s_dW is 0.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
        grads: dict ``dW{l}``, ``db{l}`` of the same shapes.
        s: dict ``sdW{l}``, ``sdb{l}`` of the same shapes (``init_rmsprop`` at the start).
        beta2: the decay rate of the average, in [0, 1).
        learning_rate: positive step size.
        epsilon: positive number added to the root.
    Returns:
        (parameters, s): new dicts.
    Raises:
        ValueError: beta2 not in [0, 1), epsilon or learning_rate not a positive number.

    Example:
        >>> p = {'W1': np.array([[1.0, 2.0]]), 'b1': np.zeros((1, 1))}
        >>> g = {'dW1': np.array([[10.0, -20.0]]), 'db1': np.array([[5.0]])}
        >>> p2, s = update_parameters_with_rmsprop(p, g, init_rmsprop(p), learning_rate=0.1)
        >>> p2['W1'].round(6), s['sdW1'].round(6)  # s = 0.001 * dW**2
        (array([[-2.162278,  5.162278]]), array([[0.1, 0.4]]))
    """
    beta2 = check_beta("beta2", beta2)
    learning_rate = check_learning_rate(learning_rate)
    epsilon = check_epsilon(epsilon)
    new_parameters, new_s = {}, {}
    for key in parameter_names(parameters):
        d = "d" + key
        new_s["s" + d] = beta2 * s["s" + d] + (1 - beta2) * grads[d] ** 2
        new_parameters[key] = parameters[key] - learning_rate * grads[d] / (np.sqrt(new_s["s" + d]) + epsilon)
    return new_parameters, new_s


def init_adam(parameters):
    """The Adam state before the first step: both averages, zero.

    Args:
        parameters: dict ``W{l}``, ``b{l}``.
    Returns:
        (v, s): dicts ``vdW{l}``, ``vdb{l}`` and ``sdW{l}``, ``sdb{l}`` of zeros shaped like the parameters.

    Example:
        >>> v, s = init_adam({'W1': np.ones((1, 2)), 'b1': np.zeros((1, 1))})
        >>> sorted(v), sorted(s)
        (['vdW1', 'vdb1'], ['sdW1', 'sdb1'])
    """
    return init_momentum(parameters), init_rmsprop(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One step of Adam: momentum and RMSprop together, with bias correction.

    For every parameter, with its gradient dW, at step t = 1, 2, ...:

        v_dW = beta1 * v_dW + (1 - beta1) * dW          s_dW = beta2 * s_dW + (1 - beta2) * dW**2
        v_hat = v_dW / (1 - beta1**t)                   s_hat = s_dW / (1 - beta2**t)
        W = W - learning_rate * v_hat / (sqrt(s_hat) + epsilon)

    Both averages start at 0, so their first values are too small by the factors 1 - beta**t
    (at t = 1: v = 0.1 dW, s = 0.001 dW**2); dividing by them corrects that (the bias
    correction), and the first step is about ``learning_rate * sign(dW)`` for every weight.

    Args:
        parameters: dict ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``.
        grads: dict ``dW{l}``, ``db{l}`` of the same shapes.
        v, s: dicts ``vdW{l}``, ``vdb{l}`` and ``sdW{l}``, ``sdb{l}`` (``init_adam`` at the start).
        t: the number of this step, counted from 1 (a positive integer).
        learning_rate: positive step size.
        beta1, beta2: the decay rates of the two averages, in [0, 1).
        epsilon: positive number added to the root.
    Returns:
        (parameters, v, s): new dicts.
    Raises:
        ValueError: t not a positive integer, beta1 or beta2 not in [0, 1), epsilon or
            learning_rate not a positive number.

    Example:
        >>> p = {'W1': np.array([[1.0, 2.0]]), 'b1': np.zeros((1, 1))}
        >>> g = {'dW1': np.array([[10.0, -20.0]]), 'db1': np.array([[5.0]])}
        >>> v, s = init_adam(p)
        >>> p2, v, s = update_parameters_with_adam(p, g, v, s, t=1, learning_rate=0.1)
        >>> p2['W1'].round(6)  # the first step is about learning_rate * sign(dW)
        array([[0.9, 2.1]])
    """
    t = check_positive_int("t", t)
    learning_rate = check_learning_rate(learning_rate)
    beta1 = check_beta("beta1", beta1)
    beta2 = check_beta("beta2", beta2)
    epsilon = check_epsilon(epsilon)
    correction1 = 1 - beta1 ** t
    correction2 = 1 - beta2 ** t
    new_parameters, new_v, new_s = {}, {}, {}
    for key in parameter_names(parameters):
        d = "d" + key
        g = grads[d]
        new_v["v" + d] = beta1 * v["v" + d] + (1 - beta1) * g
        new_s["s" + d] = beta2 * s["s" + d] + (1 - beta2) * g ** 2
        v_hat = new_v["v" + d] / correction1
        s_hat = new_s["s" + d] / correction2
        new_parameters[key] = parameters[key] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_parameters, new_v, new_s
