"""``nnscratch walkthrough``: its R column is R's own iteration, its difference column is within the
forward/backward tolerances, and a broken R copy given with --r-dir is reported.

* R column vs R's own steps: bit-for-bit (rtol 0). The reference is one piece of R code run in the
  suite's R folder (``R_ITERATION`` below), with the tiny inputs made by R's ``numpy_random_state``:
  the same X as Python's ``RandomState(3).randn(4, 5)`` (checked here too, exactly).
* Python vs R: init (X, Y, W, b) bit-for-bit (the same random stream, test_03); every other
  intermediate within ``RTOL_SUM_ORDER`` (1e-12, test_04/test_06) of ``max(1, max |value|)``: the
  only differences are summation order inside sums of at most 5 terms of size <= 3.5, which move a
  result by a few 1e-16 (the largest measured: 2.2e-16, in Z2), carried on by the later steps.
"""
from __future__ import annotations

import shutil

import numpy as np
from compare import RTOL_SUM_ORDER, assert_same

from nnscratch.cli import main
from nnscratch.cli.walkthrough import NAMES, _rows, max_difference, one_iteration, python_steps, r_steps, \
    tiny_problem

R_ITERATION = """local({
  gen <- numpy_random_state(3)
  X <- matrix(numpy_randn(gen, 20), 4, 5, byrow = TRUE)
  Y <- matrix(c(1, 0, 1, 1, 0), 1)
  p <- init_param(c(4, 3, 1), seed = 1, init = "he")
  f <- deep_model(X, p)
  g <- deep_model_back(f$AL, Y, f$caches, input_grad = FALSE)
  new <- update_parameters(p, g, 0.1)
  Z1 <- f$caches[[1]]$activation_cache
  list(X = X, Y = Y, W1 = p$W1, b1 = p$b1, W2 = p$W2, b2 = p$b2,
       Z1 = Z1, A1 = f$caches[[2]]$linear_cache$A, Z2 = f$caches[[2]]$activation_cache, AL = f$AL,
       cost = cost_computation(f$AL, Y), dZ2 = f$AL - Y, dW2 = g$dW2, db2 = g$db2, dA1 = g$dA1,
       dZ1 = relu_backprop(g$dA1, Z1), dW1 = g$dW1, db1 = g$db1,
       `W1 new` = new$W1, `b1 new` = new$b1, `W2 new` = new$W2, `b2 new` = new$b2)
})"""

EXACT = ("X", "Y", "W1", "b1", "W2", "b2")


def r_reference(r):
    out = r.eval(R_ITERATION)
    out["cost"] = float(out["cost"][0]) if out["cost"].shape == (1,) else out["cost"]
    return out


def test_r_column_is_rs_own_iteration(r):
    want = r_reference(r)
    got = one_iteration(r_steps(r))
    assert list(got) == NAMES
    for k in NAMES:
        assert_same(k, got[k], want[k], rtol=0)
    X, _ = tiny_problem()
    assert_same("X (numpy_random_state(3) vs RandomState(3))", X, want["X"], rtol=0)


def test_python_and_r_within_the_forward_backward_tolerances(r):
    py = one_iteration(python_steps())
    rv = one_iteration(r_steps(r))
    for k in NAMES:
        if k in EXACT:
            assert_same(k, py[k], rv[k], rtol=0)
        else:
            assert_same(k, py[k], rv[k], rtol=RTOL_SUM_ORDER, scale=max(1.0, float(np.abs(py[k]).max())))


def test_command_prints_both_columns_and_the_difference(r, r_dir, capsys):
    assert main(["walkthrough", "--r-dir", str(r_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"walkthrough: R from {r_dir}" in lines
    py = one_iteration(python_steps())
    rv = r_reference(r)
    diffs = {}
    for k in NAMES:
        title = next(i for i, line in enumerate(lines) if line.startswith(f"{k}: "))
        py_rows, r_rows = _rows(py[k]), _rows(rv[k])
        body = [line.split(" | ") for line in lines[title + 4:title + 4 + len(py_rows)]]
        assert lines[title + 3].split(" | ")[0].strip() == "Python", k
        assert [b[0].strip() for b in body] == py_rows, k
        assert [b[1].strip() for b in body] == r_rows, k
        diffs[k] = max_difference(py[k], rv[k])
        assert body[0][2] == "%g" % diffs[k], k
    worst = max(NAMES, key=lambda k: diffs[k])
    assert lines[-1] == "walkthrough: largest difference over all intermediates: %g (%s)" % (diffs[worst], worst)


def test_a_broken_r_copy_is_reported(r_dir, tmp_path, capsys):
    """relu_backprop that forgets the mask (the derivative of the identity): dZ1 and everything after it
    disagree; the command says which and exits 1."""
    broken = tmp_path / "R"
    shutil.copytree(r_dir, broken)
    src = (broken / "activations.R").read_text()
    assert "  dZ[off] <- 0\n" in src
    (broken / "activations.R").write_text(src.replace("  dZ[off] <- 0\n", "", 1))
    assert main(["walkthrough", "--r-dir", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"walkthrough: R from {broken}" in out
    assert out.splitlines()[-1] == "walkthrough: Python and R disagree on dZ1, dW1, db1, W1 new, b1 new"


def test_an_r_dir_without_r_sources_exits_2(tmp_path, capsys):
    """R asked for explicitly (--r-dir) and it cannot start: the Python column, the reason, status 2."""
    assert main(["walkthrough", "--r-dir", str(tmp_path)]) == 2
    cap = capsys.readouterr()
    assert cap.err == f"nnscratch: error: R could not be started from {tmp_path}: RuntimeError: no R sources found " \
                      f"in {tmp_path}\n"
    assert "walkthrough: Python only (R is not available)" in cap.out
