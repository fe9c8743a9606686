"""Update rules: how one training step turns gradients into new parameters.

``engine_fit`` takes the rule as a parameter, so an optimizer with state plugs
in here without touching the loop: it is one entry of ``RULES``. Each rule's
step calls the teaching core's step (nnscratch/update.py), so the maths is
written once. A rule's state is a flat dict of 2-D matrices (``vdW1``, ...,
``sdW1``, ..., Adam's step count ``t`` as a 1x1 matrix): ``save_model`` writes
it as ``state.<key>`` blocks and a resumed run continues exactly.
R twin: R/engine-rules.R (``update_rule`` returns a list with the same four fields).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..update import (check_beta, check_epsilon, init_adam, init_momentum, init_rmsprop, update_parameters,
                      update_parameters_with_adam, update_parameters_with_momentum, update_parameters_with_rmsprop)
from ..utils.format import quote_text
from ..utils.validation import check_learning_rate


@dataclass(frozen=True)
class UpdateRule:
    """An update rule; ``engine_fit`` accepts any object with these four attributes.

    Attributes:
        name: the rule's name (written to model files as ``update_rule``).
        hyper: its hyper-parameters, e.g. ``{"learning_rate": 0.0075}``.
        init_state: ``init_state(parameters) -> state``, the state before the
            first step: a dict of 2-D arrays (``{}`` for a rule without state).
        step: ``step(parameters, grads, state) -> (parameters, state)``, one
            update; returns new dicts and modifies neither input, so that the
            engine can keep the last good pair (parameters, state).
    """

    name: str
    hyper: dict
    init_state: Callable
    step: Callable


def gradient_descent(learning_rate):
    """Plain gradient descent, the notebook's: ``W[l] -= alpha dW[l]``, ``b[l] -= alpha db[l]``; no state."""

    def init_state(parameters):
        return {}

    def step(parameters, grads, state):
        return update_parameters(parameters, grads, learning_rate), state

    return UpdateRule("gd", {"learning_rate": learning_rate}, init_state, step)


def momentum(learning_rate, beta=0.9):
    """Gradient descent with momentum (``update_parameters_with_momentum``); state ``vdW1, vdb1, ...``."""

    def init_state(parameters):
        return init_momentum(parameters)

    def step(parameters, grads, state):
        return update_parameters_with_momentum(parameters, grads, state, beta, learning_rate)

    return UpdateRule("momentum", {"learning_rate": learning_rate, "beta": beta}, init_state, step)


def rmsprop(learning_rate, beta2=0.999, epsilon=1e-8):
    """RMSprop (``update_parameters_with_rmsprop``); state ``sdW1, sdb1, ...``."""

    def init_state(parameters):
        return init_rmsprop(parameters)

    def step(parameters, grads, state):
        return update_parameters_with_rmsprop(parameters, grads, state, beta2, learning_rate, epsilon)

    return UpdateRule("rmsprop", {"learning_rate": learning_rate, "beta2": beta2, "epsilon": epsilon},
                      init_state, step)


def adam(learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Adam (``update_parameters_with_adam``); state ``vdW1, ..., sdW1, ...`` and ``t``, the
    number of steps done, as a 1x1 matrix (0 before the first step, which is step t = 1)."""

    def init_state(parameters):
        v, s = init_adam(parameters)
        return {**v, **s, "t": np.zeros((1, 1), dtype=parameters["W1"].dtype)}

    def step(parameters, grads, state):
        t = int(state["t"][0, 0]) + 1
        parameters, v, s = update_parameters_with_adam(parameters, grads, state, state, t, learning_rate,
                                                       beta1, beta2, epsilon)
        return parameters, {**v, **s, "t": np.full((1, 1), t, dtype=state["t"].dtype)}

    return UpdateRule("adam", {"learning_rate": learning_rate, "beta1": beta1, "beta2": beta2,
                               "epsilon": epsilon}, init_state, step)


#: Rule names, in the order the error message lists them.
RULES = {"gd": gradient_descent, "momentum": momentum, "rmsprop": rmsprop, "adam": adam}


def update_rule(name="gd", learning_rate=0.0075, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """The update rule called ``name`` with its hyper-parameters.

    Args:
        name: ``"gd"`` (gradient descent, the core's ``update_parameters``), ``"momentum"``
            (``update_parameters_with_momentum``, uses ``beta``), ``"rmsprop"``
            (``update_parameters_with_rmsprop``, uses ``beta2`` and ``epsilon``) or ``"adam"``
            (``update_parameters_with_adam``, uses ``beta1``, ``beta2`` and ``epsilon``).
        learning_rate: a positive number.
        beta, beta1, beta2: decay rates in [0, 1) (each checked, used by the rules above).
        epsilon: a positive number.
    Returns:
        an ``UpdateRule``; its ``hyper`` holds the learning rate and the hyper-parameters it uses.
    Raises:
        ValueError: unknown name ("update rule must be one of 'gd', 'momentum', 'rmsprop',
            'adam'; got 'x'"), or a hyper-parameter out of its range.
    """
    if not isinstance(name, str) or name not in RULES:
        known = ", ".join(quote_text(n) for n in RULES)
        raise ValueError(f"update rule must be one of {known}; got {quote_text(name)}")
    learning_rate = check_learning_rate(learning_rate)
    beta, beta1, beta2 = check_beta("beta", beta), check_beta("beta1", beta1), check_beta("beta2", beta2)
    epsilon = check_epsilon(epsilon)
    if name == "gd":
        return gradient_descent(learning_rate)
    if name == "momentum":
        return momentum(learning_rate, beta)
    if name == "rmsprop":
        return rmsprop(learning_rate, beta2, epsilon)
    return adam(learning_rate, beta1, beta2, epsilon)
