"""Mutants of ``nnscratch walkthrough`` (python/nnscratch/cli/walkthrough.py, issue 15): each must be caught by
parity_tests/test_28_walkthrough.py (python/tests/test_cli_walkthrough.py catches them too, but the runner's
tree holds the parity tests only). Format: catalogue.py."""
from __future__ import annotations

from .catalogue import P, py

T28 = P + "test_28_walkthrough.py"

MUTANTS = [
    py("walk-r-column-is-python", "cli/walkthrough.py",
       "r_values = one_iteration(r_steps(RSteps(RBridge(folder))), X, Y)",
       "r_values = one_iteration(python_steps(), X, Y)",
       "the R column computed by Python's steps (a side-by-side that compares a language with itself)", [T28]),
    py("walk-dz1-unmasked", "cli/walkthrough.py", 'out["dZ1"] = steps.relu_backprop(grads["dA1"], Z1)',
       'out["dZ1"] = grads["dA1"]', "dZ1 shown without the ReLU mask", [T28], k="own_iteration"),
    py("walk-explicit-r-dir-status", "cli/walkthrough.py", "            return 2", "            return 0",
       "--r-dir given and R cannot start: status 0 instead of 2", [T28], k="exits_2"),
    py("walk-differs-never", "cli/walkthrough.py", "DIFFERS = 1e-6", "DIFFERS = 1e6",
       "a broken R copy reported as agreeing", [T28], k="broken"),
]
