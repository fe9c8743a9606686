"""``nnscratch parity-report``: run both implementations side by side on the same
inputs and print, per step and per layer, the largest absolute and relative
difference, and the first training iteration where the costs differ by more
than 1e-12 (relative).

The R side is the folder ``args.r_dir`` (``--r-dir DIR``), else
``$NNSCRATCH_R_DIR``, else the checkout's ``R/``; the first line printed names
it, the last one the first step that differs (a broken copy of R/ names its
broken step there)."""
from __future__ import annotations

import sys
import time

import numpy as np

THRESHOLD = 1e-12


def _diff(py, r):
    """(max |py - r|, that divided by max |py|): the relative difference of the
    array as a whole. Element-wise ratios would flag entries that cancel to
    almost zero, whose tiny absolute differences say nothing about agreement."""
    py = np.asarray(py, dtype=np.float64)
    r = np.asarray(r, dtype=np.float64)
    if py.shape != r.shape:
        return None
    d = float(np.abs(py - r).max(initial=0.0))
    scale = float(np.abs(py).max(initial=0.0))
    return d, (0.0 if d == 0 else d / scale if scale > 0 else float("inf"))


def _row(rows, step, name, py, r):
    res = _diff(py, r)
    if res is None:
        rows.append((step, name, "SHAPE", f"py {np.shape(py)} vs r {np.shape(r)}", "!!"))
    else:
        flag = "ok" if res[1] <= THRESHOLD else ("> 1e-12" if res[1] <= 1e-6 else "DIFFERS")
        rows.append((step, name, f"{res[0]:.3g}", f"{res[1]:.3g}", flag))


def parity_rows(r, X, Y, layers, seed, init, lr, iterations):
    """Compare every step once, then a training run; returns (rows, summary lines).

    ``r``: an :class:`~nnscratch.parity.adapter.RSteps` (or the bridge it wraps)."""
    from .. import cost_computation, deep_model, deep_model_back, init_param, update_parameters
    from .adapter import RSteps
    from .bridge import RBridge

    r = RSteps(r) if isinstance(r, RBridge) else r
    rows = []
    params = init_param(layers, seed=seed, init=init)
    r_params = r.init_param(layers, seed=seed, init=init)
    for k in params:
        _row(rows, "init_param", k, params[k], r_params[k])

    AL, caches = deep_model(X, params)
    r_AL, r_caches = r.deep_model(X, params)
    for l, ((_A, _W, _b), Z) in enumerate(caches, start=1):
        _row(rows, "deep_model", f"Z{l}", Z, r_caches[l - 1][1])
    _row(rows, "deep_model", "AL", AL, r_AL)
    _row(rows, "cost_computation", "cost", [cost_computation(AL, Y)], [r.cost_computation(AL, Y)])
    grads = deep_model_back(AL, Y, caches, input_grad=False)
    r_grads = r.deep_model_back(r_AL, Y, r_caches, input_grad=False)
    for k in sorted(grads):
        _row(rows, "deep_model_back", k, grads[k], r_grads.get(k))
    new = update_parameters(params, grads, lr)
    r_new = r.update_parameters(params, grads, lr)
    for k in new:
        _row(rows, "update_parameters", k, new[k], r_new[k])

    t0 = time.perf_counter()
    py_params, py_costs = engine_fit(X, Y, layers, learning_rate=lr, num_iterations=iterations, parameters=params,
                                     cost_every=1)
    t_py = time.perf_counter() - t0
    t0 = time.perf_counter()
    r_params_fit, r_costs = r.engine_fit(X, Y, layers, learning_rate=lr, num_iterations=iterations, parameters=params,
                                         cost_every=1)
    t_r = time.perf_counter() - t0
    py_costs, r_costs = np.array(py_costs), np.array(r_costs)
    rel = np.abs(py_costs - r_costs) / np.abs(py_costs)
    for k in py_params:
        _row(rows, f"engine_fit ({iterations} it)", k, py_params[k], r_params_fit[k])
    _row(rows, f"engine_fit ({iterations} it)", "costs", py_costs, r_costs)
    over = np.nonzero(rel > THRESHOLD)[0]
    summary = [
        f"training: {iterations} iterations, Python {t_py:.2f} s, R {t_r:.2f} s",
        "costs: relative difference first exceeds 1e-12 at iteration "
        + (str(int(over[0])) if over.size else "never") + f"; largest {rel.max():.3g} (iteration {int(rel.argmax())})",
    ]
    return rows, summary


def engine_fit(*args, **kwargs):
    from ..engine import engine_fit as fit

    return fit(*args, **kwargs)


def cmd_parity_report(args):
    from ..cli.common import resolve_data
    from ..cli.train import load_split
    from .adapter import RSteps
    from .bridge import INSTALL_HINT, RBridge

    data = resolve_data(args.data)  # a bad --data is refused before R starts
    r_dir = getattr(args, "r_dir", None)
    if r_dir is not None:
        from pathlib import Path

        if not Path(r_dir).is_dir() or not any(Path(r_dir).glob("*.R")):
            print(f"nnscratch parity-report: --r-dir {r_dir} is not a folder of R files (a copy of R/)", file=sys.stderr)
            return 2
    try:
        rb = RBridge(r_dir)
    except Exception as exc:
        print(f"cannot start R through rpy2: {exc!r}\n{INSTALL_HINT}")
        return 1
    d = load_split(data, {"Cat": 1, "Dog": 0}, 32, 0.15, args.seed)
    X, Y = d["X_train"], d["Y_train"]
    layers = [X.shape[0], *args.hidden, 1]
    print(f"parity report: R from {rb.r_dir}")
    print(f"parity report: {data}, X {X.shape}, layers {layers}, init {args.init}, seed {args.seed}, lr {args.lr:g}")
    rows, summary = parity_rows(RSteps(rb), X, Y, layers, args.seed, args.init, args.lr, args.iterations)
    widths = [max(len(str(r[i])) for r in rows + [("step", "name", "max |py - r|", "/ max |py|", "")]) for i in range(5)]
    header = ("step", "name", "max |py - r|", "/ max |py|", "")
    for row in [header] + rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
    for line in summary:
        print(line)
    bad = [r for r in rows if r[4] not in ("ok", "> 1e-12")]
    print("first step that differs: " + (f"{bad[0][0]} ({bad[0][1]})" if bad else "none"))
    # "> 1e-12" is reported, not fatal: entries that cancel to ~0 have large
    # relative differences from summation order alone. A shape mismatch or a
    # relative difference above 1e-6 is a real disagreement.
    return 0 if all(r[4] in ("ok", "> 1e-12") for r in rows) else 1
