"""The engine's threads (issue 16): the same decision rule, the same validation and the same
training whatever the thread count, in both languages.

* ``decide_threads(work, cores, busy, threads)`` over a grid: equal integers (==), Python's
  python/nnscratch/engine/threads.py against R's R/engine-threads.R.
* ``threads`` refused alike: the same message up to None / NULL.
* ``engine_fit`` with ``threads = 1`` and ``threads = 2`` in each language, from the same
  data and seed: within each language the runs agree to RTOL_SUM_ORDER (1e-12: the BLAS may
  split a product's work differently; Python's blocked step is equal bit for bit, see
  python/tests/test_engine_threads.py), and Python against R to RTOL_SUM_ORDER (the fused
  steps' summation orders differ, as in test_11).
"""
import itertools

import numpy as np
import pytest

from compare import RTOL_SUM_ORDER, assert_same, assert_same_dict
from nnscratch.engine import engine_fit
from nnscratch.engine import threads as th

GRID = list(itertools.product([10, 999_999, 2_500_000, 10**9], [1, 2, 3, 8], [0.0, 0.2, 0.3, 0.8, 1.0, 2.5, 9.0]))


def test_decide_threads_same_rule(r):
    py = [th.decide_threads(w, c, b) for w, c, b in GRID]
    rv = [int(r.call("decide_threads", float(w), float(c), float(b))[0]) for w, c, b in GRID]
    assert py == rv
    assert r.call("decide_threads", 10.0, 2.0, 2.0, threads=4)[0] == th.decide_threads(10, 2, 2.0, threads=4) == 4


@pytest.mark.parametrize("bad, shown", [(0, "0"), (-1, "-1"), (2.5, "2.5")])
def test_threads_refused_alike(r, bad, shown):
    with pytest.raises(ValueError) as exc:
        th.check_threads(bad)
    msg = r.error_message("check_threads", bad)
    assert str(exc.value) == f"threads must be None (automatic) or a positive integer; got {shown}"
    assert msg == str(exc.value).replace("None (automatic)", "NULL (automatic)")


def test_engine_fit_same_training_whatever_the_threads(r):
    rs = np.random.RandomState(11)
    X = np.asfortranarray(rs.rand(200, 2500))
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    dims = [200, 16, 8, 1]
    kw = dict(learning_rate=0.05, num_iterations=5, cost_every=1)
    py = {n: engine_fit(X, Y, dims, threads=n, **kw) for n in (1, 2)}
    rv = {n: r.engine_fit(X, Y, dims, threads=n, **kw) for n in (1, 2)}
    for got, what in ((py[2], "Python threads=2"), (rv[1], "R threads=1"), (rv[2], "R threads=2")):
        assert_same_dict(py[1][0], got[0], rtol=RTOL_SUM_ORDER, atol=1e-15, what=f"{what} parameters")
        assert_same(f"{what} costs", np.array(py[1][1]), np.array(got[1]), rtol=RTOL_SUM_ORDER)
