"""The one place that says which R the parity suite runs, for the embedded session
and for every R subprocess (Rscript scripts, the R command line, its launcher).

The folder is ``$NNSCRATCH_R_DIR`` when set, else the checkout's ``R/``
(:func:`nnscratch.parity.bridge.r_dir`). Subprocesses get it through the
environment (:func:`env`): inst/nnscratch.R sources that folder, and
:func:`rscript_prelude` sources it into ``env`` for an Rscript script.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nnscratch.parity.bridge import INSTALL_HINT, ROOT
from nnscratch.parity.bridge import r_dir as _r_dir

SCRIPT = ROOT / "inst" / "nnscratch.R"
LAUNCHER = ROOT / "inst" / "nnscratch-r"


def r_dir() -> Path:
    return _r_dir().resolve()


def require_rscript():
    if shutil.which("Rscript") is None:
        pytest.fail(f"Rscript not found on the PATH.\n{INSTALL_HINT}", pytrace=False)


def env(folder=None) -> dict:
    """os.environ with NNSCRATCH_R_DIR set to ``folder`` (default: the suite's R folder)."""
    e = dict(os.environ)
    e["NNSCRATCH_R_DIR"] = str(folder or r_dir())
    return e


def r_cli() -> list:
    return ["Rscript", str(SCRIPT)]


def r_launcher() -> list:
    return [str(LAUNCHER)]


def rscript_prelude(folder=None) -> str:
    """R code sourcing every R/*.R of ``folder`` (default: the suite's) into ``env``, in byte order."""
    folder = str(folder or r_dir())
    src = Path(folder).parent / "src"
    if not any(src.glob("*.c")):
        src = ROOT / "src"
    return f"""
options(nnscratch.src_dir = {str(src)!r})
env <- new.env(parent = globalenv())
for (f in sort(list.files({folder!r}, pattern = "[.][Rr]$", full.names = TRUE), method = "radix")) {{
  sys.source(f, envir = env, keep.source = FALSE)
}}
"""
