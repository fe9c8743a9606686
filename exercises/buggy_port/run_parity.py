"""Run the parity tests of the five ported steps against an R port (issue 15, the buggy-port exercise).

    .venv/bin/python exercises/buggy_port/run_parity.py                       # the buggy nn_port.R
    .venv/bin/python exercises/buggy_port/run_parity.py exercises/buggy_port/solution/nn_port.R
    .venv/bin/python exercises/buggy_port/run_parity.py my_port.R --keep DIR  # keep the R folder in DIR

The port's functions replace those of the same name: a copy of the checkout's R/ gets the port as its
last file (sourced last, so its definitions win), and the parity tests run with NNSCRATCH_R_DIR set
to that copy. Prints every failing test with its message; exit status 0 when all pass. The same
folder works for ``nnscratch parity-report --r-dir DIR`` and ``nnscratch lab run ... --r-dir DIR``.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TESTS = ["parity_tests/test_02_activations.py::test_sigmoid", "parity_tests/test_06_backward.py",
         "parity_tests/test_07_update.py", "parity_tests/test_11_train_dense_nn.py"]


def port_dir(port: Path, folder: Path) -> Path:
    """A copy of the checkout's R/ in ``folder`` with ``port`` sourced last (zzz-port.R)."""
    r = folder / "R"
    shutil.copytree(ROOT / "R", r)
    shutil.copy(port, r / "zzz-port.R")
    return r


def run(port: Path, folder: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NNSCRATCH_R_DIR=str(port_dir(port, folder)), COLUMNS="1000")
    env.pop("NNSCRATCH_SKIP_PARITY", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "--tb=no", "-rf",
           f"--basetemp={folder / 'pytest'}", *TESTS]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("port", nargs="?", default=str(HERE / "nn_port.R"), help="the R file of the port")
    p.add_argument("--keep", metavar="DIR", help="build the R folder in DIR and keep it")
    args = p.parse_args(argv)
    port = Path(args.port).resolve()
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        proc = run(port, folder)
    else:
        with tempfile.TemporaryDirectory(prefix="nnscratch-port-") as tmp:
            proc = run(port, Path(tmp))
    failed = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    print(f"port {port}: {len(failed)} parity tests fail")
    for line in failed:
        print("  " + line.replace("parity_tests/", ""))
    print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-2000:])
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
