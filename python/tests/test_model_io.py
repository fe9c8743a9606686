"""Model files: exact round trip, atomic writes, clear errors, and a fuzz pass."""
import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnscratch import init_param
from nnscratch.model_io import ModelFileError, ModelFileNotFound, load_model, model_to_text, quote, save_model

META = {"architecture": [5, 3, 1], "init": "he", "seed": 7, "learning_rate": 0.02, "iterations": 600,
        "image_size": 32, "labels": {"Cat": 1, "Dog": 0}, "created_by": "python", "cost_every": 10,
        "costs": [0.6931471805599453, 0.1]}


def model():
    p = init_param([5, 3, 1], seed=7, init="he")
    p["b1"] = np.array([[1e-300], [-0.0], [np.pi]])
    return p


def test_round_trip_is_exact(tmp_path):
    p = model()
    save_model(tmp_path / "m.txt", p, META)
    q, meta = load_model(tmp_path / "m.txt")
    assert meta == META
    assert list(q) == list(p)
    for k in p:
        assert q[k].shape == p[k].shape
        assert np.array_equal(q[k], p[k]) and q[k].tobytes() == p[k].tobytes()


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    save_model(tmp_path / "m.txt", model(), META)
    save_model(tmp_path / "m.txt", model(), META)  # replace
    assert sorted(os.listdir(tmp_path)) == ["m.txt"]


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    save_model(tmp_path / "m.txt", model(), META)
    before = (tmp_path / "m.txt").read_bytes()

    def boom(*a):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_model(tmp_path / "m.txt", init_param([5, 3, 1], seed=8), META)
    assert (tmp_path / "m.txt").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["m.txt"]


@pytest.mark.parametrize("mutate, msg", [
    (lambda t: t[: len(t) // 2], "truncated"),
    (lambda t: t.replace("\nend\n", "\n"), "no 'end' line"),
    (lambda t: t.replace("nnscratch-model 1", "nnscratch-model 2"), "version '2' is not supported"),
    (lambda t: "hello\n" + t, "not an nnscratch model file"),
    (lambda t: t.replace("architecture 5,3,1", "architecture 5,4,1"), r"W1 has shape \(3, 5\) but the architecture \[5, 4, 1\] needs \(4, 5\)"),
    (lambda t: t.replace("W2 1 3\n", "W2 1 3\nx"), "corrupt numbers in W2"),
    (lambda t: re.sub(r"(W2 1 3\n)[^ ]+", r"\1nan", t), "NaN or infinite"),
    # cut after a complete row: truncated (the empty piece after the last newline is no row)
    (lambda t: t[: t.index("b1 3 1\n")].rsplit("\n", 2)[0] + "\n", "truncated inside W1$"),
    (lambda t: t.replace("W2 1 3\n", "W2 1 3\n1_0 "), "corrupt numbers in W2"),        # int()/float() would take 1_0
    (lambda t: t.replace("seed 7", "seed \u0667"), "bad value for 'seed': '\u0667'"),    # a non-ASCII digit
    (lambda t: t.replace("architecture 5,3,1", "architecture 5,99999999999999999,1"), "bad value for 'architecture'"),
    (lambda t: t.replace("W1 3 5", "W1\t3 5"), r"line 12: expected the header of W1, got 'W1\\t3 5'"),
    (lambda t: t.replace("W1 3 5\n", "W1 3 5\n0.1 0.2\n"), r"W1: a row does not have 5 values"),  # a short row
])
def test_bad_files(tmp_path, mutate, msg):
    f = tmp_path / "bad.txt"
    f.write_text(mutate(model_to_text(model(), META)))
    with pytest.raises(ModelFileError, match=msg) as info:
        load_model(f)
    assert str(f) in str(info.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        load_model(tmp_path / "nope.txt")
    assert isinstance(info.value, ModelFileNotFound) and isinstance(info.value, ModelFileError)
    assert str(info.value) == f"model file not found: '{tmp_path / 'nope.txt'}'"
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(ModelFileError, match=r"not an nnscratch model file \(not UTF-8 text\)"):
        load_model(tmp_path / "bin")
    (tmp_path / "nul").write_bytes(model_to_text(model(), META).encode().replace(b"end", b"e\x00nd"))
    with pytest.raises(ModelFileError, match=r"not an nnscratch model file \(not text: NUL bytes\)"):
        load_model(tmp_path / "nul")
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(ModelFileError, match="first line should be 'nnscratch-model 1'"):
        load_model(tmp_path / "empty")
    with pytest.raises(ModelFileError, match="is a folder, not a model file"):
        load_model(tmp_path)


def test_quote_is_repr_for_printable_text():
    for s in ["abc", "it's", "a'b\"c", 'say "x"', "back\\slash", "tab\tnew\nline\rcr\x01\x7f", "é😀", ""]:
        assert quote(s) == repr(s), s


FUZZ = {"cases": 0}
VALID = model_to_text(model(), META).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.integers(0, len(VALID)).map(lambda n: VALID[:n]),                                   # truncations
    st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)).map(
        lambda t: VALID[:t[0]] + bytes([t[1]]) + VALID[t[0] + 1:]),                         # one byte changed
    st.binary(max_size=400),                                                               # random bytes
))
def test_fuzz_model_reader_raises_only_documented_errors(tmp_path, blob):
    f = tmp_path / "fuzz.txt"
    f.write_bytes(blob)
    FUZZ["cases"] += 1
    try:
        p, meta = load_model(f)
    except ModelFileError:
        return
    # accepted: then it must be a consistent model
    dims = meta["architecture"]
    for l in range(1, len(dims)):
        assert p[f"W{l}"].shape == (dims[l], dims[l - 1]) and p[f"b{l}"].shape == (dims[l], 1)


def test_fuzz_case_count():
    print(f"\nmodel reader fuzz cases: {FUZZ['cases']}")
    assert FUZZ["cases"] >= 300
