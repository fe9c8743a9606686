"""The R command line stopped mid-run loses nothing (twin of test_faults.py's CLI test).

R turns SIGINT (Ctrl-C) into an "interrupt" condition: ``train`` saves
OUT/checkpoint.txt and exits with 130. R cannot catch SIGTERM, so SIGTERM goes
through the launcher inst/nnscratch-r, which forwards it to R as SIGINT. Each
interrupted run is resumed with --resume and must end with model.txt and
costs.csv byte-identical to an uninterrupted R run.

Drives ``Rscript inst/nnscratch.R`` and ``inst/nnscratch-r`` as subprocesses on
the embedded sample data (data/sample); needs Rscript on the PATH.
"""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import rsession
from nnscratch.io.model import load_model

ROOT = Path(__file__).resolve().parents[1]
ITERATIONS = 2500
TRAIN = ["train", "--quiet", "--hidden", "4", "--iterations", str(ITERATIONS), "--cost-every", "10"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and the sh launcher are POSIX")


def command(launcher):
    return rsession.r_launcher() if launcher else rsession.r_cli()


@pytest.fixture(autouse=True)
def _r_subprocesses_run_the_suites_r_dir(rscript_env):
    """Every R process of this module runs the suite's R folder (NNSCRATCH_R_DIR)."""


def start(out, launcher=False, cwd=None, **kw):
    return subprocess.Popen(command(launcher) + TRAIN + ["--out", str(out), "--checkpoint-every", "100"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd or ROOT,
                            env=rsession.env(), **kw)


def wait_for_checkpoint(proc, ckpt):
    """Wait until the first periodic checkpoint exists: training is under way."""
    deadline = time.time() + 180
    while not ckpt.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "training finished (or failed) before it could be interrupted: " + proc.stderr.read()
    assert ckpt.exists(), "no checkpoint after 180 s"
    time.sleep(0.2)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, rscript_env):
    out = tmp_path_factory.mktemp("r-full")
    proc = subprocess.run(command(False) + TRAIN + ["--out", str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, env=rscript_env)
    assert proc.returncode == 0, proc.stderr
    return out


def check_interrupted_then_resume(proc, part, full, launcher):
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 130, (proc.returncode, err)
    ckpt = part / "checkpoint.txt"
    _, meta = load_model(ckpt)
    done = meta["iterations"]
    assert 100 <= done < ITERATIONS
    assert (f"interrupted after {done} iterations; saved {ckpt} (continue with: nnscratch train --resume "
            f"--out {part} --iterations {ITERATIONS})") in err
    assert meta["created_by"] == "r" and len(meta["costs"]) == -(-done // 10)
    resumed = subprocess.run(command(launcher) + ["train", "--quiet", "--iterations", str(ITERATIONS),
                                                  "--out", str(part), "--resume"],
                             capture_output=True, text=True, cwd=ROOT, timeout=600, env=rsession.env())
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming from {ckpt} at iteration {done}" in resumed.stdout
    assert (part / "model.txt").read_bytes() == (full / "model.txt").read_bytes()
    assert (part / "costs.csv").read_bytes() == (full / "costs.csv").read_bytes()
    assert not ckpt.exists()
    return done


def test_sigint_to_rscript_saves_a_checkpoint_and_resumes_exactly(tmp_path, uninterrupted):
    part = tmp_path / "part"
    proc = start(part)
    wait_for_checkpoint(proc, part / "checkpoint.txt")
    proc.send_signal(signal.SIGINT)
    check_interrupted_then_resume(proc, part, uninterrupted, launcher=False)


def test_sigterm_through_the_launcher_saves_a_checkpoint_and_resumes_exactly(tmp_path, uninterrupted):
    part = tmp_path / "part"
    elsewhere = tmp_path / "elsewhere"  # the launcher works from any folder
    elsewhere.mkdir()
    proc = start(part, launcher=True, cwd=elsewhere)
    wait_for_checkpoint(proc, part / "checkpoint.txt")
    proc.send_signal(signal.SIGTERM)  # to the launcher, which is what kill/timeout/systemd signal
    check_interrupted_then_resume(proc, part, uninterrupted, launcher=True)


def test_ctrl_c_in_a_terminal_through_the_launcher(tmp_path, uninterrupted):
    """A terminal's Ctrl-C signals the whole foreground process group: launcher and R."""
    part = tmp_path / "part"
    proc = start(part, launcher=True, start_new_session=True)
    wait_for_checkpoint(proc, part / "checkpoint.txt")
    os.killpg(proc.pid, signal.SIGINT)
    check_interrupted_then_resume(proc, part, uninterrupted, launcher=True)


def test_sigterm_to_rscript_itself_is_not_caught(tmp_path):
    """Why the launcher exists: Rscript dies of SIGTERM at once; only the periodic checkpoint is left."""
    part = tmp_path / "part"
    proc = start(part)
    wait_for_checkpoint(proc, part / "checkpoint.txt")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGTERM
    assert "interrupted after" not in err
    _, meta = load_model(part / "checkpoint.txt")
    assert meta["iterations"] % 100 == 0  # the last --checkpoint-every one, not the interrupted state


def test_launcher_passes_the_exit_status_on(tmp_path):
    ok = subprocess.run(rsession.r_launcher() + ["train", "--help"], capture_output=True, text=True, cwd=tmp_path,
                        timeout=120, env=rsession.env())
    assert ok.returncode == 0 and ok.stdout.startswith("usage: nnscratch train")
    assert "inst/nnscratch-r" in ok.stdout
    bad = subprocess.run(rsession.r_launcher() + ["train", "--iterations", "0"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120, env=rsession.env())
    assert bad.returncode == 2
    assert "nnscratch: error: argument --iterations: must be a positive integer; got 0" in bad.stderr
