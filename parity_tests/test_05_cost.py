"""Parity of cost_computation.

Tolerance: numpy sums the m terms pairwise in double, R's sum() accumulates in
long double; logs come from the same C library. rtol 1e-12.

Saturated probabilities (cases.saturated_cost_case): every term is tiny (P near
1e-12 for Y = 0, near 1 - 1e-12 for Y = 1), the exact cost is known, and each
language's cost is compared with it relative to the cost itself (not to the sum
of |terms|, which is the cost here: rtol 1e-13), so that ``log(1 - P)`` in place
of ``log1p(-P)`` (which loses ~4 of 16 digits at P = 1e-12) shows.
"""
import numpy as np
import pytest

from cases import saturated_cost_case
from compare import assert_same
from nnscratch import cost_computation


@pytest.mark.parametrize("m", [1, 2, 50, 1000])
def test_cost_random(r, m):
    rs = np.random.RandomState(m)
    AL = rs.rand(1, m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    py = cost_computation(AL, Y)
    rv = r.cost_computation(AL, Y)  # the adapter checks R returns one double
    assert_same("cost", py, rv)


def test_cost_saturated(r):
    AL = np.array([[0.0, 1.0, 1.0, 0.0, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
    py = cost_computation(AL, Y)
    rv = r.cost_computation(AL, Y)
    assert np.isfinite(py) and np.isfinite(rv)
    assert_same("cost", py, rv)


@pytest.mark.parametrize("delta", [1e-12, 3e-10, 2.0**-40, 1e-14])
@pytest.mark.parametrize("m", [1, 2, 6])
def test_cost_tiny_terms_against_the_exact_value(r, m, delta):
    AL, Y, exact = saturated_cost_case(m, delta)
    py = cost_computation(AL, Y)
    rv = r.cost_computation(AL, Y)
    assert_same("python cost vs exact", exact, py, rtol=1e-13)
    assert_same("R cost vs exact", exact, rv, rtol=1e-13)
    assert_same("cost", py, rv, rtol=1e-13)


def test_cost_half_probabilities_is_log_2(r):
    AL = np.full((1, 4), 0.5)
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    assert_same("cost at AL = 0.5", cost_computation(AL, Y), r.cost_computation(AL, Y), rtol=0)
    assert_same("R cost at AL = 0.5 vs log 2", float(np.log(2.0)), r.cost_computation(AL, Y), rtol=0)
