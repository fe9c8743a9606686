"""Model files: both readers refuse the same bad files with the same sentence,
and load the same good files to the same doubles.

Every file is made here, in Python, and given to Python's ``load_model`` and to
R's ``load_model`` (R/model_io.R). The messages are compared as text after the
file name is replaced by ``<file>`` (no tolerance: the same sentence or a
failure). R's error must be of class ``nnscratch_model_error`` (and
``nnscratch_file_not_found`` for a missing file); Python's a ``ModelFileError``
(a ``ModelFileNotFound``, also a ``FileNotFoundError``, for a missing file).
"""
import random

import numpy as np
import pytest
from compare import assert_same, assert_same_dict

from nnscratch import init_param
from nnscratch.io.model import ModelFileError, ModelFileNotFound, load_model, model_to_lines, save_model

META = {"architecture": [2, 2, 1], "init": "he", "seed": 1, "learning_rate": 0.05, "iterations": 10,
        "image_size": 1, "labels": {"Cat": 1, "Dog": 0}, "created_by": "python", "cost_every": 5,
        "costs": [0.6931471805599453, 0.5]}
PARAMS = {"W1": np.array([[0.1, -0.2], [0.3, 0.5]]), "b1": np.array([[0.0], [-1e-4]]),
          "W2": np.array([[1.5, -2.5]]), "b2": np.array([[0.25]])}
GOOD = "".join(line + "\n" for line in model_to_lines(PARAMS, META))
GOOD_LINES = GOOD.splitlines()


def line(prefix):
    """Index of the first line of GOOD starting with prefix."""
    return next(k for k, ln in enumerate(GOOD_LINES) if ln.startswith(prefix))


def replace_line(prefix, new):
    lines = list(GOOD_LINES)
    lines[line(prefix)] = new
    return "\n".join(lines) + "\n"


def cut_after_line(prefix, extra=0):
    """GOOD cut just after the complete line starting with prefix (plus `extra` more lines)."""
    return "\n".join(GOOD_LINES[: line(prefix) + 1 + extra]) + "\n"


R_HELPER = """
nn_test_load <- function(path) {
  tryCatch({
    m <- load_model(path)
    list(ok = TRUE, m = m, label_names = if (is.null(m$meta$labels)) character(0) else names(m$meta$labels))
  }, error = function(e) list(ok = FALSE, class = class(e), message = conditionMessage(e)))
}
nn_test_save <- function(path, parameters, meta) {
  meta$labels <- unlist(meta$labels) # a named list from Python's dict -> c(Cat = 1, Dog = 0)
  save_model(path, parameters, meta)
}
"""


@pytest.fixture(scope="module")
def rload(r):
    r.eval(R_HELPER)
    return lambda path: r.call("nn_test_load", str(path))


def py_outcome(path):
    try:
        return {"ok": True, "value": load_model(path)}
    except ModelFileError as exc:
        return {"ok": False, "exc": exc, "message": str(exc)}


def same_message(py, rr, path):
    assert not py["ok"], f"Python loaded {path}"
    assert not rr["ok"], f"R loaded {path}"
    py_msg = py["message"].replace(str(path), "<file>")
    r_msg = rr["message"][0].replace(str(path), "<file>")
    assert "nnscratch_model_error" in rr["class"], rr["class"]
    assert r_msg == py_msg, f"R said {r_msg!r}, Python said {py_msg!r}"
    return py_msg


def same_model(py, rr):
    """Both loaded the file: the same matrices (bit for bit) and the same header values."""
    p, meta = py["value"]
    m = rr["m"]
    assert list(m["parameters"]) == list(p)
    assert_same_dict(p, m["parameters"], rtol=0, atol=0)
    for k, v in p.items():
        assert m["parameters"][k].tobytes() == v.tobytes(), k  # -0.0 too
    rmeta = m["meta"]
    assert list(rmeta) == list(meta)
    for k, v in meta.items():
        if k == "labels":
            assert list(rmeta[k]) == list(v.values()) and rr["label_names"] == list(v), (rr["label_names"], v)
        elif isinstance(v, str):
            assert rmeta[k] == [v]
        else:
            got = np.atleast_1d(np.asarray(rmeta[k], dtype=np.float64))
            want = np.atleast_1d(np.asarray(v, dtype=np.float64))
            assert got.tobytes() == want.tobytes(), k


# (name, file content as str or bytes, expected message with <file> for the path)
BAD = [
    ("empty file", b"", "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("only a newline", "\n", "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("wrong magic", "hello\n" + GOOD, "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("magic without version", "nnscratch-model\nend\n", "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("magic with a trailing blank", GOOD.replace("nnscratch-model 1", "nnscratch-model 1 ", 1),
     "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("wrong version", GOOD.replace("nnscratch-model 1", "nnscratch-model 2", 1),
     "<file>: model format version '2' is not supported (this nnscratch reads version 1)"),
    ("version 01", GOOD.replace("nnscratch-model 1", "nnscratch-model 01", 1),
     "<file>: model format version '01' is not supported (this nnscratch reads version 1)"),
    ("version with a tab", GOOD.replace("nnscratch-model 1", "nnscratch-model 1\t", 1),
     "<file>: model format version '1\\t' is not supported (this nnscratch reads version 1)"),
    ("binary junk", bytes(range(256)) * 4, "<file>: not an nnscratch model file (not UTF-8 text)"),
    ("PNG bytes", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20, "<file>: not an nnscratch model file (not UTF-8 text)"),
    ("NUL byte in a row", GOOD.replace("0.25", "0.2\x005").encode(), "<file>: not an nnscratch model file (not text: NUL bytes)"),
    ("invalid UTF-8 in a row", GOOD.encode().replace(b"0.25", b"0.2\xff5"), "<file>: not an nnscratch model file (not UTF-8 text)"),
    ("UTF-16", GOOD.encode("utf-16"), "<file>: not an nnscratch model file (not UTF-8 text)"),
    ("UTF-16 without invalid bytes", GOOD.encode("utf-16-le"), "<file>: not an nnscratch model file (not text: NUL bytes)"),
    ("UTF-8 byte order mark", "\ufeff" + GOOD, "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("only the first line", "nnscratch-model 1\n", "<file>: the header has no 'architecture' line"),
    ("no architecture line", "\n".join(ln for ln in GOOD_LINES if not ln.startswith("architecture")) + "\n",
     "<file>: the header has no 'architecture' line"),
    ("architecture of one layer", replace_line("architecture", "architecture 2"), "<file>: bad architecture [2]"),
    ("architecture with a zero width", replace_line("architecture", "architecture 2,0,1"), "<file>: bad architecture [2, 0, 1]"),
    ("architecture with a negative width", replace_line("architecture", "architecture 2,-2,1"), "<file>: bad architecture [2, -2, 1]"),
    ("architecture not numbers", replace_line("architecture", "architecture 2,x,1"), "<file>: bad value for 'architecture': '2,x,1'"),
    ("architecture with underscores", replace_line("architecture", "architecture 2,1_0,1"), "<file>: bad value for 'architecture': '2,1_0,1'"),
    ("architecture with an absurd width", replace_line("architecture", "architecture 2,99999999999999999999,1"),
     "<file>: bad value for 'architecture': '2,99999999999999999999,1'"),
    ("architecture empty", replace_line("architecture", "architecture"), "<file>: bad value for 'architecture': ''"),
    ("wrong architecture (input width)", replace_line("architecture", "architecture 3,2,1"),
     "<file>: W1 has shape (2, 2) but the architecture [3, 2, 1] needs (2, 3)"),
    ("wrong architecture (hidden width)", replace_line("architecture", "architecture 2,3,1"),
     "<file>: W1 has shape (2, 2) but the architecture [2, 3, 1] needs (3, 2)"),
    ("wrong architecture (one more layer)", replace_line("architecture", "architecture 2,2,1,1"),
     "<file>: line 22: expected the header of W3, got 'end'"),
    ("wrong architecture (one layer less)", replace_line("architecture", "architecture 2,1"),
     "<file>: W1 has shape (2, 2) but the architecture [2, 1] needs (1, 2)"),
    ("wrong matrix shape", replace_line("b1 ", "b1 1 2"), "<file>: b1 has shape (1, 2) but the architecture [2, 2, 1] needs (2, 1)"),
    ("W2 where W1 belongs", replace_line("W1 ", "W2 2 2"), "<file>: line 12: expected the header of W1, got 'W2 2 2'"),
    ("header with a tab", replace_line("W1 ", "W1\t2 2"), "<file>: line 12: expected the header of W1, got 'W1\\t2 2'"),
    ("long non-ASCII header", replace_line("W1 ", "W1 2 2 " + "é" * 50),
     "<file>: line 12: expected the header of W1, got 'W1 2 2 " + "é" * 33 + "'"),
    ("header quote characters", replace_line("W1 ", "W1 'x\" 2 2"),
     "<file>: line 12: expected the header of W1, got 'W1 \\'x\" 2 2'"),
    ("header with a backslash", replace_line("W1 ", "W1\\2 2"), "<file>: line 12: expected the header of W1, got 'W1\\\\2 2'"),
    ("bad shape numbers", replace_line("W1 ", "W1 two 2"), "<file>: line 12: bad shape for W1"),
    ("bad seed", replace_line("seed", "seed one"), "<file>: bad value for 'seed': 'one'"),
    ("seed with non-ASCII digits", replace_line("seed", "seed \u0661"), "<file>: bad value for 'seed': '\u0661'"),
    ("bad learning rate", replace_line("learning_rate", "learning_rate fast"), "<file>: bad value for 'learning_rate': 'fast'"),
    ("bad labels", replace_line("labels", "labels Cat,Dog"), "<file>: bad value for 'labels': 'Cat,Dog'"),
    ("bad label value", replace_line("labels", "labels Cat=one"), "<file>: bad value for 'labels': 'Cat=one'"),
    ("bad costs", replace_line("costs", "costs 0.5,x"), "<file>: bad value for 'costs': '0.5,x'"),
    ("costs with a trailing comma", replace_line("costs", "costs 0.5,"), "<file>: bad value for 'costs': '0.5,'"),
    ("bad cost_every", replace_line("cost_every", "cost_every ten"), "<file>: bad value for 'cost_every': 'ten'"),
    ("corrupt numbers", replace_line("0.10000000000000001", "0.1 abc"), "<file>: corrupt numbers in W1"),
    ("hexadecimal number", replace_line("0.10000000000000001", "0x10 0.2"), "<file>: corrupt numbers in W1"),
    ("number with an underscore", replace_line("0.10000000000000001", "1_0 0.2"), "<file>: corrupt numbers in W1"),
    ("number with a leading tab", replace_line("0.10000000000000001", "\t1 0.2"), "<file>: corrupt numbers in W1"),
    ("NA", replace_line("0.10000000000000001", "NA 0.2"), "<file>: corrupt numbers in W1"),
    ("double blank", replace_line("0.10000000000000001", "0.1  0.2"), "<file>: corrupt numbers in W1"),
    ("trailing blank", replace_line("0.10000000000000001", "0.1 0.2 "), "<file>: corrupt numbers in W1"),
    ("empty row", replace_line("-0.0001", ""), "<file>: corrupt numbers in b1"),
    ("a row too long", replace_line("0.10000000000000001", "0.1 0.2 0.3"),
     "<file>: W1: a row does not have 2 values (truncated or corrupt)"),
    ("a row too short", replace_line("0.10000000000000001", "0.1"),
     "<file>: W1: a row does not have 2 values (truncated or corrupt)"),
    ("NaN", replace_line("1.5 ", "nan -2.5"), "<file>: W2 holds NaN or infinite values"),
    ("NaN, other spelling", replace_line("1.5 ", "NaN -2.5"), "<file>: W2 holds NaN or infinite values"),
    ("minus infinity", replace_line("1.5 ", "1 -Infinity"), "<file>: W2 holds NaN or infinite values"),
    ("inf", replace_line("0.25", "inf"), "<file>: b2 holds NaN or infinite values"),
    ("overflow to inf", replace_line("0.25", "1e400"), "<file>: b2 holds NaN or infinite values"),
    ("no end line", GOOD.replace("\nend\n", "\n"), "<file>: truncated or corrupt: no 'end' line after the last parameter"),
    ("junk instead of end", GOOD.replace("\nend\n", "\nfin\n"), "<file>: truncated or corrupt: no 'end' line after the last parameter"),
    ("a row too many", GOOD.replace("\nend\n", "\n0.5\nend\n"), "<file>: truncated or corrupt: no 'end' line after the last parameter"),
    # truncations
    ("cut inside the first line", GOOD[:9], "<file>: not an nnscratch model file (first line should be 'nnscratch-model 1')"),
    ("cut inside the header", GOOD[:GOOD.index("seed") + 3], "<file>: line 4: expected the header of W1, got 'see'"),
    ("cut inside the header, after a complete line", GOOD[:GOOD.index("seed")], "<file>: truncated: W1 is missing"),
    ("cut after the header", cut_after_line("costs"), "<file>: truncated: W1 is missing"),
    ("cut after the W1 header", cut_after_line("W1 "), "<file>: truncated inside W1"),
    ("cut after a complete row of W1", cut_after_line("W1 ", 1), "<file>: truncated inside W1"),
    ("cut inside the first row of W1", cut_after_line("W1 ") + "0.1000", "<file>: truncated inside W1"),
    ("cut inside the last row of W1", cut_after_line("W1 ", 1) + "0.2999",
     "<file>: W1: a row does not have 2 values (truncated or corrupt)"),
    ("cut inside the last number of W1", cut_after_line("W1 ", 1) + "0.29999999999999999 0.",
     "<file>: truncated: b1 is missing"),
    ("cut after W1", cut_after_line("W1 ", 2), "<file>: truncated: b1 is missing"),
    ("cut after the b2 header", cut_after_line("b2 "), "<file>: truncated inside b2"),
    ("cut before end", cut_after_line("b2 ", 1), "<file>: truncated or corrupt: no 'end' line after the last parameter"),
    ("cut inside end", GOOD[:-3], "<file>: truncated or corrupt: no 'end' line after the last parameter"),
]


@pytest.mark.parametrize("name, content, expected", BAD, ids=[c[0] for c in BAD])
def test_same_bad_file_same_message(rload, tmp_path, name, content, expected):
    f = tmp_path / "model.txt"
    f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    msg = same_message(py_outcome(f), rload(f), f)
    assert msg == expected


def test_missing_file_and_folder(rload, tmp_path):
    missing = tmp_path / "no-such-model.txt"
    with pytest.raises(ModelFileNotFound) as info:
        load_model(missing)
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, ModelFileError)
    rr = rload(missing)
    assert "nnscratch_file_not_found" in rr["class"]
    msg = same_message({"ok": False, "message": str(info.value)}, rr, missing)
    assert msg == "model file not found: '<file>'"
    quoted = tmp_path / "it's here"  # the path is quoted the same way
    assert same_message(py_outcome(quoted), rload(quoted), quoted) == 'model file not found: "<file>"'
    assert same_message(py_outcome(tmp_path), rload(tmp_path), tmp_path) == "<file>: is a folder, not a model file"


def write_both_ways(tmp_path, r, params, meta):
    py_file, r_file = tmp_path / "py.txt", tmp_path / "r.txt"
    save_model(py_file, params, meta)
    r_meta = dict(meta)
    r_meta["architecture"] = np.array(meta["architecture"], dtype=np.float64)
    r_meta["costs"] = np.array(meta["costs"], dtype=np.float64)
    r_meta["seed"] = float(meta["seed"])  # beyond R's integers
    r.call("nn_test_save", str(r_file), params, r_meta)
    return py_file, r_file


def test_good_files_load_to_identical_values(rload, r, tmp_path):
    """Written by Python and by R: the same bytes; read by either: the same doubles."""
    params = init_param([6, 4, 3, 1], seed=11, init="xavier")
    params["b1"] = np.array([[5e-324], [-0.0], [1e308], [-1 / 3]])
    params["b3"] = np.array([[np.pi * 1e-100]])
    meta = dict(META, architecture=[6, 4, 3, 1], seed=4294967295, costs=[0.7, 1 / 3, 1e-20])
    py_file, r_file = write_both_ways(tmp_path, r, params, meta)
    assert py_file.read_bytes() == r_file.read_bytes()
    for f in (py_file, r_file):
        py, rr = py_outcome(f), rload(f)
        assert py["ok"] and rr["ok"]
        same_model(py, rr)
        for k in params:
            assert py["value"][0][k].tobytes() == params[k].tobytes()
    # CRLF line ends and no final newline: the same values in both
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(GOOD.replace("\n", "\r\n").encode())
    bare = tmp_path / "bare.txt"
    bare.write_text(GOOD.rstrip("\n"))
    for f in (crlf, bare):
        py, rr = py_outcome(f), rload(f)
        assert py["ok"] and rr["ok"]
        same_model(py, rr)


def test_every_truncation_same_outcome(rload, tmp_path):
    """GOOD cut at every byte: both refuse it with the same message (or both read the same model)."""
    data = GOOD.encode()
    messages = set()
    for n in range(len(data)):
        f = tmp_path / "cut.txt"
        f.write_bytes(data[:n])
        py, rr = py_outcome(f), rload(f)
        if py["ok"] or rr["ok"]:  # only "end" without its newline, or nothing cut
            assert py["ok"] and rr["ok"], (n, py.get("message"), rr.get("message"))
            same_model(py, rr)
        else:
            messages.add(same_message(py, rr, f))
    # every kind of truncation was met
    assert {"<file>: truncated inside W1", "<file>: truncated: b1 is missing",
            "<file>: truncated or corrupt: no 'end' line after the last parameter"} <= messages


def test_random_byte_changes_same_outcome(rload, tmp_path):
    """300 seeded single-byte changes (and a few inserted / deleted bytes) of GOOD: same outcome in both."""
    rng = random.Random(7)
    data = GOOD.encode()
    alphabet = b"0123456789 .,-+eE\nnaifWb=x\x00\xff\t\r" + bytes(range(256))
    n_ok = n_bad = 0
    for k in range(300):
        pos = rng.randrange(len(data))
        kind = k % 3
        byte = bytes([rng.choice(alphabet)])
        blob = (data[:pos] + byte + data[pos + 1:] if kind == 0 else
                data[:pos] + byte + data[pos:] if kind == 1 else data[:pos] + data[pos + 1:])
        f = tmp_path / "mut.txt"
        f.write_bytes(blob)
        py, rr = py_outcome(f), rload(f)
        if py["ok"] or rr["ok"]:
            assert py["ok"] and rr["ok"], (blob, py.get("message"), rr.get("message"))
            same_model(py, rr)
            n_ok += 1
        else:
            same_message(py, rr, f)
            n_bad += 1
    print(f"\nbyte changes: {n_ok} still valid, {n_bad} refused with the same message in both")
    assert n_bad > 100


#: R storage type of each whole-number header value as load_model returns it (docs/formats.md): R integer
#: where the value always fits R's 32-bit integers, double for the seed (0 .. 4294967295, beyond them).
WHOLE_KEYS_R_TYPEOF = {"architecture": "integer", "seed": "double", "iterations": "integer",
                       "image_size": "integer", "cost_every": "integer"}


@pytest.mark.parametrize("seed", [7, 0, 2147483647, 4294967295])
def test_header_values_have_the_documented_storage_types(rload, tmp_path, seed):
    """Python's load_model gives ints for the whole numbers; R integers, except the seed, which R holds as a
    double for every value (not an integer when small and a double when large: one type per key)."""
    path = tmp_path / "m.txt"
    save_model(path, PARAMS, dict(META, seed=seed))
    py_meta = load_model(path)[1]
    rr = rload(path)
    assert rr["ok"], rr
    r_meta = rr["m"]["meta"]
    for key, r_typeof in WHOLE_KEYS_R_TYPEOF.items():
        py = np.asarray(py_meta[key], dtype=np.int64)
        assert all(type(v) is int for v in np.atleast_1d(py_meta[key]).tolist())
        r_value = r_meta[key]
        assert_same(key, py if key == "architecture" else py.reshape(1), r_value, rtol=0, r_typeof=r_typeof)
    assert_same("learning_rate", np.array([py_meta["learning_rate"]]), r_meta["learning_rate"], rtol=0)
    assert_same("costs", np.array(py_meta["costs"]), r_meta["costs"], rtol=0)
