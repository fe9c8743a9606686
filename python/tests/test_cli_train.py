"""``nnscratch train`` end to end on the embedded sample data (nnscratch/cli/train.py): printed lines,
outputs, interruption, checkpoints and resume."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nnscratch.cli import main
from nnscratch.cli.flags import DEFAULTS
from nnscratch.io.model import load_model, save_model

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

#: What the default run prints (README, "Training on the sample data"; R's command line prints the same
#: lines): training by epochs with the measured recipe; timings replaced by <t>.
EXPECTED_LINES = [
    f"data: {SAMPLE}: 357 images (Cat: 183, Dog: 174), 4 skipped, loaded in <t> s",
    "  skipped Cat/183.jpg: truncated JPEG (no end-of-image marker)",
    "  skipped Cat/184.jpg: empty file (0 bytes)",
    "  skipped Dog/174.jpg: grayscale image (JPEG, 1 component)",
    "  skipped Dog/175.jpg: not a JPEG or PNG file",
    "split: 303 train, 54 test (test_size 0.15, random_state 1)",
    "standardize: mean and std of 3072 features from the 303 training images",
    "network: [3072, 16, 8, 1], init he, seed 1",
    "training: optimizer adam (beta1 0.9, beta2 0.999, epsilon 1e-08), learning rate 0.001 (schedule constant, "
    "decay 0, interval 10), 20 epochs of batch size 128, l2 0, dropout 0, patience 0",
    "final cost: 0.003723 (epoch 20), training took <t> s",
    "train accuracy: 1.0000",
    "test accuracy: 0.9815",
]
#: What ``--iterations 600`` prints: full-batch training (the notebook's loop) with its own defaults (gd, lr 0.02,
#: no standardization), selected by typing --iterations even at the value that was the old default.
FULL_BATCH_LINES = EXPECTED_LINES[:6] + [
    "network: [3072, 16, 8, 1], init he, seed 1, learning rate 0.02, 600 iterations",
    "final cost: 0.012149 (recorded at iteration 590), training took <t> s",
    "train accuracy: 1.0000",
    "test accuracy: 0.9815",
]


def run_train(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "nnscratch", "train", "--quiet", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def _lines(stdout):
    return [re.sub(r"(loaded in|training took) \d+\.\d\d s", r"\1 <t> s", ln) for ln in stdout.splitlines()]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The full-batch run of 600 iterations (--iterations typed at 600, its default)."""
    out = tmp_path_factory.mktemp("run")
    proc = run_train("--iterations", "600", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_train_defaults_print_the_readme_lines(tmp_path):
    """No flags: training by epochs with the measured recipe (adam, lr 0.001, batches of 128, 20 epochs,
    standardized), in seconds on the sample."""
    proc = run_train("--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert _lines(proc.stdout) == EXPECTED_LINES + [
        f"wrote {tmp_path}/model.txt, {tmp_path}/history.csv, {tmp_path}/cost_curve.png"]
    _, meta = load_model(tmp_path / "model.txt")
    assert (meta["update_rule"], meta["learning_rate"], meta["batch_size"], meta["epochs"]) == ("adam", 0.001, 128, 20)
    assert "standardizer" in meta and meta["l2"] == 0.0 and meta["dropout"] == 0.0 and meta["init"] == "he"


def test_iterations_typed_at_600_trains_full_batch(trained):
    """Regression: --iterations counted as given only when it differed from the default, so typing 600 (the
    old default) did not select full-batch training once training by epochs became the default."""
    out, stdout = trained
    assert _lines(stdout) == FULL_BATCH_LINES + [f"wrote {out}/model.txt, {out}/costs.csv, {out}/cost_curve.png"]


def test_train_writes_model_costs_and_curve(trained):
    out, _ = trained
    assert sorted(p.name for p in out.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]
    assert (out / "cost_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = (out / "costs.csv").read_text().splitlines()
    assert rows[0] == "iteration,cost" and rows[1].startswith("0,") and rows[2].startswith("10,")
    assert len(rows) == 1 + DEFAULTS["iterations"] // 10
    costs = [float(r.split(",")[1]) for r in rows[1:]]
    assert costs[-1] < costs[0] and "%.6f" % costs[-1] == "0.012149"
    params, meta = load_model(out / "model.txt")
    assert meta["architecture"] == [3072, 16, 8, 1] and meta["iterations"] == DEFAULTS["iterations"]
    assert meta["labels"] == {"Cat": 1, "Dog": 0} and meta["image_size"] == 32 and meta["seed"] == 1
    assert meta["costs"] == costs and meta["update_rule"] == "gd" and "rule_state" not in meta
    assert meta["learning_rate"] == 0.02 and meta["init"] == "he" and meta["created_by"] == "python"


def test_paths_are_printed_as_typed(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "nnscratch", "train", "--quiet", "--iterations", "3",
                           "--data", "./data/sample/", "--out", f"{tmp_path}/o/"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("data: ./data/sample/: 357 images")
    assert lines[-1] == f"wrote {tmp_path}/o/model.txt, {tmp_path}/o/costs.csv, {tmp_path}/o/cost_curve.png"


def test_lr_and_test_size_are_printed_with_percent_g(tmp_path):
    proc = run_train("--iterations", "2", "--lr", "1e-5", "--test-size", "0.25", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "split: 267 train, 90 test (test_size 0.25, random_state 1)" in proc.stdout
    assert "network: [3072, 16, 8, 1], init he, seed 1, learning rate 1e-05, 2 iterations" in proc.stdout


def test_bad_data_folder(tmp_path, capsys):
    assert main(["train", "--data", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: create_dataset: folder not found: '{tmp_path}/nope'\n"


# -- interruption, checkpoints, resume ------------------------------------------------------------

def popen_train(*args):
    return subprocess.Popen([sys.executable, "-m", "nnscratch", "train", "--quiet", "--hidden", "4",
                             "--iterations", "2500", "--cost-every", "10", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_training_resumes_to_the_uninterrupted_result(tmp_path, sig):
    full = tmp_path / "full"
    part = tmp_path / "part"
    assert popen_train("--out", str(full)).wait(timeout=300) == 0
    proc = popen_train("--out", str(part), "--checkpoint-every", "100")
    ckpt = part / "checkpoint.txt"
    deadline = time.time() + 120
    while not ckpt.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "training finished before it could be interrupted"
    time.sleep(0.2)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    _, meta = load_model(ckpt)
    assert 0 < meta["iterations"] < 2500 and meta["update_rule"] == "gd"
    assert err.strip().splitlines()[-1] == (
        f"interrupted after {meta['iterations']} iterations; saved {ckpt} "
        f"(continue with: nnscratch train --resume --out {part} --iterations 2500)")
    resumed = run_train("--iterations", "2500", "--out", str(part), "--resume", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming from {ckpt} at iteration {meta['iterations']}" in resumed.stdout
    assert (part / "model.txt").read_bytes() == (full / "model.txt").read_bytes()
    assert (part / "costs.csv").read_bytes() == (full / "costs.csv").read_bytes()
    assert not ckpt.exists()


def test_divergence_saves_the_last_good_parameters(tmp_path):
    proc = run_train("--hidden", "4", "--iterations", "200", "--lr", "50", "--cost-every", "1", "--out", str(tmp_path))
    assert proc.returncode == 3, proc.stderr
    msg = proc.stderr.strip().splitlines()[-1]
    m = re.fullmatch(r"nnscratch: error: training diverged at iteration (\d+).*try a lower learning rate than 50\b.*; "
                     r"the last good parameters \(iteration (\d+)\) are in (.*)", msg)
    assert m and m.group(3) == f"{tmp_path}/checkpoint.txt", msg
    _, meta = load_model(tmp_path / "checkpoint.txt")
    assert meta["iterations"] == int(m.group(2)) and meta["learning_rate"] == 50.0


def _checkpoint(tmp_path, trained, **changes):
    """A checkpoint of the default network after 590 of 600 iterations, made from the trained model."""
    out, _ = trained
    params, meta = load_model(out / "model.txt")
    iterations = changes.get("iterations", 590)  # a consistent cost history: one cost per 10 iterations
    meta = {**meta, "iterations": 590, "costs": meta["costs"][:-(-iterations // 10)], **changes}
    meta = {k: v for k, v in meta.items() if v is not None}
    save_model(tmp_path / "checkpoint.txt", params, meta)
    return tmp_path / "checkpoint.txt"


def test_resume_from_a_checkpoint_without_update_rule(tmp_path, trained):
    ckpt = _checkpoint(tmp_path, trained, update_rule=None)       # written before update rules: plain gd
    assert "update_rule" not in ckpt.read_text()
    proc = run_train("--iterations", "600", "--out", str(tmp_path), "--resume", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"resuming from {ckpt} at iteration 590" in proc.stdout
    _, meta = load_model(tmp_path / "model.txt")
    assert meta["iterations"] == 600 and len(meta["costs"]) == 60 and meta["update_rule"] == "gd"


@pytest.mark.parametrize("changes, message", [
    ({"update_rule": "nesterov"},
     "update rule must be one of 'gd', 'momentum', 'rmsprop', 'adam'; got 'nesterov'"),
    ({"cost_every": None}, "--resume: {ckpt} is a model without 'cost_every'; it cannot be resumed"),
    ({"iterations": 600}, "--resume: {ckpt} has already done 600 iterations (--iterations is 600)"),
])
def test_resume_refuses(tmp_path, trained, capsys, changes, message):
    ckpt = _checkpoint(tmp_path, trained, **changes)
    assert main(["train", "--quiet", "--out", str(tmp_path), "--resume"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "nnscratch: error: " + message.format(ckpt=ckpt)


def test_resume_without_a_checkpoint(tmp_path, capsys):
    assert main(["train", "--quiet", "--out", str(tmp_path), "--resume"]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: --resume: no checkpoint at {tmp_path}/checkpoint.txt\n"


# -- issue 12, part A: saving and training runs ------------------------------------------------

SMALL = ["train", "--quiet", "--size", "8", "--hidden", "4", "--iterations", "20"]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """12 images per class of the sample data."""
    d = tmp_path_factory.mktemp("mini")
    for cls in ("Cat", "Dog"):
        (d / cls).mkdir()
        for f in sorted((SAMPLE / cls).glob("*.jpg"))[:12]:
            (d / cls / f.name).write_bytes(f.read_bytes())
    return d


@pytest.mark.parametrize("out, message", [
    ("/dev/null", "--out '/dev/null' is a file, not a folder"),
    ("/dev/full", "--out '/dev/full' is a file, not a folder"),
    ("/proc/self/nope", "--out '/proc/self/nope' cannot be created (No such file or directory)"),
    ("", "--out must not be empty"),
])
def test_an_unusable_out_is_refused_before_loading(mini, capsys, out, message):
    assert main([*SMALL, "--data", str(mini), "--out", out]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""                                   # nothing was loaded or trained
    assert captured.err == f"nnscratch: error: {message}\n"


def test_an_existing_file_as_out_is_refused_before_loading(tmp_path, mini, capsys):
    (tmp_path / "f").write_text("x")
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path / "f")]) == 2
    assert capsys.readouterr() == ("", f"nnscratch: error: --out '{tmp_path}/f' is a file, not a folder\n")


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write into: a read-only tmpfs as root (root ignores modes), else mode 0555."""
    d = tmp_path / "ro"
    d.mkdir()
    if os.geteuid() == 0:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(d)], capture_output=True,
                              text=True)
        if proc.returncode != 0:
            pytest.skip(f"root cannot be kept out of a folder here (no tmpfs mount: {proc.stderr.strip()})")
        yield d, "Read-only file system"
        subprocess.run(["umount", "-l", str(d)], check=False)
    else:
        d.chmod(0o555)
        yield d, "Permission denied"
        d.chmod(0o755)


def test_an_unwritable_out_is_refused_before_loading(read_only_folder, mini, capsys):
    d, reason = read_only_folder
    assert main([*SMALL, "--data", str(mini), "--out", str(d)]) == 2
    assert capsys.readouterr() == ("", f"nnscratch: error: --out '{d}' is not writable ({reason})\n")
    assert main([*SMALL, "--data", str(mini), "--out", str(d / "below")]) == 2
    assert capsys.readouterr() == ("", f"nnscratch: error: --out '{d}/below' cannot be created ({reason})\n")


def test_iterations_are_bounded(tmp_path, capsys):
    assert main(["train", "--quiet", "--iterations", "1000000001", "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr() == ("", "nnscratch: error: argument --iterations: must be at most 1000000000; "
                                       "got 1000000001\n")
    assert not (tmp_path / "o").exists()


def test_a_second_writer_is_refused_and_a_stale_lock_taken_over(tmp_path, mini, capsys):
    lock = tmp_path / ".nnscratch-lock"
    lock.mkdir()
    (lock / "pid").write_text("1\n")                           # held by a live process (init)
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr() == ("", f"nnscratch: error: --out '{tmp_path}' is in use by another training "
                                       f"(process 1); wait for it to end or choose another --out (if no training "
                                       f"runs there, remove '{tmp_path}/.nnscratch-lock')\n")
    dead = subprocess.Popen(["true"])
    dead.wait()
    (lock / "pid").write_text(f"{dead.pid}\n")                 # its process is gone
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]


def _interrupt_while_saving(monkeypatch, target, sig=signal.SIGINT):
    """save_model sends ``sig`` to this process when it starts writing a file named ``target``."""
    import nnscratch.io.model as model_io

    real = model_io.save_model
    calls = []

    def save_model(path, *a, **k):
        if str(path).endswith(target):
            calls.append(path)
            os.kill(os.getpid(), sig)
        return real(path, *a, **k)

    monkeypatch.setattr(model_io, "save_model", save_model)
    return calls


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_the_model_is_written_lets_the_outputs_complete(tmp_path, mini, capsys, monkeypatch, sig):
    _interrupt_while_saving(monkeypatch, "model.txt", sig)
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 130
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == f"wrote {tmp_path}/model.txt, {tmp_path}/costs.csv, {tmp_path}/cost_curve.png"
    assert captured.err == "nnscratch: interrupted\n"
    assert load_model(tmp_path / "model.txt")[1]["iterations"] == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]


def test_a_second_interrupt_while_the_checkpoint_is_written_still_saves_it(tmp_path, mini, capsys, monkeypatch):
    calls = _interrupt_while_saving(monkeypatch, "checkpoint.txt")
    assert main([*SMALL, "--data", str(mini), "--checkpoint-every", "5", "--out", str(tmp_path)]) == 130
    assert len(calls) == 2                                      # the periodic checkpoint, then the interruption's
    assert capsys.readouterr().err.startswith(f"interrupted after 5 iterations; saved {tmp_path}/checkpoint.txt")
    _, meta = load_model(tmp_path / "checkpoint.txt")
    assert meta["iterations"] == 5 and len(meta["costs"]) == 1
    monkeypatch.undo()
    assert main(["train", "--quiet", "--iterations", "20", "--resume", "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_whose_exception_is_swallowed_still_stops_training(tmp_path, mini, capsys, monkeypatch, sig):
    """CI caught this: the handler's KeyboardInterrupt was raised inside a weakref callback, printed as
    "Exception ignored" and lost, and the run trained to the end with status 0. Here the handler runs
    where its exception is swallowed (as Python does in callbacks and __del__): the run must still stop
    after the current iteration, save the checkpoint and exit 130."""
    import nnscratch.engine.fit as fit

    real = fit.forward_backward
    calls = []

    def forward_backward(*a, **k):
        calls.append(1)
        if len(calls) == 7:
            try:
                signal.getsignal(sig)(sig, None)    # the installed handler, its exception swallowed
            except KeyboardInterrupt:
                pass
        return real(*a, **k)

    monkeypatch.setattr(fit, "forward_backward", forward_backward)
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 130
    assert capsys.readouterr().err.startswith(f"interrupted after 7 iterations; saved {tmp_path}/checkpoint.txt")
    assert load_model(tmp_path / "checkpoint.txt")[1]["iterations"] == 7
    assert len(calls) == 7                                      # no iteration after the signal


def test_resume_takes_data_and_test_size_from_the_checkpoint(tmp_path, mini, capsys, monkeypatch):
    assert main([*SMALL, "--data", str(mini), "--test-size", "0.25", "--out", str(tmp_path / "a")]) == 0
    _, meta = load_model(tmp_path / "a" / "model.txt")
    assert meta["data"] == str(mini) and meta["test_size"] == 0.25
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)                                 # the recorded path is absolute
    assert main(["train", "--quiet", "--iterations", "30", "--resume", str(tmp_path / "a" / "model.txt"),
                 "--out", str(tmp_path / "b")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"data: {mini}: 24 images")
    assert lines[1] == "split: 18 train, 6 test (test_size 0.25, random_state 1)"


@pytest.mark.parametrize("flags, message", [
    (["--lr", "0.07"], "--lr 0.07 conflicts with {ck}, which has --lr 0.02"),
    (["--seed", "5"], "--seed 5 conflicts with {ck}, which has --seed 1"),
    (["--size", "16"], "--size 16 conflicts with {ck}, which has --size 8"),
    (["--init", "xavier"], "--init xavier conflicts with {ck}, which has --init he"),
    (["--hidden", "7"], "--hidden 7 conflicts with {ck}, which has --hidden 4"),
    (["--labels", "Cat=0,Dog=1"], "--labels Cat=0,Dog=1 conflicts with {ck}, which has --labels Cat=1,Dog=0"),
    (["--test-size", "0.3"], "--test-size 0.3 conflicts with {ck}, which has --test-size 0.25"),
    (["--data", str(SAMPLE)], f"--data '{SAMPLE}' conflicts with {{ck}}, which has --data '{{mini}}'"),
])
def test_resume_refuses_a_flag_that_contradicts_the_checkpoint(tmp_path, mini, capsys, flags, message):
    assert main([*SMALL, "--data", str(mini), "--test-size", "0.25", "--out", str(tmp_path)]) == 0
    ck = tmp_path / "model.txt"
    capsys.readouterr()
    assert main(["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--out", str(tmp_path), *flags]) == 2
    flag = flags[0]
    assert capsys.readouterr() == ("", "nnscratch: error: --resume: " + message.format(ck=ck, mini=mini)
                                   + f"; leave {flag} out to continue that run\n")


@pytest.mark.parametrize("flags, message", [
    (["--lr", "0.02"], "--lr 0.02 conflicts with {ck}, which has --lr 0.03"),      # 0.02: the full-batch default
    (["--seed", "1"], "--seed 1 conflicts with {ck}, which has --seed 5"),         # 1: the default
    (["--hidden", "16,8"], "--hidden 16,8 conflicts with {ck}, which has --hidden 4"),
    (["--cost-every", "10"], "--cost-every 10 conflicts with {ck}, which has --cost-every 5"),
    (["--optimizer", "gd"], "--optimizer gd conflicts with {ck}, which has --optimizer momentum"),
])
def test_resume_refuses_a_typed_default_that_contradicts_the_checkpoint(tmp_path, mini, capsys, flags, message):
    """Regression: a flag counted as given only when it differed from its default, so typing the default
    against a checkpoint trained otherwise was not noticed (the run silently continued with the checkpoint's)."""
    assert main([*SMALL, "--data", str(mini), "--lr", "0.03", "--seed", "5", "--cost-every", "5", "--optimizer",
                 "momentum", "--out", str(tmp_path)]) == 0
    ck = tmp_path / "model.txt"
    capsys.readouterr()
    assert main(["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--out", str(tmp_path), *flags]) == 2
    assert capsys.readouterr() == ("", "nnscratch: error: --resume: " + message.format(ck=ck)
                                   + f"; leave {flags[0]} out to continue that run\n")


def test_resume_accepts_typed_flags_that_agree_with_the_checkpoint(tmp_path, mini, capsys):
    """``--resume --lr 0.02`` with a checkpoint trained at 0.02 continues (and --lr 0.03 is refused)."""
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 0
    ck = tmp_path / "model.txt"
    capsys.readouterr()
    assert main(["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--out", str(tmp_path / "b"),
                 "--lr", "0.02", "--seed", "1", "--hidden", "4", "--optimizer", "gd"]) == 0
    assert f"resuming from {ck} at iteration 20" in capsys.readouterr().out
    assert main(["train", "--quiet", "--iterations", "30", "--resume", str(ck), "--out", str(tmp_path / "c"),
                 "--lr", "0.03"]) == 2
    assert "--lr 0.03 conflicts with" in capsys.readouterr().err


def test_resume_of_a_full_batch_checkpoint_needs_no_iterations_and_refuses_epochs(tmp_path, mini, capsys):
    """Without --iterations a full-batch checkpoint continues full-batch (to 600 iterations in total, the default);
    with --epochs or --batch-size it is refused, and an epochs checkpoint refuses --iterations."""
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 0
    ck = tmp_path / "model.txt"
    capsys.readouterr()
    assert main(["train", "--quiet", "--resume", str(ck), "--out", str(tmp_path / "b")]) == 0
    assert load_model(tmp_path / "b" / "model.txt")[1]["iterations"] == 600
    capsys.readouterr()
    assert main(["train", "--quiet", "--resume", str(ck), "--epochs", "3", "--out", str(tmp_path / "c")]) == 2
    assert capsys.readouterr().err == (f"nnscratch: error: --resume: {ck} was trained full-batch (--iterations); "
                                       "leave --epochs and --batch-size out to continue it\n")
    assert main(["train", "--quiet", "--size", "8", "--hidden", "4", "--epochs", "2", "--data", str(mini),
                 "--out", str(tmp_path / "e")]) == 0
    ek = tmp_path / "e" / "model.txt"
    capsys.readouterr()
    assert main(["train", "--quiet", "--resume", str(ek), "--iterations", "600", "--out", str(tmp_path / "f")]) == 2
    assert capsys.readouterr().err == (f"nnscratch: error: --resume: {ek} was trained by epochs; leave --iterations "
                                       "out to continue it (--epochs gives the total)\n")


def test_an_old_checkpoint_without_data_and_test_size_resumes_with_the_flags(tmp_path, mini, capsys):
    assert main([*SMALL, "--data", str(mini), "--test-size", "0.25", "--out", str(tmp_path)]) == 0
    params, meta = load_model(tmp_path / "model.txt")
    del meta["data"], meta["test_size"]
    save_model(tmp_path / "old.txt", params, meta)
    capsys.readouterr()
    assert main(["train", "--quiet", "--iterations", "30", "--data", str(mini), "--test-size", "0.5",
                 "--resume", str(tmp_path / "old.txt"), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "split: 12 train, 12 test (test_size 0.5, random_state 1)"


@pytest.mark.parametrize("changes, message", [
    ({"iterations": 40}, "{ck}: the cost history has 2 costs, but 40 iterations with cost_every 10 record 4"),
    ({"init": "bogus"}, "{ck}: bad value for 'init': 'bogus' (one of 'scaled', 'xavier', 'he')"),
])
def test_resume_refuses_an_inconsistent_checkpoint(tmp_path, mini, capsys, changes, message):
    assert main([*SMALL, "--data", str(mini), "--out", str(tmp_path)]) == 0
    params, meta = load_model(tmp_path / "model.txt")
    ck = tmp_path / "ck.txt"
    save_model(ck, params, {**meta, **changes})
    capsys.readouterr()
    assert main(["train", "--quiet", "--iterations", "50", "--resume", str(ck), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "nnscratch: error: " + message.format(ck=ck) + "\n"


@pytest.mark.parametrize("mode", [["--iterations", "3"], ["--epochs", "1"]])
def test_threads_reaches_the_engine(tmp_path, mini, monkeypatch, mode):
    """--threads N is passed to engine_fit / engine_fit_epochs as threads=N; without it, None (automatic)."""
    import nnscratch.engine as engine
    import nnscratch.engine.epochs as epochs

    seen = []
    for module, name in ((engine, "engine_fit"), (epochs, "engine_fit_epochs")):
        real = getattr(module, name)

        def spy(*a, _real=real, **k):
            seen.append(k.get("threads"))
            return _real(*a, **k)

        monkeypatch.setattr(module, name, spy)
    base = ["train", "--quiet", "--size", "8", "--hidden", "4", "--data", str(mini), *mode]
    assert main([*base, "--threads", "1", "--out", str(tmp_path / "a")]) == 0
    assert main([*base, "--out", str(tmp_path / "b")]) == 0
    assert seen == [1, None]


def test_a_refused_run_leaves_no_out_folder_behind(tmp_path, capsys):
    """--out is created before anything is loaded (to check it can be); a run refused after that removes
    the folder it created when it is still empty, and never a folder that existed before."""
    new = tmp_path / "new" / "out"
    assert main(["train", "--quiet", "--out", str(new), "--resume"]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: --resume: no checkpoint at {new}/checkpoint.txt\n"
    assert not new.exists() and (tmp_path / "new").is_dir()      # only the folder it made for --out
    assert main(["train", "--quiet", "--out", str(tmp_path), "--resume"]) == 2
    assert tmp_path.is_dir()                                      # an existing folder stays
