"""learning_rate_schedule (nnscratch/schedules.py): each schedule's exact values, and its argument checks."""
import math

import pytest

from nnscratch.schedules import SCHEDULES, learning_rate_schedule


def test_schedule_names():
    assert SCHEDULES == ("constant", "step", "inverse", "exponential")


def test_constant_ignores_the_epoch_and_the_decay():
    for t in (0, 1, 7, 1000):
        assert learning_rate_schedule(0.01, t) == 0.01
        assert learning_rate_schedule(0.01, t, "constant", decay_rate=3.0, time_interval=2) == 0.01


def test_inverse_is_lr0_over_1_plus_decay_t():
    assert learning_rate_schedule(0.01, 0, "inverse", decay_rate=0.5) == 0.01
    assert learning_rate_schedule(0.01, 3, "inverse", decay_rate=0.5) == 0.004   # 0.01 / 2.5
    assert learning_rate_schedule(1.0, 1, "inverse", decay_rate=1.0) == 0.5
    assert learning_rate_schedule(1.0, 9, "inverse", decay_rate=1.0) == 0.1      # 1 / 10, correctly rounded


def test_step_lowers_every_time_interval_epochs():
    rates = [learning_rate_schedule(0.01, t, "step", decay_rate=0.5, time_interval=10) for t in range(31)]
    assert rates[:10] == [0.01] * 10
    assert rates[10:20] == [0.01 / 1.5] * 10
    assert rates[20:30] == [0.005] * 10     # 0.01 / (1 + 0.5 * 2)
    assert rates[30] == 0.01 / 2.5
    assert learning_rate_schedule(1.0, 5, "step", decay_rate=1.0, time_interval=1) == 1 / 6


def test_step_default_interval_is_10():
    assert learning_rate_schedule(1.0, 9, "step", decay_rate=1.0) == 1.0
    assert learning_rate_schedule(1.0, 10, "step", decay_rate=1.0) == 0.5


def test_exponential_is_lr0_times_exp_minus_decay_t():
    assert learning_rate_schedule(0.01, 0, "exponential", decay_rate=0.5) == 0.01
    assert learning_rate_schedule(0.01, 3, "exponential", decay_rate=0.5) == 0.0022313016014842983
    assert learning_rate_schedule(2.0, 10, "exponential", decay_rate=0.1) == 2.0 * math.exp(-1.0)


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_zero_decay_keeps_lr0_and_result_is_a_float(schedule):
    for t in (0, 5, 123):
        out = learning_rate_schedule(0.0075, t, schedule)
        assert out == 0.0075 and type(out) is float
    assert type(learning_rate_schedule(1, 3, schedule, decay_rate=1)) is float


def test_whole_float_epoch_accepted():
    assert learning_rate_schedule(0.01, 3.0, "inverse", decay_rate=0.5) == 0.004


@pytest.mark.parametrize("args, kw, message", [
    ((0.01, 1), {"schedule": "cosine"},
     "schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'cosine'"),
    ((0.01, 1), {"schedule": "Step"},
     "schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'Step'"),
    ((0, 1), {}, "learning_rate0 must be a positive number; got 0"),
    ((-0.5, 1), {}, "learning_rate0 must be a positive number; got -0.5"),
    ((float("inf"), 1), {}, "learning_rate0 must be a positive number; got inf"),
    ((0.01, -1), {}, "epoch_num must be a non-negative integer; got -1"),
    ((0.01, 1.5), {}, "epoch_num must be a non-negative integer; got 1.5"),
    ((0.01, 1), {"decay_rate": -0.5}, "decay_rate must be a non-negative number; got -0.5"),
    ((0.01, 1), {"decay_rate": float("nan")}, "decay_rate must be a non-negative number; got nan"),
    ((0.01, 1), {"time_interval": 0}, "time_interval must be a positive integer; got 0"),
    ((0.01, 1), {"time_interval": 2.5}, "time_interval must be a positive integer; got 2.5"),
], ids=str)
def test_errors_name_the_argument(args, kw, message):
    with pytest.raises(ValueError) as info:
        learning_rate_schedule(*args, **kw)
    assert str(info.value) == message
