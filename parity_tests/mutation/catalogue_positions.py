"""Mutants of the positions named in messages (issue 14, helper examples): R counts 1-based, Python
0-based, parity_tests/positions.py maps one to the other. Format: catalogue.py."""
from __future__ import annotations

from .catalogue import P, py, r

T14b = P + "test_14b_message_positions.py"

MUTANTS = [
    r("pos-finite-order", "utils-validation.R", "first <- bad[order(bad[, 1L], bad[, 2L])[1L], ]", "first <- bad[1L, ]",
      "the first non-finite value taken column by column (which()) instead of row by row (numpy's argwhere)",
      [T14b], k="non_finite_position"),
    r("pos-label-column", "utils-validation.R", "else format(v), bad[1])) # 1-based Y[1, column]",
      "else format(v), bad[1] - 1L)) # 1-based Y[1, column]",
      "0-based column in R's label message", [T14b], k="label_position"),
    r("pos-dims-subscript", "utils-validation.R", '"layers_dims[1] must equal the number of rows of X (%d); got %s"',
      '"layers_dims[0] must equal the number of rows of X (%d); got %s"',
      "0-based subscript in R's input-width message", [T14b], k="layers_dims"),
    py("pos-finite-python-1based", "utils/validation.py", 'first at row {i}, column {j})',
       'first at row {i + 1}, column {j + 1})',
       "1-based row/column in Python's NaN message", [T14b], k="non_finite_position"),
]
