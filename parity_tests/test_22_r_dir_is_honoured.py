"""NNSCRATCH_R_DIR is honoured everywhere R runs: a copy of R/ with one step broken
(init_param's W1 sign flipped, by a file sourced last that wraps the step) is seen by
the embedded bridge, by the R command line (inst/nnscratch.R, through its launcher
too) and by the parity report; the unbroken folder is not affected.
"""
import shutil
import subprocess

import numpy as np
import pytest

import rsession
from nnscratch import init_param
from nnscratch.parity.adapter import RSteps
from nnscratch.parity.bridge import RBridge

BREAK = """
# parity_tests/test_22: one step broken on purpose (sourced after every other file)
init_param_unbroken <- init_param
init_param <- function(layers_dims, seed = 1, init = "scaled") {
  p <- init_param_unbroken(layers_dims, seed = seed, init = init)
  p$W1 <- -p$W1
  p
}
"""


@pytest.fixture(scope="module")
def broken_dir(tmp_path_factory, r_dir):
    folder = tmp_path_factory.mktemp("broken") / "R"
    shutil.copytree(r_dir, folder)
    (folder / "zzz-broken.R").write_text(BREAK, encoding="utf-8")
    return folder


def test_embedded_bridge_runs_the_named_folder(rb, broken_dir):
    broken = RSteps(RBridge(broken_dir))
    good = RSteps(rb)
    py = init_param([4, 3, 1], seed=1)
    np.testing.assert_array_equal(good.init_param([4, 3, 1], seed=1)["W1"], py["W1"])
    np.testing.assert_array_equal(broken.init_param([4, 3, 1], seed=1)["W1"], -py["W1"])


def test_embedded_bridge_takes_the_folder_from_the_environment(rb, broken_dir, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_R_DIR", str(broken_dir))
    assert RBridge().r_dir == broken_dir
    assert rsession.r_dir() == broken_dir.resolve()


@pytest.mark.parametrize("launcher", [False, True], ids=["nnscratch.R", "nnscratch-r"])
def test_r_command_line_runs_the_named_folder(rscript_env, broken_dir, tmp_path, launcher):
    cmd = rsession.r_launcher() if launcher else rsession.r_cli()
    flags = ["train", "--quiet", "--hidden", "3", "--iterations", "1", "--size", "4"]
    outs = {}
    for name, folder in (("good", None), ("broken", broken_dir)):
        out = tmp_path / name
        proc = subprocess.run(cmd + flags + ["--out", str(out)], capture_output=True, text=True, timeout=300,
                              env=rsession.env(folder))
        assert proc.returncode == 0, proc.stderr
        outs[name] = (out / "model.txt").read_text().splitlines()
    w1 = lambda lines: lines[lines.index(next(ln for ln in lines if ln.startswith("W1 "))) + 1]  # noqa: E731
    good_row = np.array(w1(outs["good"]).split(), dtype=float)
    broken_row = np.array(w1(outs["broken"]).split(), dtype=float)
    # after one step from W1 and from -W1 the first rows cannot agree
    assert not np.allclose(good_row, broken_row), "the command line did not run the broken copy"


def test_parity_report_runs_the_named_folder(rb, broken_dir, monkeypatch, capsys):
    from nnscratch.cli import main

    monkeypatch.setenv("NNSCRATCH_R_DIR", str(broken_dir))
    assert main(["parity-report", "--iterations", "2", "--hidden", "3"]) == 1
    out = capsys.readouterr().out
    assert f"parity report: R from {broken_dir}" in out
    assert any(ln.startswith("init_param") and "DIFFERS" in ln for ln in out.splitlines()), out


def test_parity_report_r_dir_flag_names_the_broken_step(rb, broken_dir, r_dir, monkeypatch, capsys):
    from nnscratch.cli import main

    monkeypatch.setenv("NNSCRATCH_R_DIR", str(r_dir))  # the flag wins over the environment
    assert main(["parity-report", "--iterations", "2", "--hidden", "3", "--r-dir", str(broken_dir)]) == 1
    out = capsys.readouterr().out
    assert f"parity report: R from {broken_dir}" in out
    assert out.rstrip().splitlines()[-1] == "first step that differs: init_param (W1)"
    assert main(["parity-report", "--iterations", "2", "--hidden", "3", "--r-dir", str(r_dir)]) == 0
    assert capsys.readouterr().out.rstrip().splitlines()[-1] == "first step that differs: none"


def test_parity_report_r_dir_that_is_not_an_r_folder(tmp_path, capsys):
    from nnscratch.cli import main

    assert main(["parity-report", "--r-dir", str(tmp_path)]) == 2
    assert f"--r-dir {tmp_path} is not a folder of R files" in capsys.readouterr().err
