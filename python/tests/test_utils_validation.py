"""User-facing argument checks (nnscratch.utils.validation) of the public entry points (same wording in R: tests/testthat/test-utils-validation.R)."""
import numpy as np
import pytest

from nnscratch import dense_nn, for_activation
from nnscratch.utils.validation import check_layers_dims, check_positive_int, is_integral

X = np.random.RandomState(0).rand(3, 4)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


@pytest.mark.parametrize("kwargs, exc, msg", [
    (dict(layers_dims=[3]), ValueError, r"layers_dims must have at least 2 entries"),
    (dict(layers_dims=[3, 0, 1]), ValueError, r"layers_dims must be positive integers; entry 1 is 0"),
    (dict(layers_dims=[3, -4, 1]), ValueError, r"entry 1 is -4"),
    (dict(layers_dims=[3, 2.5, 1]), ValueError, r"entry 1 is 2.5"),
    (dict(layers_dims=[5, 2, 1]), ValueError, r"layers_dims\[0\] must equal the number of rows of X \(3\); got 5"),
    (dict(layers_dims=[3, 2, 2]), ValueError, r"the last entry of layers_dims must be 1"),
    (dict(Y=np.array([[0.0, 1.0, 1.0]])), ValueError, r"X and Y must have the same number of samples \(columns\): X has 4, Y has 3"),
    (dict(Y=np.array([0.0, 1.0, 1.0, 0.0])), ValueError, r"Y must be a 2-D array"),
    (dict(Y=np.array([[0.0, 2.0, 1.0, 0.0]])), ValueError, r"Y must hold labels 0 or 1; found 2.0 at column 1"),
    (dict(X=np.where(np.eye(3, 4) > 0, np.nan, X)), ValueError, r"X holds NaN or infinite values \(first at row 0, column 0\)"),
    (dict(X=np.full((3, 4), np.inf)), ValueError, r"X holds NaN or infinite values"),
    (dict(X=[[1, 2]]), TypeError, r"X must be a numpy array"),
    (dict(learning_rate=0), ValueError, r"learning_rate must be a positive number; got 0"),
    (dict(learning_rate=-0.1), ValueError, r"learning_rate must be a positive number; got -0.1"),
    (dict(learning_rate=float("nan")), ValueError, r"learning_rate must be a positive number"),
    (dict(num_iterations=0), ValueError, r"num_iterations must be a positive integer; got 0"),
    (dict(num_iterations=2.5), ValueError, r"num_iterations must be a positive integer; got 2.5"),
    (dict(init="glorot"), ValueError, r"init must be one of 'scaled', 'xavier', 'he'; got 'glorot'"),
    (dict(seed=-1), ValueError, r"seed must be an integer in \[0, 4294967295\]; got -1"),
])
def test_dense_nn_rejects(kwargs, exc, msg):
    args = dict(X=X, Y=Y, layers_dims=[3, 2, 1], learning_rate=0.1, num_iterations=2)
    args.update(kwargs)
    with pytest.raises(exc, match=msg):
        dense_nn(**args)


def test_checks_survive_python_O():
    # real checks, not asserts: run the same call under -O in a subprocess
    import subprocess
    import sys

    code = ("import numpy as np, nnscratch as nn\n"
            "try:\n nn.dense_nn(np.ones((3,4)), np.ones((1,3)), [3,1], num_iterations=1)\n"
            "except ValueError as e: print('raised', e)\n")
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("raised X and Y must have the same number of samples")


def test_unknown_activation():
    with pytest.raises(ValueError, match="activation must be 'relu' or 'sigmoid'; got 'tanh'"):
        for_activation(X, np.ones((1, 3)), np.zeros((1, 1)), "tanh")


@pytest.mark.parametrize("x, expected", [(3, True), (3.0, True), (np.int64(2), True), (np.float64(4.0), True),
                                         (2.5, False), (True, False), (np.bool_(True), False), (float("inf"), False),
                                         (float("nan"), False), ("3", False), (None, False)])
def test_is_integral(x, expected):
    assert is_integral(x) is expected


def test_check_layers_dims_returns_ints():
    assert check_layers_dims([3.0, 2, np.int64(1)]) == [3, 2, 1]
    assert check_layers_dims(np.array([4, 1])) == [4, 1]
    with pytest.raises(ValueError, match=r"layers_dims must have at least 2 entries \(input width, ..., output width\); got \[3\]"):
        check_layers_dims(np.array([3]))


def test_check_positive_int():
    assert check_positive_int("n", 2.0) == 2
    assert check_positive_int("n", 0, allow_zero=True) == 0
    with pytest.raises(ValueError, match="n must be a non-negative integer; got -1"):
        check_positive_int("n", -1, allow_zero=True)
    with pytest.raises(ValueError, match="n must be a positive integer; got True"):
        check_positive_int("n", True)


def test_check_finite_fast_path_still_finds_values_whose_sum_overflows_or_cancels():
    """The finite-sum shortcut must not hide a bad value, and finite values whose sum overflows pass."""
    import numpy as np
    from nnscratch.utils.validation import check_finite

    check_finite("X", np.full((2, 3), 1e308))                 # sum overflows to inf: every value is finite
    a = np.zeros((2, 3)); a[1, 0], a[1, 2] = np.inf, -np.inf  # inf + -inf = nan in the sum: still found
    with pytest.raises(ValueError, match=r"X holds NaN or infinite values \(first at row 1, column 0\)"):
        check_finite("X", a)
    check_finite("X", np.array([[1, 2]], dtype=np.int64))
