"""Both command lines' training runs under hostile conditions behave alike (issue 12, part A).

Each case runs ``nnscratch train`` (Python) and ``Rscript inst/nnscratch.R train`` (R) as
subprocesses and compares exit status and messages: an --out that cannot be used is
refused before anything is loaded; two trainings into one --out are refused by a lock
naming the folder; --iterations is bounded; --resume takes data, split and settings
from the checkpoint and refuses a conflicting flag; a checkpoint whose cost history
disagrees with its iterations, or with an unknown init, is refused; a full disk gives a
message naming the file and keeps the previous outputs; Ctrl-C while the final files
or a checkpoint are written lets them complete; files follow the umask.

The disk-full cases mount a 200 KB tmpfs and need root (CI runs the suite as root);
elsewhere they skip with the reason.
"""
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import rsession
from nnscratch.io.model import load_model, save_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SMALL = ["--quiet", "--size", "8", "--hidden", "4", "--iterations", "20"]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals, locks and mounts are POSIX")


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """12 images per class of the sample data."""
    d = tmp_path_factory.mktemp("mini")
    for cls in ("Cat", "Dog"):
        (d / cls).mkdir()
        for f in sorted((SAMPLE / cls).glob("*.jpg"))[:12]:
            (d / cls / f.name).write_bytes(f.read_bytes())
    return d


def py_cmd():
    return [sys.executable, "-m", "nnscratch"]


def run(cmd, args, cwd=None, env=None, **kw):
    return subprocess.run(cmd + args, capture_output=True, text=True, cwd=cwd or ROOT, timeout=600,
                          env=env, **kw)


def both(args, rscript_env, **kw):
    """(python result, R result) of the same arguments."""
    return run(py_cmd(), args, **kw), run(rsession.r_cli(), args, env=rscript_env, **kw)


def error_line(proc):
    lines = proc.stderr.strip().splitlines()
    return lines[-1] if lines else ""


# -- --out checked before loading, same sentences -----------------------------------------

def test_an_unusable_out_is_refused_before_loading(tmp_path, rscript_env):
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = {
        str(afile): f"nnscratch: error: --out '{afile}' is a file, not a folder",
        "/dev/null": "nnscratch: error: --out '/dev/null' is a file, not a folder",
        "/dev/full": "nnscratch: error: --out '/dev/full' is a file, not a folder",
        "/proc/self/nope": "nnscratch: error: --out '/proc/self/nope' cannot be created (No such file or directory)",
        "": "nnscratch: error: --out must not be empty",
    }
    for out, message in cases.items():
        for proc in both(["train", *SMALL, "--out", out], rscript_env):
            assert proc.returncode == 2, (out, proc.stderr)
            assert proc.stdout == "", (out, proc.stdout)  # nothing was loaded
            assert error_line(proc) == message
    assert afile.read_text() == "x"


def test_iterations_are_bounded_alike(tmp_path, rscript_env):
    py, r = both(["train", "--quiet", "--iterations", "1000000001", "--out", str(tmp_path / "o")], rscript_env)
    for proc in (py, r):
        assert proc.returncode == 2 and proc.stdout == ""
        assert error_line(proc) == "nnscratch: error: argument --iterations: must be at most 1000000000; got 1000000001"
    assert not (tmp_path / "o").exists()


# -- the lock of an output folder ---------------------------------------------------------

def start_long_run(cmd, out, data, env=None):
    proc = subprocess.Popen(cmd + ["train", "--quiet", "--size", "4", "--hidden", "2", "--iterations", "100000000",
                                   "--data", str(data), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    lock = out / ".nnscratch-lock" / "pid"
    deadline = time.time() + 120
    while not lock.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if not lock.exists():
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the first training took no lock: {err}")
    return proc


@pytest.mark.parametrize("holder", ["python", "r"])
def test_a_second_training_into_the_same_out_is_refused(tmp_path, mini, holder, rscript_env):
    out = tmp_path / "out"
    holder_cmd, holder_env = (py_cmd(), None) if holder == "python" else (rsession.r_cli(), rscript_env)
    first = start_long_run(holder_cmd, out, mini, holder_env)
    try:
        message = (f"nnscratch: error: --out '{out}' is in use by another training (process {first.pid}); wait "
                   f"for it to end or choose another --out (if no training runs there, remove "
                   f"'{out}/.nnscratch-lock')")
        for proc in both(["train", *SMALL, "--data", str(mini), "--out", str(out)], rscript_env):
            assert proc.returncode == 2 and proc.stdout == ""
            assert error_line(proc) == message
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=120)
    assert first.returncode == 130
    assert not (out / ".nnscratch-lock").exists()  # released at exit, even when interrupted


def test_a_stale_lock_is_taken_over(tmp_path, mini, rscript_env):
    dead = subprocess.Popen(["true"])
    dead.wait()
    for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
        out = tmp_path / name
        (out / ".nnscratch-lock").mkdir(parents=True)
        (out / ".nnscratch-lock" / "pid").write_text(f"{dead.pid}\n")
        proc = run(cmd, ["train", *SMALL, "--data", str(mini), "--out", str(out)], env=env)
        assert proc.returncode == 0, proc.stderr
        assert sorted(p.name for p in out.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]


# -- --resume: the run's data, split and settings ------------------------------------------

@pytest.fixture(scope="module")
def trained_mini(tmp_path_factory, mini):
    """A run on mini with --test-size 0.25 and --lr 0.05 in each language; its model.txt serves as checkpoint."""
    outs = {}
    for name, cmd in (("py", py_cmd()), ("r", rsession.r_cli())):
        out = tmp_path_factory.mktemp(f"resume-{name}")
        proc = run(cmd, ["train", *SMALL, "--data", str(mini), "--test-size", "0.25", "--lr", "0.05",
                         "--labels", "Cat=1,Dog=0", "--out", str(out)], env=rsession.env())
        assert proc.returncode == 0, proc.stderr
        outs[name] = out
    return outs


def test_checkpoints_record_data_and_test_size(trained_mini, mini):
    for out in trained_mini.values():
        _, meta = load_model(out / "model.txt")
        assert meta["data"] == str(mini) and meta["test_size"] == 0.25


@pytest.mark.parametrize("flags, message", [
    (["--lr", "0.07"], "--lr 0.07 conflicts with {ck}, which has --lr 0.05; leave --lr out to continue that run"),
    # typed at the full-batch default (0.02): still a contradiction (it used to count only when not the default)
    (["--lr", "0.02"], "--lr 0.02 conflicts with {ck}, which has --lr 0.05; leave --lr out to continue that run"),
    (["--optimizer", "adam"], "--optimizer adam conflicts with {ck}, which has --optimizer gd; leave --optimizer out "
                              "to continue that run"),
    (["--data", str(SAMPLE)], "--data '" + str(SAMPLE) + "' conflicts with {ck}, which has --data '{mini}'; "
                                                          "leave --data out to continue that run"),
    (["--test-size", "0.3"], "--test-size 0.3 conflicts with {ck}, which has --test-size 0.25; leave "
                             "--test-size out to continue that run"),
    (["--hidden", "5,2"], "--hidden 5,2 conflicts with {ck}, which has --hidden 4; leave --hidden out to continue "
                          "that run"),
    (["--seed", "2"], "--seed 2 conflicts with {ck}, which has --seed 1; leave --seed out to continue that run"),
    (["--init", "xavier"], "--init xavier conflicts with {ck}, which has --init he; leave --init out to continue "
                           "that run"),
    (["--size", "16"], "--size 16 conflicts with {ck}, which has --size 8; leave --size out to continue that run"),
    (["--labels", "Dog=0,Cat=1"], "--labels Dog=0,Cat=1 conflicts with {ck}, which has --labels Cat=1,Dog=0; "
                                  "leave --labels out to continue that run"),
    (["--cost-every", "5"], "--cost-every 5 conflicts with {ck}, which has --cost-every 10; leave --cost-every "
                            "out to continue that run"),
])
def test_resume_refuses_a_conflicting_flag_alike(tmp_path, trained_mini, mini, flags, message, rscript_env):
    for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
        ck = tmp_path / f"{name}-ck.txt"
        ck.write_bytes((trained_mini[name] / "model.txt").read_bytes())
        proc = run(cmd, ["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--out", str(tmp_path / name),
                         *flags], env=env)
        assert proc.returncode == 2 and proc.stdout == "", proc.stderr
        assert error_line(proc) == "nnscratch: error: --resume: " + message.format(ck=ck, mini=mini)


def test_resume_continues_on_the_recorded_data_and_split(tmp_path, trained_mini, mini, rscript_env):
    """No --data, no --test-size, flags equal to the checkpoint's: the run goes on where it was."""
    outputs = {}
    for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
        ck = tmp_path / f"{name}-ck.txt"
        ck.write_bytes((trained_mini[name] / "model.txt").read_bytes())
        proc = run(cmd, ["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--lr", "0.05",
                         "--out", str(tmp_path / name)], env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.splitlines()
        assert lines[0].startswith(f"data: {mini}: 24 images (Cat: 12, Dog: 12)")
        assert lines[1] == "split: 18 train, 6 test (test_size 0.25, random_state 1)"
        assert lines[2] == "network: [192, 4, 1], init he, seed 1, learning rate 0.05, 30 iterations"
        assert lines[3] == f"resuming from {ck} at iteration 20"
        outputs[name] = lines[1:4]
        _, meta = load_model(tmp_path / name / "model.txt")
        assert meta["iterations"] == 30 and meta["data"] == str(mini) and meta["test_size"] == 0.25


@pytest.mark.parametrize("change, message", [
    ({"iterations": 40}, "{ck}: the cost history has 2 costs, but 40 iterations with cost_every 10 record 4"),
    ({"init": "bogus"}, "{ck}: bad value for 'init': 'bogus' (one of 'scaled', 'xavier', 'he')"),
])
def test_an_inconsistent_checkpoint_is_refused_alike(tmp_path, trained_mini, change, message, rscript_env):
    params, meta = load_model(trained_mini["py"] / "model.txt")
    ck = tmp_path / "ck.txt"
    save_model(ck, params, {**meta, **change})
    for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
        proc = run(cmd, ["train", "--quiet", "--iterations", "50", "--resume", str(ck), "--out", str(tmp_path / name)],
                   env=env)
        assert proc.returncode == 2 and proc.stdout == ""
        assert error_line(proc) == "nnscratch: error: " + message.format(ck=ck)


# -- a full disk -----------------------------------------------------------------------------

@contextlib.contextmanager
def full_tmpfs(free_kib):
    """A 200 KB tmpfs (mounted by root) with about free_kib KiB left; unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("the disk-full cases mount a small tmpfs, which needs root (CI runs them as root)")
    d = tempfile.mkdtemp(prefix="nnscratch-full-")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", d], capture_output=True, text=True)
    if proc.returncode != 0:
        os.rmdir(d)
        pytest.skip(f"no tmpfs can be mounted here: {proc.stderr.strip()}")
    try:
        yield Path(d)
    finally:
        subprocess.run(["umount", "-l", d], check=False)
        os.rmdir(d)


def fill(folder, free_kib):
    st = os.statvfs(folder)
    (folder / "filler").write_bytes(b"\0" * max(st.f_bavail * st.f_frsize - free_kib * 1024, 0))


def test_a_full_disk_names_the_file_and_keeps_the_previous_outputs(tmp_path, mini, rscript_env):
    with full_tmpfs(0) as disk:
        for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
            out = disk / name
            out.mkdir()
            (out / "model.txt").write_text("previous model\n")
            (out / "cost_curve.png").write_text("previous curve\n")
            fill(disk, 12)  # room for the lock and costs.csv, not for a 16 KB model
            proc = run(cmd, ["train", *SMALL, "--data", str(mini), "--out", str(out)], env=env)
            assert proc.returncode == 2, proc.stderr
            assert error_line(proc).startswith(f"nnscratch: error: cannot write '{out}/model.txt': "), proc.stderr
            assert "Traceback" not in proc.stderr and "wrote" not in proc.stdout
            assert (out / "model.txt").read_text() == "previous model\n"
            assert sorted(p.name for p in out.iterdir()) == ["cost_curve.png", "model.txt"]  # no temporary file
            (disk / "filler").unlink()


def test_a_full_disk_while_the_png_is_written(tmp_path, mini, rscript_env):
    """R's png device only prints "Write Error" and leaves a cut file: it must not be put in place."""
    with full_tmpfs(0) as disk:
        for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
            out = disk / name
            out.mkdir()
            (out / "cost_curve.png").write_text("previous curve\n")
            fill(disk, 34)  # room for the lock, model.txt (16 KB) and costs.csv, not for the PNG (about 20 KB)
            proc = run(cmd, ["train", *SMALL, "--data", str(mini), "--out", str(out)], env=env)
            assert proc.returncode == 2, (name, proc.stdout, proc.stderr)
            assert error_line(proc).startswith(f"nnscratch: error: cannot write '{out}/cost_curve.png': ")
            assert (out / "cost_curve.png").read_text() == "previous curve\n"
            assert not [p for p in out.iterdir() if ".tmp" in p.name]
            for p in list(out.iterdir()):
                p.unlink()
            (disk / "filler").unlink()


# -- Ctrl-C while files are written ----------------------------------------------------------

PY_INJECT = """
import os, signal, sys
import nnscratch.io.model as m
real = m.save_model
def save_model(path, *a, **k):
    if str(path).endswith(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGINT)   # Ctrl-C just as the file is being written
    return real(path, *a, **k)
m.save_model = save_model
from nnscratch.cli import main
sys.exit(main(sys.argv[2:]))
"""

R_INJECT = rsession.rscript_prelude() + """
args <- commandArgs(trailingOnly = TRUE)
real <- env$save_model
env$save_model <- function(path, parameters, meta) {
  if (endsWith(path, args[[1L]])) tools::pskill(Sys.getpid(), tools::SIGINT) # Ctrl-C as the file is written
  real(path, parameters, meta)
}
quit(save = "no", status = env$nnscratch_main(args[-1L]))
"""


def injected(lang, target, args, env):
    if lang == "py":
        return run([sys.executable, "-c", PY_INJECT, target], args)
    return run(["Rscript", "-e", R_INJECT, target], args, env=env)


@pytest.mark.parametrize("lang", ["py", "r"])
def test_ctrl_c_while_the_final_model_is_written_lets_it_complete(tmp_path, mini, lang, rscript_env):
    out = tmp_path / "out"
    proc = injected(lang, "model.txt", ["train", *SMALL, "--data", str(mini), "--out", str(out)], rscript_env)
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "nnscratch: interrupted"
    assert f"wrote {out}/model.txt, {out}/costs.csv, {out}/cost_curve.png" in proc.stdout
    _, meta = load_model(out / "model.txt")
    assert meta["iterations"] == 20
    assert sorted(p.name for p in out.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]


@pytest.mark.parametrize("lang", ["py", "r"])
def test_ctrl_c_twice_while_the_checkpoint_is_written_still_saves_it(tmp_path, mini, lang, rscript_env):
    """Ctrl-C during the periodic checkpoint at 5, then again during the checkpoint of the interruption."""
    out = tmp_path / "out"
    proc = injected(lang, "checkpoint.txt", ["train", *SMALL, "--data", str(mini), "--checkpoint-every", "5",
                                             "--out", str(out)], rscript_env)
    assert proc.returncode == 130, proc.stderr
    assert error_line(proc).startswith(f"interrupted after 5 iterations; saved {out}/checkpoint.txt")
    _, meta = load_model(out / "checkpoint.txt")
    assert meta["iterations"] == 5 and len(meta["costs"]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["checkpoint.txt"]


# -- the umask ---------------------------------------------------------------------------------

def test_files_follow_the_umask(tmp_path, mini, rscript_env):
    def with_umask():
        os.umask(0o027)

    for name, cmd, env in (("py", py_cmd(), None), ("r", rsession.r_cli(), rscript_env)):
        out = tmp_path / name
        proc = run(cmd, ["train", *SMALL, "--data", str(mini), "--checkpoint-every", "100", "--out", str(out)],
                   env=env, preexec_fn=with_umask)
        assert proc.returncode == 0, proc.stderr
        modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
        assert modes == {"model.txt": 0o640, "costs.csv": 0o640, "cost_curve.png": 0o640}, name
