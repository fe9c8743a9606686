"""pytest plugin loaded by the mutation runner (``-p parity_tests.mutation.canary``).

It stops the run before any test (exit status 4, reported by the runner as an
error, never as a kill) unless the code under test is the mutant's tree:

* ``NNSCRATCH_MUTATION_EXPECT_PY``: ``nnscratch`` must be imported from that folder;
* ``NNSCRATCH_MUTATION_EXPECT_R``: the parity harness must run that R folder.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_configure(config):
    want_py = os.environ.get("NNSCRATCH_MUTATION_EXPECT_PY")
    want_r = os.environ.get("NNSCRATCH_MUTATION_EXPECT_R")
    import nnscratch
    from nnscratch.parity.bridge import r_dir

    got_py = Path(nnscratch.__file__).resolve().parent
    if want_py and got_py != Path(want_py).resolve():
        raise pytest.UsageError(f"mutation canary: nnscratch is imported from {got_py}, not the mutated copy {want_py}")
    got_r = r_dir().resolve()
    if want_r and got_r != Path(want_r).resolve():
        raise pytest.UsageError(f"mutation canary: the parity harness runs {got_r}, not the mutated copy {want_r}")
