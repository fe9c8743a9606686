"""The command line end to end on the embedded sample data."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnscratch.cli import DEFAULTS, main
from nnscratch.model_io import load_model

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    proc = subprocess.run([sys.executable, "-m", "nnscratch", "train", "--quiet", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_train_defaults_learn_the_sample(trained):
    out, stdout = trained
    lines = stdout.splitlines()
    assert lines[0].startswith(f"data: {SAMPLE}: 357 images (Cat: 183, Dog: 174), 4 skipped")
    assert "split: 303 train, 54 test (test_size 0.15, random_state 1)" in lines
    assert f"network: [3072, 16, 8, 1], init he, seed 1, learning rate {DEFAULTS['lr']}, {DEFAULTS['iterations']} iterations" in lines
    test_acc = float([ln for ln in lines if ln.startswith("test accuracy: ")][0].split(": ")[1])
    assert test_acc >= 0.85
    assert sorted(p.name for p in out.iterdir()) == ["cost_curve.png", "costs.csv", "model.txt"]
    assert (out / "cost_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = (out / "costs.csv").read_text().splitlines()
    assert rows[0] == "iteration,cost" and rows[1].startswith("0,") and rows[2].startswith("10,")
    assert len(rows) == 1 + DEFAULTS["iterations"] // 10
    costs = [float(r.split(",")[1]) for r in rows[1:]]
    assert costs[-1] < costs[0]
    params, meta = load_model(out / "model.txt")
    assert meta["architecture"] == [3072, 16, 8, 1] and meta["iterations"] == DEFAULTS["iterations"]
    assert meta["labels"] == {"Cat": 1, "Dog": 0} and meta["image_size"] == 32 and meta["seed"] == 1
    assert meta["costs"] == costs


def test_predict_and_evaluate(trained, capsys):
    out, _ = trained
    assert main(["predict", "--model", str(out / "model.txt"), str(SAMPLE / "Cat" / "0.jpg")]) == 0
    path, prob, label = capsys.readouterr().out.strip().split("\t")
    assert path.endswith("0.jpg") and 0.5 < float(prob) <= 1.0 and label == "Cat"
    assert main(["predict", "--model", str(out / "model.txt"), str(SAMPLE / "Dog")]) == 0
    captured = capsys.readouterr()
    rows = captured.out.strip().split("\n")
    assert len(rows) == 174
    assert sum(r.endswith("\tDog") for r in rows) >= 0.85 * 174
    assert "skipped" in captured.err and "Dog/174.jpg" in captured.err
    assert main(["evaluate", "--model", str(out / "model.txt")]) == 0
    text = capsys.readouterr().out
    acc = float(text.split("accuracy: ")[1].split()[0])
    assert acc >= 0.9
    assert "predicted" in text and "true" in text


def test_bad_arguments_give_clear_errors(tmp_path, capsys):
    assert main(["train", "--data", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert str(tmp_path / "nope") in capsys.readouterr().err
    assert main(["predict", "--model", str(tmp_path / "missing.txt"), str(SAMPLE)]) == 2
    assert "missing.txt" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "--hidden", "7,x"])
    assert "--hidden must be comma-separated positive integers" in capsys.readouterr().err


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "nnscratch", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "parity-report" in proc.stdout
