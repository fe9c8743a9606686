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

    # issue 13 appends the epochs engine's keys after these three (test_epochs_keys_order)
    assert META_KEYS[10:13] == ("update_rule", "data", "test_size")
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


# -- issue 13: the epochs engine's header keys and the standardizer blocks --------------------------

NAN = float("nan")
EPOCH_KEYS = ("optimizer_hyper", "batch_size", "epochs", "lr_schedule", "lr_decay", "lr_interval", "l2",
              "dropout", "val_size", "patience", "epoch", "batch", "best_epoch", "wait", "history_cost",
              "history_accuracy", "history_val_cost", "history_val_accuracy", "partial")
EPOCH_META = {"architecture": [3, 2, 1], "update_rule": "adam",
              "optimizer_hyper": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
              "batch_size": 64, "epochs": 10, "lr_schedule": "step", "lr_decay": 0.5, "lr_interval": 3,
              "l2": 0.1, "dropout": 0.2, "val_size": 0.1, "patience": 3, "epoch": 2, "batch": 1,
              "best_epoch": 2, "wait": 0, "history_cost": [0.7, 1 / 3], "history_accuracy": [0.5, 0.625],
              "history_val_cost": [NAN, 0.5], "history_val_accuracy": [NAN, 0.75], "partial": [1.5, 3.0, 4.0]}
EPOCH_HEADER = ["nnscratch-model 1", "architecture 3,2,1", "update_rule adam",
                "optimizer_hyper beta1=0.90000000000000002,beta2=0.999,epsilon=1e-08", "batch_size 64",
                "epochs 10", "lr_schedule step", "lr_decay 0.5", "lr_interval 3", "l2 0.10000000000000001",
                "dropout 0.20000000000000001", "val_size 0.10000000000000001", "patience 3", "epoch 2", "batch 1",
                "best_epoch 2", "wait 0", "history_cost 0.69999999999999996,0.33333333333333331",
                "history_accuracy 0.5,0.625", "history_val_cost nan,0.5", "history_val_accuracy nan,0.75",
                "partial 1.5,3,4"]
STD = {"mean": np.array([[0.1], [-2.5], [1 / 3]]), "std": np.array([[1.0], [0.25], [7e-300]])}


def small_model():
    return init_param([3, 2, 1], seed=3, init="he")


def same_with_nan(a, b):
    return len(a) == len(b) and all((x == y) or (x != x and y != y) for x, y in zip(a, b))


def test_epochs_keys_order():
    from nnscratch.io.model import META_KEYS

    assert META_KEYS[13:] == EPOCH_KEYS


def test_epochs_keys_written_in_order_and_read_back_typed(tmp_path):
    p = small_model()
    meta = dict(EPOCH_META, standardizer=STD, rule_state={"t": np.array([[2.0]])})
    lines = model_to_lines(p, meta)
    assert lines[:len(EPOCH_HEADER)] == EPOCH_HEADER
    assert lines[len(EPOCH_HEADER)] == "W1 2 3"
    k = lines.index("standardizer.mean 3 1")
    assert lines[k - 2:k] == ["b2 1 1", "%.17g" % p["b2"][0, 0]]
    assert lines[k:k + 8] == ["standardizer.mean 3 1", "0.10000000000000001", "-2.5", "0.33333333333333331",
                              "standardizer.std 3 1", "1", "0.25", "7.0000000000000003e-300"]
    assert lines[k + 8:] == ["state.t 1 1", "2", "end"]
    save_model(tmp_path / "m.txt", p, meta)
    q, back = load_model(tmp_path / "m.txt")
    for key in EPOCH_KEYS:
        want, got = EPOCH_META[key], back[key]
        assert type(got) is type(want), (key, got)
        if isinstance(want, list):
            assert all(type(v) is float for v in got) and same_with_nan(got, want), (key, got)
        else:
            assert got == want, (key, got)
    assert list(back) == ["architecture", "update_rule", *EPOCH_KEYS, "standardizer", "rule_state"]
    for key in ("mean", "std"):
        assert back["standardizer"][key].shape == (3, 1)
        assert back["standardizer"][key].tobytes() == STD[key].tobytes()
    assert all(q[n].tobytes() == p[n].tobytes() for n in p)
    save_model(tmp_path / "again.txt", q, back)
    assert (tmp_path / "again.txt").read_bytes() == (tmp_path / "m.txt").read_bytes()


def test_epochs_keys_empty_lists_and_hyper_round_trip(tmp_path):
    meta = {"architecture": [3, 2, 1], "optimizer_hyper": {}, "history_cost": [], "history_accuracy": [],
            "history_val_cost": [], "history_val_accuracy": [], "best_epoch": None}
    lines = model_to_lines(small_model(), meta)
    assert lines[2:7] == ["optimizer_hyper ", "history_cost ", "history_accuracy ", "history_val_cost ",
                          "history_val_accuracy "]
    assert not any(ln.startswith("best_epoch") for ln in lines)  # None: not written
    save_model(tmp_path / "m.txt", small_model(), meta)
    back = load_model(tmp_path / "m.txt")[1]
    assert back == {"architecture": [3, 2, 1], "optimizer_hyper": {}, "history_cost": [], "history_accuracy": [],
                    "history_val_cost": [], "history_val_accuracy": []}


def test_file_without_new_keys_has_none_of_them(tmp_path):
    save_model(tmp_path / "m.txt", small_model(), {"architecture": [3, 2, 1], "seed": 3})
    meta = load_model(tmp_path / "m.txt")[1]
    assert meta == {"architecture": [3, 2, 1], "seed": 3}


#: (key, bad value text, what the message adds after the value); the parity test uses the same table.
EPOCH_REFUSALS = [
    ("batch_size", "0", " (at least 1)"), ("batch_size", "1.5", ""), ("epochs", "0", " (at least 1)"),
    ("lr_interval", "0", " (at least 1)"), ("patience", "-1", " (at least 0)"), ("epoch", "-1", " (at least 0)"),
    ("batch", "-2", " (at least 0)"), ("best_epoch", "-1", " (at least 0)"), ("wait", "-1", " (at least 0)"),
    ("l2", "-0.5", " (a finite number, at least 0)"), ("l2", "inf", " (a finite number, at least 0)"),
    ("l2", "nan", " (a finite number, at least 0)"), ("lr_decay", "-1e-9", " (a finite number, at least 0)"),
    ("dropout", "1", " (at least 0 and below 1)"), ("dropout", "-0.25", " (at least 0 and below 1)"),
    ("val_size", "1", " (at least 0 and below 1)"), ("val_size", "0.5x", ""),
    ("lr_schedule", "cosine", " (one of 'constant', 'step', 'inverse', 'exponential')"),
    ("optimizer_hyper", "beta1", " (name=number pairs, finite numbers, each name once)"),
    ("optimizer_hyper", "beta1=0.9,beta1=0.8", " (name=number pairs, finite numbers, each name once)"),
    ("optimizer_hyper", "beta1=nan", " (name=number pairs, finite numbers, each name once)"),
    ("optimizer_hyper", "be-ta=1", " (name=number pairs, finite numbers, each name once)"),
    ("optimizer_hyper", "beta1=0.9,", " (name=number pairs, finite numbers, each name once)"),
    ("history_cost", "0.5,abc", ""), ("history_val_accuracy", "0.5,", ""),
    ("partial", "1,2", " (3 finite numbers: cost sum, right count, samples seen)"),
    ("partial", "1,2,inf", " (3 finite numbers: cost sum, right count, samples seen)"),
    ("partial", "", ""),
]


def epoch_file_with(key, value):
    lines = model_to_lines(small_model(), dict(EPOCH_META, standardizer=STD))
    k = next(i for i, ln in enumerate(lines) if ln.split(" ", 1)[0] == key)
    lines[k] = f"{key} {value}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key, value, why", EPOCH_REFUSALS)
def test_epochs_key_out_of_range_is_refused_naming_file_and_key(tmp_path, key, value, why):
    path = tmp_path / "m.txt"
    path.write_text(epoch_file_with(key, value))
    with pytest.raises(ModelFileError) as exc:
        load_model(path)
    assert str(exc.value) == f"{path}: bad value for '{key}': '{value}'{why}"


def test_epochs_key_edges_accepted(tmp_path):
    meta = dict(EPOCH_META, dropout=0.0, val_size=0.0, l2=0.0, lr_decay=0.0, patience=0, epoch=0, batch=0,
                best_epoch=0, batch_size=1, epochs=1, lr_interval=1, lr_schedule="exponential")
    save_model(tmp_path / "m.txt", small_model(), meta)
    back = load_model(tmp_path / "m.txt")[1]
    assert {k: back[k] for k in ("dropout", "batch_size", "lr_schedule", "best_epoch")} == \
        {"dropout": 0.0, "batch_size": 1, "lr_schedule": "exponential", "best_epoch": 0}
    for schedule in ("constant", "step", "inverse", "exponential"):
        save_model(tmp_path / "s.txt", small_model(), {"architecture": [3, 2, 1], "lr_schedule": schedule})
        assert load_model(tmp_path / "s.txt")[1]["lr_schedule"] == schedule


def test_history_lists_of_different_lengths_are_refused(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(epoch_file_with("history_val_cost", "nan,0.5,0.25"))
    with pytest.raises(ModelFileError) as exc:
        load_model(path)
    assert str(exc.value) == (f"{path}: the history lists have different lengths (history_cost 2, "
                              f"history_accuracy 2, history_val_cost 3, history_val_accuracy 2)")


def std_file(edit):
    lines = model_to_lines(small_model(), {"architecture": [3, 2, 1], "standardizer": STD})
    k = lines.index("standardizer.mean 3 1")
    return "\n".join(edit(lines, k)) + "\n"


@pytest.mark.parametrize("edit, message", [
    (lambda ln, k: ln[:k] + ln[k + 4:], "line {line}: expected the header of standardizer.mean, got 'standardizer.std 3 1'"),
    (lambda ln, k: ln[:k + 4] + ln[k + 8:], "line {line4}: expected the header of standardizer.std, got 'end'"),
    (lambda ln, k: ln[:k] + ["standardizer.mean 2 1"] + ln[k + 1:k + 3] + ln[k + 4:],
     "standardizer.mean has shape (2, 1) but the architecture [3, 2, 1] needs (3, 1)"),
    (lambda ln, k: ln[:k + 5] + ["0"] + ln[k + 6:], "standardizer.std holds values that are not positive"),
    (lambda ln, k: ln[:k + 5] + ["-1"] + ln[k + 6:], "standardizer.std holds values that are not positive"),
    (lambda ln, k: ln[:k + 1] + ["nan"] + ln[k + 2:], "standardizer.mean holds NaN or infinite values"),
    (lambda ln, k: ln[:k + 6], "truncated inside standardizer.std"),
], ids=["no-mean", "no-std", "shape", "std-zero", "std-negative", "mean-nan", "truncated"])
def test_bad_standardizer_blocks_are_refused(tmp_path, edit, message):
    lines = model_to_lines(small_model(), {"architecture": [3, 2, 1], "standardizer": STD})
    k = lines.index("standardizer.mean 3 1")
    path = tmp_path / "m.txt"
    path.write_text(std_file(edit))
    with pytest.raises(ModelFileError) as exc:
        load_model(path)
    assert str(exc.value) == f"{path}: " + message.format(line=k + 1, line4=k + 5)


def test_writer_refuses_a_bad_standardizer_and_a_fractional_count():
    p = small_model()
    with pytest.raises(ValueError, match=r"must have shape \(3, 1\)"):
        model_to_lines(p, {"architecture": [3, 2, 1], "standardizer": {"mean": np.zeros((2, 1)), "std": np.ones((2, 1))}})
    with pytest.raises(ValueError, match="all positive"):
        model_to_lines(p, {"architecture": [3, 2, 1], "standardizer": {"mean": np.zeros((3, 1)), "std": np.zeros((3, 1))}})
    with pytest.raises(ValueError, match="'mean' and 'std'"):
        model_to_lines(p, {"architecture": [3, 2, 1], "standardizer": {"mean": np.zeros((3, 1))}})
    with pytest.raises(ValueError, match="whole number"):
        model_to_lines(p, {"architecture": [3, 2, 1], "batch_size": 2.5})
    with pytest.raises(ValueError, match="letters, digits"):
        model_to_lines(p, {"architecture": [3, 2, 1], "optimizer_hyper": {"be ta": 1.0}})
    # a 1-D mean / std is taken as (n0, 1)
    lines = model_to_lines(p, {"architecture": [3, 2, 1], "standardizer": {"mean": [0, 1, 2], "std": [1, 1, 1]}})
    assert "standardizer.std 3 1" in lines


def test_save_model_takes_a_fitted_classifier_or_parameters_alone(tmp_path):
    """save_model(path, clf) writes what clf.save_model writes; meta None with plain parameters writes the
    architecture only (read from the shapes); a model with a meta as well is refused."""
    import numpy as np

    from nnscratch import NNClassifier
    from nnscratch.io.model import load_model, save_model

    rs = np.random.RandomState(3)
    X, y = rs.rand(12, 4), np.array([0, 1] * 6)
    clf = NNClassifier(hidden_layer_sizes=(3,), num_iterations=5).fit(X, y)
    save_model(tmp_path / "a.txt", clf)
    clf.save_model(tmp_path / "b.txt")
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes()
    with pytest.raises(ValueError, match="a fitted model carries its own meta; give no meta"):
        save_model(tmp_path / "c.txt", clf, {"architecture": [4, 3, 1]})
    save_model(tmp_path / "d.txt", clf.parameters_)
    assert load_model(tmp_path / "d.txt")[1] == {"architecture": [4, 3, 1]}
