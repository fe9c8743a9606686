"""Parity of learning_rate_schedule (issue 13): the learning rate of every epoch, each schedule.

Tolerance: rtol 0 (bit-identical). Each schedule is one to four IEEE double operations done in
the same order in both languages (``lr0 / (1 + decay_rate * t)``, the step schedule's integer
quotient t // interval as R's ``%/%``), and the exponential one calls the C library's ``exp``
in both (Python ``math.exp``, R ``exp``): the same bits for every epoch 0..50.
"""
import numpy as np
import pytest

import twins
from compare import assert_same, assert_same_number
from test_00_twins import py_object, signature_differences
from nnscratch.schedules import SCHEDULES, learning_rate_schedule


def test_signature_same_names_order_defaults(rb):
    fn = py_object("learning_rate_schedule", twins.TRAINING_STEPS["learning_rate_schedule"][0])
    assert fn is learning_rate_schedule
    assert signature_differences("learning_rate_schedule", fn, rb.formals("learning_rate_schedule")) == []


def test_schedule_names(rb):
    assert rb.eval("LR_SCHEDULES") == list(SCHEDULES)


def test_only_required_arguments(r):
    for t in (0, 7):
        assert_same_number(f"constant t={t}", learning_rate_schedule(0.0075, t),
                           r.call("learning_rate_schedule", 0.0075, t), rtol=0)


SETTINGS = [  # (learning_rate0, decay_rate, time_interval)
    (0.01, 0.5, 10), (0.0075, 1.0, 1), (0.3, 0.05, 3), (1e-4, 3.7, 7), (0.1, 0.0, 10), (2.5, 1e-3, 50),
]
EPOCHS = list(range(51))


@pytest.mark.parametrize("schedule", SCHEDULES)
@pytest.mark.parametrize("lr0, decay, interval", SETTINGS, ids=str)
def test_every_epoch_is_bit_identical(rb, schedule, lr0, decay, interval):
    py = np.array([learning_rate_schedule(lr0, t, schedule, decay, interval) for t in EPOCHS])
    # one R call for the 51 epochs; each element is R's learning_rate_schedule of that epoch
    r_rates = rb.eval(f"vapply(0:50, function(t) learning_rate_schedule({lr0!r}, t, {schedule!r}, "
                      f"{decay!r}, {interval!r}), numeric(1))")
    assert_same(f"{schedule} lr0={lr0} decay={decay} interval={interval}", py, r_rates, rtol=0)
    if decay > 0 and schedule != "constant":
        assert py[-1] < py[0]


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_one_call_returns_one_double(r, schedule):
    py = learning_rate_schedule(1, 12, schedule, 1, 5)  # integers in: a float out
    assert type(py) is float
    assert_same_number(schedule, py, r.call("learning_rate_schedule", 1, 12, schedule, 1, 5), rtol=0)


@pytest.mark.parametrize("args, kw", [
    ((0.01, 1), {"schedule": "cosine"}), ((0.01, 1), {"schedule": "exp"}), ((0, 1), {}), ((-0.5, 1), {}),
    ((float("inf"), 1), {}), ((0.01, -1), {}), ((0.01, 1.5), {}), ((0.01, 1), {"decay_rate": -0.5}),
    ((0.01, 1), {"decay_rate": float("nan")}), ((0.01, 1), {"decay_rate": float("inf")}),
    ((0.01, 1), {"time_interval": 0}), ((0.01, 1), {"time_interval": 2.5}),
], ids=str)
def test_same_validation_messages(r, args, kw):
    with pytest.raises(ValueError) as info:
        learning_rate_schedule(*args, **kw)
    assert r.error_message("learning_rate_schedule", *args, **kw) == str(info.value)
