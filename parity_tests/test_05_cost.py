"""Parity of cost_computation.

Tolerance: numpy sums the m terms pairwise in double, R's sum() accumulates in
long double; logs come from the same C library. rtol 1e-12.
"""
import numpy as np
import pytest

from compare import assert_same
from nnscratch import cost_computation


@pytest.mark.parametrize("m", [1, 2, 50, 1000])
def test_cost_random(r, m):
    rs = np.random.RandomState(m)
    AL = rs.rand(1, m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    py = cost_computation(AL, Y)
    rv = r.cost_computation(AL, Y)  # the adapter checks R returns one double
    assert_same("cost", np.array([py]), np.array([rv]))


def test_cost_saturated(r):
    AL = np.array([[0.0, 1.0, 1.0, 0.0, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
    py = cost_computation(AL, Y)
    rv = r.cost_computation(AL, Y)
    assert np.isfinite(py) and np.isfinite(rv)
    assert_same("cost", np.array([py]), np.array([rv]))
