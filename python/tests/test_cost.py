import numpy as np
import pytest

from nnscratch import cost_computation


def test_hand_value():
    cost = cost_computation(np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]]))
    assert isinstance(cost, float)
    assert cost == pytest.approx(0.164252033486018, rel=1e-15)  # -(log .8 + log .9) / 2


def test_half_is_log2():
    assert cost_computation(np.full((1, 4), 0.5), np.array([[1.0, 0.0, 1.0, 0.0]])) == pytest.approx(np.log(2), rel=1e-15)


def test_saturated_outputs_give_finite_cost():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        wrong = cost_computation(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
        right = cost_computation(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]))
    assert np.isfinite(wrong) and wrong == pytest.approx(-np.log(1e-15), rel=1e-3)  # ~34.54
    assert np.isfinite(right) and 0 <= right < 1e-14
