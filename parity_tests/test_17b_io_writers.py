"""The writers of the io layer, in both languages: what they leave on disk, the cost CSV's bytes and the
cost plot's x values.

* **Only the file itself**: every writer goes through atomic_write (a temporary ``.tmp-*`` file in the same
  folder, renamed into place). After each writer the folder holds exactly the files written, in both
  languages: a copy instead of a rename would leave the temporary file next to the result.
* **The cost CSV**: ``write_costs_csv`` on the same costs gives the same bytes (``%d`` iterations, ``%.17g``
  costs: every double read back exactly, 1/3 included).
* **The cost plot**: the two plots are drawn by different libraries (matplotlib, base graphics) and are not
  compared as pictures, but the x value of every point must be the same: the iteration of each recorded cost,
  ``0, cost_every, 2 cost_every, ...``. Each side's plotting call is intercepted (R: ``trace`` on
  ``graphics::lines``; Python: ``Axes.plot``); the x axis takes numbers (R doubles, Python ints), so the values
  are compared as doubles.
"""
import os

import numpy as np
import pytest

from compare import assert_same
from nnscratch import init_param
from nnscratch.data.npy import write_npy
from nnscratch.io.costs import costs_to_csv_lines, write_costs_csv
from nnscratch.io.model import save_model
from nnscratch.io.plot import write_cost_curve

COSTS = [0.6931471805599453, 1 / 3, 0.1, 2.5e-300, 5e-324, 34.538776394910684, 0.15]

R_PLOT_X = """
nn_test_plot_x <- function(path, costs, cost_every) {
  seen <- new.env()
  seen$x <- list()
  suppressMessages(trace("lines", where = asNamespace("graphics"), print = FALSE,
                         tracer = bquote(assign("x", c(get("x", envir = .(seen)), list(x)), envir = .(seen)))))
  on.exit(suppressMessages(untrace("lines", where = asNamespace("graphics"))))
  write_cost_curve(path, costs, cost_every)
  seen$x
}
nn_test_save_model <- function(path, parameters, meta) save_model(path, parameters, meta)
"""


@pytest.fixture(scope="module")
def rw(r):
    r.eval(R_PLOT_X)
    return r


def listing(folder):
    return sorted(os.listdir(folder))


def test_each_writer_leaves_only_its_file(rw, tmp_path):
    params = init_param([3, 2, 1], seed=2)
    meta = {"architecture": [3, 2, 1], "seed": 2}
    writers = [
        ("model.txt", lambda p: save_model(p, params, meta),
         lambda p: rw.call("nn_test_save_model", str(p), params, {"architecture": np.array([3.0, 2.0, 1.0]),
                                                                    "seed": 2.0})),
        ("costs.csv", lambda p: write_costs_csv(p, COSTS, 100), lambda p: rw.call("write_costs_csv", str(p), COSTS, 100)),
        ("costs.png", lambda p: write_cost_curve(p, COSTS[:3], 100),
         lambda p: rw.call("write_cost_curve", str(p), COSTS[:3], 100)),
        ("x.npy", lambda p: write_npy(p, np.arange(6.0).reshape(2, 3)),
         lambda p: rw.call("write_npy", str(p), np.arange(6.0).reshape(2, 3))),
    ]
    folders = {"python": tmp_path / "py", "R": tmp_path / "r"}
    for f in folders.values():
        f.mkdir()
    written = []
    for name, py_write, r_write in writers:
        py_write(folders["python"] / name)
        r_write(folders["R"] / name)
        written.append(name)
        for side, f in folders.items():
            assert listing(f) == sorted(written), f"{side} after writing {name}: {listing(f)}"
        # written again over the old file: still only the file
        py_write(folders["python"] / name)
        r_write(folders["R"] / name)
        for side, f in folders.items():
            assert listing(f) == sorted(written), f"{side} after rewriting {name}: {listing(f)}"


@pytest.mark.parametrize("cost_every", [1, 7, 100])
def test_cost_csv_same_bytes(rw, tmp_path, cost_every):
    py_file, r_file = tmp_path / "py.csv", tmp_path / "r.csv"
    write_costs_csv(py_file, COSTS, cost_every)
    rw.call("write_costs_csv", str(r_file), COSTS, cost_every)
    assert r_file.read_bytes() == py_file.read_bytes(), (r_file.read_text(), py_file.read_text())
    assert rw.call("costs_to_csv_lines", COSTS, cost_every) == costs_to_csv_lines(COSTS, cost_every)
    back = [float(line.split(",")[1]) for line in py_file.read_text().splitlines()[1:]]
    assert back == COSTS  # %.17g reads back exactly
    assert rw.call("costs_to_csv_lines", np.zeros(0), cost_every) == costs_to_csv_lines([], cost_every)


@pytest.mark.parametrize("n, cost_every", [(1, 100), (3, 7), (25, 100)])
def test_cost_plot_x_values(rw, tmp_path, monkeypatch, n, cost_every):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.axes import Axes

    costs = list(np.linspace(0.7, 0.05, n))
    seen = []
    original = Axes.plot

    def plot(self, *args, **kwargs):
        seen.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "plot", plot)
    write_cost_curve(tmp_path / "py.png", costs, cost_every)
    r_x = rw.call("nn_test_plot_x", str(tmp_path / "r.png"), costs, cost_every)
    assert len(seen) == 1 and len(r_x) == 1, (seen, r_x)
    expected = np.arange(n, dtype=np.float64) * cost_every
    assert_same("python plot x", expected, np.asarray(seen[0], dtype=np.float64), rtol=0)
    assert_same("plot x", np.asarray(seen[0], dtype=np.float64), r_x[0], rtol=0)
