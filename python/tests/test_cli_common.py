"""What the sub-commands share (nnscratch/cli/common.py)."""
from pathlib import Path

import pytest

from nnscratch.cli import common

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_root_and_sample_data():
    assert common.checkout_root() == ROOT
    assert common.default_data_dir() == str(ROOT / "data" / "sample")


def test_resolve_data_keeps_the_path_as_typed(monkeypatch):
    assert common.resolve_data("./some//folder/") == "./some//folder/"
    assert common.resolve_data(None) == str(ROOT / "data" / "sample")
    monkeypatch.setattr(common, "checkout_root", lambda: None)
    with pytest.raises(FileNotFoundError, match=r"^no --data given and no sample data found \(it ships with a "
                                                r"checkout of nnscratch, in data/sample\)$"):
        common.resolve_data(None)


def test_fail(capsys):
    assert common.fail("it broke") == 2 and common.fail("x", 3) == 3
    assert capsys.readouterr().err == "nnscratch: error: it broke\nnnscratch: error: x\n"


def test_path_join():
    assert common.path_join("out", "model.txt") == "out/model.txt"
    assert common.path_join("out/", "model.txt") == "out/model.txt"
    assert common.path_join("./a//b", "c/d.jpg") == "./a//b/c/d.jpg"
