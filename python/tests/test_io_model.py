"""Model files (nnscratch/io/model.py): exact round trip, rule state, old files, atomic writes,
clear errors, and a fuzz pass."""
import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnscratch import init_param
from nnscratch.io.model import (ModelFileError, ModelFileNotFound, format_meta_value, load_model, model_to_lines,
                                parse_int_strict, parse_meta_value, read_model_lines, save_model)

META = {"architecture": [5, 3, 1], "init": "he", "seed": 7, "learning_rate": 0.02, "iterations": 600,
        "image_size": 32, "labels": {"Cat": 1, "Dog": 0}, "created_by": "python", "cost_every": 10,
        "costs": [0.6931471805599453, 0.1]}


def model_text(parameters, meta):
    return "\n".join(model_to_lines(parameters, meta)) + "\n"


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
    f.write_text(mutate(model_text(model(), META)))
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
    (tmp_path / "nul").write_bytes(model_text(model(), META).encode().replace(b"end", b"e\x00nd"))
    with pytest.raises(ModelFileError, match=r"not an nnscratch model file \(not text: NUL bytes\)"):
        load_model(tmp_path / "nul")
    (tmp_path / "empty").write_bytes(b"")
    with pytest.raises(ModelFileError, match="first line should be 'nnscratch-model 1'"):
        load_model(tmp_path / "empty")
    with pytest.raises(ModelFileError, match="is a folder, not a model file"):
        load_model(tmp_path)


STATE = {"vW1": np.arange(15, dtype=float).reshape(3, 5) / 7, "t": np.array([[12.0]])}


def test_rule_state_blocks_round_trip(tmp_path):
    meta = dict(META, update_rule="momentum", rule_state=STATE)
    lines = model_to_lines(model(), meta)
    assert lines[11] == "update_rule momentum"                # after costs
    i = lines.index("state.vW1 3 5")
    assert lines[i - 2:i] == ["b2 1 1", lines[i - 1]] and lines[i + 4:] == ["state.t 1 1", "12", "end"]
    assert lines[i + 1] == " ".join("%.17g" % v for v in STATE["vW1"][0])
    save_model(tmp_path / "m.txt", model(), meta)
    p, back = load_model(tmp_path / "m.txt")
    assert back["update_rule"] == "momentum" and list(back["rule_state"]) == ["vW1", "t"]
    for k in STATE:
        assert back["rule_state"][k].tobytes() == STATE[k].tobytes()
    assert {k: v for k, v in back.items() if k not in ("update_rule", "rule_state")} == META
    # no blocks: no "rule_state" key; an empty state writes no blocks
    save_model(tmp_path / "gd.txt", model(), dict(META, update_rule="gd", rule_state={}))
    _, back = load_model(tmp_path / "gd.txt")
    assert back["update_rule"] == "gd" and "rule_state" not in back


@pytest.mark.parametrize("mutate, msg", [
    (lambda t: t.replace("state.t 1 1", "state.t-x 1 1"), r"line \d+: bad rule-state header 'state.t-x 1 1'"),
    (lambda t: t.replace("state.t 1 1", "state.vW1 1 1"), r"line \d+: state.vW1 appears twice"),
    (lambda t: t.replace("state.t 1 1", "state.t 0 1"), r"line \d+: bad shape for state.t"),
    (lambda t: t.replace("state.t 1 1\n12", "state.t 1 1\nnan"), "state.t holds NaN or infinite values"),
    (lambda t: t.replace("state.t 1 1\n12\n", "state.t 3 1\n12\n"), "truncated inside state.t"),
    (lambda t: t.replace("state.t 1 1\n12\nend\n", "state.t 1 1\n12\n"), "no 'end' line"),
])
def test_bad_rule_state_blocks(tmp_path, mutate, msg):
    f = tmp_path / "bad.txt"
    f.write_text(mutate(model_text(model(), dict(META, rule_state=STATE))))
    with pytest.raises(ModelFileError, match=msg):
        load_model(f)


def test_bad_rule_state_key_is_not_written(tmp_path):
    with pytest.raises(ValueError, match="rule state keys must be letters, digits or '_'; got 'v W'"):
        model_to_lines(model(), dict(META, rule_state={"v W": np.zeros((1, 1))}))


#: A model file written before update rules existed (no update_rule line, no state blocks), verbatim.
OLD_FORMAT = """nnscratch-model 1
architecture 2,2,1
init he
seed 3
learning_rate 0.050000000000000003
iterations 20
image_size 32
labels Cat=1,Dog=0
created_by r
cost_every 10
costs 0.69314718055994529,0.5
W1 2 2
0.10000000000000001 -0.20000000000000001
1.5 0
b1 2 1
0
-0.25
W2 1 2
2 -3
b2 1 1
0.125
end
"""


def test_model_files_written_before_update_rules_still_load(tmp_path):
    f = tmp_path / "old.txt"
    f.write_text(OLD_FORMAT)
    p, meta = load_model(f)
    assert meta == {"architecture": [2, 2, 1], "init": "he", "seed": 3, "learning_rate": 0.05, "iterations": 20,
                    "image_size": 32, "labels": {"Cat": 1, "Dog": 0}, "created_by": "r", "cost_every": 10,
                    "costs": [0.6931471805599453, 0.5]}
    assert p["W1"].tolist() == [[0.1, -0.2], [1.5, 0.0]] and p["b1"].tolist() == [[0.0], [-0.25]]
    assert p["W2"].tolist() == [[2.0, -3.0]] and p["b2"].tolist() == [[0.125]]
    assert model_text(p, meta) == OLD_FORMAT                   # and it is written back byte for byte


def test_format_and_parse_meta_values():
    assert format_meta_value("architecture", [3072, 16, 1]) == "3072,16,1"
    assert format_meta_value("labels", {"Cat": 1, "Dog": 0}) == "Cat=1,Dog=0"
    assert format_meta_value("learning_rate", 0.1) == "0.10000000000000001"
    assert format_meta_value("costs", [0.5, 1 / 3]) == "0.5,0.33333333333333331"
    assert format_meta_value("seed", 7) == "7" and format_meta_value("update_rule", "gd") == "gd"
    assert parse_meta_value("costs", "", "f") == [] and parse_meta_value("update_rule", "gd", "f") == "gd"
    assert parse_meta_value("labels", "a=b=1,c=-2", "f") == {"a=b": 1, "c": -2}
    with pytest.raises(ModelFileError, match="^f: bad value for 'learning_rate': '0x1p-3'$"):
        parse_meta_value("learning_rate", "0x1p-3", "f")


def test_parse_int_strict():
    assert parse_int_strict(" +42\t") == 42 and parse_int_strict("-0007") == -7
    assert parse_int_strict(str(2**53 - 1)) == 2**53 - 1
    for bad in ("", "1_0", "1.0", "\u0667", str(2**53), "1e3", "0x10"):
        assert parse_int_strict(bad) is None, bad


def test_read_model_lines_universal_newlines(tmp_path):
    (tmp_path / "m.txt").write_bytes(b"a\r\nb\rc\n")
    assert read_model_lines(str(tmp_path / "m.txt")) == ["a", "b", "c"]


FUZZ = {"cases": 0}
VALID = model_text(model(), dict(META, update_rule="gd", rule_state=STATE)).encode()


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


# -- issue 12: data and test_size in the header; what --resume checks ----------------------------

def test_data_and_test_size_round_trip_after_update_rule(tmp_path):
    from nnscratch.io.model import META_KEYS

    assert META_KEYS[-3:] == ("update_rule", "data", "test_size")
    p = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    save_model(tmp_path / "m.txt", p, {"architecture": [2, 1], "update_rule": "gd", "data": "/d/my data",
                                       "test_size": 0.15})
    lines = (tmp_path / "m.txt").read_text().splitlines()
    assert lines[2:5] == ["update_rule gd", "data /d/my data", "test_size 0.14999999999999999"]
    _, meta = load_model(tmp_path / "m.txt")
    assert meta["data"] == "/d/my data" and meta["test_size"] == 0.15
    with pytest.raises(ValueError, match="must be one line of text"):
        save_model(tmp_path / "n.txt", p, {"architecture": [2, 1], "data": "/a\nb"})


def test_check_run_meta():
    from nnscratch.io.model import ModelFileError, check_run_meta

    check_run_meta({"init": "he", "iterations": 20, "cost_every": 10, "costs": [0.7, 0.6]}, "f")
    check_run_meta({"iterations": 21, "cost_every": 10, "costs": [0.7, 0.6, 0.5]}, "f")
    check_run_meta({"iterations": 0, "cost_every": 10, "costs": []}, "f")
    with pytest.raises(ModelFileError, match="^f: the cost history has 2 costs, but 21 iterations with cost_every 10 "
                                             "record 3$"):
        check_run_meta({"iterations": 21, "cost_every": 10, "costs": [0.7, 0.6]}, "f")
    with pytest.raises(ModelFileError, match="^f: bad value for 'init': 'bogus' \\(one of 'scaled', 'xavier', 'he'\\)$"):
        check_run_meta({"init": "bogus"}, "f")
    with pytest.raises(ModelFileError, match="^f: bad value for 'cost_every'$"):
        check_run_meta({"iterations": 5, "cost_every": 0, "costs": []}, "f")
