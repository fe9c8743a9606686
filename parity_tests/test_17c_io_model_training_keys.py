"""The epochs engine's model-file keys, the standardizer blocks, the history CSV and predict/evaluate with a
standardized model, in both languages (issue 13).

* **Same bytes**: a model file with every new header key (``optimizer_hyper`` ... ``partial``, NaN in the
  validation history), the ``standardizer.mean`` / ``standardizer.std`` blocks and a rule-state block, written
  by Python's ``save_model`` and by R's from the same values, is the same file byte for byte (``%.17g``
  numbers, NaN written ``nan`` by both: R's sprintf alone would write ``NaN``).
* **Each reads the other's**: Python loads R's file to the values written, typed (counts int, rates float,
  lists of floats, ``optimizer_hyper`` a dict); R loads Python's file to integers, doubles, a named list and
  (n0, 1) matrices, and writing what it loaded gives the file again.
* **Same refusals**: each key out of its range (``batch_size`` 0, ``dropout`` 1, an unknown ``lr_schedule``,
  a malformed ``optimizer_hyper`` or ``partial``, history lists of different lengths, bad standardizer
  blocks): both readers refuse the same file with the same sentence (file name replaced by ``<file>``).
* **History CSV**: ``write_history_csv`` gives the same bytes (NaN as ``nan``).
* **Predict / evaluate**: a model with a standardizer, given to both command lines, prints the same labels
  and accuracy; the same weights without the standardizer print other probabilities, so a command line that
  forgot to standardize would fail here.

Tolerance: none (text compared exactly), except the probabilities printed by predict (``%.6f``): the two
command lines compute W1 x with different BLAS summation orders, so a printed digit may differ by one unit
at the 6th decimal (compared within 1.5e-6); labels and evaluate's whole output are compared exactly.
"""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnscratch import init_param
from nnscratch.io.costs import write_history_csv
from nnscratch.io.model import ModelFileError, load_model, model_to_lines, save_model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
NAN = float("nan")
EPOCH_KEYS = ("optimizer_hyper", "batch_size", "epochs", "lr_schedule", "lr_decay", "lr_interval", "l2",
              "dropout", "val_size", "patience", "epoch", "batch", "best_epoch", "wait", "history_cost",
              "history_accuracy", "history_val_cost", "history_val_accuracy", "partial")
INT_KEYS = ("batch_size", "epochs", "lr_interval", "patience", "epoch", "batch", "best_epoch", "wait")
META = {"architecture": [4, 3, 1], "init": "he", "seed": 7, "learning_rate": 0.01, "update_rule": "adam",
        "optimizer_hyper": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
        "batch_size": 32, "epochs": 20, "lr_schedule": "inverse", "lr_decay": 1 / 3, "lr_interval": 10,
        "l2": 0.7, "dropout": 0.1, "val_size": 0.15, "patience": 4, "epoch": 3, "batch": 2, "best_epoch": 2,
        "wait": 1, "history_cost": [0.69, 0.5, 1 / 3], "history_accuracy": [0.5, 0.625, 0.875],
        "history_val_cost": [0.7, 0.55, NAN], "history_val_accuracy": [0.4, 0.6, NAN],
        "partial": [12.345678901234567, 40.0, 64.0]}
STD = {"mean": np.array([[0.1], [0.5], [-1 / 3], [2.0]]), "std": np.array([[1.0], [0.2], [1e-3], [3.5]])}
STATE = {"vdW1": np.arange(12.0).reshape(3, 4) / 7, "t": np.array([[3.0]])}

R_HELPER = """
nn_test_load_any <- function(path) {
  tryCatch({
    m <- load_model(path)
    list(ok = TRUE, types = lapply(m$meta, function(v) paste(class(v)[1L], typeof(v))),
         hyper = m$meta$optimizer_hyper, std_dim = dim(m$meta$standardizer$std))
  }, error = function(e) list(ok = FALSE, class = class(e), message = conditionMessage(e)))
}
nn_test_resave <- function(src, dest) {
  m <- load_model(src)
  save_model(dest, m$parameters, m$meta)
}
"""


def same_with_nan(a, b):
    return len(a) == len(b) and all((x == y) or (x != x and y != y) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def rr(r):
    r.eval(R_HELPER)
    return r


@pytest.fixture(scope="module")
def params():
    return init_param([4, 3, 1], seed=11, init="he")


def full_meta():
    return dict(META, standardizer=STD, rule_state=STATE)


def test_every_new_key_same_bytes_and_each_reads_the_other(rr, params, tmp_path):
    py_file, r_file = tmp_path / "py.txt", tmp_path / "r.txt"
    save_model(py_file, params, full_meta())
    rr.call("save_model", str(r_file), params, full_meta())
    assert r_file.read_bytes() == py_file.read_bytes(), (r_file.read_text(), py_file.read_text())
    text = py_file.read_text()
    assert "history_val_cost 0.69999999999999996,0.55000000000000004,nan\n" in text
    assert "\nstandardizer.mean 4 1\n" in text and text.index("standardizer.std") < text.index("state.vdW1")

    # Python reads R's file, typed
    q, meta = load_model(r_file)
    for key in EPOCH_KEYS:
        want, got = META[key], meta[key]
        if key in INT_KEYS:
            assert type(got) is int and got == want, key
        elif isinstance(want, list):
            assert all(type(v) is float for v in got) and same_with_nan(got, want), key
        else:
            assert type(got) is type(want) and got == want, key
    for k in ("mean", "std"):
        assert meta["standardizer"][k].tobytes() == STD[k].tobytes()

    # R reads Python's file, typed, and writes it again to the same bytes
    back = rr.call("nn_test_load_any", str(py_file))
    assert back["ok"] == [True]
    types = {k: v[0] for k, v in back["types"].items()}  # key -> "class typeof"
    assert list(types) == list(full_meta())
    for key in INT_KEYS:
        assert types[key] == "integer integer", (key, types[key])
    for key in ("lr_decay", "l2", "dropout", "val_size", "history_cost", "history_accuracy", "history_val_cost",
                "history_val_accuracy", "partial"):
        assert types[key] == "numeric double", (key, types[key])
    assert types["optimizer_hyper"] == "list list" and types["standardizer"] == "list list"
    assert types["lr_schedule"] == "character character"
    hyper = back["hyper"]
    assert {k: float(np.ravel(v)[0]) for k, v in hyper.items()} == META["optimizer_hyper"]
    assert list(np.ravel(back["std_dim"])) == [4, 1]
    rr.call("nn_test_resave", str(py_file), str(tmp_path / "r_again.txt"))
    assert (tmp_path / "r_again.txt").read_bytes() == py_file.read_bytes()


def test_old_keys_only_reads_the_same(rr, params, tmp_path):
    """A file without the new keys: no new entry on either side, the same bytes written back."""
    meta = {"architecture": [4, 3, 1], "seed": 7, "costs": [0.5]}
    save_model(tmp_path / "py.txt", params, meta)
    rr.call("nn_test_resave", str(tmp_path / "py.txt"), str(tmp_path / "r.txt"))
    assert (tmp_path / "r.txt").read_bytes() == (tmp_path / "py.txt").read_bytes()
    assert load_model(tmp_path / "r.txt")[1] == meta


PAIRS = " (name=number pairs, finite numbers, each name once)"
PARTIAL = " (3 finite numbers: cost sum, right count, samples seen)"
REFUSALS = [
    ("batch_size", "0"), ("batch_size", "-3"), ("batch_size", "2.0"), ("epochs", "0"), ("lr_interval", "0"),
    ("patience", "-1"), ("epoch", "-1"), ("batch", "-1"), ("best_epoch", "-2"), ("wait", "-1"),
    ("l2", "-0.5"), ("l2", "inf"), ("l2", "NaN"), ("lr_decay", "-1e-300"), ("lr_decay", "x"),
    ("dropout", "1"), ("dropout", "1.5"), ("dropout", "-0.0001"), ("val_size", "1"), ("val_size", "-inf"),
    ("lr_schedule", "cosine"), ("lr_schedule", "Step"), ("lr_schedule", ""),
    ("optimizer_hyper", "beta1"), ("optimizer_hyper", "beta1=0.9,beta1=0.8"), ("optimizer_hyper", "beta1=inf"),
    ("optimizer_hyper", "b.1=1"), ("optimizer_hyper", "=1"), ("optimizer_hyper", "a=1=2"),
    ("optimizer_hyper", "a=0x10"),
    ("history_cost", "0.5,abc,1"), ("history_accuracy", "0.5,,1"), ("history_val_cost", "0.5,0.4"),
    ("partial", "1,2"), ("partial", "1,2,3,4"), ("partial", "1,nan,3"), ("partial", ""), ("partial", "1,2,x"),
]


def file_with(params, key, value):
    lines = model_to_lines(params, full_meta())
    k = next(i for i, ln in enumerate(lines) if ln.split(" ", 1)[0] == key)
    lines[k] = f"{key} {value}"
    return "\n".join(lines) + "\n"


def std_edits(params):
    lines = model_to_lines(params, full_meta())
    k = lines.index("standardizer.mean 4 1")
    return {"no-mean": lines[:k] + lines[k + 5:],
            "no-std": lines[:k + 5] + lines[k + 10:],
            "std-first": lines[:k] + lines[k + 5:k + 10] + lines[k:k + 5] + lines[k + 10:],
            "shape": lines[:k] + ["standardizer.mean 4 2"] + lines[k + 1:],
            "std-zero": lines[:k + 6] + ["0"] + lines[k + 7:],
            "std-negative": lines[:k + 9] + ["-3.5"] + lines[k + 10:],
            "mean-inf": lines[:k + 1] + ["inf"] + lines[k + 2:],
            "truncated": lines[:k + 7]}


def outcome_py(path):
    try:
        load_model(path)
        return None
    except ModelFileError as exc:
        return str(exc).replace(str(path), "<file>")


def outcome_r(rr, path):
    got = rr.call("nn_test_load_any", str(path))
    if got["ok"] == [True]:
        return None
    assert "nnscratch_model_error" in got["class"], got["class"]
    return got["message"][0].replace(str(path), "<file>")


@pytest.mark.parametrize("key, value", REFUSALS)
def test_refusals_same_sentence(rr, params, tmp_path, key, value):
    path = tmp_path / "m.txt"
    path.write_text(file_with(params, key, value))
    py = outcome_py(path)
    assert py is not None, f"Python loaded {key} {value!r}"
    assert py.startswith("<file>: ") and (f"'{key}'" in py or "history lists" in py), py
    assert outcome_r(rr, path) == py


@pytest.mark.parametrize("name", ["no-mean", "no-std", "std-first", "shape", "std-zero", "std-negative",
                                  "mean-inf", "truncated"])
def test_standardizer_refusals_same_sentence(rr, params, tmp_path, name):
    path = tmp_path / "m.txt"
    path.write_text("\n".join(std_edits(params)[name]) + "\n")
    py = outcome_py(path)
    assert py is not None and "standardizer" in py, py
    assert outcome_r(rr, path) == py


def test_edges_accepted_by_both(rr, params, tmp_path):
    meta = dict(META, dropout=0.0, val_size=0.0, l2=0.0, lr_decay=0.0, patience=0, epoch=0, batch=0, wait=0,
                best_epoch=0, batch_size=1, epochs=1, lr_interval=1, lr_schedule="exponential",
                history_cost=[], history_accuracy=[], history_val_cost=[],
                history_val_accuracy=[], optimizer_hyper={})
    save_model(tmp_path / "py.txt", params, meta)
    assert outcome_r(rr, tmp_path / "py.txt") is None
    rr.call("nn_test_resave", str(tmp_path / "py.txt"), str(tmp_path / "r.txt"))
    assert (tmp_path / "r.txt").read_bytes() == (tmp_path / "py.txt").read_bytes()


def test_history_csv_same_bytes(rr, tmp_path):
    history = {"epoch": [1, 2, 3, 4], "cost": [0.6931471805599453, 1 / 3, 0.1, 5e-324],
               "accuracy": [0.5, 0.625, 1.0, 0.0], "val_cost": [0.7, NAN, float("inf"), 1e300],
               "val_accuracy": [0.4, NAN, 0.75, 1.0]}
    write_history_csv(tmp_path / "py.csv", history)
    rr.call("write_history_csv", str(tmp_path / "r.csv"), {k: np.array(v, dtype=float) for k, v in history.items()})
    assert (tmp_path / "r.csv").read_bytes() == (tmp_path / "py.csv").read_bytes()
    assert (tmp_path / "py.csv").read_text().splitlines()[2] == "2,0.33333333333333331,0.625,nan,nan"
    empty = {k: np.zeros(0) for k in history}
    write_history_csv(tmp_path / "py0.csv", {k: [] for k in history})
    rr.call("write_history_csv", str(tmp_path / "r0.csv"), empty)
    assert (tmp_path / "r0.csv").read_bytes() == (tmp_path / "py0.csv").read_bytes()


# -- predict / evaluate with a standardized model, both command lines ----------------------------------

def run(cmd, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def standardized(tmp_path_factory):
    """A 32x32 model with a standardizer, the same weights without it, and 8 sample images."""
    import shutil

    d = tmp_path_factory.mktemp("std")
    data = d / "data"
    for cls in ("Cat", "Dog"):
        (data / cls).mkdir(parents=True)
        for name in sorted(f.name for f in (SAMPLE / cls).iterdir() if f.name[0].isdigit())[:4]:
            shutil.copy(SAMPLE / cls / name, data / cls / name)
    rng = np.random.RandomState(13)
    p = init_param([3072, 5, 1], seed=13, init="he")
    std = {"mean": rng.uniform(0.2, 0.8, (3072, 1)), "std": rng.uniform(0.05, 0.3, (3072, 1))}
    meta = {"architecture": [3072, 5, 1], "image_size": 32, "labels": {"Cat": 1, "Dog": 0}}
    save_model(d / "std.txt", p, dict(meta, standardizer=std))
    save_model(d / "raw.txt", p, meta)
    return d, data


def probs(stdout):
    rows = [r.split("\t") for r in stdout.splitlines()]
    return [r[0] for r in rows], np.array([float(r[1]) for r in rows]), [r[2] for r in rows]


def test_predict_and_evaluate_standardize_in_both_command_lines(r, standardized, r_cli, rscript_env):
    d, data = standardized
    py_cmd = [sys.executable, "-m", "nnscratch"]
    py_files, py_p, py_l = probs(run(py_cmd + ["predict", "--model", str(d / "std.txt"), str(data)]))
    r_files, r_p, r_l = probs(run(r_cli + ["predict", "--model", str(d / "std.txt"), str(data)], env=rscript_env))
    assert r_files == py_files and len(py_files) == 8
    assert r_l == py_l
    assert np.max(np.abs(r_p - py_p)) <= 1.5e-6
    _, raw_p, _ = probs(run(py_cmd + ["predict", "--model", str(d / "raw.txt"), str(data)]))
    assert np.max(np.abs(raw_p - py_p)) > 0.01  # the standardizer matters: this test can fail
    flags = ["evaluate", "--model", str(d / "std.txt"), "--data", str(data), "--no-cache"]
    py_eval = run(py_cmd + flags)
    assert run(r_cli + flags, env=rscript_env) == py_eval
    assert run(py_cmd + ["evaluate", "--model", str(d / "raw.txt"), "--data", str(data), "--no-cache"]) != py_eval \
        or len(set(py_l)) == 1  # differs unless both models happen to print the same table
