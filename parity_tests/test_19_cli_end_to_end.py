"""Same seed, same network: the Python CLI and the R CLI, run as separate
processes with nothing passed between them but the command-line flags, build
the same split, the same initial weights and so the same model.

Tolerance: only BLAS / summation order differs between the two runs; over a
few hundred iterations that stays near 1e-15 relative. The issue asks for cost
histories equal to at least 10 significant digits: we assert relative 1e-10
on the costs and on the final parameters (normwise), and exact equality of the
printed split sizes and accuracies.
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnscratch.io.model import load_model

ROOT = Path(__file__).resolve().parents[1]


def run(cmd, out, env=None):
    proc = subprocess.run(cmd + ["--quiet", "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def summary(stdout):
    keep = ("data:", "split:", "network:", "train accuracy:", "test accuracy:", "final cost:")
    lines = [ln for ln in stdout.splitlines() if ln.startswith(keep)]
    # timings differ, everything else must not
    return [ln.split(", loaded in")[0].split(", training took")[0] for ln in lines]


def read_costs(path):
    rows = path.read_text().splitlines()
    assert rows[0] == "iteration,cost"
    its = [int(r.split(",")[0]) for r in rows[1:]]
    return its, np.array([float(r.split(",")[1]) for r in rows[1:]])


@pytest.mark.parametrize("seed, init", [(1, "he"), (7, "xavier")])
def test_python_and_r_command_lines_agree(r, tmp_path, seed, init, r_cli, rscript_env):
    # `r` is requested so that a missing R fails here loudly, like every parity test
    flags = ["train", "--seed", str(seed), "--init", init, "--iterations", "300", "--hidden", "16,8"]
    py_out = run([sys.executable, "-m", "nnscratch"] + flags, tmp_path / "py")
    r_out = run(r_cli + flags, tmp_path / "r", env=rscript_env)
    print("\n--- Python\n" + py_out + "--- R\n" + r_out)
    assert summary(py_out) == summary(r_out)
    py_its, py_costs = read_costs(tmp_path / "py" / "costs.csv")
    r_its, r_costs = read_costs(tmp_path / "r" / "costs.csv")
    assert py_its == r_its
    rel = np.max(np.abs(py_costs - r_costs) / np.abs(py_costs))
    print(f"cost history: max relative difference {rel:.3g} over {len(py_costs)} recorded costs")
    assert rel < 1e-10
    py_params, py_meta = load_model(tmp_path / "py" / "model.txt")
    r_params, r_meta = load_model(tmp_path / "r" / "model.txt")
    assert py_meta.pop("created_by") == "python" and r_meta.pop("created_by") == "r"
    assert py_meta.pop("costs") is not None and r_meta.pop("costs") is not None
    assert py_meta == r_meta
    for k in py_params:
        d = np.max(np.abs(py_params[k] - r_params[k])) / np.max(np.abs(py_params[k]))
        assert d < 1e-10, f"{k}: normwise relative difference {d:.3g}"


def test_no_flags_at_all_print_the_same_lines(r, tmp_path, r_cli, rscript_env):
    """``train`` without a flag (but --quiet and --out): training by epochs with the default recipe (adam,
    lr 0.001, batches of 128, 20 epochs, standardized) on the sample; every printed line is the same but
    the timings, and the model and history files agree to RTOL 1e-10 (summation order only)."""
    py_out = run([sys.executable, "-m", "nnscratch", "train"], tmp_path / "py")
    r_out = run(r_cli + ["train"], tmp_path / "r", env=rscript_env)
    print("\n--- Python\n" + py_out + "--- R\n" + r_out)

    def lines(stdout, out):
        return [ln.split(", loaded in")[0].split(", training took")[0] for ln in stdout.replace(str(out), "OUT").splitlines()]

    assert lines(py_out, tmp_path / "py") == lines(r_out, tmp_path / "r")
    assert "training: optimizer adam (beta1 0.9, beta2 0.999, epsilon 1e-08), learning rate 0.001 (schedule constant, " \
           "decay 0, interval 10), 20 epochs of batch size 128, l2 0, dropout 0, patience 0" in py_out.splitlines()
    assert "standardize: mean and std of 3072 features from the 303 training images" in py_out.splitlines()
    py_params, py_meta = load_model(tmp_path / "py" / "model.txt")
    r_params, r_meta = load_model(tmp_path / "r" / "model.txt")
    assert py_meta.pop("created_by") == "python" and r_meta.pop("created_by") == "r"
    for k in py_params:
        d = np.max(np.abs(py_params[k] - r_params[k])) / np.max(np.abs(py_params[k]))
        assert d < 1e-10, f"{k}: normwise relative difference {d:.3g}"
    assert (py_meta["update_rule"], py_meta["batch_size"], py_meta["epochs"]) == ("adam", 128, 20)
    assert (r_meta["update_rule"], r_meta["batch_size"], r_meta["epochs"]) == ("adam", 128, 20)


def test_iterations_600_typed_trains_full_batch_in_both(r, tmp_path, r_cli, rscript_env):
    """--iterations typed at 600 (the full-batch default) selects full-batch training in both command lines."""
    flags = ["train", "--iterations", "600", "--hidden", "4", "--size", "8"]
    py_out = run([sys.executable, "-m", "nnscratch"] + flags, tmp_path / "py")
    r_out = run(r_cli + flags, tmp_path / "r", env=rscript_env)
    assert summary(py_out) == summary(r_out)
    assert "network: [192, 4, 1], init he, seed 1, learning rate 0.02, 600 iterations" in summary(py_out)
    assert (tmp_path / "py" / "costs.csv").exists() and (tmp_path / "r" / "costs.csv").exists()
