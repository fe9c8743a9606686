"""The break-it lab end to end (issue 15): ``nnscratch lab run MISTAKE`` makes the mistake in a temporary
copy, runs the parity tests that cover it and prints the failing test and its message; with --r-dir
it starts from a student's copy of R/. Every lab mistake is also run by the test command's
``python -m parity_tests.mutation --all`` (scripts/test.sh), so the full ``lab run --all`` is not
repeated here (docs/lab.md gives its time)."""
import shutil

from nnscratch.cli import main


def test_lab_run_r_mistake_prints_the_test_and_its_message(capsys):
    assert main(["lab", "run", "lab-nb-db-scalar"]) == 0
    out = capsys.readouterr().out
    assert "caught by: test_06_backward.py::test_back_prop" in out
    assert "message:   AssertionError: db: shape differs: python (3, 1) vs R (1,)" in out
    assert "lesson: " in out and "row 'db'" in out


def test_lab_run_python_mistake(capsys):
    assert main(["lab", "run", "copy-vs-alias"]) == 0
    out = capsys.readouterr().out
    assert "caught by: test_29_lab_gaps.py::test_update_leaves_the_callers_parameters_unchanged" in out


def test_lab_run_starts_from_the_students_copy(tmp_path, r_dir, capsys):
    """--r-dir: the mistake is applied to a copy of the student's folder; a copy
    where the line is missing (another version of the file) is reported, not run."""
    copy = tmp_path / "R"
    shutil.copytree(r_dir, copy)
    assert main(["lab", "run", "lab-sd-ddof", "--r-dir", str(copy)]) == 0
    out = capsys.readouterr().out
    assert f"in a temporary copy of {copy}/standardize.R" in out and "caught by: test_09c_standardize.py" in out
    f = copy / "standardize.R"
    f.write_text(f.read_text().replace("std <- sqrt(rowMeans((X - mean)^2))", "std <- sqrt(rowMeans((X - mean) ^ 2))"))
    assert main(["lab", "run", "lab-sd-ddof", "--r-dir", str(copy)]) == 2
    out = capsys.readouterr().out
    assert "the line to change is not in R/standardize.R of that copy" in out


# -- the buggy-port exercise (exercises/buggy_port): each of the six defects alone is caught, the solution passes

import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

EX = Path(__file__).resolve().parents[1] / "exercises" / "buggy_port"
SOLUTION = (EX / "solution" / "nn_port.R").read_text()
# (defect, the solution's text, the buggy port's text, the test that must fail)
DEFECTS = [
    ("sigmoid sign", "e <- exp(-abs(Z))\n  A <- 1 / (1 + e)", "e <- exp(-abs(Z))\n  A <- 1 / (1 + exp(Z))",
     "test_02_activations.py::test_sigmoid"),
    ("dAL sign", "step <- back_prop(AL - Y, caches[[L]]$linear_cache, need)",
     "step <- back_activ(-(Y / AL + (1 - Y) / (1 - AL)), caches[[L]], \"sigmoid\", need)",
     "test_06_backward.py::test_deep_model_back_every_gradient"),
    ("db scalar", "db <- matrix(rowSums(dZ) / m, ncol = 1L)", "db <- (1 / m) * sum(dZ)",
     "test_06_backward.py::test_back_prop"),
    ("update shifted", "for (l in seq_len(L)) {", "for (l in 1:(L - 1)) {", "test_07_update.py::test_update_parameters"),
    ("print never", 'if (print_cost) cat(sprintf("Cost after iteration %d: %f\\n", i, cost))',
     'if (print_cost) sprintf("Cost after iteration %d: %f\\n", i, cost)',
     "test_11_train_dense_nn.py::test_dense_nn_print_cost_prints_the_same_lines"),
    ("NULL from iteration 2", "  updated # fix 6", "  invisible(NULL) # fix 6",
     "test_11_train_dense_nn.py::test_dense_nn_same_costs_and_parameters"),
]


def _exercise_runner():
    spec = importlib.util.spec_from_file_location("buggy_port_run", EX / "run_parity.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_buggy_port_fails_and_the_solution_passes(tmp_path):
    mod = _exercise_runner()
    proc = mod.run(EX / "nn_port.R", tmp_path / "buggy")
    assert proc.returncode == 1, proc.stdout[-2000:]
    for test in ("test_sigmoid", "test_back_prop", "test_update_parameters", "test_dense_nn_same_costs"):
        assert f"::{test}" in proc.stdout, test
    proc = mod.run(EX / "solution" / "nn_port.R", tmp_path / "solution")
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.parametrize("defect,fixed,buggy,test", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_alone_is_caught(tmp_path, defect, fixed, buggy, test):
    assert SOLUTION.count(fixed) == 1, defect
    port = tmp_path / "port.R"
    port.write_text(SOLUTION.replace(fixed, buggy))
    mod = _exercise_runner()
    mod.TESTS = ["parity_tests/" + test]
    proc = mod.run(port, tmp_path)
    assert proc.returncode == 1 and "FAILED parity_tests/" + test in proc.stdout, proc.stdout[-2000:]
