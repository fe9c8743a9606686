"""The layout rules of CONTRIBUTING.md, checked on the tree itself.

* python/nnscratch/ top level holds only the notebook's steps and the package entry;
* every R source file R/X.R has its testthat file tests/testthat/test-X.R;
* every Python module of a family (engine/, data/, io/, cli/, utils/) has a test file
  python/tests/test_<family>_<module>.py, and every core module test_<module>.py;
* ``dense_nn`` (the notebook's loop) fits on one screen in both languages and never
  meets the engine (threads, blocks, checkpoints, signals).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "python" / "nnscratch"
R_DIR = ROOT / "R"

#: The teaching core: the notebook's steps, one module each, in both languages.
CORE = ["activations", "init_param", "forward", "cost", "backward", "update", "train", "predict", "split",
        # issue 13: the training steps the course adds after the notebook
        "batches", "schedules", "standardize", "regularization", "dropout"]
FAMILIES = ["engine", "data", "io", "cli", "utils", "parity", "api"]  # api: the object APIs (issue 14)
#: R files that need no test file of their own, and why.
R_WITHOUT_TESTS = {"nnscratch-package.R": "package documentation only (no code)"}
#: Python modules that need no test file of their own, and why.
PY_WITHOUT_TESTS = {
    "__init__.py": "re-exports only",
    "__main__.py": "one line; `python -m nnscratch` runs in test_cli_* tests",
}
#: Words that belong to the engine, never to the teaching loop.
ENGINE_WORDS = ["thread", "block", "checkpoint", "signal", "interrupt", "fused", "forward_backward", "callback"]
ONE_SCREEN = 60  # lines, docstring/roxygen included


def test_python_top_level_is_the_core():
    modules = sorted(p.stem for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert modules == sorted(CORE)
    folders = sorted(p.name for p in PKG.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(FAMILIES)


def test_r_core_files_are_unprefixed_and_the_rest_has_a_family():
    names = sorted(p.stem for p in R_DIR.glob("*.R"))
    unprefixed = [n for n in names if "-" not in n]
    assert sorted(unprefixed) == sorted(CORE)
    families = {n.split("-", 1)[0] for n in names if "-" in n} - {"nnscratch"}
    assert families <= {"engine", "data", "io", "cli", "utils", "api"}, families


def test_every_r_file_has_its_test_file():
    missing = [p.name for p in sorted(R_DIR.glob("*.R"))
               if p.name not in R_WITHOUT_TESTS
               and not (ROOT / "tests" / "testthat" / f"test-{p.stem}.R").is_file()]
    assert not missing, f"R files without tests/testthat/test-<same name>.R: {missing}"


def test_every_python_module_has_its_test_file():
    missing = []
    for p in sorted(PKG.rglob("*.py")):
        if "__pycache__" in p.parts or p.name in PY_WITHOUT_TESTS:
            continue
        rel = p.relative_to(PKG)
        if rel.parts[0] == "parity":
            continue  # the parity package is tested by parity_tests/ as a whole
        name = "_".join(rel.with_suffix("").parts)
        if not (ROOT / "python" / "tests" / f"test_{name}.py").is_file():
            missing.append(str(rel))
    assert not missing, f"modules without python/tests/test_<family>_<module>.py: {missing}"


def _python_dense_nn():
    text = (PKG / "train.py").read_text()
    start = text.index("def dense_nn(")
    return text[start:]


def _r_dense_nn():
    text = (R_DIR / "train.R").read_text()
    start = text.rfind("#'", 0, text.index("dense_nn <- function("))
    start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    return text[start:]


@pytest.mark.parametrize("source", [_python_dense_nn, _r_dense_nn], ids=["python", "R"])
def test_dense_nn_is_the_plain_loop_on_one_screen(source):
    code = source()
    n = code.count("\n")
    assert n <= ONE_SCREEN, f"dense_nn is {n} lines; the teaching loop should fit on one screen ({ONE_SCREEN})"
    body = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("#'"))  # a @seealso may point at the engine
    for word in ENGINE_WORDS:
        assert not re.search(word, body, re.IGNORECASE), f"dense_nn mentions {word!r}: that belongs to the engine"
    for step in ("init_param", "deep_model", "cost_computation", "deep_model_back", "update_parameters"):
        assert step in code, f"dense_nn does not call {step}"
