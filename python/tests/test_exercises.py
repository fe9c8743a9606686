"""exercises/: the Python check scripts pass the solutions and fail the unfilled starters
(and a solution with one mistake). The R checks and the Python-vs-R parity check are in
parity_tests/test_31_exercises.py."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "exercises"
CHECKS = [("tanh", "check_tanh.py", "tanh.py"), ("gradient_check", "check_gradient.py", "gradient_check.py")]


def run(script, student):
    return subprocess.run([sys.executable, str(script), str(student)], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("folder,check,file", CHECKS)
def test_solution_passes_the_check(folder, check, file):
    proc = run(EX / folder / check, EX / folder / "solution" / file)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "PASS"
    assert "expected" in proc.stdout and "yours" in proc.stdout


@pytest.mark.parametrize("folder,check,file", CHECKS)
def test_unfilled_starter_fails_the_check(folder, check, file):
    proc = run(EX / folder / check, EX / folder / file)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "not implemented yet" in proc.stdout and proc.stdout.splitlines()[-1] == "FAIL"


@pytest.mark.parametrize("folder,check,file,original,wrong", [
    ("tanh", "check_tanh.py", "tanh.py", "(1.0 - t * t)", "(1.0 + t * t)"),
    # the naive formula: exp(-2|Z|) without expm1 loses half the digits at Z = 1e-8
    ("tanh", "check_tanh.py", "tanh.py", "e = np.expm1(-2.0 * np.abs(Z))", "e = np.exp(-2.0 * np.abs(Z)) - 1.0"),
    ("gradient_check", "check_gradient.py", "gradient_check.py", "(2.0 * epsilon)", "epsilon"),
    ("gradient_check", "check_gradient.py", "gradient_check.py",
     "np.linalg.norm(grad) + np.linalg.norm(gradapprox)", "np.linalg.norm(grad)"),
])
def test_a_solution_with_one_mistake_fails(folder, check, file, original, wrong, tmp_path):
    text = (EX / folder / "solution" / file).read_text()
    assert text.count(original) == 1
    bad = tmp_path / file
    bad.write_text(text.replace(original, wrong))
    proc = run(EX / folder / check, bad)
    assert proc.returncode == 1 and "FAIL" in proc.stdout, proc.stdout
