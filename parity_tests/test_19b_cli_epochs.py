"""Training by epochs from both command lines (issue 13): ``nnscratch train --epochs ...`` (Python) and
``Rscript inst/nnscratch.R train --epochs ...`` (R), run as separate processes on a small copy of the
sample data with the new flags (each optimizer, dropout, L2, a schedule, standardize, a validation split
with early stopping), print the same lines (timings aside, as test_19) and write the same model.txt and
history.csv; and in each language an interrupted run (Ctrl-C in the middle of an epoch) resumed with
--resume writes the uninterrupted run's model.txt byte for byte.

Tolerance between the languages: the files cannot be byte-identical (``created_by`` says which language
wrote them, and numpy's BLAS and R's sum in another order, so the last bits of costs and weights differ,
about 1e-14 relative after 4 epochs here). Every other header line must be the same text, every number
the same within relative 1e-10 (the bound of test_19, for the same reason), the printed lines identical.
Within one language the resume comparison is exact (bytes).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SMALL = ["train", "--size", "8", "--hidden", "4", "--batch-size", "8", "--epochs", "4", "--lr", "0.01"]
RTOL = 1e-10

CASES = {  # standardization is on by default: the cases made without it say --no-standardize
    "gd": ["--optimizer", "gd", "--lr", "0.05", "--no-standardize"],
    "momentum-l2": ["--optimizer", "momentum", "--beta1", "0.8", "--l2", "0.3", "--no-standardize"],
    "rmsprop-step": ["--optimizer", "rmsprop", "--lr-schedule", "step", "--lr-decay", "1", "--lr-interval", "2",
                     "--no-standardize"],
    "adam-dropout": ["--optimizer", "adam", "--dropout", "0.3", "--no-standardize"],
    "adam-standardize-val": ["--optimizer", "adam", "--standardize", "--val-size", "0.25", "--patience", "2",
                             "--epochs", "8"],
    "recipe-defaults": ["--val-size", "0.25"],  # adam, lr 0.01 (SMALL's), standardized: the defaults
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """20 images per class of the sample data."""
    d = tmp_path_factory.mktemp("mini")
    for cls in ("Cat", "Dog"):
        (d / cls).mkdir()
        for f in sorted((SAMPLE / cls).glob("*.jpg"))[:20]:
            (d / cls / f.name).write_bytes(f.read_bytes())
    return d


def run(cmd, env=None):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)


def printed(stdout):
    """The printed lines, timings replaced."""
    return [ln.split(", loaded in")[0].split(", training took")[0] for ln in stdout.splitlines()]


def numbers_and_words(path):
    """A model / history file as (text tokens, numbers): each line split at blanks, commas and '='."""
    words, nums = [], []
    for line in path.read_text().splitlines():
        if line.startswith("created_by "):
            continue
        for tok in line.replace(",", " ").replace("=", " ").split():
            try:
                nums.append(float(tok))
                words.append("<n>")
            except ValueError:
                words.append(tok)
    return words, np.array(nums)


def assert_same_file(py, rr, what):
    pw, pn = numbers_and_words(py)
    rw, rn = numbers_and_words(rr)
    assert pw == rw, f"{what}: the text differs"
    assert pn.shape == rn.shape
    nan = np.isnan(pn)
    assert np.array_equal(nan, np.isnan(rn)), f"{what}: NaN at different places"
    scale = np.maximum(np.abs(pn[~nan]), 1e-300)
    rel = np.max(np.abs(pn[~nan] - rn[~nan]) / scale) if (~nan).any() else 0.0
    print(f"{what}: {len(pn)} numbers, largest relative difference {rel:.3g}")
    assert rel < RTOL, f"{what}: relative difference {rel:.3g}"


@pytest.mark.parametrize("case", list(CASES))
def test_both_command_lines_train_by_epochs_alike(r, tmp_path, mini, case, r_cli, rscript_env):
    flags = SMALL + ["--data", str(mini)] + CASES[case]
    py = run([sys.executable, "-m", "nnscratch"] + flags + ["--out", str(tmp_path / "py")])
    rr = run(r_cli + flags + ["--out", str(tmp_path / "r")], env=rscript_env)
    assert py.returncode == 0, py.stderr
    assert rr.returncode == 0, rr.stderr
    print("\n--- Python\n" + py.stdout + "--- R\n" + rr.stdout)
    p_lines = printed(py.stdout.replace(str(tmp_path / "py"), "OUT"))
    assert p_lines == printed(rr.stdout.replace(str(tmp_path / "r"), "OUT"))
    assert any(ln.startswith("epoch 1/") for ln in p_lines)
    assert p_lines[-1] == "wrote OUT/model.txt, OUT/history.csv, OUT/cost_curve.png"
    for name in ("model.txt", "history.csv"):
        assert_same_file(tmp_path / "py" / name, tmp_path / "r" / name, name)
    assert (tmp_path / "py" / "model.txt").read_text().count("\ncreated_by python\n") == 1
    assert (tmp_path / "r" / "model.txt").read_text().count("\ncreated_by r\n") == 1


# -- interrupted, then resumed: the uninterrupted bytes, in each language ----------------------------------

PY_INTERRUPT = """
import os, signal, sys
from nnscratch.engine import epochs
real, calls = epochs.batch_cost_grads, [0]
def batch_cost_grads(*a, **k):
    calls[0] += 1
    if calls[0] == int(os.environ["NN_INTERRUPT_AT"]):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while batch N is computed
    return real(*a, **k)
epochs.batch_cost_grads = batch_cost_grads
from nnscratch.cli import main
sys.exit(main(sys.argv[1:]))
"""

R_INTERRUPT = """
local({
  real <- batch_cost_grads
  calls <- 0L
  batch_cost_grads <<- function(...) {
    calls <<- calls + 1L
    if (calls == as.integer(Sys.getenv("NN_INTERRUPT_AT"))) tools::pskill(Sys.getpid(), tools::SIGINT)
    real(...)
  }
})
"""


@pytest.fixture(scope="module")
def r_dir_interrupting(tmp_path_factory, rscript_env):
    """A copy of the suite's R folder plus a last file that sends Ctrl-C at batch $NN_INTERRUPT_AT."""
    d = tmp_path_factory.mktemp("R-interrupt") / "R"
    shutil.copytree(rscript_env["NNSCRATCH_R_DIR"], d)
    (d / "zzz-interrupt.R").write_text(R_INTERRUPT)
    return d


@pytest.mark.parametrize("case", ["adam-dropout", "momentum-l2", "adam-standardize-val"])
@pytest.mark.parametrize("lang", ["python", "r"])
def test_interrupted_and_resumed_gives_the_uninterrupted_model(r, tmp_path, mini, case, lang, r_cli, rscript_env,
                                                               r_dir_interrupting):
    flags = SMALL + ["--quiet", "--data", str(mini)] + CASES[case]
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    if lang == "python":
        cli, env = [sys.executable, "-m", "nnscratch"], None
        cli_cut, env_cut = [sys.executable, "-c", PY_INTERRUPT], {**os.environ, "NN_INTERRUPT_AT": "7"}
    else:
        cli, env = r_cli, rscript_env
        cli_cut, env_cut = r_cli, {**rscript_env, "NNSCRATCH_R_DIR": str(r_dir_interrupting), "NN_INTERRUPT_AT": "7"}
    done = run(cli + flags + ["--out", str(whole)], env=env)
    assert done.returncode == 0, done.stderr
    stopped = run(cli_cut + flags + ["--out", str(cut)], env=env_cut)
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr.strip().splitlines()[-1].startswith("interrupted in epoch 2 after "), stopped.stderr
    ck = (cut / "checkpoint.txt").read_text()
    assert "\nepoch 1\n" in ck and "\nbatch 0\n" not in ck, "the checkpoint is in the middle of epoch 2"
    resumed = run(cli + ["train", "--quiet", "--resume", "--out", str(cut)], env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert (cut / "model.txt").read_bytes() == (whole / "model.txt").read_bytes()
    assert (cut / "history.csv").read_bytes() == (whole / "history.csv").read_bytes()
