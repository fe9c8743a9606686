"""How training stops early without losing work: ``TrainingDiverged``, ``TrainingInterrupted``.

A diverging run raises ``TrainingDiverged`` and an interrupted one (Ctrl-C, or
SIGTERM turned into KeyboardInterrupt by the command line) raises
``TrainingInterrupted``; both carry the last good parameters, the update
rule's state that goes with them, the iterations done and the costs recorded
so far. R twin: R/engine-stopping.R.
"""
from __future__ import annotations

import math

#: A run "diverges" when its cost is not finite, or when it grew to more than
#: DIVERGENCE_FACTOR times its lowest value of the last DIVERGENCE_WINDOW
#: iterations *and* is above DIVERGENCE_MIN_COST = 2 ln 2 (twice the cost of
#: guessing 0.5 for every sample). The floor keeps the short spikes that gradient
#: descent with a large step recovers from (seen here: 0.03 -> 1.09 -> back) from
#: counting; a real blow-up goes to NaN or to the clipped maximum (~34.5).
DIVERGENCE_WINDOW = 100
DIVERGENCE_FACTOR = 10.0
DIVERGENCE_MIN_COST = 2 * math.log(2)


class TrainingStopped(Exception):
    """Base of the two ways training stops early; nothing computed is lost.

    Attributes:
        iteration: number of completed gradient steps (the parameters below are
            the result of exactly that many steps).
        parameters: the last good parameters.
        costs: costs recorded so far (as ``engine_fit`` returns them).
        rule_state: the update rule's state that goes with ``parameters``
            (pass both to ``engine_fit`` to resume).
    """

    def __init__(self, message, iteration, parameters, costs, rule_state):
        super().__init__(message)
        self.iteration = iteration
        self.parameters = parameters
        self.costs = costs
        self.rule_state = rule_state


class TrainingDiverged(TrainingStopped, ArithmeticError):
    """The cost became NaN/infinite or exploded; lower the learning rate."""


class TrainingInterrupted(TrainingStopped, KeyboardInterrupt):
    """Ctrl-C (or SIGTERM in the command line) during training."""


def diverged(cost, window):
    """True if ``cost`` (at the current iteration) means the run is diverging; ``window``: recent finite costs."""
    if not math.isfinite(cost):
        return True
    if not window:
        return False
    return cost > DIVERGENCE_FACTOR * min(window) and cost > DIVERGENCE_MIN_COST


def n_recorded(start, done, cost_every):
    """How many costs a run records for iterations start .. done-1 (those with i % cost_every == 0)."""
    return -(-done // cost_every) - -(-start // cost_every)
