"""Parity suite fixtures: one embedded R session per test run.

If R or rpy2 cannot be loaded every parity test fails with a message saying what
to install. It does not skip, unless the user opts out with
NNSCRATCH_SKIP_PARITY=1 outside CI (CI=true ignores the opt-out).
"""
from __future__ import annotations

import os
import sys

import pytest

# The test modules import their helpers as plain modules (`from compare import ...`).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from nnscratch.rbridge import INSTALL_HINT, RBridge, parity_opted_out


@pytest.fixture(scope="session")
def r():
    """The R implementation (``r.call("deep_model", X, params)``)."""
    if parity_opted_out():
        pytest.skip("NNSCRATCH_SKIP_PARITY=1: parity tests opted out (not allowed in CI)")
    try:
        # NNSCRATCH_R_DIR points the suite at another copy of R/ (e.g. one with a
        # deliberately broken step, to see which test catches it).
        r_dir = os.environ.get("NNSCRATCH_R_DIR")
        return RBridge(r_dir) if r_dir else RBridge()
    except Exception as exc:  # ImportError, R load errors, missing R packages
        pytest.fail(f"cannot start the embedded R session: {exc!r}\n{INSTALL_HINT}", pytrace=False)


def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a skipped parity test is reported as a failure."""
    import os

    if os.environ.get("CI") != "true" or call.excinfo is None:
        return None
    if call.excinfo.errisinstance(pytest.skip.Exception):
        from _pytest.reports import TestReport

        report = TestReport.from_item_and_call(item, call)
        report.outcome = "failed"
        report.longrepr = f"parity test skipped in CI (counts as failed): {call.excinfo.value}"
        return report
    return None
