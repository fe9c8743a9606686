"""Both languages reject the same bad inputs with the same message.

The inputs are made in Python and given to both; each side's error message is
produced independently and compared as text (no tolerance: it is the same
sentence or it is a failure).
"""
import numpy as np
import pytest

import nnscratch

X = np.random.RandomState(0).rand(3, 4)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
X_nan = X.copy()
X_nan[1, 2] = np.nan

CASES = {
    "layer_dims too short": dict(layers_dims=[3.0]),
    "zero width": dict(layers_dims=[3.0, 0.0, 1.0]),
    "negative width": dict(layers_dims=[3.0, -4.0, 1.0]),
    "non-integer width": dict(layers_dims=[3.0, 2.5, 1.0]),
    "input width": dict(layers_dims=[5.0, 2.0, 1.0]),
    "output width": dict(layers_dims=[3.0, 2.0, 2.0]),
    "sample counts": dict(Y=np.array([[0.0, 1.0, 1.0]])),
    "labels": dict(Y=np.array([[0.0, 2.0, 1.0, 0.0]])),
    "NaN in X": dict(X=X_nan),
    "learning rate 0": dict(learning_rate=0.0),
    "learning rate < 0": dict(learning_rate=-0.1),
    "iterations 0": dict(num_iterations=0.0),
    "iterations 2.5": dict(num_iterations=2.5),
    "init": dict(init="glorot"),
    "seed < 0": dict(seed=-1.0),
    "seed too big": dict(seed=4294967296.0),
    "seed 1.5": dict(seed=1.5),
}

@pytest.mark.parametrize("case", list(CASES))
def test_same_rejection_same_message(r, case):
    args = dict(X=X, Y=Y, layers_dims=[3.0, 2.0, 1.0], learning_rate=0.1, num_iterations=2.0)
    args.update(CASES[case])
    py_args = dict(args)
    for k in ("layers_dims",):
        py_args[k] = [int(v) if float(v).is_integer() else v for v in py_args[k]]
    for k in ("num_iterations", "seed"):
        if k in py_args and float(py_args[k]).is_integer():
            py_args[k] = int(py_args[k])
    with pytest.raises((ValueError, TypeError)) as info:
        nnscratch.dense_nn(**py_args)
    msg = r.error_message("dense_nn", **args)
    assert msg == str(info.value), f"{case}: R said {msg!r}, Python said {str(info.value)!r}"
