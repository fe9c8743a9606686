"""Model files: exact round trip, atomic writes, clear errors, and a fuzz pass."""
import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnscratch import init_param
from nnscratch.model_io import ModelFileError, load_model, model_to_text, save_model

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
])
def test_bad_files(tmp_path, mutate, msg):
    f = tmp_path / "bad.txt"
    f.write_text(mutate(model_to_text(model(), META)))
    with pytest.raises(ModelFileError, match=msg) as info:
        load_model(f)
    assert str(f) in str(info.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "nope.txt")
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(ModelFileError, match="not an nnscratch model file"):
        load_model(tmp_path / "bin")


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
