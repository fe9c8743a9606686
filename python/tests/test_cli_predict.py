"""``nnscratch predict`` and ``nnscratch evaluate`` (nnscratch/cli/predict.py)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnscratch import init_param
from nnscratch.cli import main
from nnscratch.cli.predict import check_model_file, confusion_counts, format_confusion, image_files, \
    model_and_size
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


# -- issue 12: crafted model files, bad --data, model files that are not files, file names that are not UTF-8 ----

def _model_text(tmp_path, size=2, labels="Cat=1,Dog=0", name="m.txt"):
    """A model for size x size images with a free-text labels line."""
    save_model(tmp_path / name, init_param([size * size * 3, 1]),
               {"architecture": [size * size * 3, 1], "image_size": size})
    lines = (tmp_path / name).read_text().splitlines()
    lines.insert(3, f"labels {labels}")
    (tmp_path / name).write_text("\n".join(lines) + "\n")
    return str(tmp_path / name)


LABELS_SENTENCE = "the model's labels must map two class folders (sub-folder names) to 1 and 0, e.g. Cat=1,Dog=0"


@pytest.mark.parametrize("labels", ["Cat=2,Dog=0", "Cat=-1,Dog=0", "Cat=1,Cat=0", "Cat=1,Dog=1", "Cat=1",
                                    "..=1,Dog=0", "Cat=1,Dog=0,Cow=0"])
def test_model_labels_must_be_two_folders_labelled_1_and_0(tmp_path, capsys, labels):
    """Cat=2 gave an IndexError in evaluate, Cat=-1 a wrong confusion matrix, duplicates were accepted."""
    path = _model_text(tmp_path, labels=labels)
    with pytest.raises(ValueError) as exc:
        model_and_size(path)
    assert str(exc.value) == f"{path}: {LABELS_SENTENCE}"
    assert main(["evaluate", "--model", path, "--data", str(SAMPLE)]) == 2
    assert main(["predict", "--model", path, str(SAMPLE / "Cat" / "0.jpg")]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: {path}: {LABELS_SENTENCE}\n" * 2


def test_model_image_size_out_of_range_names_the_file(tmp_path, capsys):
    path = _model_text(tmp_path, size=8)
    text = open(path).read()
    open(path, "w").write(text.replace("image_size 8\n", "image_size -8\n"))   # 192 = (-8)^2 * 3 inputs
    assert main(["predict", "--model", path, str(SAMPLE / "Cat" / "0.jpg")]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: {path}: image_size must be from 1 to 512; got -8\n"


def test_model_file_that_is_not_a_regular_file_or_too_large(tmp_path, capsys):
    """/dev/zero was read until MemoryError; a FIFO blocks; a model file is at most 1 GiB."""
    assert main(["predict", "--model", "/dev/zero", str(SAMPLE / "Cat" / "0.jpg")]) == 2
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    assert main(["evaluate", "--model", str(fifo)]) == 2
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: no disk used
        fh.truncate(2**30 + 1)
    assert main(["predict", "--model", str(big), str(SAMPLE)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "nnscratch: error: /dev/zero: not an nnscratch model file (not a regular file)",
        f"nnscratch: error: {fifo}: not an nnscratch model file (not a regular file)",
        f"nnscratch: error: {big}: not an nnscratch model file (1073741825 bytes; a model file is at most 1 GiB)"]
    check_model_file(str(tmp_path / "missing"))  # left to load_model
    check_model_file(str(tmp_path))


def test_evaluate_data_that_is_a_file(model, capsys):
    """NotADirectoryError traceback before."""
    f = str(SAMPLE / "Cat" / "0.jpg")
    assert main(["evaluate", "--model", str(model), "--data", f]) == 2
    assert capsys.readouterr().err == f"nnscratch: error: --data '{f}' is a file, not a folder\n"


def test_confusion_counts_refuses_labels_other_than_0_and_1():
    with pytest.raises(ValueError, match=r"^evaluate needs labels 0 and 1; got \[-1, 2\]$"):
        confusion_counts(np.array([0, -1, 1]), np.array([0, 1, 2]))


def test_predict_prints_file_names_that_are_not_utf8_as_bytes(model, tmp_path):
    """With a strict stdout encoding predict failed with a codec error that did not name the file.
    Whether such a file is read or skipped is the loader's rule (data/); predict prints its name as
    the bytes the file system gave (R's cat() does the same), on stdout or in the "skipped" line."""
    folder = tmp_path / "imgs"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.jpg"
    shutil.copy(SAMPLE / "Cat" / "0.jpg", name)
    shutil.copy(SAMPLE / "Cat" / "0.jpg", folder / "ok.jpg")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    proc = subprocess.run([sys.executable, "-m", "nnscratch", "predict", "--model", str(model), str(folder)],
                          capture_output=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr and b"codec" not in proc.stderr and b"\\udc" not in proc.stderr
    rows = proc.stdout.splitlines()
    assert rows[-1].startswith(os.fsencode(folder) + b"/ok.jpg\t")
    if len(rows) == 2:  # read: "<raw name>\t<probability>\t<label>"
        assert rows[0].split(b"\t")[0] == name
    else:  # skipped, with the reason
        assert len(rows) == 1 and proc.stderr.splitlines()[0].startswith(b"skipped " + name + b": ")


def test_image_files_never_loops_never_opens_a_pipe_and_leaves_the_cache_out(tmp_path):
    """Issue 12: predict on a folder with symbolic-link loops and a FIFO (R hung on both); the
    image cache folder is not listed. The listing is data.files.list_tree_files."""
    root = tmp_path / "imgs"
    (root / "Cat").mkdir(parents=True)
    shutil.copy(SAMPLE / "Cat" / "0.jpg", root / "Cat" / "a.jpg")
    os.symlink(".", root / "loop")                      # a link to its own folder
    os.symlink("../Cat", root / "Cat" / "loopdir")     # a link to a folder above
    os.mkfifo(root / "pipe.jpg")
    (root / ".nnscratch-cache").mkdir()
    (root / ".nnscratch-cache" / "x.npy").write_bytes(b"")
    assert image_files(str(root)) == [f"{root}/Cat/a.jpg", f"{root}/pipe.jpg"]


def test_predict_skips_a_pipe_with_its_reason(model, tmp_path, capsys):
    root = tmp_path / "imgs"
    root.mkdir()
    shutil.copy(SAMPLE / "Cat" / "0.jpg", root / "a.jpg")
    os.mkfifo(root / "pipe.jpg")
    os.symlink(".", root / "loop")
    assert main(["predict", "--model", str(model), str(root)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"skipped {root}/pipe.jpg: not a regular file") and err[-1] == "1 images predicted, 1 skipped"


# -- issue 13: a model trained with --standardize: predict and evaluate standardize X first ----------

def standardized_twin(model_path, out_path, seed=5):
    """The trained model rewritten for standardized inputs, so that it computes the same function.

    With x_std = (x - mean) / std: W1' = W1 * std^T (column j times std_j) and b1' = b1 + W1 @ mean give
    W1' x_std + b1' = W1 (x - mean) + b1 + W1 mean = W1 x + b1. Predict and evaluate must then print what
    the original model prints (up to rounding); without the standardizer applied they print other labels.
    """
    from nnscratch.io.model import load_model

    params, meta = load_model(model_path)
    rng = np.random.RandomState(seed)
    n0 = params["W1"].shape[1]
    std = {"mean": rng.uniform(0.2, 0.8, (n0, 1)), "std": rng.uniform(0.05, 0.3, (n0, 1))}
    twin = dict(params, W1=params["W1"] * std["std"].T, b1=params["b1"] + params["W1"] @ std["mean"])
    save_model(out_path, twin, dict(meta, standardizer=std))
    save_model(str(out_path) + ".raw", twin, meta)  # the same weights, no standardizer
    return std


def predictions(capsys, model_path, target):
    assert main(["predict", "--model", str(model_path), str(target)]) == 0
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    return [r[0] for r in rows], np.array([float(r[1]) for r in rows]), [r[2] for r in rows]


def test_predict_and_evaluate_standardize_with_the_models_standardizer(model, tmp_path, capsys):
    from nnscratch.cli.predict import model_for_prediction
    from nnscratch.io.model import load_model

    std = standardized_twin(model, tmp_path / "std.txt")
    *_, got = model_for_prediction(tmp_path / "std.txt")
    assert got["mean"].tobytes() == std["mean"].tobytes() and got["std"].tobytes() == std["std"].tobytes()
    assert model_for_prediction(model)[3] is None and "standardizer" not in load_model(model)[1]
    files, p0, l0 = predictions(capsys, model, SAMPLE / "Cat")
    files1, p1, l1 = predictions(capsys, tmp_path / "std.txt", SAMPLE / "Cat")
    assert files1 == files and l1 == l0
    assert np.max(np.abs(p1 - p0)) <= 1.5e-6  # the same function up to rounding, printed with %.6f
    _, p_raw, l_raw = predictions(capsys, str(tmp_path / "std.txt") + ".raw", SAMPLE / "Cat")
    assert np.max(np.abs(p_raw - p0)) > 0.1  # the test can fail: raw pixels into the standardized weights differ
    assert main(["evaluate", "--model", str(model)]) == 0
    want = capsys.readouterr().out
    assert main(["evaluate", "--model", str(tmp_path / "std.txt")]) == 0
    assert capsys.readouterr().out == want
    assert main(["evaluate", "--model", str(tmp_path / "std.txt") + ".raw"]) == 0
    assert capsys.readouterr().out != want


def test_model_inputs_standardizes_only_with_a_standardizer():
    from nnscratch.cli.predict import model_inputs

    X = np.array([[0.0, 0.5], [1.0, 0.25]])
    assert model_inputs(X, None) is X
    s = {"mean": np.array([[0.5], [0.25]]), "std": np.array([[0.5], [0.25]])}
    assert model_inputs(X, s).tolist() == [[-1.0, 0.0], [3.0, 0.0]]
