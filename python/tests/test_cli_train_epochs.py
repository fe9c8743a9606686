"""``nnscratch train`` by epochs (nnscratch/cli/train_epochs.py): printed lines, outputs, the recipe
in the model file, interruption mid-epoch and --resume to the same bytes, per optimizer and with dropout."""
import os
import signal

import pytest

from nnscratch.cli import main
from nnscratch.engine import epochs as engine_epochs
from nnscratch.io.model import load_model

from .test_cli_train import SAMPLE

SMALL = ["--quiet", "--size", "8", "--hidden", "4", "--batch-size", "8"]


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """20 images per class of the sample data."""
    d = tmp_path_factory.mktemp("mini")
    for cls in ("Cat", "Dog"):
        (d / cls).mkdir()
        for f in sorted((SAMPLE / cls).glob("*.jpg"))[:20]:
            (d / cls / f.name).write_bytes(f.read_bytes())
    return d


def train(capsys, *flags):
    status = main(["train", *flags])
    cap = capsys.readouterr()
    return status, cap.out, cap.err


def test_epochs_run_prints_each_epoch_and_writes_history(tmp_path, mini, capsys):
    status, out, err = train(capsys, "--data", str(mini), "--size", "8", "--hidden", "4", "--epochs", "3",
                             "--batch-size", "8", "--optimizer", "adam", "--lr", "0.02", "--no-standardize",
                             "--out", str(tmp_path))
    assert status == 0, err
    lines = out.splitlines()
    assert lines[1:4] == ["split: 34 train, 6 test (test_size 0.15, random_state 1)",
                          "network: [192, 4, 1], init he, seed 1",
                          "training: optimizer adam (beta1 0.9, beta2 0.999, epsilon 1e-08), learning rate 0.02 "
                          "(schedule constant, decay 0, interval 10), 3 epochs of batch size 8, l2 0, dropout 0, "
                          "patience 0"]
    assert [ln.split(":")[0] for ln in lines[4:7]] == ["epoch 1/3", "epoch 2/3", "epoch 3/3"]
    assert lines[7].startswith("final cost: ") and "(epoch 3), training took" in lines[7]
    assert lines[-1] == f"wrote {tmp_path}/model.txt, {tmp_path}/history.csv, {tmp_path}/cost_curve.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cost_curve.png", "history.csv", "model.txt"]
    rows = (tmp_path / "history.csv").read_text().splitlines()
    assert rows[0] == "epoch,cost,accuracy,val_cost,val_accuracy" and len(rows) == 4 and rows[1].endswith(",nan,nan")
    # the printed cost of epoch 3 is the history's
    assert "cost %.6f," % float(rows[3].split(",")[1]) in lines[6]
    params, meta = load_model(tmp_path / "model.txt")
    assert meta["update_rule"] == "adam" and meta["optimizer_hyper"] == {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    assert (meta["batch_size"], meta["epochs"], meta["epoch"], meta["batch"]) == (8, 3, 3, 0)
    assert (meta["lr_schedule"], meta["l2"], meta["dropout"], meta["val_size"], meta["patience"]) == \
        ("constant", 0.0, 0.0, 0.0, 0)
    assert set(meta["rule_state"]) == {"vdW1", "vdb1", "vdW2", "vdb2", "sdW1", "sdb1", "sdW2", "sdb2", "t"}
    assert meta["rule_state"]["t"][0, 0] == 3 * 5  # 3 epochs of 5 batches (34 samples: 4 of 8 and one of 2)
    assert "iterations" not in meta and "standardizer" not in meta


def test_validation_early_stopping_and_standardize(tmp_path, mini, capsys):
    status, out, err = train(capsys, "--data", str(mini), *SMALL, "--epochs", "6", "--optimizer", "adam",
                             "--lr", "0.02", "--dropout", "0.2", "--val-size", "0.25", "--patience", "2", "--standardize",
                             "--out", str(tmp_path))
    assert status == 0, err
    lines = out.splitlines()
    assert "validation: 25 train, 9 validation (val_size 0.25 of the training split, random_state 1)" in lines
    assert "standardize: mean and std of 192 features from the 25 training images" in lines
    assert ("early stopping: no lower validation cost in the 2 epochs after epoch 1; its parameters are kept"
            in lines)
    params, meta = load_model(tmp_path / "model.txt")
    assert meta["best_epoch"] == 1 and meta["epoch"] == 3 and meta["wait"] == 2
    assert meta["standardizer"]["mean"].shape == (192, 1) and meta["dropout"] == 0.2
    assert not any(k.startswith("best_") for k in meta["rule_state"])
    assert any(ln.startswith("validation accuracy: ") for ln in lines)


def interrupt_at_batch(monkeypatch, n):
    """SIGINT to this process when the engine starts batch n (counted over the run), as Ctrl-C would."""
    real = engine_epochs.batch_cost_grads
    calls = {"n": 0}

    def batch_cost_grads(*a, **k):
        calls["n"] += 1
        if calls["n"] == n:
            os.kill(os.getpid(), signal.SIGINT)
        return real(*a, **k)

    monkeypatch.setattr(engine_epochs, "batch_cost_grads", batch_cost_grads)
    return calls


@pytest.mark.parametrize("optimizer, extra", [("gd", []), ("momentum", ["--l2", "0.3"]),
                                               ("rmsprop", ["--lr-schedule", "inverse", "--lr-decay", "0.5"]),
                                               ("adam", ["--dropout", "0.3"]),
                                               ("adam", ["--dropout", "0.3", "--val-size", "0.2", "--patience", "3",
                                                         "--standardize"])])
def test_interrupted_then_resumed_gives_the_uninterrupted_model_byte_for_byte(tmp_path, mini, capsys, monkeypatch,
                                                                             optimizer, extra):
    flags = ["--data", str(mini), *SMALL, "--epochs", "4", "--optimizer", optimizer, "--lr", "0.01", *extra]
    if "--standardize" not in extra:
        flags.append("--no-standardize")  # standardized inputs are the default; these runs were made without
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    status, _, err = train(capsys, *flags, "--out", str(whole))
    assert status == 0, err
    with monkeypatch.context() as m:
        interrupt_at_batch(m, 7)  # in epoch 2 (5 batches an epoch, 4 with --val-size)
        status, _, err = train(capsys, *flags, "--out", str(cut), "--checkpoint-every", "1")
    assert status == 130, err
    assert "; saved " + str(cut / "checkpoint.txt") in err and f"--resume --out {cut} --epochs 4)" in err
    _, ck = load_model(cut / "checkpoint.txt")
    # mid-epoch: the interrupt comes while batch 7 is computed, so 6 batches are done
    assert (ck["epoch"], ck["batch"]) == ((1, 2) if "--val-size" in extra else (1, 1))
    status, out, err = train(capsys, "--resume", "--out", str(cut))
    assert status == 0, err
    assert f"resuming from {cut}/checkpoint.txt at epoch {ck['epoch']}, batch {ck['batch']}" in out
    assert (cut / "model.txt").read_bytes() == (whole / "model.txt").read_bytes()
    assert (cut / "history.csv").read_bytes() == (whole / "history.csv").read_bytes()
    assert not (cut / "checkpoint.txt").exists()


def test_a_finished_model_continues_to_more_epochs(tmp_path, mini, capsys):
    """The final model.txt holds the whole run state: --resume out/model.txt --epochs 4 after 2 epochs gives
    the 4-epoch run's bytes."""
    flags = ["--data", str(mini), *SMALL, "--optimizer", "momentum"]
    assert train(capsys, *flags, "--epochs", "4", "--out", str(tmp_path / "four"))[0] == 0
    assert train(capsys, *flags, "--epochs", "2", "--out", str(tmp_path / "two"))[0] == 0
    status, _, err = train(capsys, "--resume", str(tmp_path / "two" / "model.txt"), "--epochs", "4",
                           "--out", str(tmp_path / "two"))
    assert status == 0, err
    assert (tmp_path / "two" / "model.txt").read_bytes() == (tmp_path / "four" / "model.txt").read_bytes()


@pytest.mark.parametrize("flags, message", [
    # typed at their defaults, against a checkpoint trained otherwise: refused (regression: a flag counted as
    # given only when it differed from its default, so these were taken as not given)
    (["--optimizer", "adam"], "--resume: --optimizer adam conflicts with {ck}, which has --optimizer momentum; "
     "leave --optimizer out to continue that run"),
    (["--batch-size", "128"], "--resume: --batch-size 128 conflicts with {ck}, which has --batch-size 8; leave "
     "--batch-size out to continue that run"),
    (["--optimizer", "gd"], "--resume: --optimizer gd conflicts with {ck}, which has --optimizer momentum; "
     "leave --optimizer out to continue that run"),
    (["--batch-size", "5"], "--resume: --batch-size 5 conflicts with {ck}, which has --batch-size 8; leave "
     "--batch-size out to continue that run"),
    (["--l2", "0.5"], "--resume: --l2 0.5 conflicts with {ck}, which has --l2 0; leave --l2 out to continue that run"),
    (["--lr", "0.001"], "--resume: --lr 0.001 conflicts with {ck}, which has --lr 0.02; leave --lr out to continue "
     "that run"),
    (["--standardize"], "--resume: --standardize conflicts with {ck}, which was trained without it; leave "
     "--standardize out to continue that run"),
    (["--epochs", "2"], "--resume: {ck} has already done 2 epochs (--epochs is 2)"),
    # typed and agreeing with the checkpoint: accepted (the run then stops: it has done its 2 epochs)
    (["--optimizer", "momentum", "--batch-size", "8", "--lr", "0.02", "--l2", "0", "--no-standardize"], None),
])
def test_resume_refuses_a_conflicting_recipe(tmp_path, mini, capsys, flags, message):
    assert train(capsys, "--data", str(mini), *SMALL, "--optimizer", "momentum", "--lr", "0.02", "--epochs", "2",
                 "--no-standardize", "--out", str(tmp_path))[0] == 0
    ck = tmp_path / "model.txt"
    status, _, err = train(capsys, "--resume", str(ck), "--out", str(tmp_path / "o"), *flags)
    if message is None:
        assert status == 2 and err.endswith("has already done 2 epochs (--epochs is 2)\n"), err
        return
    assert status == 2 and err == "nnscratch: error: " + message.format(ck=ck) + "\n", err


def test_resume_refuses_no_standardize_against_a_standardized_checkpoint(tmp_path, mini, capsys):
    assert train(capsys, "--data", str(mini), *SMALL, "--epochs", "1", "--out", str(tmp_path))[0] == 0
    ck = tmp_path / "model.txt"
    assert "standardizer" in load_model(ck)[1]  # on by default
    status, _, err = train(capsys, "--resume", str(ck), "--no-standardize", "--epochs", "2", "--out", str(tmp_path / "o"))
    assert status == 2 and err == (f"nnscratch: error: --resume: --no-standardize conflicts with {ck}, which was "
                                   "trained with --standardize; leave --no-standardize out to continue that run\n")
    assert train(capsys, "--resume", str(ck), "--standardize", "--epochs", "2", "--out", str(tmp_path / "p"))[0] == 0


def test_full_batch_takes_the_optimizer_and_epochs_flags_refuse_its_checkpoint(tmp_path, mini, capsys):
    status, out, err = train(capsys, "--data", str(mini), "--quiet", "--size", "8", "--hidden", "4", "--iterations",
                             "20", "--optimizer", "rmsprop", "--beta2", "0.99", "--out", str(tmp_path))
    assert status == 0, err
    assert "network: [192, 4, 1], init he, seed 1, learning rate 0.02, 20 iterations, optimizer rmsprop (beta2 0.99, " \
           "epsilon 1e-08)" in out.splitlines()
    _, meta = load_model(tmp_path / "model.txt")
    assert meta["update_rule"] == "rmsprop" and meta["optimizer_hyper"] == {"beta2": 0.99, "epsilon": 1e-8}
    assert "batch_size" not in meta and len(meta["costs"]) == 2
    status, _, err = train(capsys, "--resume", str(tmp_path / "model.txt"), "--epochs", "3",
                           "--out", str(tmp_path / "o"))
    assert status == 2 and err == (f"nnscratch: error: --resume: {tmp_path}/model.txt was trained full-batch "
                                   "(--iterations); leave --epochs and --batch-size out to continue it\n")
