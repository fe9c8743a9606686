"""The cost-curve PNG (nnscratch/io/plot.py)."""
from __future__ import annotations

import os

import cv2
import pytest

from nnscratch.io import atomic
from nnscratch.io.plot import write_cost_curve


def test_writes_a_png(tmp_path):
    write_cost_curve(tmp_path / "curve.png", [0.7, 0.5, 0.2, 0.1], 10)
    data = (tmp_path / "curve.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = cv2.imread(str(tmp_path / "curve.png"))
    assert img.shape == (400, 600, 3)                       # 6 x 4 inches at 100 dpi
    assert os.listdir(tmp_path) == ["curve.png"]


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    (tmp_path / "curve.png").write_bytes(b"old")

    def boom(*a):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_cost_curve(tmp_path / "curve.png", [0.7, 0.5], 10)
    assert (tmp_path / "curve.png").read_bytes() == b"old" and os.listdir(tmp_path) == ["curve.png"]


def test_a_full_disk_leaves_the_old_png_and_no_temporary(full_disk):
    """Issue 12: disk full while the curve is written (a 200 KB tmpfs, root only)."""
    from nnscratch.io.atomic import AtomicWriteError

    disk = full_disk(8192)
    f = disk / "cost_curve.png"
    f.write_bytes(b"old")  # one page of the 8192 bytes left: about 4096 remain, as before
    with pytest.raises(AtomicWriteError, match=f"^cannot write '{f}': No space left on device$"):
        write_cost_curve(f, [0.7, 0.5, 0.4], 10)
    assert f.read_bytes() == b"old"
    assert sorted(os.listdir(disk)) == ["cost_curve.png", "filler"]
