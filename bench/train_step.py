"""Benchmark of one training iteration (issue 8): nnscratch Python and R, and PyTorch.

    python bench/train_step.py            # everything, default workload, < 2 minutes

Workload (default): X of shape (3072, 21199) (= 521 MB in float64), random
values in [0, 1); Y random 0/1 labels; layers [3072, 7, 5, 1] (ReLU hidden,
sigmoid output, cross-entropy); full batch. One iteration = cost + gradients
(no dA0) + the gradient-descent update. Every configuration runs in its own
subprocess, which creates its X directly (no conversion copy), runs
``--warmup`` iterations, then ``--iterations`` timed ones, and reports the
median seconds per iteration and its peak resident memory (VmHWM, the kernel's
high-water mark of the process's RSS, = ru_maxrss). The R row runs
``Rscript bench/train_step.R`` the same way.

The "floor" is the time to read X once from memory, measured on the spot in
its own subprocess: the smaller median of ``X.sum()`` (one thread) and of a
sum of T disjoint slices of X on T threads (T = usable CPUs). float32 rows are
compared with the floor of the float32 X (half the bytes).

Options: --m, --layers, --dtype (float64, float32 or both: which rows),
--iterations, --warmup, --rounds N (run all rows N times in turn and pool
their timed iterations: spreads a neighbour's burst of load over all rows),
--block-size (Python blocked rows; default
nnscratch.engine.fused.default_block_size), --threads N (sets OPENBLAS_NUM_THREADS,
OMP_NUM_THREADS and MKL_NUM_THREADS of the subprocesses; default: inherited),
--openblas-env {as-set,unset,both} (with "unset", OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE are removed from the subprocesses' environment; default: both
tables if either is set, else one), --only NAME[,NAME] (rows to run).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: name -> (label, dtype); the order of the table.
CONFIGS = {
    "py-blocked": ("nnscratch Python float64, blocked (k={k64})", "float64"),
    "py-plain": ("nnscratch Python float64, unblocked", "float64"),
    "py-notebook": ("Python notebook style (with dA0), float64", "float64"),
    "py-blocked-f32": ("nnscratch Python float32, blocked (k={k32})", "float32"),
    "r": ("nnscratch R (double), block_size = NULL", "float64"),
    "torch-f64": ("PyTorch CPU float64", "float64"),
    "torch-f32": ("PyTorch CPU float32", "float32"),
}
LEARNING_RATE = 0.0075


# ----------------------------------------------------------------------------- worker side
def _status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def _blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    import numpy as np

    numpy_dir = str(Path(np.__file__).parent)  # numpy's own BLAS, not scipy's (sklearn loads both)
    found = [i for i in threadpool_info() if i.get("user_api") == "blas"
             and (i.get("filepath", "").startswith(numpy_dir) or "numpy.libs" in i.get("filepath", ""))]
    return "; ".join(f"numpy BLAS: {i.get('internal_api')} {i.get('version')} {i.get('architecture', '')}, "
                     f"{i.get('num_threads')} threads" for i in found) or "numpy BLAS not found"


def _time_loop(step, warmup, iterations):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return times


def _worker(args):
    import numpy as np

    sys.path.insert(0, str(ROOT / "python"))
    name = args.worker
    n0, m = args.layers[0], args.m
    result = {"name": name}

    if name == "floor":
        out = {}
        for dtype in ("float64", "float32"):
            X = np.random.default_rng(0).random((m, n0), dtype=dtype)  # the bytes of X (any layout)
            flat = X.reshape(-1)
            nthreads = max(1, len(os.sched_getaffinity(0)))
            cuts = [flat.size * i // nthreads for i in range(nthreads + 1)]

            def threaded_sum():
                parts = [None] * nthreads

                def work(i):
                    parts[i] = flat[cuts[i]:cuts[i + 1]].sum()

                ts = [threading.Thread(target=work, args=(i,)) for i in range(nthreads)]
                for t in ts:
                    t.start()
                for t in ts:
                    t.join()
                return sum(parts)

            one = statistics.median(_time_loop(flat.sum, 2, 9))
            many = statistics.median(_time_loop(threaded_sum, 2, 9))
            out[dtype] = {"seconds": min(one, many), "one_thread": one, "threads": many,
                          "nthreads": nthreads, "bytes": X.nbytes}
            del X, flat
        result["floor"] = out
        print("RESULT " + json.dumps(result), flush=True)
        return

    dtype = CONFIGS[name][1]
    if name.startswith("torch"):
        try:
            import torch
            import torch.nn.functional as F
        except ImportError:
            result["error"] = "not installed"
            print("RESULT " + json.dumps(result), flush=True)
            return
        from nnscratch import init_param

        tdt = torch.float64 if dtype == "float64" else torch.float32
        rss_before = _status_kb("VmRSS")
        torch.manual_seed(0)
        X = torch.rand(n0, m, dtype=tdt)  # created in place, C order (faster than the transposed layout here)
        Y = (torch.rand(1, m) < 0.5).to(tdt)
        p = init_param(args.layers, seed=1)
        Ws = [torch.tensor(p[f"W{l}"], dtype=tdt, requires_grad=True) for l in range(1, len(args.layers))]
        bs = [torch.tensor(p[f"b{l}"], dtype=tdt, requires_grad=True) for l in range(1, len(args.layers))]

        def step():
            A = X
            for i, (W, b) in enumerate(zip(Ws, bs)):
                Z = W @ A + b
                A = torch.relu(Z) if i < len(Ws) - 1 else Z
            loss = F.binary_cross_entropy_with_logits(A, Y)  # gradient sigmoid(Z) - Y, as nnscratch
            loss.backward()
            with torch.no_grad():
                for t in Ws + bs:
                    t -= LEARNING_RATE * t.grad
                    t.grad = None
            return float(loss)

        times = _time_loop(step, args.warmup, args.iterations)
        result.update(x_bytes=X.numel() * X.element_size(), blas=f"torch {torch.__version__}, "
                      f"{torch.get_num_threads()} threads")
    else:
        from nnscratch import cost_computation, deep_model, deep_model_back, init_param, update_parameters
        from nnscratch.engine.fused import default_block_size, forward_backward

        rss_before = _status_kb("VmRSS")
        rng = np.random.default_rng(0)
        if name == "py-notebook":
            X = rng.random((n0, m), dtype=dtype)  # C order, as flatten_images returns it
        else:
            X = rng.random((m, n0), dtype=dtype).T  # Fortran order: samples' columns contiguous
        Y = (rng.random((1, m)) < 0.5).astype(dtype)
        params = {k: v.astype(dtype) for k, v in init_param(args.layers, seed=1).items()}
        k = args.block_size or default_block_size(n0, dtype)
        state = {"p": params}

        if name == "py-notebook":
            def step():
                AL, caches = deep_model(X, state["p"])
                cost = cost_computation(AL, Y)
                grads = deep_model_back(AL, Y, caches)  # input_grad=True: dA0, (n0, m)
                state["p"] = update_parameters(state["p"], grads, LEARNING_RATE)
                return cost
        else:
            block_size = None if name == "py-plain" else k

            def step():
                cost, grads = forward_backward(X, Y, state["p"], block_size)
                state["p"] = update_parameters(state["p"], grads, LEARNING_RATE)
                return cost

        times = _time_loop(step, args.warmup, args.iterations)
        result.update(x_bytes=X.nbytes, blas=_blas_info(),
                      block_size=None if name in ("py-plain", "py-notebook") else k)
    result.update(times=times, median=statistics.median(times), rss_before_kb=rss_before,
                  peak_kb=_status_kb("VmHWM"), load=os.getloadavg()[0])
    print("RESULT " + json.dumps(result), flush=True)


# ----------------------------------------------------------------------------- parent side
def _run(cmd, env):
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


def _worker_cmd(args, name):
    base = ["--m", str(args.m), "--layers", ",".join(map(str, args.layers)),
            "--iterations", str(args.iterations), "--warmup", str(args.warmup)]
    if name == "r":
        return ["Rscript", str(ROOT / "bench" / "train_step.R")] + base
    extra = ["--block-size", str(args.block_size)] if args.block_size else []
    return [sys.executable, str(Path(__file__).resolve()), "--worker", name] + base + extra


def _table(args, env, title):
    names = [n for n in CONFIGS if (args.dtype == "both" or CONFIGS[n][1] == args.dtype)
             and (not args.only or n in args.only)]
    t0 = time.perf_counter()
    floor = _run(_worker_cmd(args, "floor"), env).get("floor")
    results = {}
    for _ in range(args.rounds):  # rows in turn, round after round: contention spreads over all rows
        for n in names:
            r = _run(_worker_cmd(args, n), env) if n != "r" or not args.no_r else {"error": "skipped"}
            prev = results.get(n)
            if prev is None or "times" not in prev:
                results[n] = dict(r, loads=[r["load"]] if "load" in r else [])
            elif "times" in r:
                prev["times"] += r["times"]
                prev["median"] = statistics.median(prev["times"])
                prev["peak_kb"] = max(prev["peak_kb"], r["peak_kb"])
                prev["loads"].append(r.get("load", float("nan")))
    elapsed = time.perf_counter() - t0

    sys.path.insert(0, str(ROOT / "python"))
    from nnscratch.engine.fused import default_block_size

    n0, m = args.layers[0], args.m
    k64 = args.block_size or default_block_size(n0, "float64")
    k32 = args.block_size or default_block_size(n0, "float32")
    print(f"\n## {title}\n")
    rounds = f" x {args.rounds} rounds (pooled)" if args.rounds > 1 else ""
    print(f"Workload: X ({n0}, {m}) = {n0 * m * 8 / 1e6:.1f} MB float64 / {n0 * m * 4 / 1e6:.1f} MB float32; "
          f"layers {args.layers}; {args.warmup} warm-up + {args.iterations} timed iterations per row{rounds} "
          f"(iteration = cost + gradients + update).")
    shown = ", ".join(f"{v}={env[v]}" for v in OPENBLAS_VARS + THREAD_VARS if v in env) or "none set"
    print(f"Environment of the subprocesses: {shown}. Load average now: {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} CPUs. Wall time of this table: {elapsed:.0f} s.")
    if floor:
        print("Floor (read X once, median): " + ", ".join(
            f"{dt} {f['seconds']:.4f} s ({f['bytes'] / f['seconds'] / 1e9:.0f} GB/s; 1 thread {f['one_thread']:.4f} s, "
            f"{f['nthreads']} threads {f['threads']:.4f} s)" for dt, f in floor.items()))
    ref = results.get("py-blocked", {}).get("median")
    print()
    print("| configuration | s/iter (median) | (min) | x floor | x Python f64 | peak RSS MB | peak RSS / X "
          "| RSS before X MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in names:
        label = CONFIGS[n][0].format(k64=k64, k32=k32)
        r = results[n]
        if "median" not in r:
            print(f"| {label} | {r.get('error', 'failed')} | | | | | | |")
            continue
        med = r["median"]
        fl = floor[CONFIGS[n][1]]["seconds"] if floor else float("nan")
        vs = f"{med / ref:.2f}" if ref else "-"
        peak_mb = r["peak_kb"] * 1024 / 1e6
        print(f"| {label} | {med:.4f} | {min(r['times']):.4f} | {med / fl:.1f} | {vs} | {peak_mb:.0f} "
              f"| {peak_mb * 1e6 / r['x_bytes']:.2f} | {r['rss_before_kb'] * 1024 / 1e6:.0f} |")
    print()
    for n in names:
        r = results[n]
        if "times" in r:
            loads = ", ".join(f"{v:.1f}" for v in r.get("loads", []))
            print(f"- {n}: max {max(r['times']):.4f} s; load average after the row: {loads}; {r.get('blas', '')}")
    _goals(results, floor)
    return results


def _goals(results, floor):
    py = results.get("py-blocked", {}).get("median")
    lines = []
    if py and floor:
        ratio = py / floor["float64"]["seconds"]
        lines.append(f"Python float64 <= 2x floor: {'met' if ratio <= 2 else 'MISSED'} ({ratio:.1f}x)")
    for n, other in (("torch-f64", "py-blocked"), ("torch-f32", "py-blocked-f32")):
        t, p = results.get(n, {}).get("median"), results.get(other, {}).get("median")
        if t and p:
            lines.append(f"{other} faster than {n}: {'met' if p < t else 'MISSED'} ({p:.4f} vs {t:.4f} s)")
    r = results.get("r", {}).get("median")
    if r and py:
        lines.append(f"R <= 1.5x Python float64: {'met' if r <= 1.5 * py else 'MISSED'} ({r / py:.2f}x)")
    for n in ("py-blocked", "r"):
        x = results.get(n, {})
        if "peak_kb" in x:
            ratio = x["peak_kb"] * 1024 / x["x_bytes"]
            lines.append(f"{n} peak RSS <= 1.3x X: {'met' if ratio <= 1.3 else 'MISSED'} ({ratio:.2f}x)")
    if lines:
        print("\nGoals: " + "; ".join(lines) + ".")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--m", type=int, default=21199, help="samples (columns of X)")
    ap.add_argument("--layers", type=lambda s: [int(v) for v in s.split(",")], default=[3072, 7, 5, 1])
    ap.add_argument("--dtype", choices=["float64", "float32", "both"], default="both", help="which rows")
    ap.add_argument("--iterations", type=int, default=10, help="timed iterations per row")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1, help="run every row this many times, in turn; pool the times")
    ap.add_argument("--block-size", type=int, default=None, help="Python blocked rows (default: default_block_size)")
    ap.add_argument("--threads", type=int, default=None, help="BLAS/OpenMP threads of the subprocesses")
    ap.add_argument("--openblas-env", choices=["as-set", "unset", "both"], default=None)
    ap.add_argument("--only", type=lambda s: s.split(","), default=None, help="rows, e.g. py-blocked,r")
    ap.add_argument("--no-r", action="store_true", help="skip the R row")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return _worker(args)

    env = dict(os.environ)
    if args.threads:
        for v in THREAD_VARS:
            env[v] = str(args.threads)
    is_set = [v for v in OPENBLAS_VARS if v in env]
    mode = args.openblas_env or ("both" if is_set else "as-set")
    print("nnscratch training-iteration benchmark (bench/README.md)")
    if not is_set and mode != "unset":
        print("Neither OPENBLAS_CORETYPE nor OPENBLAS_L2_SIZE is set: the 'as set' table is also the 'unset' one.")
    if mode in ("as-set", "both"):
        _table(args, env, "OpenBLAS environment as set" + ("" if is_set else
                                                           " (neither variable set: the same as unset)"))
    if mode in ("unset", "both"):
        env_unset = {k: v for k, v in env.items() if k not in OPENBLAS_VARS}
        _table(args, env_unset, "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
