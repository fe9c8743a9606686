"""Learning-rate schedules: the learning rate of each epoch (R twin: R/schedules.R).

Early in training large steps make quick progress; near a minimum they jump around it.
A schedule lowers the learning rate as the epochs go by (``t`` is the epoch number, from 0):

    constant     lr = lr0
    inverse      lr = lr0 / (1 + decay_rate * t)                          (1/t decay)
    step         lr = lr0 / (1 + decay_rate * floor(t / time_interval))   (the course's schedule_lr_decay:
                                                                            lowered every time_interval epochs)
    exponential  lr = lr0 * exp(-decay_rate * t)

Every formula is a few IEEE operations on doubles, the same in both languages, and ``math.exp``
and R's ``exp`` call the same C library function: both give the same bits.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .utils.format import quote_text
from .utils.validation import check_positive_int

#: The schedule names, in the order the messages list them (R: ``LR_SCHEDULES``).
SCHEDULES = ("constant", "step", "inverse", "exponential")


def check_schedule_number(name, value, positive):
    """``learning_rate0`` (positive) or ``decay_rate`` (>= 0): a finite number; returns it as a float."""
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(value, (numbers.Real, np.floating)) \
        and bool(np.isfinite(value)) and (value > 0 if positive else value >= 0)
    if not ok:
        shown = f"{value:g}" if isinstance(value, (numbers.Real, np.floating)) else repr(value)
        kind = "a positive number" if positive else "a non-negative number"
        raise ValueError(f"{name} must be {kind}; got {shown}")
    return float(value)


def learning_rate_schedule(learning_rate0, epoch_num, schedule="constant", decay_rate=0.0, time_interval=10):
    """The learning rate of epoch ``epoch_num`` under ``schedule``.

    Args:
        learning_rate0: the initial learning rate lr0 (epoch 0), a positive number.
        epoch_num: the epoch t, an integer >= 0 (0 for the first epoch).
        schedule: one of ``SCHEDULES``: "constant", "step", "inverse", "exponential".
        decay_rate: how fast the rate falls, a finite number >= 0 (0 keeps lr0; ignored by "constant").
        time_interval: for "step", the number of epochs between two decreases, a positive integer.
    Returns:
        the learning rate, a float:

        * "constant":    lr0
        * "inverse":     lr0 / (1 + decay_rate * t)
        * "step":        lr0 / (1 + decay_rate * floor(t / time_interval))
        * "exponential": lr0 * exp(-decay_rate * t)
    Raises:
        ValueError: an argument out of range, named in the message
            ("schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'x'").

    Example:
        >>> learning_rate_schedule(0.01, 3, "inverse", decay_rate=0.5)
        0.004
        >>> learning_rate_schedule(0.01, 25, "step", decay_rate=0.5, time_interval=10)
        0.005
        >>> learning_rate_schedule(0.01, 3, "exponential", decay_rate=0.5)
        0.0022313016014842983
    """
    learning_rate0 = check_schedule_number("learning_rate0", learning_rate0, positive=True)
    epoch_num = check_positive_int("epoch_num", epoch_num, allow_zero=True)
    if not isinstance(schedule, str) or schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of 'constant', 'step', 'inverse', 'exponential'; "
                         f"got {quote_text(schedule)}")
    decay_rate = check_schedule_number("decay_rate", decay_rate, positive=False)
    time_interval = check_positive_int("time_interval", time_interval)

    if schedule == "constant":
        return learning_rate0
    if schedule == "inverse":
        return learning_rate0 / (1 + decay_rate * epoch_num)
    if schedule == "step":
        return learning_rate0 / (1 + decay_rate * (epoch_num // time_interval))
    return learning_rate0 * math.exp(-decay_rate * epoch_num)
