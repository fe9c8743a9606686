"""atomic_write (nnscratch/io/atomic.py): all or nothing, fsync before rename, no temporary file left."""
from __future__ import annotations

import os

import pytest

from nnscratch.io import atomic
from nnscratch.io.atomic import atomic_write


def test_writes_replaces_and_leaves_nothing_else(tmp_path):
    f = tmp_path / "a.txt"
    assert atomic_write(f, lambda fh: fh.write(b"one\n")) == str(f)
    atomic_write(str(f), lambda fh: fh.write(b"two\n"))
    assert f.read_bytes() == b"two\n"
    assert os.listdir(tmp_path) == ["a.txt"]
    assert f.stat().st_mode & 0o777 == 0o666 & ~_umask()        # ordinary permissions, not mkstemp's 0600


def _umask():
    old = os.umask(0)
    os.umask(old)
    return old


def test_creates_the_folder(tmp_path):
    atomic_write(tmp_path / "new" / "deeper" / "b.bin", lambda fh: fh.write(b"\x00\x01"))
    assert (tmp_path / "new" / "deeper" / "b.bin").read_bytes() == b"\x00\x01"


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failure_keeps_the_old_file_and_removes_the_temporary(tmp_path, monkeypatch, where):
    f = tmp_path / "a.txt"
    f.write_bytes(b"old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    def write(fh):
        fh.write(b"new, half")
        if where == "write":
            boom()

    if where == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", boom)
    if where == "replace":
        monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(f, write)
    assert f.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.txt"]


def test_an_interrupt_removes_the_temporary(tmp_path):
    def write(fh):
        fh.write(b"x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "a.txt", write)
    assert os.listdir(tmp_path) == []


def test_fsync_comes_before_the_rename(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    atomic_write(tmp_path / "a.txt", lambda fh: fh.write(b"x"))
    assert calls == ["fsync", "replace"]


# -- issue 12: a failed write names the file --------------------------------------------------

def test_an_os_error_names_the_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "m.txt"                       # its folder is a file
    with pytest.raises(atomic.AtomicWriteError) as info:
        atomic_write(target, lambda fh: fh.write(b"x"))
    assert str(info.value) == f"cannot write '{target}': File exists"
    assert isinstance(info.value, OSError) and info.value.path == str(target)


def test_a_full_disk_keeps_the_old_file_and_names_the_new_one(full_disk):
    import errno

    disk = full_disk(8192)
    f = disk / "model.txt"
    f.write_bytes(b"old\n")
    with pytest.raises(atomic.AtomicWriteError) as info:
        atomic_write(f, lambda fh: fh.write(b"x" * 100_000))
    assert info.value.errno == errno.ENOSPC
    assert str(info.value) == f"cannot write '{f}': No space left on device"
    assert f.read_bytes() == b"old\n"
    assert sorted(os.listdir(disk)) == ["filler", "model.txt"]       # no temporary file left
