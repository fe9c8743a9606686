"""Positions in messages count the way each language indexes (CONTRIBUTING.md, "Positions in messages").

R's messages name 1-based positions (``X[2, 3]`` is "row 2, column 3"), Python's 0-based
(``X[1, 2]`` is "row 1, column 2"); every other character is the same sentence.
``positions.assert_same_message`` maps R's positions to Python's and compares the rest.
The first tests show the helper can fail; the others put the bad value at known places
and check both the exact text each language gives and the mapping.
"""
import numpy as np
import pytest

import nnscratch
from positions import PositionError, assert_same_message, positions, r_positions_to_python

X = np.random.RandomState(0).rand(3, 4)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


# -- the helper itself (no R needed) ---------------------------------------------------------------

def test_helper_maps_words_and_subscripts():
    assert r_positions_to_python("X holds NaN or infinite values (first at row 2, column 3)") == \
        "X holds NaN or infinite values (first at row 1, column 2)"
    assert r_positions_to_python("layers_dims must be positive integers; entry 2 is 0") == \
        "layers_dims must be positive integers; entry 1 is 0"
    assert r_positions_to_python("layers_dims[1] must equal the number of rows of X (3); got 5") == \
        "layers_dims[0] must equal the number of rows of X (3); got 5"
    # counts, values and other numbers are left alone
    assert r_positions_to_python("X has 3 rows (features) but 2 columns; got 12") == \
        "X has 3 rows (features) but 2 columns; got 12"
    assert r_positions_to_python("Y must hold labels 0 or 1; found 2.0 at column 2") == \
        "Y must hold labels 0 or 1; found 2.0 at column 1"
    assert positions("first at row 2, column 3 of a[4]") == ["row 2", "column 3", "[4]"]


@pytest.mark.parametrize("py, r_msg", [
    ("first at row 1, column 2", "first at row 1, column 2"),   # R 0-based: off by one
    ("first at row 1, column 2", "first at row 3, column 3"),   # off by two in the row
    ("first at row 1, column 2", "first in row 2, column 3"),   # different words
    ("entry 1 is 0", "entry 2 is 0.0"),                        # different value
    ("layers_dims[0] must", "layers_dims[2] must"),             # subscript off by one
    ("entry 1 is 0", None),                                     # R raised nothing
])
def test_helper_fails_on_a_wrong_position_or_other_words(py, r_msg):
    with pytest.raises(AssertionError):
        assert_same_message(py, r_msg)


def test_helper_refuses_position_zero_in_r():
    with pytest.raises(PositionError, match="not a 1-based position"):
        r_positions_to_python("first at row 0, column 2")


# -- both languages, bad values at known places -------------------------------------------------

def _py_error(fn, *args, **kw):
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **kw)
    return str(info.value)


@pytest.mark.parametrize("cells, py_pos, r_pos", [
    ([(1, 2)], "row 1, column 2", "row 2, column 3"),
    ([(0, 0)], "row 0, column 0", "row 1, column 1"),
    ([(2, 3)], "row 2, column 3", "row 3, column 4"),
    # the first in reading order (row by row, as numpy's argwhere), not R's column-major which()
    ([(0, 3), (1, 0)], "row 0, column 3", "row 1, column 4"),
    ([(2, 0), (1, 1)], "row 1, column 1", "row 2, column 2"),
])
def test_non_finite_position(r, cells, py_pos, r_pos):
    Xb = X.copy()
    for i, j in cells:
        Xb[i, j] = np.inf if (i + j) % 2 else np.nan
    P = {"W1": np.ones((1, 3)), "b1": np.zeros((1, 1))}
    for fn, args in [("dense_nn", (Xb, Y, [3, 1])), ("predict_labels", (Xb, None, P)),
                     ("fit_standardizer", (Xb,))]:
        py = _py_error(getattr(nnscratch, fn), *args)
        rr = r.error_message(fn, *args)
        assert py == f"X holds NaN or infinite values (first at {py_pos})", (fn, py)
        assert rr == f"X holds NaN or infinite values (first at {r_pos})", (fn, rr)
        assert_same_message(py, rr, fn)


@pytest.mark.parametrize("j", [0, 1, 3])
def test_label_position(r, j):
    Yb = Y.copy()
    Yb[0, j] = 2.0
    py = _py_error(nnscratch.dense_nn, X, Yb, [3, 1])
    rr = r.error_message("dense_nn", X, Yb, [3, 1])
    assert py == f"Y must hold labels 0 or 1; found 2.0 at column {j}"
    assert rr == f"Y must hold labels 0 or 1; found 2.0 at column {j + 1}"
    assert_same_message(py, rr)


@pytest.mark.parametrize("dims, k", [([3, 0, 1], 1), ([3, 2, -1.0, 1], 2), ([0, 1], 0)])
def test_layers_dims_entry_and_subscript(r, dims, k):
    py = _py_error(nnscratch.init_param, [int(d) if float(d).is_integer() else d for d in dims])
    rr = r.error_message("init_param", [float(d) for d in dims])
    assert py.endswith(f"entry {k} is {int(dims[k])}") and rr.endswith(f"entry {k + 1} is {int(dims[k])}"), (py, rr)
    assert_same_message(py, rr)
    py = _py_error(nnscratch.dense_nn, X, Y, [5, 1])
    rr = r.error_message("dense_nn", X, Y, [5.0, 1.0])
    assert rr == "layers_dims[1] must equal the number of rows of X (3); got 5"
    assert_same_message(py, rr)
