"""Do your two versions agree? Runs your Python tanh and your R tanh on the same inputs.

    .venv/bin/python exercises/tanh/parity_check.py [PY_FILE R_FILE]
        (default: tanh.py and tanh.R next to this script; solution/ holds the solutions)

Like nnscratch's parity suite (parity_tests/compare.py) it compares the shape first, then
the values: tanh_forward within 1e-15 relative (each side's exp/expm1 is accurate to
about an ulp, and numpy may use its own SIMD code), tanh_backprop within 1e-15 of |dA|
as well (1 - t^2 cancels where |t| is near 1, turning an ulp of t into 1e-16 absolute).
Exit status 0 only when both agree.
"""
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RS = np.random.RandomState(7)
Z = np.vstack([[0.0, -1e-9, 350.0, -30.0, 1e-300], RS.randn(3, 5) * 2])
DA = RS.randn(4, 5)

R_CODE = r"""
args <- commandArgs(trailingOnly = TRUE)
env <- new.env(); sys.source(args[1], envir = env)
rd <- function(s) matrix(as.numeric(strsplit(s, ",")[[1]]), nrow = 4, byrow = TRUE)
Z <- rd(args[2]); dA <- rd(args[3])
out <- env$tanh_forward(Z)
dZ <- env$tanh_backprop(dA, out$cache)
emit <- function(name, x) cat(name, paste(dim(x), collapse = "x"), paste(sprintf("%.17g", as.vector(t(x))), collapse = ","), "\n")
emit("A", out$A); emit("dZ", dZ)
"""


def as_arg(a):
    return ",".join(f"{v:.17g}" for v in a.ravel())


def run_r(r_file):
    proc = subprocess.run(["Rscript", "--vanilla", "-e", R_CODE, str(r_file), as_arg(Z), as_arg(DA)],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(" ".join(l for l in proc.stderr.strip().splitlines() if l != "Execution halted") or "Rscript failed")
    out = {}
    for line in proc.stdout.splitlines():
        name, dims, values = line.split()
        shape = tuple(int(d) for d in dims.split("x")) if dims else ()
        vals = np.array([float(v) for v in values.split(",")])
        out[name] = vals.reshape(shape) if shape else vals
    return out


def same(name, py, r, rtol, atol):
    py = np.asarray(py, dtype=np.float64)
    if py.shape != r.shape:
        print(f"{name}: shape differs: python {py.shape} vs R {r.shape}")
        return False
    bad = ~(np.abs(py - r) <= atol + rtol * np.abs(py))
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        print(f"{name}: differs at {i}: python {py[i]:.17g} vs R {r[i]:.17g} (Z = {Z[i]:.17g})")
        return False
    print(f"{name}: python and R agree ({py.size} values, max |py - r| = {np.max(np.abs(py - r)):.3g})")
    return True


def main(argv):
    py_file = Path(argv[1]) if len(argv) > 2 else HERE / "tanh.py"
    r_file = Path(argv[2]) if len(argv) > 2 else HERE / "tanh.R"
    spec = importlib.util.spec_from_file_location("student_tanh", py_file)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    try:
        A, cache = mod.tanh_forward(Z.copy())
        dZ = mod.tanh_backprop(DA.copy(), cache)
    except NotImplementedError as exc:
        print(f"Python not implemented yet: {exc}\nFAIL")
        return 1
    try:
        r = run_r(r_file)
    except RuntimeError as exc:
        print(f"R failed: {exc}\nFAIL")
        return 1
    ok = same("tanh_forward", A, r["A"], rtol=1e-15, atol=0.0)
    ok = same("tanh_backprop", dZ, r["dZ"], rtol=1e-15, atol=1e-15 * np.abs(DA)) and ok
    print("PASS: your two versions agree" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
