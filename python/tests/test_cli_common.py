"""What the sub-commands share (nnscratch/cli/common.py)."""
import io
import os
from pathlib import Path

import pytest

from nnscratch.cli import common, main

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


def test_resolve_data_refuses_an_empty_name_and_a_file(tmp_path):
    """--data "" trained on data/sample; a file gave a NotADirectoryError traceback (issue 12)."""
    with pytest.raises(ValueError, match=r"^--data must not be empty$"):
        common.resolve_data("")
    f = tmp_path / "x.jpg"
    f.write_bytes(b"x")
    with pytest.raises(NotADirectoryError, match=f"^--data '{tmp_path}/x.jpg' is a file, not a folder$"):
        common.resolve_data(str(f))
    assert common.resolve_data(str(tmp_path)) == str(tmp_path)


def test_an_unexpected_os_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    """The net under the specific messages: nnscratch: error: <file>: <reason>, status 2."""
    from nnscratch.cli import predict

    def refuse(args):
        raise PermissionError(13, "Permission denied", "/some/file")

    monkeypatch.setattr(predict, "cmd_predict", refuse)
    assert main(["predict", "--model", "m.txt", "x.jpg"]) == 2
    assert capsys.readouterr().err == "nnscratch: error: /some/file: Permission denied\n"
    assert common.os_error_text(OSError("no file named")) == "no file named"


def test_write_line_writes_names_that_are_not_utf8_as_their_bytes():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    common.write_line("a\tb", stream)
    common.write_line(os.fsdecode(b"caf\xe9.jpg") + "\t0.5", stream)
    stream.flush()
    assert raw.getvalue() == b"a\tb\ncaf\xe9.jpg\t0.5\n"
    text = io.StringIO()
    common.write_line(os.fsdecode(b"caf\xe9"), text)
    assert text.getvalue() == "caf\\xe9\n"
