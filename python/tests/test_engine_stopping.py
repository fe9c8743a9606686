"""Divergence test, recorded-cost count and the exceptions that carry the last good state."""
import math

import pytest

from nnscratch.engine import TrainingDiverged, TrainingInterrupted, TrainingStopped
from nnscratch.engine.stopping import (DIVERGENCE_FACTOR, DIVERGENCE_MIN_COST, DIVERGENCE_WINDOW, diverged,
                                       n_recorded)


def test_constants():
    assert DIVERGENCE_WINDOW == 100 and DIVERGENCE_FACTOR == 10.0
    assert DIVERGENCE_MIN_COST == 2 * math.log(2)


def test_diverged():
    assert not diverged(1.09, [0.03, 0.05])          # a spike below 2 ln 2: tolerated
    assert diverged(18.0, [0.7, 0.76])               # a blow-up: > 10 x 0.7 and > 2 ln 2
    assert not diverged(6.9, [0.7, 0.76])            # not 10 times the lowest
    assert diverged(float("inf"), [0.7]) and diverged(float("nan"), [])
    assert not diverged(30.0, [])                    # nothing to compare with yet


@pytest.mark.parametrize("start, done, every, expected", [
    (0, 0, 5, 0), (0, 1, 5, 1), (0, 5, 5, 1), (0, 6, 5, 2), (0, 23, 5, 5),
    (23, 57, 5, 7), (0, 57, 5, 12), (100, 101, 100, 1), (101, 200, 100, 0), (0, 301, 100, 4),
])
def test_n_recorded(start, done, every, expected):
    assert n_recorded(start, done, every) == expected
    # a run split at any point records as many costs as the whole run
    assert n_recorded(0, start, every) + n_recorded(start, done, every) == n_recorded(0, done, every)


def test_exceptions_carry_the_state():
    p, costs, state = {"W1": 1}, [0.7], {"vW1": 2}
    exc = TrainingDiverged("training diverged", 3, p, costs, state)
    assert (exc.iteration, exc.parameters, exc.costs, exc.rule_state) == (3, p, costs, state)
    assert str(exc) == "training diverged"
    assert isinstance(exc, TrainingStopped) and isinstance(exc, ArithmeticError)
    stop = TrainingInterrupted("training interrupted after 4 iterations", 4, p, costs, state)
    assert isinstance(stop, TrainingStopped) and isinstance(stop, KeyboardInterrupt)
    assert stop.rule_state is state
