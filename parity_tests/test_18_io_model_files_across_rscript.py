"""Model files cross the language boundary exactly (R twin: R/model_io.R, R/cli.R).

A model written by Python is loaded by R (Rscript in a subprocess, sourcing R/*.R of
this checkout) and written back: the file is byte-identical except for its
``created_by`` line, and R's predictions with it agree with Python's. The other way
round, a model written by R loads in Python to the same doubles, and a model trained
by the R command line is used by the Python command line with the same results.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rsession
from nnscratch import deep_model, init_param, predict_labels
from nnscratch.io import model as model_io
from nnscratch.io.model import load_model, save_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def run_r(rscript_env, r_dir):
    """Run R code (after sourcing the suite's R folder into ``env``) with Rscript; fails the test with R's
    output on error."""
    def run(code, tmp_path):
        script = tmp_path / "cross.R"
        script.write_text(rsession.rscript_prelude(r_dir) + "with(env, {\n" + code + "\n})\n", encoding="utf-8")
        res = subprocess.run(["Rscript", "--vanilla", str(script)], capture_output=True, text=True, timeout=300,
                             env=rscript_env)
        assert res.returncode == 0, f"Rscript failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
        return res
    return run


def tricky_parameters(extreme=False):
    """A [5, 4, 3, 1] network whose values exercise the corners of %.17g.

    ``extreme`` adds values whose products overflow (fine for the file, useless for predictions).
    """
    p = init_param([5, 4, 3, 1], seed=7, init="he")
    rs = np.random.RandomState(11)
    p["b1"] = rs.randn(4, 1) * 1e-3
    p["b2"] = rs.randn(3, 1)
    p["b1"][1, 0] = -0.0
    p["b3"] = np.array([[0.5]])
    W1 = p["W1"]
    W1[0, :] = [5e-324, -2.2250738585072014e-308, 1e-300, 1 / 3, 0.1]
    W1[1, 0] = -0.0
    W1[3, 2] = 1.23456789123456789e-3
    if extreme:
        W1[2, :] = [1.7976931348623157e308, -1.7976931348623157e308, np.pi * 1e100, 2.0 ** -1074, 1e22]
    return p


def meta_for(arch):
    meta = {"architecture": arch, "init": "he", "seed": 7, "learning_rate": 0.0075, "iterations": 2500,
            "image_size": 32, "labels": {"Cat": 1, "Dog": 0}, "created_by": "python"}
    if "costs" in model_io.META_KEYS:  # the cost history of checkpoints
        meta.update(cost_every=10, costs=[0.69314718055994529, 0.5, 1 / 3])
    return meta


def without_created_by(data: bytes):
    return [line for line in data.split(b"\n") if not line.startswith(b"created_by ")]


def test_python_model_loads_in_r_and_is_written_back_byte_identical(tmp_path, run_r):
    params = tricky_parameters()
    py_file = tmp_path / "py_model.txt"
    r_file = tmp_path / "r_model.txt"
    save_model(py_file, params, meta_for([5, 4, 3, 1]))
    extreme_py, extreme_r = tmp_path / "extreme_py.txt", tmp_path / "extreme_r.txt"
    save_model(extreme_py, tricky_parameters(extreme=True), meta_for([5, 4, 3, 1]))
    X = np.random.RandomState(3).randn(5, 40)
    # Inputs for R, exactly: one sample per line, %.17g.
    np.savetxt(tmp_path / "X.txt", X, fmt="%.17g")
    run_r(f"""
      e <- load_model({str(extreme_py)!r})
      e$meta$created_by <- "r"
      save_model({str(extreme_r)!r}, e$parameters, e$meta)
      m <- load_model({str(py_file)!r})
      stopifnot(identical(m$meta$created_by, "python"))
      m$meta$created_by <- "r"
      save_model({str(r_file)!r}, m$parameters, m$meta)
      X <- as.matrix(utils::read.table({str(tmp_path / "X.txt")!r}, colClasses = "numeric"))
      dimnames(X) <- NULL
      AL <- deep_model(X, m$parameters)$AL
      p <- predict_labels(X, NULL, m$parameters)$p
      writeLines(sprintf("%.17g", AL), {str(tmp_path / "AL.txt")!r})
      writeLines(sprintf("%.17g", p), {str(tmp_path / "p.txt")!r})
    """, tmp_path)

    py_bytes, r_bytes = py_file.read_bytes(), r_file.read_bytes()
    assert b"\ncreated_by r\n" in r_bytes
    assert without_created_by(r_bytes) == without_created_by(py_bytes)
    assert without_created_by(extreme_r.read_bytes()) == without_created_by(extreme_py.read_bytes())

    back, meta = load_model(r_file)
    for name, value in params.items():
        assert back[name].shape == value.shape
        assert back[name].tobytes() == value.tobytes(), name  # bit for bit, -0.0 included
    assert meta["created_by"] == "r"

    AL_py, _ = deep_model(X, params)
    AL_r = np.loadtxt(tmp_path / "AL.txt").reshape(1, -1)
    assert np.all(np.isfinite(AL_py)) and 0 < np.mean(AL_py > 0.5) < 1  # a meaningful comparison
    np.testing.assert_allclose(AL_r, AL_py, rtol=1e-12, atol=0)
    p_py, _ = predict_labels(X, None, params)
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "p.txt").reshape(1, -1), p_py)


def test_r_model_loads_in_python_to_the_same_doubles(tmp_path, run_r):
    r_file = tmp_path / "r_model.txt"
    run_r(f"""
      p <- init_param(c(6, 5, 1), seed = 3, init = "xavier")
      p$b1[] <- c(-0.5, 1e-300, 0, 1 / 7, -0)
      save_model({str(r_file)!r}, p, list(architecture = c(6, 5, 1), init = "xavier", seed = 3,
                 learning_rate = 0.05, iterations = 10, image_size = 32, labels = c(Cat = 1, Dog = 0),
                 created_by = "r"))
    """, tmp_path)
    params, meta = load_model(r_file)
    expected = init_param([6, 5, 1], seed=3, init="xavier")  # R reproduces numpy's stream bit for bit
    expected["b1"] = np.array([[-0.5], [1e-300], [0.0], [1 / 7], [-0.0]])
    for name in expected:
        assert params[name].tobytes() == expected[name].tobytes(), name
    assert meta == {"architecture": [6, 5, 1], "init": "xavier", "seed": 3, "learning_rate": 0.05,
                    "iterations": 10, "image_size": 32, "labels": {"Cat": 1, "Dog": 0}, "created_by": "r"}
    # and Python writes it back identically, but for created_by
    py_file = tmp_path / "py_model.txt"
    save_model(py_file, params, {**meta, "created_by": "python"})
    assert without_created_by(py_file.read_bytes()) == without_created_by(r_file.read_bytes())


def test_model_trained_by_the_r_command_line_predicts_the_same_in_python(tmp_path, r_cli, rscript_env):
    data = tmp_path / "data"
    for cls in ("Cat", "Dog"):
        (data / cls).mkdir(parents=True)
        files = sorted((p for p in (SAMPLE / cls).iterdir() if p.suffix in (".jpg", ".png") and p.stem.isdigit()),
                       key=lambda p: int(p.stem))[:6]
        for f in files:
            shutil.copy(f, data / cls / f.name)
    out = tmp_path / "out"
    cmd = r_cli
    train = subprocess.run(cmd + ["train", "--data", str(data), "--size", "8", "--hidden", "4",
                                  "--iterations", "30", "--lr", "0.05", "--out", str(out), "--quiet"],
                           capture_output=True, text=True, timeout=300, cwd=tmp_path, env=rscript_env)
    assert train.returncode == 0, train.stdout + train.stderr
    assert (out / "model.txt").is_file() and (out / "costs.csv").is_file() and (out / "cost_curve.png").is_file()
    params, meta = load_model(out / "model.txt")
    assert meta["created_by"] == "r" and meta["architecture"] == [192, 4, 1] and meta["image_size"] == 8

    r_pred = subprocess.run(cmd + ["predict", "--model", str(out / "model.txt"), str(data)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path, env=rscript_env)
    assert r_pred.returncode == 0, r_pred.stderr
    py_pred = subprocess.run([sys.executable, "-m", "nnscratch", "predict", "--model", str(out / "model.txt"), str(data)],
                             capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert py_pred.returncode == 0, py_pred.stderr
    r_lines, py_lines = r_pred.stdout.splitlines(), py_pred.stdout.splitlines()
    assert len(r_lines) == 12
    assert [line.split("\t")[0] for line in r_lines] == [line.split("\t")[0] for line in py_lines]
    assert [line.split("\t")[2] for line in r_lines] == [line.split("\t")[2] for line in py_lines]
    r_prob = np.array([float(line.split("\t")[1]) for line in r_lines])
    py_prob = np.array([float(line.split("\t")[1]) for line in py_lines])
    np.testing.assert_allclose(r_prob, py_prob, atol=1.5e-6)  # printed with 6 decimals

    r_eval = subprocess.run(cmd + ["evaluate", "--model", str(out / "model.txt"), "--data", str(data)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path, env=rscript_env)
    py_eval = subprocess.run([sys.executable, "-m", "nnscratch", "evaluate", "--model", str(out / "model.txt"),
                              "--data", str(data)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r_eval.returncode == 0 and py_eval.returncode == 0, r_eval.stderr + py_eval.stderr
    assert r_eval.stdout == py_eval.stdout
