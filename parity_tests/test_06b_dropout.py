"""Parity of inverted dropout (issue 13): dropout_masks, deep_model_with_dropout,
deep_model_back_with_dropout.

Tolerances:

* ``dropout_masks``: rtol 0 (bit-identical, storage double in R, float64 in Python). Both draw the
  same 53-bit uniforms from the same MT19937 stream (R/utils-rng.R) and compare them with the same
  double; R fills ``byrow = TRUE`` as numpy's C order does. A generator given to both and drawn
  from again afterwards must be at the same position (the next draws are equal).
* the forward and backward passes with masks each language drew itself: as test_04 / test_06,
  RTOL_SUM_ORDER of the sum of |terms| of each product (BLAS kernels and numpy's pairwise vs R's
  long-double sums differ in summation order only), divided by keep_prob (the rescaling multiplies
  every such difference by 1 / keep_prob). The zeroed units are exactly the same: every dropped
  unit's A (forward) and dA (backward) is exactly 0 in both.
* the dropout lines themselves are element-wise, so where their operands are identical in both
  languages so are their results (rtol 0): on ``cases.rounded_output_network`` the first layer's Z
  is exact (small integers), hence the dropped A1 is bit-identical; given the same AL and caches, the last hidden layer's
  ``dA = (W_L^T dZ_L * D) / keep_prob`` (one product per entry when n_L = 1) is bit-identical. This
  is where ``(A * D) / keep_prob`` (the order the contract fixes) differs from
  ``A * (D / keep_prob)``.
"""
import numpy as np
import pytest

import twins
from cases import ARCHITECTURES, grad_scales, make_inputs, matmul_scale, rounded_output_network
from compare import RTOL_SUM_ORDER, assert_same, assert_same_dict
from test_00_twins import py_object, signature_differences
from nnscratch.dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from nnscratch.parity.adapter import py_layer_cache, r_layer_cache
from nnscratch.parity.bridge import RObject

STEPS = ["dropout_masks", "deep_model_with_dropout", "deep_model_back_with_dropout"]


@pytest.mark.parametrize("name", STEPS)
def test_signature_same_names_order_defaults(rb, name):
    fn = py_object(name, twins.TRAINING_STEPS[name][0])
    assert signature_differences(name, fn, rb.formals(name)) == []


def r_forward(r, X, params, masks, keep_prob):
    out = r.call("deep_model_with_dropout", X, params, masks, keep_prob)
    assert list(out) == ["AL", "caches"]
    return out["AL"], [py_layer_cache(c, f"caches[[{l}]]") for l, c in enumerate(out["caches"], start=1)]


def r_backward(r, AL, Y, caches, masks, keep_prob, **kw):
    return r.call("deep_model_back_with_dropout", AL, Y, [r_layer_cache(c) for c in caches], masks, keep_prob, **kw)


# -- masks ---------------------------------------------------------------------------------------

MASK_CASES = [([4, 3, 1], 1, 0.5, 0), ([4, 3, 1], 9, 0.8, 1), ([5, 4, 3, 1], 7, 0.5, 2),
              ([6, 5, 1, 2, 1], 13, 0.9, 3), ([4, 1, 1], 4, 0.25, 4), ([3, 1], 5, 0.5, 5),
              ([2, 37, 11, 1], 64, 0.7, 4294967295), ([3, 8, 1], 10, 1.0, 6)]


@pytest.mark.parametrize("dims, m, keep_prob, seed", MASK_CASES, ids=str)
def test_masks_bit_identical(r, dims, m, keep_prob, seed):
    py = dropout_masks(dims, m, keep_prob, seed)
    out = r.call("dropout_masks", dims, m, keep_prob, seed=seed)
    assert_same_dict(py, out, rtol=0)
    assert list(py) == [f"D{l}" for l in range(1, len(dims) - 1)]  # no mask for the output layer


def test_masks_from_a_generator_both_advance_alike(r, rb):
    gen = np.random.RandomState(11)
    r_gen = RObject(rb.call_raw("numpy_random_state", 11))
    for dims, m, keep_prob in [([4, 3, 2, 1], 5, 0.6), ([4, 6, 1], 3, 0.9), ([4, 3, 2, 1], 8, 0.5)]:
        assert_same_dict(dropout_masks(dims, m, keep_prob, gen), r.call("dropout_masks", dims, m, keep_prob, r_gen),
                         rtol=0)
        # drawn from again (as the engine does between batches): the same next numbers
        assert_same("next draws", gen.rand(3), r.call("numpy_random_sample", r_gen, 3), rtol=0)
    # after a permutation from the same stream (an epoch's batches, then its masks)
    assert_same("permutation", gen.permutation(10), r.call("numpy_permutation", r_gen, 10).astype(np.int64), rtol=0)
    assert_same_dict(dropout_masks([5, 4, 3, 1], 10, 0.7, gen), r.call("dropout_masks", [5, 4, 3, 1], 10, 0.7, r_gen),
                     rtol=0)


# -- forward and backward --------------------------------------------------------------------------

@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("m, keep_prob", [(1, 0.5), (8, 0.8), (9, 0.35)])
def test_forward_backward_with_each_languages_masks(r, dims, m, keep_prob):
    X, Y, params = make_inputs(dims, m, seed=40 + m + len(dims))
    seed = 100 + m
    masks = dropout_masks(dims, m, keep_prob, seed)
    r_masks = r.call("dropout_masks", dims, m, keep_prob, seed=seed)
    assert_same_dict(masks, r_masks, rtol=0)
    AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
    rAL, rcaches = r_forward(r, X, params, r_masks, keep_prob)
    assert len(rcaches) == len(caches)
    prev_scale = None
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        (rA_prev, rW, rb_), rZ = rcaches[l - 1]
        if l == 1:
            assert_same("A0 (= X)", A_prev, rA_prev, rtol=0)
        else:
            D = masks[f"D{l - 1}"]
            assert_same(f"A{l - 1} after dropout", A_prev, rA_prev, scale=prev_scale / keep_prob)
            assert np.all(A_prev[D == 0] == 0) and np.all(rA_prev[D == 0] == 0), "dropped units must be exactly 0"
        assert_same(f"W{l} in the cache", W, rW, rtol=0)
        prev_scale = matmul_scale(W, A_prev, b)
        assert_same(f"Z{l}", Z, rZ, scale=prev_scale)
    assert_same("AL", AL, rAL)
    for input_grad in (True, False):
        grads = deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob, input_grad=input_grad)
        r_grads = r_backward(r, rAL, Y, rcaches, r_masks, keep_prob, input_grad=input_grad)
        assert list(r_grads) == list(grads)
        scales = {k: v / keep_prob for k, v in grad_scales(caches, grads).items()}
        for k in grads:
            assert_same(k, grads[k], r_grads[k], scale=scales[k])
        for l in range(1, len(dims) - 1):
            D = masks[f"D{l}"]
            assert np.all(grads[f"dA{l}"][D == 0] == 0) and np.all(r_grads[f"dA{l}"][D == 0] == 0)


@pytest.mark.parametrize("dims, m", [([4, 3, 1], 8), ([5, 4, 3, 1], 16), ([3, 5, 2, 3, 1], 7), ([6, 4, 4, 1], 10),
                                     ([7, 12, 9, 1], 40)], ids=str)
@pytest.mark.parametrize("keep_prob", [0.7, 0.3, 0.9])
def test_dropout_lines_are_elementwise_and_bit_identical(r, dims, m, keep_prob):
    X, Y, params = rounded_output_network(dims, m, seed=3)
    masks = dropout_masks(dims, m, keep_prob, seed=m)
    AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
    rAL, rcaches = r_forward(r, X, params, masks, keep_prob)
    # Z1 is made of small integers (exact in both): the dropped A1 is bit-identical
    assert_same("Z1", caches[0][1], rcaches[0][1], rtol=0)
    assert_same("A1 after dropout", caches[1][0][0], rcaches[1][0][0], rtol=0)
    # the same AL and caches to both: the last hidden layer's dA is one product per entry, then the mask
    L = len(caches)
    grads = deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob)
    r_grads = r_backward(r, AL, Y, caches, masks, keep_prob)
    assert_same(f"dA{L - 1}", grads[f"dA{L - 1}"], r_grads[f"dA{L - 1}"], rtol=0)
    assert_same(f"dW{L}", grads[f"dW{L}"], r_grads[f"dW{L}"], scale=matmul_scale(np.abs(AL - Y), caches[-1][0][0].T) / m)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
def test_keep_prob_1_is_the_plain_passes_in_both(r, dims):
    X, Y, params = make_inputs(dims, 6, seed=50)
    masks = dropout_masks(dims, 6, 1.0)
    rAL, rcaches = r_forward(r, X, params, masks, 1.0)
    pAL, pcaches = r.deep_model(X, params)
    assert_same("AL", rAL, pAL, rtol=0, r_typeof="double")  # R against R: exactly equal
    r_grads = r_backward(r, rAL, Y, rcaches, masks, 1.0)
    assert_same_dict(r.deep_model_back(pAL, Y, pcaches), r_grads, rtol=0)


def test_steps_with_only_required_arguments(r):
    dims, m = [4, 3, 2, 1], 5
    X, Y, params = make_inputs(dims, m, seed=7)
    masks = dropout_masks(dims, m, 0.6)
    r_masks = r.call("dropout_masks", dims, m, 0.6)
    assert_same_dict(masks, r_masks, rtol=0)
    AL, caches = deep_model_with_dropout(X, params, masks, 0.6)
    rAL, rcaches = r_forward(r, X, params, r_masks, 0.6)
    assert_same("AL", AL, rAL)
    grads = deep_model_back_with_dropout(AL, Y, caches, masks, 0.6)
    r_grads = r_backward(r, rAL, Y, rcaches, r_masks, 0.6)
    assert list(grads) == list(r_grads) and "dA0" in grads
    scales = {k: v / 0.6 for k, v in grad_scales(caches, grads).items()}
    for k in grads:
        assert_same(k, grads[k], r_grads[k], scale=scales[k])


@pytest.mark.parametrize("keep_prob", [0, 1.5, -0.25, float("nan")], ids=str)
def test_same_keep_prob_messages(r, keep_prob):
    X, Y, params = make_inputs([4, 3, 1], 2, seed=1)
    masks = {"D1": np.ones((3, 2))}
    with pytest.raises(ValueError) as info:
        dropout_masks([4, 3, 1], 2, keep_prob)
    assert r.error_message("dropout_masks", [4, 3, 1], 2, keep_prob) == str(info.value)
    with pytest.raises(ValueError) as info:
        deep_model_with_dropout(X, params, masks, keep_prob)
    assert r.error_message("deep_model_with_dropout", X, params, masks, keep_prob) == str(info.value)


@pytest.mark.parametrize("masks", [{}, {"D1": np.ones((3, 3))}, {"D1": np.ones((3, 2)), "D2": np.ones((1, 2))}],
                         ids=["none", "shape", "output layer"])
def test_same_masks_messages(r, masks):
    X, Y, params = make_inputs([4, 3, 1], 2, seed=1)
    with pytest.raises(ValueError) as info:
        deep_model_with_dropout(X, params, masks, 0.5)
    assert r.error_message("deep_model_with_dropout", X, params, masks, 0.5) == str(info.value)
