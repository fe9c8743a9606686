"""docs/python-vs-r.md: every R snippet runs and prints exactly the output the guide shows.

One Rscript process runs all the R snippets (the snippets are extracted by
python/tests/test_docs_guide.py's ``snippets``): the suite's R folder
(``NNSCRATCH_R_DIR`` or R/) is sourced once into ``env``, and each snippet runs in
its own environment (parent ``env``) through ``source(print.eval = TRUE)``, so it
prints what it would print at the R prompt; options are restored after each one.
Warnings go to stderr and are not compared (a snippet that shows a warning catches
it and prints its message). Rscript missing fails the module (it never skips).
"""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

import rsession

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("_guide_snippets", ROOT / "python" / "tests" / "test_docs_guide.py")
_guide = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_guide)

R_SNIPPETS = [s for s in _guide.snippets() if s[1] == "r"]

DRIVER = r"""
options(useFancyQuotes = FALSE, width = 80, warn = 1)
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2])
for (i in seq_len(n)) {
  code <- readLines(file.path(args[1], sprintf("%03d.R", i)), encoding = "UTF-8")
  e <- new.env(parent = env)
  op <- options()
  out <- tryCatch(
    capture.output(source(exprs = parse(text = code, keep.source = FALSE), local = e,
                          print.eval = TRUE, echo = FALSE)),
    error = function(err) paste("SNIPPET ERROR:", conditionMessage(err))
  )
  options(op)
  writeLines(out, file.path(args[1], sprintf("%03d.out", i)), useBytes = TRUE)
}
"""


@pytest.fixture(scope="module")
def r_outputs(tmp_path_factory, rscript_env):
    rsession.require_rscript()
    d = tmp_path_factory.mktemp("guide_r")
    for i, (_, _, code, _) in enumerate(R_SNIPPETS, start=1):
        (d / f"{i:03d}.R").write_text(code, encoding="utf-8")
    (d / "driver.R").write_text(rsession.rscript_prelude() + DRIVER, encoding="utf-8")
    env = dict(rscript_env, LANGUAGE="en")
    proc = subprocess.run(["Rscript", "--vanilla", str(d / "driver.R"), str(d), str(len(R_SNIPPETS))],
                          cwd=str(d), env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {sid: (d / f"{i:03d}.out").read_text(encoding="utf-8")
            for i, (sid, _, _, _) in enumerate(R_SNIPPETS, start=1)}


def test_the_guide_has_r_snippets():
    assert len(R_SNIPPETS) >= 25


@pytest.mark.parametrize("sid,expected", [(s[0], s[3]) for s in R_SNIPPETS], ids=[s[0] for s in R_SNIPPETS])
def test_r_snippet_prints_the_documented_output(r_outputs, sid, expected):
    assert r_outputs[sid] == expected
