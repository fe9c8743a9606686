"""docs/walkthrough.ipynb runs (nbclient, the venv's python3 kernel, R from the suite's R folder), prints
the package's own numbers, shows R's twin within the forward/backward tolerances, and its stored
outputs are the ones a fresh run prints (so the page a student reads cannot rot).

The stored outputs are compared with a fresh run's line by line, except the lines that print a
difference between the languages (``|Python - R|``): those depend on the BLAS's summation order
(a few 1e-16) and are checked against a bound instead. After changing the notebook or the package,
refresh the stored outputs with::

    .venv/bin/python parity_tests/test_28_walkthrough_notebook.py --write
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import nnscratch as nn

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "walkthrough.ipynb"
#: Sums of a few hundred terms in another order, carried through 101 iterations: far below 1e-12.
MAX_DIFF = 1e-12


def execute(path=NOTEBOOK):
    """The notebook executed in a fresh python3 kernel (the one of this interpreter), working folder docs/."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def cell_texts(nb):
    """Printed text of every code cell (stdout and stderr streams, errors as their name and value)."""
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        parts = []
        for o in c.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type == "error":
                parts.append(f"{o.ename}: {o.evalue}\n")
            elif "text/plain" in o.get("data", {}):
                parts.append(o["data"]["text/plain"] + "\n")
        out.append("".join(parts))
    return out


def without_differences(text):
    return [line for line in text.splitlines() if "|Python - R|" not in line]


@pytest.fixture(scope="module")
def executed(rb, r_dir):
    """A fresh run with the suite's R folder (``rb`` first: a missing R fails here with the install hint)."""
    old = os.environ.get("NNSCRATCH_R_DIR")
    os.environ["NNSCRATCH_R_DIR"] = str(r_dir)  # the kernel inherits the environment
    try:
        t0 = time.perf_counter()
        nb = execute()
        print(f"walkthrough notebook executed in {time.perf_counter() - t0:.1f} s")
    finally:
        if old is None:
            os.environ.pop("NNSCRATCH_R_DIR", None)
        else:
            os.environ["NNSCRATCH_R_DIR"] = old
    return "".join(cell_texts(nb)), nb


def line(out, prefix):
    hits = [ln for ln in out.splitlines() if ln.startswith(prefix)]
    assert hits, f"no line starting with {prefix!r} in the notebook's output"
    return hits[0][len(prefix):].strip()


def test_notebook_runs_with_r(executed):
    out, _ = executed
    assert "R twin: ready" in out
    assert "R is not available" not in out
    assert "Error" not in out and "Traceback" not in out


def test_tiny_network_values_are_the_packages(executed):
    out, _ = executed
    X = np.random.RandomState(3).randn(4, 5)
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    p = nn.init_param([4, 3, 1], seed=1, init="he")
    AL, _ = nn.deep_model(X, p)
    assert line(out, "cost: float") == "%.6f" % nn.cost_computation(AL, Y)
    with np.printoptions(precision=6, suppress=True, linewidth=110):  # the notebook's print options
        assert line(out, "deep_model: AL (1, 5)") == str(AL)
    _, costs = nn.dense_nn(X, Y, [4, 3, 1], learning_rate=0.1, num_iterations=500, seed=1, init="he")
    assert line(out, "costs at 0, 100, ..., 400:") == " ".join("%.6f" % c for c in costs)


def test_sample_images_values_are_the_packages(executed):
    out, _ = executed
    d = nn.create_dataset(nn.nnscratch_sample(), size=32, warn=False, cache=False)
    a, b, ya, yb = nn.train_test_split(d.X, d.y, test_size=0.15, random_state=1)
    assert line(out, "train") == f"{a.shape} test {b.shape}"
    _, idx = nn.train_test_split(np.arange(len(d.y)), test_size=0.15, random_state=1)
    assert line(out, "Python's first test samples (0-based):") == str(idx[:6])
    assert line(out, "R's first test samples (1-based):").startswith(str(idx[:6] + 1))
    X_train, X_test = nn.flatten_images(a), nn.flatten_images(b)
    Y_train, Y_test = nn.labels_to_row(ya), nn.labels_to_row(yb)
    params, costs = nn.dense_nn(X_train, Y_train, [3072, 16, 8, 1], learning_rate=0.02, num_iterations=101,
                                seed=1, init="he")
    assert line(out, "costs at 0 and 100:") == " ".join("%.6f" % c for c in costs)
    _, train_acc = nn.predict_labels(X_train, Y_train, params)
    _, test_acc = nn.predict_labels(X_test, Y_test, params)
    assert line(out, "train accuracy:") == "%.4f  test accuracy: %.4f" % (train_acc, test_acc)
    assert line(out, "R's test accuracy:") == "%.4f" % test_acc


def test_every_difference_shown_is_within_tolerance(executed):
    out, _ = executed
    diffs = [float(m) for m in re.findall(r"\|Python - R\| [^:]*: ([0-9.e+-]+)", out)]
    assert len(diffs) >= 30, diffs
    assert max(diffs) <= MAX_DIFF
    worst = float(line(out, "largest |Python - R| in this notebook:").split()[0])
    assert worst == max(diffs)


def test_vignette_states_the_notebooks_numbers(executed):
    """vignettes/walkthrough.Rmd stops (R CMD build fails) unless R prints each ``same_as_python(x, "...")``
    string; each of those strings must be printed by the notebook: Python == the strings == R."""
    out, _ = executed
    rmd = (ROOT / "vignettes" / "walkthrough.Rmd").read_text()
    stated = re.findall(r'^same_as_python\(.+?, "([^"]+)"', rmd, flags=re.M)
    assert len(stated) >= 7, stated
    missing = [s for s in stated if s not in out]
    assert not missing, f"the vignette states numbers the notebook does not print: {missing}"


def test_stored_outputs_are_a_fresh_runs(executed):
    import nbformat

    _, nb = executed
    stored = cell_texts(nbformat.read(NOTEBOOK, as_version=4))
    fresh = cell_texts(nb)
    assert len(stored) == len(fresh)
    for i, (s, f) in enumerate(zip(stored, fresh), start=1):
        assert without_differences(s) == without_differences(f), (
            f"code cell {i}: the stored output is not what the notebook prints now; refresh it with "
            f".venv/bin/python parity_tests/test_28_walkthrough_notebook.py --write")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import nbformat

    executed_nb = execute()
    nbformat.write(executed_nb, NOTEBOOK)
    print(f"wrote {NOTEBOOK.relative_to(ROOT)} with fresh outputs")
