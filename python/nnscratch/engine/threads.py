"""How many threads the engine uses: decided from the work size and the cores actually free.

On a shared machine (a classroom server, CI, a laptop running a browser) the
fastest setting on an idle machine -- every core, for the engine's own pool of
block threads and for OpenBLAS -- can be many times slower than one thread as
soon as another process holds a core: OpenBLAS threads spin-wait for a partner
that is not scheduled, and the block threads wait on each other (and on the
GIL). So ``engine_fit`` and ``engine_fit_epochs`` take ``threads=None``
(automatic) or a positive integer, and run the whole call with that many
threads (``engine_threads``):

* the BLAS libraries loaded in the process (numpy's OpenBLAS) are limited to
  that many threads at run time with ``threadpoolctl`` (no environment
  variable, which OpenBLAS reads only once, at load), and restored after;
* the engine's own pool (the blocked path of ``forward_backward``, fused.py)
  takes at most that many threads.

Automatic, the two differ. OpenBLAS's threads spin-wait for each other: with a
busy neighbour a product waits for its descheduled partner, so BLAS gets the
count of ``decide_threads`` below, which falls back to one thread when the
cores are taken. The engine's pool never waits on a partner inside a block:
its threads take whole groups of blocks from a queue, and a descheduled
thread just takes fewer groups; two of them measured faster than one with one
and with two busy processes (docs/performance.md), so the pool gets
``pool_threads`` = ``decide_threads`` with nothing busy (cores and work only).

The automatic BLAS count (``decide_threads``, a pure function; the inputs come from
``cores_allowed`` and ``busy_cores``):

    threads = min(cores, max(1, floor(cores - busy + SLACK)), max(1, work // MIN_WORK_PER_THREAD))

``cores``: the CPUs this process may run on (``os.sched_getaffinity``), capped
by a cgroup CPU quota (``/sys/fs/cgroup/cpu.max``) and by a thread count set
in ``NNSCRATCH_NUM_THREADS``, ``OMP_NUM_THREADS`` or ``OPENBLAS_NUM_THREADS``.
``busy``: how many of those CPUs other processes kept busy during a short
probe (``PROBE_SECONDS``: the non-idle time of those CPUs in ``/proc/stat``,
minus this process's own CPU time from ``/proc/self/stat``, over the window).
``work``: the multiply-adds of one forward pass of one step (m x sum of
n_l * n_(l-1), m = the columns of a step: all of X, or one mini-batch).
A core counts as free when other processes use less than ``1 - SLACK`` of it:
a busy neighbour costs a second thread far more (3-40x) than a lost free core
costs on an idle machine (about 1.3-1.5x), so a doubtful core is not used.

Without ``/proc`` (not Linux) the probe reports nothing busy: today's behaviour
(all allowed cores). Measurements: docs/performance.md ("Threads on a busy
machine"). R twin: R/engine-threads.R.
"""
from __future__ import annotations

import contextlib
import contextvars
import math
import numbers
import os
import time

#: Multiply-adds of one forward pass per thread below which another thread does
#: not pay (OpenBLAS itself threads a product only above ~0.5 M multiply-adds;
#: docs/performance.md).
MIN_WORK_PER_THREAD = 1_000_000

#: Length of the load probe (seconds): /proc/stat counts in 10 ms ticks per CPU,
#: so 50 ms gives the busy estimate a resolution of about 0.2 core.
PROBE_SECONDS = 0.05

#: A core counts as free when other processes used less than 1 - SLACK of it.
SLACK = 0.25

#: Environment variables that cap the automatic choice (first set one wins).
THREAD_ENV = ("NNSCRATCH_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")

#: The thread count of the engine call running in this context (None: no engine
#: call; ``fused.num_threads`` then uses its own default).
_current = contextvars.ContextVar("nnscratch_engine_threads", default=None)


def check_threads(threads):
    """``threads`` is None (automatic) or a positive integer; returns it (an int or None)."""
    if threads is None:
        return None
    if isinstance(threads, numbers.Integral) and not isinstance(threads, bool) and threads >= 1:
        return int(threads)
    if isinstance(threads, float) and threads.is_integer() and threads >= 1:
        return int(threads)
    raise ValueError(f"threads must be None (automatic) or a positive integer; got {threads!r}")


def decide_threads(work, cores, busy, threads=None):
    """The engine's thread count (pure: no probe, no side effect).

    Args:
        work: multiply-adds of one forward pass of one step (``step_work``).
        cores: CPUs this process may use (``cores_allowed()``), >= 1.
        busy: CPUs' worth of time other processes used during the probe
            (``busy_cores()``), >= 0.
        threads: None (automatic) or the count asked for (returned as is).
    Returns:
        ``threads`` if given, else
        ``min(cores, max(1, floor(cores - busy + SLACK)), max(1, work // MIN_WORK_PER_THREAD))``.
    """
    threads = check_threads(threads)
    if threads is not None:
        return threads
    cores = max(1, int(cores))
    by_cores = max(1, math.floor(cores - max(0.0, float(busy)) + SLACK))
    by_work = max(1, int(work) // MIN_WORK_PER_THREAD)
    return int(min(cores, by_cores, by_work))


def pool_threads(work, cores, threads=None):
    """The engine's own pool: ``threads`` if given, else ``decide_threads(work, cores, 0.0)``
    (the pool's threads never spin-wait, so other processes' load does not count)."""
    return decide_threads(work, cores, 0.0, threads)


def step_work(layers_dims, m):
    """Multiply-adds of one forward pass over m columns: ``m * sum(n_l * n_(l-1))``."""
    dims = [int(d) for d in layers_dims]
    return int(m) * sum(a * b for a, b in zip(dims[:-1], dims[1:]))


def _env_cap():
    for var in THREAD_ENV:
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) >= 1:
            return int(value)
    return None


def _cgroup_cap(path="/sys/fs/cgroup/cpu.max"):
    """CPUs allowed by a cgroup v2 quota ("max 100000" = none), rounded up; None without one."""
    try:
        with open(path) as f:
            quota, period = f.read().split()[:2]
        if quota == "max":
            return None
        return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        return None


def _affinity():
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return list(range(os.cpu_count() or 1))


def cores_allowed():
    """CPUs this process may use: its affinity set, capped by a cgroup quota and by
    ``NNSCRATCH_NUM_THREADS`` / ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS``."""
    n = len(_affinity())
    for cap in (_cgroup_cap(), _env_cap()):
        if cap is not None:
            n = min(n, cap)
    return max(1, n)


def _cpu_ticks(cpus):
    """(busy, total) jiffies summed over the given CPUs, from /proc/stat."""
    busy = total = 0
    wanted = {f"cpu{c}" for c in cpus}
    with open("/proc/stat") as f:
        for line in f:
            if not line.startswith("cpu"):
                break
            fields = line.split()
            if fields[0] in wanted:
                v = [int(x) for x in fields[1:9]]  # user nice system idle iowait irq softirq steal
                total += sum(v)
                busy += sum(v) - v[3] - v[4]
    return busy, total


def _own_ticks():
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime of every thread of this process


def busy_cores(seconds=PROBE_SECONDS):
    """CPUs' worth of time that other processes used on this process's CPUs over ``seconds``.

    Reads /proc/stat (per-CPU time) and /proc/self/stat (this process) before and
    after a sleep; 0.0 where /proc is not available.
    """
    cpus = _affinity()
    try:
        b0, t0, o0 = *_cpu_ticks(cpus), _own_ticks()
        time.sleep(seconds)
        b1, t1, o1 = *_cpu_ticks(cpus), _own_ticks()
    except (OSError, ValueError, IndexError):
        return 0.0
    if t1 <= t0:
        return 0.0
    per_cpu = (t1 - t0) / len(cpus)  # elapsed jiffies
    return max(0.0, ((b1 - b0) - (o1 - o0)) / per_cpu)


def resolve_threads(threads, work):
    """``threads`` checked; when None, ``decide_threads`` with this machine's cores and load
    (the probe runs only when more than one thread could be chosen)."""
    threads = check_threads(threads)
    if threads is not None:
        return threads
    cores = cores_allowed()
    if decide_threads(work, cores, 0.0) == 1:
        return 1
    return decide_threads(work, cores, busy_cores())


def current_threads():
    """The thread count of the engine call running in this context, or None."""
    return _current.get()


@contextlib.contextmanager
def engine_threads(pool, blas=None):
    """Run the block with ``pool`` threads in the engine's pool (``current_threads``) and
    ``blas`` (default: ``pool``) in every loaded BLAS library (``threadpoolctl``), both restored on exit."""
    pool = check_threads(pool)
    n = pool if blas is None else check_threads(blas)
    token = _current.set(pool)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # declared dependency; without it only the engine's own pool is limited
        limits = contextlib.nullcontext()
    else:
        limits = threadpool_limits(limits=n, user_api="blas")
    try:
        with limits:
            yield pool
    finally:
        _current.reset(token)
