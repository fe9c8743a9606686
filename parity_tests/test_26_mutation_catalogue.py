"""The mutation catalogue cannot rot, and the runner measures what it says (docs/mutation.md).

The full run (``python -m parity_tests.mutation --all``) is a separate command;
these tests keep it usable: every original text still found exactly once, every
file of R/ and of the Python core covered, one line changed per mutant, the
copy really being the code under test, and one known mutant really killed.
"""
from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

from parity_tests.mutation import runner
from parity_tests.mutation.catalogue import MUTANTS

ROOT = Path(__file__).resolve().parents[1]
CORE = ["activations", "init_param", "forward", "cost", "backward", "update", "train", "predict", "split"]


def test_check_mode_finds_every_original_exactly_once():
    proc = subprocess.run([sys.executable, "-m", "parity_tests.mutation", "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(MUTANTS)} mutants" in proc.stdout


def test_check_mode_fails_loudly_on_a_rotten_entry(tmp_path):
    rotten = dict(MUTANTS[0], original="this text is in no file")
    problems = runner.check_catalogue([rotten])
    assert len(problems) == 1 and "found 0 times" in problems[0], problems
    doubled = dict(MUTANTS[0], original="<-")  # everywhere
    assert "must be exactly once" in runner.check_catalogue([doubled])[0]


def test_catalogue_covers_every_file_of_r_and_of_the_python_core():
    files = {m["file"] for m in MUTANTS}
    wanted = ({f"R/{p.name}" for p in (ROOT / "R").glob("*.R")} | {f"python/nnscratch/{c}.py" for c in CORE}
              | {f"src/{p.name}" for p in (ROOT / "src").glob("*.c") if p.name != "init.c"})  # init.c: registration
    assert wanted - files == set()
    assert len(MUTANTS) >= 60
    assert {m["lang"] for m in MUTANTS} == {"r", "python"}


def test_every_equivalent_mutant_says_why():
    for m in MUTANTS:
        if "equivalent" in m:
            assert len(m["equivalent"]) > 30, m["id"]


def test_apply_mutant_changes_exactly_one_line_of_a_copy(tmp_path):
    for lang in ("r", "python"):
        m = next(x for x in MUTANTS if x["lang"] == lang)
        work = tmp_path / lang
        work.mkdir()
        env = runner.apply_mutant(m, work)
        tree = Path(env["cwd"])
        assert env["NNSCRATCH_R_DIR"] == str(tree / "R")
        assert env["PYTHONPATH"].split(os.pathsep)[0] == str(tree / "python")
        assert not (tree / "data" / "sample" / ".nnscratch-cache").exists()  # the checkout's cache is not used
        before = (ROOT / m["file"]).read_text(encoding="utf-8").splitlines()
        after = (tree / m["file"]).read_text(encoding="utf-8").splitlines()
        changed = [d for d in difflib.ndiff(before, after) if d[:1] in "+-"]
        assert len(changed) == 2 and m["replacement"] in changed[1], changed
        assert (ROOT / m["file"]).read_text(encoding="utf-8").count(m["original"]) == 1  # the checkout untouched


def test_canary_stops_a_run_that_would_test_the_checkout_instead_of_the_copy(tmp_path):
    env = dict(os.environ, NNSCRATCH_MUTATION_EXPECT_PY=str(tmp_path / "python" / "nnscratch"))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "parity_tests.mutation.canary", "parity_tests/test_07_update.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "not the mutated copy" in proc.stdout + proc.stderr


def test_runner_kills_a_known_mutant_in_each_language():
    for mid in ("r-act-relu-max", "py-update-b-sign"):
        m = next(x for x in MUTANTS if x["id"] == mid)
        res = runner.run_mutant(m, timeout=300)
        assert res.status == "killed", (mid, res)
        assert res.by.startswith(m["tests"][0]), (mid, res)
