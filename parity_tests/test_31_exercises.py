"""exercises/: the R check scripts pass the R solutions and fail the unfilled starters, and
exercises/tanh/parity_check.py says the two solutions agree and catches a disagreement.

Runs Rscript (from here, so a missing R fails loudly); check_gradient.R sources the
suite's R folder (NNSCRATCH_R_DIR)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import rsession

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "exercises"
R_CHECKS = [("tanh", "check_tanh.R", "tanh.R"), ("gradient_check", "check_gradient.R", "gradient_check.R")]


def rscript(script, student, env):
    return subprocess.run(["Rscript", "--vanilla", str(script), str(student)], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.parametrize("folder,check,file", R_CHECKS)
def test_r_solution_passes_the_check(folder, check, file, rscript_env):
    proc = rscript(EX / folder / check, EX / folder / "solution" / file, rscript_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "PASS"


@pytest.mark.parametrize("folder,check,file", R_CHECKS)
def test_r_unfilled_starter_fails_the_check(folder, check, file, rscript_env):
    proc = rscript(EX / folder / check, EX / folder / file, rscript_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "TODO" in proc.stdout and proc.stdout.splitlines()[-1] == "FAIL"


def test_r_check_refuses_a_plain_vector(rscript_env, tmp_path):
    """Dropping the dim (as.vector) is a wrong port even with the right numbers."""
    text = (EX / "tanh" / "solution" / "tanh.R").read_text()
    bad = tmp_path / "tanh.R"
    bad.write_text(text.replace("list(A = A, cache = Z)", "list(A = as.vector(A), cache = Z)"))
    proc = rscript(EX / "tanh" / "check_tanh.R", bad, rscript_env)
    assert proc.returncode == 1 and "dim differs" in proc.stdout, proc.stdout


def parity(py_file, r_file, env):
    return subprocess.run([sys.executable, str(EX / "tanh" / "parity_check.py"), str(py_file), str(r_file)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_parity_check_the_two_solutions_agree(rscript_env):
    sol = EX / "tanh" / "solution"
    proc = parity(sol / "tanh.py", sol / "tanh.R", rscript_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "PASS: your two versions agree"


def test_parity_check_catches_a_sign_in_the_r_derivative(rscript_env, tmp_path):
    sol = EX / "tanh" / "solution"
    bad = tmp_path / "tanh.R"
    bad.write_text((sol / "tanh.R").read_text().replace("dA * (1 - t * t)", "dA * (1 + t * t)"))
    proc = parity(sol / "tanh.py", bad, rscript_env)
    assert proc.returncode == 1
    assert "tanh_forward: python and R agree" in proc.stdout
    assert "tanh_backprop: differs at" in proc.stdout


def test_parity_check_fails_on_the_unfilled_starters(rscript_env):
    rsession.require_rscript()
    proc = parity(EX / "tanh" / "tanh.py", EX / "tanh" / "tanh.R", rscript_env)
    assert proc.returncode == 1 and proc.stdout.splitlines()[-1] == "FAIL"
