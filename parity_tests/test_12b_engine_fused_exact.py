"""The fused step's own arithmetic, on inputs where every gradient is exact (cases.exact_network:
integers, halves, one division by m; exact zeros in every Z, AL exactly 0.5 on some samples).

Summation order cannot change an exact result, so the tolerance is zero everywhere but for
the cost (a sum of logs: rtol 1e-12):

* in each language, ``forward_backward`` (every block size, including sizes that do not divide
  m, 1 and larger than m) equals the step-by-step functions (``deep_model``,
  ``deep_model_back``, ``cost_computation``) bit for bit: a changed formula in the fused step
  (``rowMeans`` for ``rowSums / m``, a block size computed with ``/`` for ``%/%``, a dropped
  block, ReLU's derivative ``Z >= 0`` at the dead units' exact zeros) shows as a difference;
* Python's and R's fused steps are equal bit for bit (storage types and shapes first).
"""
import numpy as np
import pytest

from cases import BLOCK_SIZES, EXACT_CASES, exact_network
from compare import RTOL_EXP, RTOL_SUM_ORDER, assert_same, assert_same_dict
from nnscratch import cost_computation, deep_model, deep_model_back
from nnscratch.engine import forward_backward


def only_parameter_grads(grads):
    return {k: v for k, v in grads.items() if not k.startswith("dA")}


def in_fused_order(grads, fused):
    return {k: grads[k] for k in fused}


@pytest.fixture(scope="module")
def stepwise():
    """Python's step-by-step cost and gradients for every exact case."""
    out = {}
    for dims, m in EXACT_CASES:
        X, Y, params = exact_network(dims, m)
        AL, caches = deep_model(X, params)
        out[(str(dims), m)] = (cost_computation(AL, Y), only_parameter_grads(deep_model_back(AL, Y, caches)))
    return out


@pytest.mark.parametrize("dims, m", EXACT_CASES, ids=[f"{d}-m{m}" for d, m in EXACT_CASES])
@pytest.mark.parametrize("block_size", BLOCK_SIZES, ids=str)
def test_forward_backward_python_equals_its_steps_exactly(stepwise, dims, m, block_size):
    X, Y, params = exact_network(dims, m)
    cost, grads = forward_backward(X, Y, params, block_size)
    s_cost, s_grads = stepwise[(str(dims), m)]
    assert set(grads) == set(s_grads), (sorted(grads), sorted(s_grads))
    for k in grads:
        np.testing.assert_array_equal(grads[k], s_grads[k], err_msg=f"python fused {k} vs its steps")
        assert grads[k].dtype == s_grads[k].dtype and grads[k].shape == s_grads[k].shape, k
    assert cost == pytest.approx(s_cost, rel=RTOL_SUM_ORDER, abs=0)


@pytest.mark.parametrize("dims, m", EXACT_CASES, ids=[f"{d}-m{m}" for d, m in EXACT_CASES])
@pytest.mark.parametrize("block_size", BLOCK_SIZES, ids=str)
def test_forward_backward_r_equals_its_steps_exactly(r, dims, m, block_size):
    X, Y, params = exact_network(dims, m)
    r_cost, r_grads = r.forward_backward(X, Y, params, block_size=block_size)
    r_AL, r_caches = r.deep_model(X, params)
    s_cost = r.cost_computation(r_AL, Y)
    s_grads = only_parameter_grads(r.deep_model_back(r_AL, Y, r_caches))
    assert set(r_grads) == set(s_grads), (sorted(r_grads), sorted(s_grads))
    # compare.assert_same's "python" side is R's step-by-step result here
    assert_same_dict(in_fused_order(s_grads, r_grads), r_grads, rtol=0, atol=0)
    assert_same("R fused cost vs R cost_computation", s_cost, r_cost, rtol=RTOL_SUM_ORDER)


@pytest.mark.parametrize("dims, m", EXACT_CASES, ids=[f"{d}-m{m}" for d, m in EXACT_CASES])
@pytest.mark.parametrize("block_size", BLOCK_SIZES, ids=str)
def test_forward_backward_python_and_r_exactly(r, dims, m, block_size):
    X, Y, params = exact_network(dims, m)
    cost, grads = forward_backward(X, Y, params, block_size)
    r_cost, r_grads = r.forward_backward(X, Y, params, block_size=block_size)
    assert_same_dict(grads, r_grads, rtol=0, atol=0)
    assert_same("cost", cost, r_cost, rtol=RTOL_SUM_ORDER)


@pytest.mark.parametrize("dims, m", EXACT_CASES, ids=[f"{d}-m{m}" for d, m in EXACT_CASES])
def test_step_by_step_python_and_r_exactly(r, dims, m):
    """The same inputs through the notebook's steps: every Z, A and gradient (dA0 included) exactly."""
    X, Y, params = exact_network(dims, m)
    AL, caches = deep_model(X, params)
    r_AL, r_caches = r.deep_model(X, params)
    # AL: 0.5 and 1 exactly; a tiny exp(-40 k) may differ by an ulp (each side's exp), dZ_L = AL - Y cannot
    assert_same("AL", AL, r_AL, rtol=RTOL_EXP)
    assert_same("AL where exact", np.where(AL >= 0.5, AL, 0.0), np.where(r_AL >= 0.5, r_AL, 0.0), rtol=0)
    for l, (((A_prev, W, b), Z), ((rA, rW, rb_), rZ)) in enumerate(zip(caches, r_caches), start=1):
        assert_same(f"A{l - 1}", A_prev, rA, rtol=0)
        assert_same(f"Z{l}", Z, rZ, rtol=0)
    assert_same_dict(deep_model_back(AL, Y, caches), r.deep_model_back(r_AL, Y, r_caches), rtol=0, atol=0)


ROUNDED_CASES = [([4, 3, 1], 13), ([5, 4, 3, 1], 37), ([6, 4, 4, 1], 101), ([7, 5, 3, 2, 1], 77)]


def check_fused_against_steps(name, cost, grads, s_cost, s_grads, one_block):
    """Bit for bit, except dW1 of a split pass (its block products are summed: rtol 1e-12) and the cost."""
    assert list(grads) == [k for k in s_grads if k in grads] and set(grads) == set(s_grads), (list(grads), list(s_grads))
    for k in grads:
        exact = one_block or k != "dW1"
        assert_same(f"{name} {k}", s_grads[k], grads[k], rtol=0 if exact else RTOL_SUM_ORDER)
    assert_same(f"{name} cost", s_cost, cost, rtol=0 if one_block else RTOL_SUM_ORDER)


@pytest.mark.parametrize("dims, m", ROUNDED_CASES, ids=[f"{d}-m{m}" for d, m in ROUNDED_CASES])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("block_size", [None, 5], ids=str)
def test_fused_rounding_same_as_steps_in_both_languages(r, dims, m, seed, block_size):
    """Hidden layers exact, output layer rounded (cases.rounded_output_network): where the fused step and the
    steps evaluate the same expression on the same operands the results are the same bits, so a changed
    formula for db (``rowMeans(dZ)`` for ``rowSums(dZ) / m``, ``np.mean``) or for the output layer shows."""
    from cases import rounded_output_network

    X, Y, params = rounded_output_network(dims, m, seed)
    one_block = block_size is None or block_size >= m
    cost, grads = forward_backward(X, Y, params, block_size)
    AL, caches = deep_model(X, params)
    check_fused_against_steps("python", cost, grads, cost_computation(AL, Y),
                              only_parameter_grads(deep_model_back(AL, Y, caches)), one_block)
    r_cost, r_grads = r.forward_backward(X, Y, params, block_size=block_size)
    r_AL, r_caches = r.deep_model(X, params)
    check_fused_against_steps("R", r_cost, r_grads, r.cost_computation(r_AL, Y),
                              only_parameter_grads(r.deep_model_back(r_AL, Y, r_caches)), one_block)
