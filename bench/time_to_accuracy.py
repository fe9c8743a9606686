"""Time-to-accuracy benchmark: nnscratch Python, nnscratch R, scikit-learn, PyTorch on one image folder.

    .venv/bin/python bench/time_to_accuracy.py --data /work/benchdata/digits25k
    .venv/bin/python bench/time_to_accuracy.py --sample          # data/sample

The folder is loaded once with nnscratch's ``create_dataset`` (cached), split
with nnscratch's ``train_test_split`` (test 15 %, ``random_state=seed``, as
``nnscratch train`` does), then a validation part is taken from the training
part (``train_test_split(test_size=--val-size, random_state=seed)``, as
``--val-size`` does); inputs are standardized with ``fit_standardizer`` on the
remaining training part. The arrays are written once as .npy files and every
contender runs in its own subprocess on them, with the SAME architecture
(``--hidden``, ReLU, sigmoid output, cross-entropy), optimizer, learning rate,
batch size and number of epochs (no early stopping, so every row runs all
epochs); after every epoch each computes the validation accuracy (timed: it is
part of an epoch). Rows:

* nnscratch Python: ``engine_fit_epochs`` (python/nnscratch/engine/epochs.py);
* nnscratch R: ``engine_fit_epochs`` (R/engine-epochs.R) in ``Rscript
  bench/time_to_accuracy.R`` on the same .npy files;
* scikit-learn: ``MLPClassifier`` (its own Glorot init), one ``partial_fit``
  per epoch (one pass over shuffled data; Adam state kept between calls);
* PyTorch: the same network in float64 (``--torch-dtype``) started from
  nnscratch's ``init_param`` weights, BCEWithLogits, ``torch.optim`` rule, a
  permutation per epoch; run with ``--torch-python`` (a separate venv: torch is
  no dependency of nnscratch). A row that cannot run says why.

Peak memory is each child's own peak resident set (``VmHWM`` from
/proc/self/status, read at its end; not ``ru_maxrss``, which Linux carries over
fork and exec, so a child would report the parent's peak): the process
with its copy of the data (train + validation + test arrays) and its imports. bench/README.md has the
results and how to read them.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ROWS = ("py", "r", "sklearn", "torch")
ROW_NAMES = {"py": "nnscratch Python", "r": "nnscratch R", "sklearn": "scikit-learn MLPClassifier",
             "torch": "PyTorch CPU"}
DEFAULT_TORCH_PYTHON = "/work/benchvenv/bin/python"


# ---------------------------------------------------------------------------------- parent

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", help="a folder of class sub-folders (Cat/, Dog/)")
    src.add_argument("--sample", action="store_true", help="use data/sample")
    p.add_argument("--labels", default="Cat=1,Dog=0")
    p.add_argument("--size", type=int, default=32, help="image side (default 32)")
    p.add_argument("--limit", type=int, default=0,
                   help="use only the first N images after a seeded shuffle (0: all)")
    p.add_argument("--hidden", default="16,8")
    p.add_argument("--optimizer", default="adam", choices=("gd", "momentum", "rmsprop", "adam"))
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--beta1", type=float, default=0.9)
    p.add_argument("--beta2", type=float, default=0.999)
    p.add_argument("--epsilon", type=float, default=1e-8)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--init", default="he", choices=("scaled", "xavier", "he"))
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--test-size", type=float, default=0.15)
    p.add_argument("--val-size", type=float, default=0.1)
    p.add_argument("--no-standardize", dest="standardize", action="store_false")
    p.add_argument("--only", default=",".join(ROWS), help="rows to run: " + ",".join(ROWS))
    p.add_argument("--threads", type=int, default=1,
                   help="OPENBLAS/OMP/MKL/NNSCRATCH threads and torch.set_num_threads of every row "
                        "(default 1: stable figures on a shared machine; 0 leaves the environment as is)")
    p.add_argument("--torch-python", default=os.environ.get("BENCH_TORCH_PYTHON", DEFAULT_TORCH_PYTHON),
                   help="a Python with torch and numpy (default %(default)s)")
    p.add_argument("--torch-dtype", default="float64", choices=("float64", "float32"))
    p.add_argument("--cache", default=None, help="create_dataset cache folder (default: its own default)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds per row before it is stopped")
    p.add_argument("--json", help="also write the results to this JSON file")
    p.add_argument("--keep", help="keep the .npy work folder here (default: a temporary folder)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def parse_labels(text):
    out = {}
    for item in text.split(","):
        k, _, v = item.partition("=")
        out[k.strip()] = int(v)
    return out


def prepare(args, workdir):
    """Load, split, standardize; write the arrays (n0, m) Fortran order and Y (1, m) into workdir."""
    sys.path.insert(0, str(ROOT / "python"))
    from nnscratch.data.dataset import create_dataset
    from nnscratch.init_param import init_param
    from nnscratch.split import flatten_images, labels_to_row, train_test_split
    from nnscratch.standardize import fit_standardizer, standardize

    path = str(ROOT / "data" / "sample") if args.sample else args.data
    t0 = time.perf_counter()
    ds = create_dataset(path, size=args.size, labels=parse_labels(args.labels), warn=False,
                        cache=True if args.cache is None else args.cache)
    load_s = time.perf_counter() - t0
    X, y = ds
    if args.limit and args.limit < len(y):
        keep = np.sort(np.random.RandomState(args.seed).permutation(len(y))[: args.limit])
        X, y = X[keep], y[keep]
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=args.test_size, random_state=args.seed)
    X_tr, X_va, y_tr, y_va = train_test_split(X_tr, y_tr, test_size=args.val_size, random_state=args.seed)
    parts = {"train": (flatten_images(X_tr), labels_to_row(y_tr)), "val": (flatten_images(X_va), labels_to_row(y_va)),
             "test": (flatten_images(X_te), labels_to_row(y_te))}
    if args.standardize:
        st = fit_standardizer(parts["train"][0])
        parts = {k: (standardize(Xk, st), Yk) for k, (Xk, Yk) in parts.items()}
    for k, (Xk, Yk) in parts.items():
        np.save(workdir / f"X_{k}.npy", np.asfortranarray(Xk))
        np.save(workdir / f"Y_{k}.npy", np.ascontiguousarray(Yk))
    dims = [parts["train"][0].shape[0]] + [int(h) for h in args.hidden.split(",") if h.strip()] + [1]
    p0 = init_param(dims, seed=args.seed, init=args.init)
    for k, v in p0.items():
        np.save(workdir / f"init_{k}.npy", np.ascontiguousarray(v))
    info = {"path": path, "images": int(len(y)), "size": args.size, "n0": dims[0], "dims": dims,
            "m_train": parts["train"][0].shape[1], "m_val": parts["val"][0].shape[1],
            "m_test": parts["test"][0].shape[1], "load_s": load_s, "cache": ds.cache.get("status"),
            "data_mb": sum(Xk.nbytes for Xk, _ in parts.values()) / 2**20}
    return info


def config_of(args, info):
    return {"dims": info["dims"], "optimizer": args.optimizer, "lr": args.lr, "beta1": args.beta1,
            "beta2": args.beta2, "epsilon": args.epsilon, "l2": args.l2, "init": args.init,
            "epochs": args.epochs, "batch_size": args.batch_size, "seed": args.seed,
            "threads": args.threads, "torch_dtype": args.torch_dtype}


def child_env(args):
    env = dict(os.environ)
    if args.threads > 0:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NNSCRATCH_NUM_THREADS"):
            env[var] = str(args.threads)
    env["PYTHONPATH"] = str(ROOT / "python") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_row(row, args, workdir, config):
    """Run one contender in a subprocess; its result dict (or an "error")."""
    (workdir / "config.json").write_text(json.dumps(config))
    if row == "r":
        if shutil.which("Rscript") is None:
            return {"error": "not available: Rscript not found"}
        cmd = ["Rscript", str(HERE / "time_to_accuracy.R"), str(workdir)]
    elif row == "torch":
        if not Path(args.torch_python).exists() and shutil.which(args.torch_python) is None:
            return {"error": f"not available: no Python with torch at {args.torch_python}"}
        cmd = [args.torch_python, str(Path(__file__).resolve()), "--sample", "--worker", "torch",
               "--workdir", str(workdir)]
    else:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--sample", "--worker", row, "--workdir", str(workdir)]
    out_file = workdir / f"result_{row}.json"
    if out_file.exists():
        out_file.unlink()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=child_env(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=str(ROOT))
    try:
        stdout, stderr = proc.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"error": f"stopped after the {args.timeout:g} s timeout"}
    wall = time.perf_counter() - t0
    # communicate() has reaped the child; its peak RSS comes from the RESULT (VmHWM, = ru_maxrss),
    # which each worker reads at its end, and ru_maxrss of the children as a cross-check below.
    if proc.returncode != 0 or not out_file.exists():
        tail = (stderr or stdout or "").strip().splitlines()[-3:]
        return {"error": f"failed (status {proc.returncode}): " + " | ".join(tail)}
    res = json.loads(out_file.read_text())
    res["process_wall_s"] = wall
    return res


def summarize(res):
    """Median s/epoch, best-val epoch and seconds, from the per-epoch lists."""
    ends = res["epoch_end_s"]
    per = [b - a for a, b in zip([0.0] + ends[:-1], ends)]
    va = res["val_accuracy"]
    best = max(range(len(va)), key=lambda i: (va[i], -i))
    return {"s_epoch": statistics.median(per), "best_epoch": best + 1, "best_val": va[best],
            "best_s": ends[best], "epochs_run": len(ends), "total_s": ends[-1]}


def fmt_table(results, rows):
    head = ("| row | s/epoch (median) | epochs run | best val acc | at epoch | seconds to it "
            "| test acc (final) | test acc (best-val epoch) | peak RSS MB |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        res = results[row]
        name = res.get("name", ROW_NAMES[row])
        if "error" in res:
            lines.append(f"| {name} | {res['error']} | | | | | | | |")
            continue
        s = summarize(res)
        lines.append(f"| {name} | {s['s_epoch']:.3f} | {s['epochs_run']} | {s['best_val']:.4f} | {s['best_epoch']} "
                     f"| {s['best_s']:.2f} | {res['test_accuracy']:.4f} | {res['test_accuracy_best']:.4f} "
                     f"| {res['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


def goals(results):
    out = []
    py, r, sk = results.get("py"), results.get("r"), results.get("sklearn")
    ok = lambda d: d is not None and "error" not in d  # noqa: E731
    if ok(py) and ok(sk):
        a, b = summarize(py)["s_epoch"], summarize(sk)["s_epoch"]
        out.append(f"Python s/epoch <= MLPClassifier: {'met' if a <= b else 'MISSED'} ({a:.3f} vs {b:.3f} s, "
                   f"{a / b:.2f}x)")
        d = 100 * (py["test_accuracy"] - sk["test_accuracy"])
        out.append(f"test accuracy within 1 point of MLPClassifier at equal epochs: "
                   f"{'met' if abs(d) <= 1 or d > 0 else 'MISSED'} ({d:+.2f} points)")
    if ok(py) and ok(r):
        a, b = summarize(py)["s_epoch"], summarize(r)["s_epoch"]
        out.append(f"R s/epoch <= 1.5x Python: {'met' if b <= 1.5 * a else 'MISSED'} ({b / a:.2f}x)")
    return "Goals: " + "; ".join(out) + "." if out else ""


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        return worker(args.worker, Path(args.workdir))
    rows = [r.strip() for r in args.only.split(",") if r.strip()]
    bad = [r for r in rows if r not in ROWS]
    if bad:
        sys.exit(f"--only: unknown rows {bad}; choose from {','.join(ROWS)}")
    tmp = None
    if args.keep:
        workdir = Path(args.keep)
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="nnscratch-tta-")
        workdir = Path(tmp)
    try:
        t0 = time.perf_counter()
        info = prepare(args, workdir)
        config = config_of(args, info)
        print(f"data: {info['path']}: {info['images']} images of {info['size']}x{info['size']} "
              f"(create_dataset {info['load_s']:.1f} s, cache {info['cache']}); train {info['m_train']}, "
              f"validation {info['m_val']}, test {info['m_test']}; X {info['data_mb']:.0f} MB float64 in all; "
              f"standardized: {'yes' if args.standardize else 'no'}", flush=True)
        print(f"recipe: layers {info['dims']}, {args.optimizer} lr {args.lr:g} (beta1 {args.beta1:g}, "
              f"beta2 {args.beta2:g}, epsilon {args.epsilon:g}), l2 {args.l2:g}, batch {args.batch_size}, "
              f"{args.epochs} epochs, seed {args.seed}, nnscratch/torch init {args.init}; threads per row: "
              f"{args.threads if args.threads > 0 else 'as set'}", flush=True)
        results = {}
        for row in rows:
            results[row] = run_row(row, args, workdir, config)
            res = results[row]
            msg = res["error"] if "error" in res else (
                f"{summarize(res)['s_epoch']:.3f} s/epoch, test {res['test_accuracy']:.4f}")
            print(f"  {res.get('name', ROW_NAMES[row])}: {msg} (load average {os.getloadavg()[0]:.2f})",
                  flush=True)
        print()
        print(fmt_table(results, rows))
        print()
        for row in rows:
            if "note" in results[row]:
                print(f"* {results[row].get('name', ROW_NAMES[row])}: {results[row]['note']}")
        g = goals(results)
        if g:
            print(g)
        print(f"Load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs. "
              f"Wall time: {time.perf_counter() - t0:.0f} s.")
        if args.json:
            Path(args.json).write_text(json.dumps({"info": info, "config": config, "results": results}, indent=1))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------- workers

def peak_rss_mb():
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that over fork and exec, so a child would report its parent's peak."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_arrays(workdir):
    arr = {}
    for k in ("train", "val", "test"):
        arr["X_" + k] = np.load(workdir / f"X_{k}.npy")
        arr["Y_" + k] = np.load(workdir / f"Y_{k}.npy")
    return arr


def write_result(workdir, row, res):
    res["peak_rss_mb"] = peak_rss_mb()
    (workdir / f"result_{row}.json").write_text(json.dumps(res))


def worker(row, workdir):
    cfg = json.loads((workdir / "config.json").read_text())
    arr = load_arrays(workdir)
    if row == "py":
        res = worker_py(cfg, arr)
    elif row == "sklearn":
        res = worker_sklearn(cfg, arr)
    elif row == "torch":
        res = worker_torch(cfg, arr, workdir)
    else:
        raise SystemExit(f"unknown worker {row}")
    write_result(workdir, row, res)


def accuracy_of(p, Y):
    return float(np.mean((p > 0.5) == (Y > 0.5)))


def worker_py(cfg, arr):
    from nnscratch.engine.epochs import engine_fit_epochs
    from nnscratch.engine.rules import update_rule
    from nnscratch.forward import deep_model

    rule = update_rule(cfg["optimizer"], cfg["lr"], beta=cfg["beta1"], beta1=cfg["beta1"], beta2=cfg["beta2"],
                       epsilon=cfg["epsilon"])
    ends, snaps = [], []

    def checkpoint(state):
        ends.append(time.perf_counter() - t0)
        snaps.append({k: v.copy() for k, v in state["parameters"].items()})

    t0 = time.perf_counter()
    parameters, history = engine_fit_epochs(
        arr["X_train"], arr["Y_train"], cfg["dims"], rule=rule, epochs=cfg["epochs"], batch_size=cfg["batch_size"],
        seed=cfg["seed"], init=cfg["init"], l2=cfg["l2"], X_val=arr["X_val"], Y_val=arr["Y_val"],
        checkpoint=checkpoint, checkpoint_every=1)
    va = [float(v) for v in history["val_accuracy"]]
    best = max(range(len(va)), key=lambda i: (va[i], -i))
    return {"name": "nnscratch Python (engine_fit_epochs)", "epoch_end_s": ends, "val_accuracy": va,
            "train_cost": [float(c) for c in history["cost"]],
            "test_accuracy": accuracy_of(deep_model(arr["X_test"], parameters)[0], arr["Y_test"]),
            "test_accuracy_best": accuracy_of(deep_model(arr["X_test"], snaps[best])[0], arr["Y_test"])}


def worker_sklearn(cfg, arr):
    import warnings

    import sklearn
    from sklearn.neural_network import MLPClassifier

    if cfg["optimizer"] not in ("adam", "gd", "momentum"):
        return {"error": f"not available: MLPClassifier has no {cfg['optimizer']}"}
    solver = "adam" if cfg["optimizer"] == "adam" else "sgd"
    X, y = arr["X_train"].T, arr["Y_train"].ravel().astype(int)
    Xv, yv = arr["X_val"].T, arr["Y_val"].ravel().astype(int)
    Xt, yt = arr["X_test"].T, arr["Y_test"].ravel().astype(int)
    clf = MLPClassifier(hidden_layer_sizes=tuple(cfg["dims"][1:-1]), activation="relu", solver=solver,
                        alpha=cfg["l2"], batch_size=cfg["batch_size"], learning_rate_init=cfg["lr"],
                        beta_1=cfg["beta1"], beta_2=cfg["beta2"], epsilon=cfg["epsilon"], shuffle=True,
                        random_state=cfg["seed"], momentum=cfg["beta1"] if cfg["optimizer"] == "momentum" else 0.0,
                        nesterovs_momentum=False, early_stopping=False, n_iter_no_change=10**9, tol=0.0)
    ends, va, best_acc, best_test = [], [], -1.0, None
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(cfg["epochs"]):
            clf.partial_fit(X, y, classes=[0, 1])
            va.append(float(clf.score(Xv, yv)))
            ends.append(time.perf_counter() - t0)
            if va[-1] > best_acc:   # not timed in the others either: the test set is scored at the end
                pause = time.perf_counter()
                best_acc, best_test = va[-1], float(clf.score(Xt, yt))
                t0 += time.perf_counter() - pause
    return {"name": f"scikit-learn {sklearn.__version__} MLPClassifier ({solver}, partial_fit)",
            "epoch_end_s": ends, "val_accuracy": va, "test_accuracy": float(clf.score(Xt, yt)),
            "test_accuracy_best": best_test,
            "note": "its own init (Glorot uniform); alpha = --l2; one partial_fit = one shuffled epoch"}


def worker_torch(cfg, arr, workdir):
    import torch

    threads = int(cfg["threads"])
    if threads > 0:
        torch.set_num_threads(threads)
    dt = torch.float64 if cfg["torch_dtype"] == "float64" else torch.float32
    dims = cfg["dims"]
    layers = []
    for l in range(1, len(dims)):
        lin = torch.nn.Linear(dims[l - 1], dims[l], dtype=dt)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.load(workdir / f"init_W{l}.npy")))
            lin.bias.copy_(torch.from_numpy(np.load(workdir / f"init_b{l}.npy")).reshape(-1))
        layers.append(lin)
        if l < len(dims) - 1:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    weights = [m.weight for m in net if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in net if isinstance(m, torch.nn.Linear)]
    opt_name, lr = cfg["optimizer"], cfg["lr"]
    groups = [{"params": weights}, {"params": biases}]
    if opt_name == "adam":
        opt = torch.optim.Adam(groups, lr=lr, betas=(cfg["beta1"], cfg["beta2"]), eps=cfg["epsilon"])
    elif opt_name == "rmsprop":
        opt = torch.optim.RMSprop(groups, lr=lr, alpha=cfg["beta2"], eps=cfg["epsilon"])
    elif opt_name == "momentum":
        opt = torch.optim.SGD(groups, lr=lr, momentum=cfg["beta1"])
    else:
        opt = torch.optim.SGD(groups, lr=lr)
    X = torch.from_numpy(np.ascontiguousarray(arr["X_train"].T)).to(dt)
    Y = torch.from_numpy(arr["Y_train"].reshape(-1, 1)).to(dt)
    Xv = torch.from_numpy(np.ascontiguousarray(arr["X_val"].T)).to(dt)
    Xt = torch.from_numpy(np.ascontiguousarray(arr["X_test"].T)).to(dt)
    yv, yt = arr["Y_val"].ravel(), arr["Y_test"].ravel()
    del arr
    loss_fn = torch.nn.BCEWithLogitsLoss()
    m, B, l2 = X.shape[0], cfg["batch_size"], cfg["l2"]

    def acc(Xs, ys):
        with torch.no_grad():
            return float(np.mean((net(Xs).numpy().ravel() > 0) == (ys > 0.5)))

    ends, va, snaps = [], [], []
    t0 = time.perf_counter()
    for e in range(cfg["epochs"]):
        g = torch.Generator().manual_seed((cfg["seed"] + e) % 2**32)
        perm = torch.randperm(m, generator=g)
        for s in range(0, m, B):
            idx = perm[s:s + B]
            xb, yb = X[idx], Y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(xb), yb)
            if l2 > 0:
                loss = loss + l2 / (2 * xb.shape[0]) * sum((w * w).sum() for w in weights)
            loss.backward()
            opt.step()
        va.append(acc(Xv, yv))
        ends.append(time.perf_counter() - t0)
        snaps.append({k: v.detach().clone() for k, v in net.state_dict().items()})
    test_final = acc(Xt, yt)
    best = max(range(len(va)), key=lambda i: (va[i], -i))
    net.load_state_dict(snaps[best])
    return {"name": f"PyTorch {torch.__version__} {cfg['torch_dtype']}", "epoch_end_s": ends, "val_accuracy": va,
            "test_accuracy": test_final, "test_accuracy_best": acc(Xt, yt),
            "note": "nnscratch's init_param weights; shuffles with torch.randperm (other batches than nnscratch)"}


if __name__ == "__main__":
    main()
