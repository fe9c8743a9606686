"""engine/threads.py: the engine's thread count, and engine_fit / engine_fit_epochs's ``threads``.

* ``decide_threads`` is pure: given the work, the cores and the busy cores it
  returns the rule's count (exact integers).
* Results do not depend on the thread count: the blocked fused step sums in
  groups whatever the threads, so ``engine_fit`` is equal bit for bit (==)
  with 1 and 2 threads; the unblocked step's BLAS products may split their
  work differently, so there rtol 1e-12 (the fused tolerance of
  test_engine_fit.py).
* The count is applied: the engine's pool and numpy's BLAS run with it during
  the call (seen from the callback) and BLAS is restored after; automatic, BLAS
  follows the load probe and the pool only the cores and the work.
"""
import subprocess
import sys

import numpy as np
import pytest

from nnscratch.engine import engine_fit, engine_fit_epochs
from nnscratch.engine import threads as th
from nnscratch.engine.fused import num_threads

RTOL_FUSED = 1e-12


def blas_threads():
    from threadpoolctl import threadpool_info

    return sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"})


def data(m=600, n0=300, seed=0):
    rs = np.random.RandomState(seed)
    X = np.asfortranarray(rs.rand(n0, m))
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    return X, Y


@pytest.mark.parametrize("work, cores, busy, want", [
    (10**9, 2, 0.0, 2),      # idle: every core
    (10**9, 2, 0.2, 2),      # a little background: still free (floor(1.8 + 0.25) = 2)
    (10**9, 2, 0.3, 1),      # a neighbour using 30% of a core: that core is not counted
    (10**9, 2, 1.0, 1),      # one busy process: one thread
    (10**9, 2, 2.0, 1),      # two busy processes: still one
    (10**9, 2, 5.0, 1),      # overloaded: at least one
    (10**9, 8, 3.0, 5),      # 8 cores, 3 busy
    (10**9, 1, 0.0, 1),      # one core allowed
    (999_999, 8, 0.0, 1),    # too little work for a second thread
    (2_500_000, 8, 0.0, 2),  # work for two threads (MIN_WORK_PER_THREAD = 1e6)
])
def test_decide_threads_rule(work, cores, busy, want):
    got = th.decide_threads(work, cores, busy)
    assert got == want and isinstance(got, int)


def test_decide_threads_given_count_wins():
    assert th.decide_threads(10, 2, 2.0, threads=4) == 4
    assert th.decide_threads(10**9, 2, 0.0, threads=1) == 1


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "2", [2]])
def test_check_threads_refuses(bad):
    with pytest.raises(ValueError, match=r"^threads must be None \(automatic\) or a positive integer; got "):
        th.check_threads(bad)


def test_check_threads_accepts():
    assert th.check_threads(None) is None
    assert th.check_threads(3) == 3
    assert th.check_threads(np.int64(2)) == 2
    assert th.check_threads(2.0) == 2


@pytest.mark.parametrize("fit", ["engine_fit", "engine_fit_epochs"])
def test_engines_validate_threads(fit):
    X, Y = data(m=20, n0=4)
    fn = engine_fit if fit == "engine_fit" else engine_fit_epochs
    with pytest.raises(ValueError, match=r"^threads must be None \(automatic\) or a positive integer; got 0$"):
        fn(X, Y, [4, 3, 1], threads=0)


def test_pool_threads_ignores_the_load():
    # the pool never spin-waits: cores and work only (threads.py, docs/performance.md)
    assert th.pool_threads(10**9, 2) == 2
    assert th.pool_threads(10, 2) == 1
    assert th.pool_threads(10**9, 2, threads=1) == 1


def test_automatic_pool_and_blas_with_a_busy_neighbour(monkeypatch):
    import nnscratch.engine.fit as fit_module

    monkeypatch.setattr(th, "busy_cores", lambda seconds=th.PROBE_SECONDS: 1.0)
    monkeypatch.setattr(fit_module, "cores_allowed", lambda: 2)
    monkeypatch.setattr(th, "cores_allowed", lambda: 2)
    X, Y = data(m=2000)
    seen = []
    engine_fit(X, Y, [300, 7, 5, 1], num_iterations=1, block_size=64,
               callback=lambda i, c: seen.append((num_threads(), blas_threads())))
    assert seen == [(2, [1])], "pool on both cores, BLAS on one"


def test_step_work():
    assert th.step_work([3072, 7, 5, 1], 21199) == 21199 * (3072 * 7 + 7 * 5 + 5)


def test_resolve_threads_uses_the_probe(monkeypatch):
    monkeypatch.setattr(th, "cores_allowed", lambda: 2)
    monkeypatch.setattr(th, "busy_cores", lambda seconds=th.PROBE_SECONDS: 1.0)
    assert th.resolve_threads(None, 10**9) == 1
    monkeypatch.setattr(th, "busy_cores", lambda seconds=th.PROBE_SECONDS: 0.0)
    assert th.resolve_threads(None, 10**9) == 2
    assert th.resolve_threads(3, 10) == 3

    def no_probe(seconds=th.PROBE_SECONDS):
        raise AssertionError("probed although one thread was the only choice")

    monkeypatch.setattr(th, "busy_cores", no_probe)
    assert th.resolve_threads(None, 10) == 1  # small work: no probe


def test_cores_allowed_capped_by_environment(monkeypatch):
    monkeypatch.setenv("NNSCRATCH_NUM_THREADS", "1")
    assert th.cores_allowed() == 1
    monkeypatch.delenv("NNSCRATCH_NUM_THREADS")
    for var in th.THREAD_ENV:
        monkeypatch.delenv(var, raising=False)
    assert th.cores_allowed() == len(th._affinity()) or th._cgroup_cap() is not None


def test_cgroup_cap(tmp_path):
    f = tmp_path / "cpu.max"
    f.write_text("150000 100000\n")
    assert th._cgroup_cap(str(f)) == 2
    f.write_text("max 100000\n")
    assert th._cgroup_cap(str(f)) is None
    assert th._cgroup_cap(str(tmp_path / "none")) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the probe reads /proc")
def test_busy_cores_sees_a_busy_process():
    idle = th.busy_cores(0.05)
    assert idle >= 0.0
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        import time
        time.sleep(0.2)
        busy = th.busy_cores(0.3)
    finally:
        loop.kill()
        loop.wait()
    assert busy >= 0.6, busy  # one loop is one core (other users of the machine only add)


@pytest.mark.parametrize("block_size", ["auto", 64])
def test_engine_fit_same_bits_whatever_the_threads(block_size):
    X, Y = data()
    runs = {}
    for n in (1, 2, 3):
        seen = []
        p, costs = engine_fit(X, Y, [300, 7, 5, 1], num_iterations=6, cost_every=1, block_size=block_size,
                              threads=n, callback=lambda i, c: seen.append((num_threads(), blas_threads())))
        assert seen[0] == (n, [n]), "the engine's pool and BLAS run with the count asked for"
        runs[n] = (p, costs)
    for n in (2, 3):
        assert runs[n][1] == runs[1][1]
        for k in runs[1][0]:
            assert np.array_equal(runs[n][0][k], runs[1][0][k]), k


def test_engine_fit_unblocked_within_fused_tolerance():
    X, Y = data(m=3000)
    p1, c1 = engine_fit(X, Y, [300, 16, 8, 1], num_iterations=4, cost_every=1, block_size=None, threads=1)
    p2, c2 = engine_fit(X, Y, [300, 16, 8, 1], num_iterations=4, cost_every=1, block_size=None, threads=2)
    np.testing.assert_allclose(c2, c1, rtol=RTOL_FUSED, atol=0)
    for k in p1:
        np.testing.assert_allclose(p2[k], p1[k], rtol=RTOL_FUSED, atol=0)


def test_blas_threads_restored_after_the_call_and_after_an_error():
    before = blas_threads()
    X, Y = data(m=40, n0=4)
    engine_fit(X, Y, [4, 3, 1], num_iterations=2, threads=1)
    assert blas_threads() == before

    def boom(i, cost):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        engine_fit(X, Y, [4, 3, 1], num_iterations=2, threads=1, callback=boom)
    assert blas_threads() == before
    assert th.current_threads() is None


def test_engine_fit_epochs_same_result_whatever_the_threads():
    X, Y = data(m=300, n0=50)
    got = [engine_fit_epochs(X, Y, [50, 6, 1], epochs=2, batch_size=100, threads=n) for n in (1, 2)]
    assert got[0][1]["cost"] == got[1][1]["cost"]
    for k in got[0][0]:
        np.testing.assert_allclose(got[1][0][k], got[0][0][k], rtol=RTOL_FUSED, atol=0)


def test_epochs_threads_seen_by_blas():
    X, Y = data(m=60, n0=4)
    seen = []
    engine_fit_epochs(X, Y, [4, 3, 1], epochs=1, batch_size=30, threads=1,
                      callback=lambda e, b, c: seen.append(blas_threads()))
    assert seen[0] == [1]
