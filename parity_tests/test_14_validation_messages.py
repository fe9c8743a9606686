"""Both languages reject the same bad inputs with the same message.

The inputs are made in Python and given to both; each side's error message is
produced independently and compared as text (no tolerance: it is the same
sentence or it is a failure), except for the positions it names: R counts them
1-based (row 2, column 3 is X[2, 3]), Python 0-based, and
``positions.assert_same_message`` maps R's to Python's before comparing
(CONTRIBUTING.md, "Positions in messages").
"""
import numpy as np
import pytest

import nnscratch
from nnscratch.engine import TrainingDiverged, engine_fit
from nnscratch.parity.adapter import RTrainingDiverged

from compare import assert_same, assert_same_dict, assert_same_tree
from positions import assert_same_message

X = np.random.RandomState(0).rand(3, 4)
Y = np.array([[0.0, 1.0, 1.0, 0.0]])
X_nan = X.copy()
X_nan[1, 2] = np.nan

CASES = {
    "layers_dims too short": dict(layers_dims=[3.0]),
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
    "init holding a quote": dict(init="it's"),  # quoted "it's" in both (quote_text)
    "X a vector": dict(X=np.array([0.5, 0.25, 1.0, 2.0])),  # shape (4,), with its comma
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
    assert_same_message(str(info.value), msg, case)
    r_engine = r.error_message("engine_fit", **args)
    assert r_engine == msg, f"{case}: R's engine_fit said {r_engine!r}, its dense_nn {msg!r}"


# -- predict_labels: parameters that do not fit X, bad X or y -------------------------------

P = {"W1": np.random.RandomState(1).randn(2, 3), "b1": np.zeros((2, 1)),
     "W2": np.random.RandomState(2).randn(1, 2), "b2": np.zeros((1, 1))}

PREDICT_CASES = {
    "W1 columns do not match the rows of X": dict(parameters=dict(P, W1=np.ones((2, 5)))),
    "W2 columns do not match the rows of W1": dict(parameters=dict(P, W2=np.ones((1, 3)))),
    "b1 of the wrong shape": dict(parameters=dict(P, b1=np.zeros((3, 1)))),
    "b1 a row": dict(parameters=dict(P, b1=np.zeros((1, 2)))),
    "b1 a vector": dict(parameters=dict(P, b1=np.zeros(2))),  # shape (2,), with its comma
    "X a vector": dict(X=np.array([0.5, 0.25, 1.0])),
    "output layer of 2 units": dict(parameters=dict(P, W2=np.ones((2, 2)), b2=np.zeros((2, 1)))),
    "missing W2": dict(parameters={"W1": P["W1"], "b1": P["b1"], "b2": P["b2"], "c": P["b2"]}),
    "X with NaN": dict(X=X_nan),
    "X with inf": dict(X=np.where(X > 0.5, np.inf, X)),
    "y with fewer samples": dict(y=np.array([[0.0, 1.0, 1.0]])),
    "y with more samples": dict(y=np.array([0.0, 1.0, 1.0, 0.0, 1.0])),
}


@pytest.mark.parametrize("case", list(PREDICT_CASES))
def test_predict_labels_same_rejection_same_message(r, case):
    args = dict(X=X, y=Y, parameters=P)
    args.update(PREDICT_CASES[case])
    with pytest.raises((ValueError, TypeError)) as info:
        nnscratch.predict_labels(**args)
    msg = r.error_message("predict_labels", **args)
    assert_same_message(str(info.value), msg, case)
    assert "matmul" not in msg and "non-conformable" not in msg


def test_predict_labels_still_accepts_good_input(r):
    rp, racc = r.predict_labels(X, Y, P)
    p, acc = nnscratch.predict_labels(X, Y, P)
    assert_same("p", p, rp, rtol=0)
    assert_same("accuracy", acc, racc, rtol=0)
    assert r.error_message("predict_labels", X, Y.ravel(), P) is None  # y as a plain vector of m labels
    nnscratch.predict_labels(X, Y.ravel(), P)


# -- divergence: same data, same learning rate -> same iteration, same sentence ----------------

# Blow-ups within the first iterations: the two runs are the same to ~1e-15 there.
# (A run that wanders for many iterations among saturated costs before its cost
# turns NaN is chaotic: 1e-16 differences of summation order then change the
# iteration, so such runs are not compared.)
@pytest.mark.parametrize("lr, scale, dims", [(20.0, 1.0, [4, 8, 1]), (50, 1.0, [4, 8, 1]), (10.0, 3.0, [4, 8, 1]),
                                             (50.0, 3.0, [4, 1]), (10.0, 10.0, [4, 8, 1]), (0.3, 1.0, "nan")])
def test_divergence_same_iteration_same_message(r, lr, scale, dims):
    rs = np.random.RandomState(0)
    Xd = rs.randn(4, 40) * scale
    Yd = (Xd[0:1] - Xd[1:2] > 0).astype(float)
    kw = dict(learning_rate=lr, num_iterations=200, init="he", cost_every=1)
    if dims == "nan":  # NaN weights: the cost is NaN at once
        dims = [4, 1]
        kw["parameters"] = {"W1": np.full((1, 4), np.nan), "b1": np.zeros((1, 1))}
    with pytest.raises(TrainingDiverged) as info:
        engine_fit(Xd, Yd, dims, **kw)
    with pytest.raises(RTrainingDiverged) as r_info:
        r.engine_fit(Xd, Yd, dims, **kw)
    py, rr = info.value, r_info.value
    assert str(rr) == str(py), f"R said {str(rr)!r}, Python said {str(py)!r}"
    assert str(rr).endswith(f"try a lower learning rate than {lr:g}")  # %g in both: 50 -> "50"
    # every field of the stopped-training condition: iterations done, last good parameters, costs, rule state
    assert_same("iteration", py.iteration, rr.iteration, rtol=0)
    assert len(rr.costs) == len(py.costs), ("costs", rr.costs, py.costs)
    assert_same("costs", np.array(py.costs), np.array(rr.costs), rtol=1e-12)
    assert_same_dict(py.parameters, rr.parameters, rtol=1e-12, atol=0, what="parameters")
    assert_same_tree("rule_state", py.rule_state, rr.rule_state)
    assert py.rule_state == {}


# -- command-line flags: the same usage errors with the same sentence ------------------------

FLAG_CASES = [
    ["--iterations", "0"], ["--iterations", "-3"], ["--iterations", "1.5"], ["--iterations", "1_000"],
    ["--cost-every=0"], ["--size", "0"], ["--checkpoint-every", "-2"], ["--checkpoint-every", "x"],
    ["--lr", "0"], ["--lr", "-0.1"], ["--lr", "inf"], ["--lr", "nan"], ["--lr", "fast"], ["--lr", "1e999"],
    ["--test-size", "abc"], ["--seed", "1_0"], ["--hidden", "16,0"], ["--init", "zeros"],
]


def test_cli_flags_same_usage_error_same_message(r_cli, rscript_env):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    mismatches = []
    for flags in FLAG_CASES:
        py = subprocess.run([sys.executable, "-m", "nnscratch", "train", *flags], capture_output=True, text=True,
                            cwd=root, timeout=120)
        rr = subprocess.run(r_cli + ["train", *flags], capture_output=True, text=True, cwd=root, timeout=120,
                            env=rscript_env)
        assert py.returncode == 2 and rr.returncode == 2, (flags, py.stderr, rr.stderr)
        py_msg = py.stderr.strip().splitlines()[-1].split(" error: ", 1)[1]
        r_msg = rr.stderr.strip().splitlines()[-1].split(" error: ", 1)[1]
        if py_msg != r_msg:
            mismatches.append((flags, py_msg, r_msg))
        assert py_msg.startswith("argument --") or py_msg.startswith("--"), py_msg
    assert not mismatches, mismatches


# -- fmt_whole: whole numbers as %d prints them, anything else as %.17g -----------------------------

FMT_WHOLE = [0.0, 3.0, -2.0, 4294967295.0, 2.0**53, 1e20, 0.5, 0.1, 1 / 3, -2.5e-300, 5e-324, 0.15, 1e-5,
             12345.678901234567, float("nan"), float("inf"), float("-inf")]


def test_fmt_whole_prints_what_python_prints(r):
    """R's fmt_whole has no Python twin: Python writes the same numbers inline with "%d" (whole) or
    "%.17g" (model headers, CSV, messages). Both texts must be the same characters."""
    def py_text(v):
        return "%d" % v if np.isfinite(v) and v == round(v) else "%.17g" % v

    got = r.call("fmt_whole", np.array(FMT_WHOLE))
    want = [py_text(v) for v in FMT_WHOLE]
    assert got == want, [(v, a, b) for v, a, b in zip(FMT_WHOLE, got, want) if a != b]
