"""``nnscratch predict`` and ``nnscratch evaluate`` (nnscratch/cli/predict.py)."""
from pathlib import Path

import numpy as np
import pytest

from nnscratch import init_param
from nnscratch.cli import main
from nnscratch.cli.predict import confusion_counts, format_confusion, image_files, model_and_size
from nnscratch.io.model import save_model

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert main(["train", "--quiet", "--iterations", "300", "--out", str(out)]) == 0
    return out / "model.txt"


def test_predict_one_file_and_a_folder(model, capsys):
    assert main(["predict", "--model", str(model), str(SAMPLE / "Cat" / "0.jpg")]) == 0
    path, prob, label = capsys.readouterr().out.rstrip("\n").split("\t")
    assert path == str(SAMPLE / "Cat" / "0.jpg") and 0.5 < float(prob) <= 1.0 and label == "Cat"
    assert len(prob) == 8                                    # "%.6f"
    assert main(["predict", "--model", str(model), str(SAMPLE / "Dog")]) == 0
    captured = capsys.readouterr()
    rows = captured.out.strip().split("\n")
    assert len(rows) == 174 and rows[0].startswith(f"{SAMPLE}/Dog/0.png\t")
    assert sum(r.endswith("\tDog") for r in rows) >= 0.85 * 174
    assert captured.err.splitlines() == [f"skipped {SAMPLE}/Dog/174.jpg: grayscale image (JPEG, 1 component)",
                                         f"skipped {SAMPLE}/Dog/175.jpg: not a JPEG or PNG file",
                                         "174 images predicted, 2 skipped"]


def test_predict_nothing_readable_is_status_1(model, tmp_path, capsys):
    (tmp_path / "a.jpg").write_bytes(b"")
    assert main(["predict", "--model", str(model), str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"skipped {tmp_path}/a.jpg: empty file (0 bytes)"


def test_evaluate(model, capsys):
    assert main(["evaluate", "--model", str(model)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"data: {SAMPLE}: 357 images, 4 skipped"
    assert lines[1].startswith("accuracy: ") and len(lines[1]) == len("accuracy: 0.0000")
    assert float(lines[1].split(": ")[1]) >= 0.9
    assert lines[2].strip() == "predicted" and lines[3].split() == ["true", "Dog", "Cat"]
    assert lines[4].split()[:2] == ["Dog", "(0)"] and lines[5].split()[:2] == ["Cat", "(1)"]
    counts = [int(v) for v in lines[4].split()[2:] + lines[5].split()[2:]]
    assert sum(counts) == 357 and counts[0] + counts[1] == 174


def test_missing_model_and_target(tmp_path, capsys):
    assert main(["predict", "--model", str(tmp_path / "missing.txt"), str(SAMPLE)]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: model file not found: '{tmp_path}/missing.txt'\n"
    with pytest.raises(FileNotFoundError, match=f"^no such file or folder: {tmp_path}/nope$"):
        image_files(f"{tmp_path}/nope")


def test_image_files_are_paths_as_typed_in_byte_order(tmp_path):
    for rel in ("b.jpg", "a/z.png", "B.jpg", ".hidden.jpg", "a.jpg", "a/.x", "10.jpg", "2.jpg"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    assert image_files(str(tmp_path)) == [f"{tmp_path}/{r}" for r in
                                          ("10.jpg", "2.jpg", "B.jpg", "a.jpg", "a/z.png", "b.jpg")]
    assert image_files(f"{tmp_path}/")[0] == f"{tmp_path}/10.jpg"
    assert image_files(f"{tmp_path}/b.jpg") == [f"{tmp_path}/b.jpg"]


def test_model_and_size(tmp_path):
    meta = {"architecture": [12, 1], "image_size": 2, "labels": {"yes": 1, "no": 0}}
    save_model(tmp_path / "m.txt", init_param([12, 1]), meta)
    params, size, labels = model_and_size(tmp_path / "m.txt")
    assert size == 2 and labels == {"yes": 1, "no": 0} and params["W1"].shape == (1, 12)
    save_model(tmp_path / "d.txt", init_param([3072, 1]), {"architecture": [3072, 1]})
    assert model_and_size(tmp_path / "d.txt")[1:] == (32, {"Cat": 1, "Dog": 0})
    save_model(tmp_path / "bad.txt", init_param([12, 1]), {"architecture": [12, 1]})
    with pytest.raises(ValueError) as exc:
        model_and_size(tmp_path / "bad.txt")
    assert str(exc.value) == f"{tmp_path}/bad.txt: the model takes 12 inputs, not 32x32x3 images"


def test_confusion_counts_and_table():
    cm = confusion_counts(np.array([0, 0, 1, 1, 1]), np.array([[0, 1, 1, 1, 0]]))
    assert cm.tolist() == [[1, 1], [1, 2]]
    assert format_confusion(cm, {0: "Dog", 1: "Cat"}).split("\n") == [
        "            predicted",
        "true           Dog   Cat",
        "Dog   (0)        1     1",
        "Cat   (1)        1     2"]
