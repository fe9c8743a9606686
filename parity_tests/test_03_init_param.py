"""init_param: the same seed gives bit-identical initial weights in both languages.

R draws from its reproduction of numpy's RandomState (R/rng.R) and fills each
matrix row by row (byrow = TRUE), as numpy's randn(rows, cols) does; the recipe
factor is applied with the same operator. So the comparison is exact (rtol 0).
"""
import pytest

from compare import assert_same_dict
from nnscratch import init_param

ARCHS = [[3072, 20, 7, 5, 1], [3072, 7, 5, 1], [4, 1, 1], [1, 1], [5, 4, 3, 2, 1]]


@pytest.mark.parametrize("dims", ARCHS, ids=str)
@pytest.mark.parametrize("init", ["scaled", "xavier", "he"])
@pytest.mark.parametrize("seed", [0, 1, 42, 4294967295])
def test_init_param_exact(r, dims, init, seed):
    py = init_param(dims, seed=seed, init=init)
    rv = r.init_param(dims, seed=seed, init=init)
    assert list(rv) == list(py)
    assert_same_dict(py, rv, rtol=0, atol=0)
