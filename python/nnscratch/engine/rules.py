"""Update rules: how one training step turns gradients into new parameters.

``engine_fit`` takes the rule as a parameter, so an optimizer with state
(momentum, Adam, ...) plugs in here without touching the loop: it is one more
entry of ``RULES``. R twin: R/engine-rules.R (``update_rule`` returns a list
with the same four fields).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..update import update_parameters
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


#: Rule constructors by name; each takes the learning rate.
RULES = {"gd": gradient_descent}


def update_rule(name="gd", learning_rate=0.0075):
    """The update rule called ``name`` with its learning rate.

    Args:
        name: ``"gd"`` (gradient descent, calling the core's ``update_parameters``).
        learning_rate: a positive number.
    Returns:
        an ``UpdateRule``.
    Raises:
        ValueError: unknown name ("update rule must be one of 'gd'; got 'x'"),
            or a learning rate that is not a positive number.
    """
    if not isinstance(name, str) or name not in RULES:
        known = ", ".join(quote_text(n) for n in RULES)
        raise ValueError(f"update rule must be one of {known}; got {quote_text(name)}")
    return RULES[name](check_learning_rate(learning_rate))
