"""Training speed on a busy machine (issue 16): idle, then with one and two busy processes.

    python bench/contention.py            # the training-step workload, about 5 minutes on 2 cores
    python bench/contention.py --small    # m = 4000 columns, about 2 minutes

The training step of bench/train_step.py (X (3072, 21199) float64 created in
place, Fortran-ordered in Python; layers [3072, 7, 5, 1]; cost + gradients by
the fused step + gradient-descent update), run through the engine the command
lines use (``engine_fit``, Python and R), in three conditions:

* idle: nothing started by this script (other users of the machine still count:
  the table prints the load average);
* 1 busy, 2 busy: that many pure CPU loops (``while True: pass`` processes
  started here, stopped at the end of the condition, also on error or Ctrl-C).

and two modes: ``auto`` (the engine's default, ``threads=None``) and ``single``
(``threads=1``). With an engine that has no ``threads`` argument (the code
before issue 16), ``single`` sets OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and
NNSCRATCH_NUM_THREADS to 1 in the worker's environment instead, the only way
there was.

Each configuration runs ``--runs`` times in its own subprocess (configurations
in turn, run after run, so that a neighbour's burst spreads over all of them):
``--warmup`` untimed iterations, then ``--iterations`` timed ones (the time
between two calls of engine_fit's callback: one whole iteration). A run's
figure is the median of its iterations; the table gives the median over runs
(and the spread), the ratio to the same language and mode idle, and the ratio to
single-threaded in the same condition. ``threads`` is the engine's choice as
seen from inside the run: Python "pool/BLAS" (the fused step's own threads /
numpy's BLAS threads), R the BLAS threads.

Options: --m, --layers, --iterations, --warmup, --runs, --small, --busy (e.g.
0,1,2), --languages (py,r), --modes (auto,single).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "NNSCRATCH_NUM_THREADS")
LEARNING_RATE = 0.0075


# ----------------------------------------------------------------------------- worker side
def _worker(args):
    import inspect

    import numpy as np

    sys.path.insert(0, str(ROOT / "python"))
    from nnscratch.engine.fit import engine_fit

    n0, m = args.layers[0], args.m
    rng = np.random.default_rng(0)
    X = rng.random((m, n0)).T  # Fortran order, created in place (as bench/train_step.py)
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    kw = {}
    has_threads = "threads" in inspect.signature(engine_fit).parameters
    if has_threads and args.mode == "single":
        kw["threads"] = 1
    stamps, chosen = [], []

    def callback(i, cost):
        stamps.append(time.perf_counter())
        if has_threads and not chosen:
            from threadpoolctl import threadpool_info

            from nnscratch.engine.threads import current_threads
            blas = max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
            chosen.append(f"{current_threads()}/{blas}")

    engine_fit(X, Y, args.layers, learning_rate=LEARNING_RATE, num_iterations=args.warmup + args.iterations,
               callback=callback, **kw)
    times = [b - a for a, b in zip(stamps[args.warmup - 1:], stamps[args.warmup:])] if args.warmup else \
        [b - a for a, b in zip(stamps, stamps[1:])]
    print("RESULT " + json.dumps({"times": times, "threads": chosen[0] if chosen else None,
                                  "load": os.getloadavg()[0]}), flush=True)


# ----------------------------------------------------------------------------- parent side
def _has_threads(lang):
    """Does this checkout's engine_fit take threads= (the code after issue 16)?"""
    if lang == "py":
        code = ("import inspect, sys; sys.path.insert(0, 'python'); from nnscratch.engine.fit import engine_fit; "
                "print('threads' in inspect.signature(engine_fit).parameters)")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout
    else:
        code = ("sys.source('R/engine-fit.R', envir = e <- new.env()); "
                "cat('threads' %in% names(formals(e$engine_fit)))")
        out = subprocess.run(["Rscript", "-e", code], cwd=ROOT, capture_output=True, text=True).stdout
    return "True" in out or "TRUE" in out


def _command(args, lang, mode, has_threads):
    base = ["--m", str(args.m), "--layers", ",".join(map(str, args.layers)), "--iterations",
            str(args.iterations), "--warmup", str(args.warmup)]
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    if mode == "single" and not has_threads:
        env.update({v: "1" for v in THREAD_VARS})
    if lang == "py":
        return [sys.executable, str(Path(__file__).resolve()), "--worker", "--mode", mode] + base, env
    return ["Rscript", str(ROOT / "bench" / "contention.R"), "--mode", mode] + base, env


def _run(cmd, env):
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


class BusyLoops:
    """n pure CPU loops (separate processes), stopped on exit from the with block, whatever happens."""

    def __init__(self, n):
        self.n, self.procs = n, []

    def __enter__(self):
        for _ in range(self.n):
            self.procs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                               stdin=subprocess.DEVNULL))
        time.sleep(0.5)  # let them reach the CPU
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []
        return False


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def _fmt(x, spec=".4f"):
    return "-" if x is None else format(x, spec)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--m", type=int, default=None, help="samples (default 21199; 4000 with --small)")
    ap.add_argument("--layers", type=lambda s: [int(v) for v in s.split(",")], default=[3072, 7, 5, 1])
    ap.add_argument("--iterations", type=int, default=None, help="timed iterations per run (default 8; 10 with --small)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="runs of every configuration (median over runs)")
    ap.add_argument("--small", action="store_true", help="m = 4000: the whole benchmark in about 2 minutes")
    ap.add_argument("--busy", type=lambda s: [int(v) for v in s.split(",")], default=[0, 1, 2])
    ap.add_argument("--languages", type=lambda s: s.split(","), default=["py", "r"])
    ap.add_argument("--modes", type=lambda s: s.split(","), default=["auto", "single"])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="auto", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.m is None:
        args.m = 4000 if args.small else 21199
    if args.iterations is None:
        args.iterations = 10 if args.small else 8
    if args.worker:
        return _worker(args)

    # Ctrl-C and SIGTERM unwind through the with blocks below (the busy loops are stopped).
    signal.signal(signal.SIGTERM, _interrupt)
    has = {lang: _has_threads(lang) for lang in args.languages}
    configs = [(lang, mode) for lang in args.languages for mode in args.modes]
    t0 = time.perf_counter()
    rows = {}
    for busy in args.busy:
        with BusyLoops(busy):
            load0 = os.getloadavg()[0]
            per = {c: [] for c in configs}
            for _ in range(args.runs):
                for c in configs:
                    cmd, env = _command(args, c[0], c[1], has[c[0]])
                    per[c].append(_run(cmd, env))
            for c in configs:
                ok = [r for r in per[c] if "times" in r]
                meds = [statistics.median(r["times"]) for r in ok]
                rows[(busy,) + c] = {
                    "median": statistics.median(meds) if meds else None,
                    "min": min(meds) if meds else None, "max": max(meds) if meds else None,
                    "threads": sorted({r["threads"] for r in ok if r.get("threads") is not None}),
                    "error": next((r["error"] for r in per[c] if "error" in r), None), "load": load0}
    elapsed = time.perf_counter() - t0

    n0 = args.layers[0]
    print("# nnscratch training on a busy machine (bench/README.md)\n")
    print(f"Workload: X ({n0}, {args.m}) float64 ({n0 * args.m * 8 / 1e6:.0f} MB), layers {args.layers}; "
          f"{args.warmup} warm-up + {args.iterations} timed iterations per run, {args.runs} runs per row "
          f"(median of the runs' medians; spread = min-max of the runs). CPUs: {os.cpu_count()} "
          f"(this process may use {len(os.sched_getaffinity(0))}). engine_fit threads argument: "
          + ", ".join(f"{lang} {'yes' if has[lang] else 'no (single = environment variables)'}"
                      for lang in args.languages) + f". Wall time: {elapsed:.0f} s.\n")
    print("| language | mode | busy loops | load avg at start | threads | s/iter (median) | spread | x idle "
          "| x single, same condition |")
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for lang, mode in configs:
        for busy in args.busy:
            r = rows[(busy, lang, mode)]
            if r["median"] is None:
                print(f"| {lang} | {mode} | {busy} | | | {r['error'] or 'failed'} | | | |")
                continue
            idle = rows.get((args.busy[0], lang, mode), {}).get("median")
            single = rows.get((busy, lang, "single"), {}).get("median")
            th = ",".join(str(t) for t in r["threads"]) or "-"
            print(f"| {lang} | {mode} | {busy} | {r['load']:.2f} | {th} | {r['median']:.4f} "
                  f"| {r['min']:.4f}-{r['max']:.4f} | {_fmt(r['median'] / idle if idle else None, '.2f')} "
                  f"| {_fmt(r['median'] / single if single else None, '.2f')} |")
    goals = []
    full = max(args.busy)
    for lang in args.languages:
        a_busy, a_idle = rows.get((full, lang, "auto"), {}).get("median"), rows.get((0, lang, "auto"), {}).get("median")
        s_busy = rows.get((full, lang, "single"), {}).get("median")
        if a_busy and a_idle:
            goals.append(f"{lang} auto with {full} busy <= 2.5x idle: {'met' if a_busy <= 2.5 * a_idle else 'MISSED'} "
                         f"({a_busy / a_idle:.2f}x)")
        if a_busy and s_busy:
            goals.append(f"{lang} auto <= single with {full} busy: {'met' if a_busy <= 1.1 * s_busy else 'MISSED'} "
                         f"({a_busy / s_busy:.2f}x; 10% allowed for noise)")
    if goals:
        print("\nGoals: " + "; ".join(goals) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
