"""Both command lines refuse bad flags, bad model files and bad folders with the same sentence (issue 12, part C).

Each case runs ``python -m nnscratch`` and the R command line (``Rscript inst/nnscratch.R``,
through the ``r_cli`` / ``rscript_env`` fixtures, so NNSCRATCH_R_DIR is honoured) as
subprocesses: both exit with status 2, neither prints a traceback, and the last line of
stderr is the same sentence once the prefix is taken off (argparse writes
``nnscratch <command>: error: ``, R ``nnscratch: error: ``).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnscratch import init_param
from nnscratch.io.model import save_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PREFIX = re.compile(r"^nnscratch(?: [a-z-]+)?: error: ")
LABELS_SENTENCE = "the model's labels must map two class folders (sub-folder names) to 1 and 0, e.g. Cat=1,Dog=0"


def run_both(args, r_cli, rscript_env, cwd=ROOT):
    py = subprocess.run([sys.executable, "-m", "nnscratch", *args], capture_output=True, text=True, cwd=cwd,
                        timeout=300, errors="surrogateescape")
    r = subprocess.run(r_cli + list(args), capture_output=True, text=True, cwd=cwd, timeout=300, env=rscript_env,
                       errors="surrogateescape")
    return py, r


def usage_sentence(proc):
    assert "Traceback" not in proc.stderr, proc.stderr
    last = proc.stderr.rstrip("\n").split("\n")[-1]
    assert PREFIX.match(last), proc.stderr
    return PREFIX.sub("", last)


def assert_same_refusal(args, r_cli, rscript_env, expected):
    py, r = run_both(args, r_cli, rscript_env)
    assert (py.returncode, r.returncode) == (2, 2), (py.stderr, r.stderr)
    assert py.stdout == "" and r.stdout == "", (py.stdout, r.stdout)
    assert usage_sentence(py) == usage_sentence(r) == expected


TWO = "argument --labels: --labels must map two class folders to 1 and 0, e.g. Cat=1,Dog=0; got "
NAMES = "argument --labels: --labels must name sub-folders of --data (not empty, '.', '..' or a path); got "
FLAG_CASES = [
    (["train", "--labels", "Cat=1,Dog=1"], TWO + "'Cat=1,Dog=1'"),
    (["train", "--labels", "Cat=1"], TWO + "'Cat=1'"),
    (["train", "--labels", "Cat=1,Cat=0"], TWO + "'Cat=1,Cat=0'"),
    (["train", "--labels", "Cat=2,Dog=0"], TWO + "'Cat=2,Dog=0'"),
    (["train", "--labels", "..=1,Dog=0"], NAMES + "'..=1,Dog=0'"),
    (["train", "--labels", "Cat=1," + "0" * 30], "argument --labels: --labels must look like Cat=1,Dog=0; got 'Cat=1,"
     + "0" * 30 + "'"),
    (["train", "--size", "100000"], "argument --size: must be at most 512; got 100000"),
    (["train", "--test-size", "0"], "argument --test-size: must be a number in the (0, 1) range; got 0"),
    (["train", "--test-size", "1.5"], "argument --test-size: must be a number in the (0, 1) range; got 1.5"),
    (["train", "--iterations", "99999999999999999999999"],
     "argument --iterations: invalid int value: '99999999999999999999999'"),
    (["train", "--data", ""], "argument --data: must not be empty"),
    (["evaluate", "--model", "m.txt", "--data", ""], "argument --data: must not be empty"),
    (["predict", "--model", "m.txt", ""], "argument target: must not be empty"),
    (["predict", "--model", "", "x.jpg"], "argument --model: must not be empty"),
]


@pytest.mark.parametrize("args, expected", FLAG_CASES, ids=[" ".join(a)[:60] for a, _ in FLAG_CASES])
def test_flag_refusals_are_the_same(args, expected, r_cli, rscript_env):
    assert_same_refusal(args, r_cli, rscript_env, expected)


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """Crafted model files: labels other than two folders labelled 1 and 0, image_size -8."""
    d = tmp_path_factory.mktemp("models")
    out = {}

    def write(name, size, header):
        path = d / name
        save_model(path, init_param([size * size * 3, 1]), {"architecture": [size * size * 3, 1], "image_size": size})
        lines = path.read_text().splitlines()
        lines[3:3] = header
        path.write_text("\n".join(lines) + "\n")
        out[name] = str(path)

    for i, labels in enumerate(["Cat=2,Dog=0", "Cat=-1,Dog=0", "Cat=1,Cat=0", "..=1,Dog=0"]):
        write(f"labels{i}.txt", 2, [f"labels {labels}"])
    path = d / "neg.txt"
    write("neg.txt", 8, ["labels Cat=1,Dog=0"])
    path.write_text(path.read_text().replace("image_size 8\n", "image_size -8\n"))
    return out


@pytest.mark.parametrize("name", ["labels0.txt", "labels1.txt", "labels2.txt", "labels3.txt"])
@pytest.mark.parametrize("command", ["evaluate", "predict"])
def test_model_labels_refused_alike(models, name, command, r_cli, rscript_env):
    """Cat=2 was an IndexError in Python, Cat=-1 a wrong confusion matrix (R refused), duplicates were accepted."""
    path = models[name]
    args = (["evaluate", "--model", path, "--data", str(SAMPLE)] if command == "evaluate"
            else ["predict", "--model", path, str(SAMPLE / "Cat" / "0.jpg")])
    assert_same_refusal(args, r_cli, rscript_env, f"{path}: {LABELS_SENTENCE}")


def test_model_image_size_refused_alike(models, r_cli, rscript_env):
    path = models["neg.txt"]
    assert_same_refusal(["predict", "--model", path, str(SAMPLE / "Cat" / "0.jpg")], r_cli, rscript_env,
                        f"{path}: image_size must be from 1 to 512; got -8")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_model_file_that_is_not_a_regular_file(tmp_path, r_cli, rscript_env):
    """Python read /dev/zero until MemoryError; a FIFO would block both."""
    assert_same_refusal(["predict", "--model", "/dev/zero", str(SAMPLE)], r_cli, rscript_env,
                        "/dev/zero: not an nnscratch model file (not a regular file)")
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    assert_same_refusal(["evaluate", "--model", str(fifo)], r_cli, rscript_env,
                        f"{fifo}: not an nnscratch model file (not a regular file)")


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_data_that_is_a_file_refused_alike(command, tmp_path, models, r_cli, rscript_env):
    """NotADirectoryError traceback in Python before."""
    f = str(SAMPLE / "Cat" / "0.jpg")
    args = (["train", "--quiet", "--out", str(tmp_path / "out"), "--data", f] if command == "train"
            else ["evaluate", "--model", models["labels0.txt"].replace("labels0", "unused"), "--data", f])
    if command == "evaluate":  # a good model, so that --data is what is refused
        save_model(tmp_path / "m.txt", init_param([3072, 1]), {"architecture": [3072, 1], "image_size": 32})
        args[2] = str(tmp_path / "m.txt")
    assert_same_refusal(args, r_cli, rscript_env, f"--data '{f}' is a file, not a folder")


def test_file_names_that_are_not_utf8_are_printed_as_their_bytes(tmp_path, r_cli, rscript_env):
    """Python failed with a codec error (strict stdout), R printed "caf<e9>.jpg" and could not open it.
    Whether such a file is read or skipped is the loader's rule (data/); predict prints its name as the
    bytes the file system gave, in both languages, on stdout or in its "skipped" line."""
    folder = tmp_path / "imgs"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.jpg"
    shutil.copy(SAMPLE / "Cat" / "0.jpg", name)
    shutil.copy(SAMPLE / "Cat" / "0.jpg", folder / "ok.jpg")
    model = tmp_path / "m.txt"
    save_model(model, init_param([3072, 1]), {"architecture": [3072, 1], "image_size": 32})
    args = ["predict", "--model", str(model), str(folder)]
    py = subprocess.run([sys.executable, "-m", "nnscratch", *args], capture_output=True, cwd=ROOT, timeout=300,
                        env=dict(os.environ, PYTHONIOENCODING="utf-8:strict"))
    r = subprocess.run(r_cli + args, capture_output=True, cwd=ROOT, timeout=300, env=rscript_env)
    for proc in (py, r):
        assert proc.returncode == 0, proc.stderr
        assert b"Traceback" not in proc.stderr and b"<e9>" not in proc.stdout + proc.stderr
        assert b"\\udc" not in proc.stdout + proc.stderr
        shown = [line.split(b"\t")[0] for line in proc.stdout.splitlines()]
        skipped = [line for line in proc.stderr.splitlines() if line.startswith(b"skipped " + name + b": ")]
        assert (name in shown) != bool(skipped), (proc.stdout, proc.stderr)
        assert shown[-1] == os.fsencode(folder) + b"/ok.jpg"


@pytest.mark.parametrize("command", ["frobnicate", "Train", "it's"])
def test_cli_unknown_command_same_usage_error(command, r_cli, rscript_env):
    """An unknown sub-command: argparse's sentence, the same in the R command line."""
    py, r = run_both([command], r_cli, rscript_env)
    assert (py.returncode, r.returncode) == (2, 2), (py.stderr, r.stderr)
    sentence = usage_sentence(py)
    assert sentence.startswith("argument command: invalid choice: "), sentence
    assert usage_sentence(r) == sentence


def test_cli_predict_probability_exactly_one_half(tmp_path, r_cli, rscript_env):
    """An all-zero model gives every image the probability 0.5 exactly: not > 0.5, so label 0 (Dog) in both."""
    model = tmp_path / "zero.txt"
    params = {"W1": np.zeros((1, 2 * 2 * 3)), "b1": np.zeros((1, 1))}
    save_model(model, params, {"architecture": [12, 1], "image_size": 2, "labels": {"Cat": 1, "Dog": 0}})
    target = SAMPLE / "Cat"
    py, r = run_both(["predict", "--model", str(model), str(target)], r_cli, rscript_env)
    assert (py.returncode, r.returncode) == (0, 0), (py.stderr, r.stderr)
    lines = py.stdout.splitlines()
    assert lines and all(line.endswith("\t0.500000\tDog") for line in lines), py.stdout
    assert r.stdout == py.stdout
