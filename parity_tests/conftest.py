"""Parity suite fixtures: one embedded R session per test run, and the R folder every test runs.

* ``r``: the R implementation with Python's step signatures
  (:class:`nnscratch.parity.adapter.RSteps`): ``AL, caches = r.deep_model(X, params)``.
  ``r.call(name, ...)`` reaches any other R function of the sourced folder.
* ``rb``: the bridge under it (plain conversion, ``rb.formals``, ``rb.exists``).
* ``r_dir``: the R folder all of them run: ``$NNSCRATCH_R_DIR`` when set (a copy
  of ``R/``, e.g. with one step broken), else the checkout's ``R/``.
* ``r_cli`` / ``r_launcher`` / ``rscript_env``: the R command line
  (``Rscript inst/nnscratch.R``), the sh launcher (``inst/nnscratch-r``) and
  the environment for every R subprocess (``NNSCRATCH_R_DIR`` = ``r_dir``), so
  subprocesses run the same folder as the embedded session (see rsession.py).

If R or rpy2 cannot be loaded every parity test fails with a message saying what
to install. It does not skip, unless the user opts out with
NNSCRATCH_SKIP_PARITY=1 outside CI (CI=true ignores the opt-out, and a skipped
parity test is reported as failed there).
"""
from __future__ import annotations

import os
import sys

import pytest

# The test modules import their helpers as plain modules (`from compare import ...`).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rsession  # noqa: E402
from nnscratch.parity.bridge import INSTALL_HINT, RBridge, parity_opted_out  # noqa: E402


@pytest.fixture(scope="session")
def r_dir():
    """The R folder the whole suite runs (embedded session and subprocesses)."""
    return rsession.r_dir()


@pytest.fixture(scope="session")
def rb(r_dir):
    """The embedded R session with ``r_dir`` sourced."""
    if parity_opted_out():
        pytest.skip("NNSCRATCH_SKIP_PARITY=1: parity tests opted out (not allowed in CI)")
    try:
        return RBridge(r_dir)
    except Exception as exc:  # ImportError, R load errors, missing R packages
        pytest.fail(f"cannot start the embedded R session: {exc!r}\n{INSTALL_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def r(rb):
    """The R steps with Python's signatures and result shapes."""
    from nnscratch.parity.adapter import RSteps

    return RSteps(rb)


@pytest.fixture(scope="session")
def rscript_env(r_dir):
    """Environment of every R subprocess: NNSCRATCH_R_DIR names the folder under test."""
    rsession.require_rscript()
    return rsession.env(r_dir)


@pytest.fixture(scope="session")
def r_cli(rscript_env):
    """The R command line: ``r_cli + ["train", ...]`` (run with ``env=rscript_env``)."""
    return rsession.r_cli()


@pytest.fixture(scope="session")
def r_launcher(rscript_env):
    """The sh launcher inst/nnscratch-r (SIGTERM -> SIGINT for R)."""
    return rsession.r_launcher()


def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a skipped parity test is reported as a failure."""
    if os.environ.get("CI") != "true" or call.excinfo is None:
        return None
    if call.excinfo.errisinstance(pytest.skip.Exception):
        from _pytest.reports import TestReport

        report = TestReport.from_item_and_call(item, call)
        report.outcome = "failed"
        report.longrepr = f"parity test skipped in CI (counts as failed): {call.excinfo.value}"
        return report
    return None
