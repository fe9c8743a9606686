"""Parity of the L2 steps (issue 13): l2_cost and l2_grads.

Tolerances:

* ``l2_grads``: rtol 0 (bit-identical). ``dW + (lambd / m) * W`` is element-wise and both languages
  do the same IEEE operations in the same order (one division lambd / m, then a product and a sum
  per element); ``db`` and ``dA`` are passed through untouched.
* ``l2_cost``: RTOL_SUM_ORDER relative to the value (all its terms are >= 0, so the value is the sum
  of |terms|). ``sum(W * W)`` is a sum: numpy adds pairwise in double, R's ``sum`` accumulates in
  long double; only the order and precision of the summation differ. ``lambd = 0`` gives exactly 0
  in both.

The signatures (names, order, defaults) are compared with test_00_twins' rules, and each step is
called with only its required arguments in both languages.
"""
import numpy as np
import pytest

import twins
from cases import ARCHITECTURES, make_inputs
from compare import RTOL_SUM_ORDER, assert_same_dict, assert_same_number
from test_00_twins import py_object, signature_differences
from nnscratch.regularization import l2_cost, l2_grads

STEPS = ["l2_cost", "l2_grads"]


@pytest.mark.parametrize("name", STEPS)
def test_signature_same_names_order_defaults(rb, name):
    fn = py_object(name, twins.TRAINING_STEPS[name][0])
    assert signature_differences(name, fn, rb.formals(name)) == []


def grads_of(params, seed):
    """Gradients shaped like deep_model_back's (dW, db, dA in its order), of every size."""
    rs = np.random.RandomState(seed)
    L = len(params) // 2
    grads = {}
    for l in range(L, 0, -1):
        W = params[f"W{l}"]
        grads[f"dW{l}"] = rs.randn(*W.shape) * 10.0 ** rs.randint(-6, 2, size=W.shape)
        grads[f"db{l}"] = rs.randn(W.shape[0], 1)
        grads[f"dA{l - 1}"] = rs.randn(W.shape[1], 3)
    return grads


@pytest.mark.parametrize("dims", ARCHITECTURES + [[300, 200, 100, 1]], ids=str)
@pytest.mark.parametrize("lambd, m", [(0.7, 13), (0.1, 1), (3.0, 209), (1e-4, 64), (0.0, 5)])
def test_l2_cost(r, dims, lambd, m):
    _, _, params = make_inputs(dims, 1, seed=sum(dims))
    py = l2_cost(params, lambd, m)
    assert type(py) is float
    assert_same_number("l2_cost", py, r.call("l2_cost", params, lambd, m), rtol=RTOL_SUM_ORDER)
    if lambd == 0:
        assert py == 0.0 and r.call("l2_cost", params, lambd, m)[0] == 0.0


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("lambd, m", [(0.7, 13), (0.1, 1), (3.0, 209), (1e-4, 64), (0.0, 5)])
def test_l2_grads_bit_identical(r, dims, lambd, m):
    _, _, params = make_inputs(dims, 1, seed=sum(dims) + 1)
    grads = grads_of(params, seed=len(dims))
    py = l2_grads(grads, params, lambd, m)
    out = r.call("l2_grads", grads, params, lambd, m)
    assert_same_dict(py, out, rtol=0)  # keys in the same order, each element bit for bit


def test_steps_with_only_required_arguments(r):
    _, _, params = make_inputs([4, 3, 1], 1, seed=5)
    grads = grads_of(params, seed=5)
    assert_same_number("l2_cost", l2_cost(params, 0.3, 7), r.call("l2_cost", params, 0.3, 7), rtol=RTOL_SUM_ORDER)
    assert_same_dict(l2_grads(grads, params, 0.3, 7), r.call("l2_grads", grads, params, 0.3, 7), rtol=0)


@pytest.mark.parametrize("lambd, m", [(-1.0, 4), (float("nan"), 4), (float("inf"), 4), (0.5, 0), (0.5, 2.5)], ids=str)
def test_same_validation_messages(r, lambd, m):
    _, _, params = make_inputs([3, 2, 1], 1, seed=1)
    grads = grads_of(params, seed=1)
    with pytest.raises(ValueError) as info:
        l2_cost(params, lambd, m)
    assert r.error_message("l2_cost", params, lambd, m) == str(info.value)
    with pytest.raises(ValueError) as info:
        l2_grads(grads, params, lambd, m)
    assert r.error_message("l2_grads", grads, params, lambd, m) == str(info.value)


def test_same_messages_for_a_missing_or_misshapen_gradient(r):
    _, _, params = make_inputs([3, 2, 1], 1, seed=1)
    grads = grads_of(params, seed=1)
    for bad in ({k: v for k, v in grads.items() if k != "dW2"}, {**grads, "dW1": np.zeros((3, 2))}):
        with pytest.raises(ValueError) as info:
            l2_grads(bad, params, 0.5, 4)
        assert r.error_message("l2_grads", bad, params, 0.5, 4) == str(info.value)
