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


# -- issue 13: training and validation cost per epoch --------------------------------------------------

NAN = float("nan")


def plotted(monkeypatch):
    """Record every Axes.plot call: (x, y, label)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.axes import Axes

    seen = []
    original = Axes.plot

    def plot(self, *args, **kwargs):
        seen.append((list(args[0]), list(args[1]), kwargs.get("label")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "plot", plot)
    return seen


def test_history_curve_draws_training_and_validation_with_a_legend(tmp_path, monkeypatch):
    from matplotlib.axes import Axes

    from nnscratch.io.plot import write_history_curve

    seen = plotted(monkeypatch)
    legends = []
    original_legend = Axes.legend
    monkeypatch.setattr(Axes, "legend", lambda self, *a, **k: legends.append(1) or original_legend(self, *a, **k))
    history = {"epoch": [1, 2, 3], "cost": [0.7, 0.6, 0.5], "val_cost": [0.8, 0.65, 0.62],
               "accuracy": [0.5] * 3, "val_accuracy": [0.5] * 3}
    assert write_history_curve(tmp_path / "curve.png", history) == tmp_path / "curve.png"
    assert seen == [([1.0, 2.0, 3.0], [0.7, 0.6, 0.5], "training"), ([1.0, 2.0, 3.0], [0.8, 0.65, 0.62], "validation")]
    assert legends == [1]
    img = cv2.imread(str(tmp_path / "curve.png"))
    assert img.shape == (400, 600, 3)
    assert os.listdir(tmp_path) == ["curve.png"]


def test_history_curve_without_validation_draws_one_line(tmp_path, monkeypatch):
    from nnscratch.io.plot import write_history_curve

    seen = plotted(monkeypatch)
    write_history_curve(tmp_path / "a.png", {"epoch": [1, 2], "cost": [0.7, 0.6], "val_cost": [NAN, NAN]})
    write_history_curve(tmp_path / "b.png", {"epoch": [1, 2], "cost": [0.7, 0.6]})
    write_history_curve(tmp_path / "c.png", {"epoch": [], "cost": [], "val_cost": []})
    assert [s[2] for s in seen] == ["training", "training", "training"]
    assert sorted(os.listdir(tmp_path)) == ["a.png", "b.png", "c.png"]
    with pytest.raises(ValueError, match="same length"):
        write_history_curve(tmp_path / "d.png", {"epoch": [1, 2], "cost": [0.7]})


def test_history_curve_full_disk_leaves_the_old_png(full_disk):
    from nnscratch.io.atomic import AtomicWriteError
    from nnscratch.io.plot import write_history_curve

    disk = full_disk(8192)
    f = disk / "cost_curve.png"
    f.write_bytes(b"old")
    with pytest.raises(AtomicWriteError, match=f"^cannot write '{f}': No space left on device$"):
        write_history_curve(f, {"epoch": [1, 2, 3], "cost": [0.7, 0.5, 0.4], "val_cost": [0.8, 0.6, 0.5]})
    assert f.read_bytes() == b"old"
    assert sorted(os.listdir(disk)) == ["cost_curve.png", "filler"]
