"""dropout_masks, deep_model_with_dropout, deep_model_back_with_dropout: hand-computed values, the
random stream, keep_prob = 1, validation, and a gradient check with a fixed mask.

Gradient check: centered finite differences (eps = 1e-7) of
``cost_computation(deep_model_with_dropout(X, p, masks, keep_prob)[0], Y)`` with the masks held
fixed, against ``deep_model_back_with_dropout``, with respect to every parameter and to X (dA0), on a
small float64 network whose hidden Z stay at least 1e-3 away from ReLU's kink (asserted). Passes
when the relative difference ||analytic - numeric|| / (||analytic|| + ||numeric||) < 1e-7.
"""
import numpy as np
import pytest

from nnscratch import cost_computation, deep_model, deep_model_back, init_param
from nnscratch.dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from nnscratch.regularization import l2_cost, l2_grads

from .test_regularization import flat, gradcheck_problem, numeric_gradients, relative_difference

EPS = 1e-7
REL_TOL = 1e-7


def hand_network():
    """X (1, 2), W1 (2, 1), W2 (1, 2): relu(Z1) = [[2, 0], [0, 3]]; masks drop unit 2 of sample 1, unit 1 of sample 2."""
    X = np.array([[2.0, -3.0]])
    params = {"W1": np.array([[1.0], [-1.0]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[1.5, 1.0]]), "b2": np.array([[-6.0]])}
    masks = {"D1": np.array([[1.0, 0.0], [0.0, 1.0]])}
    return X, params, masks


# -- masks -----------------------------------------------------------------------------------------

def test_masks_hand_values_for_seed_1():
    # RandomState(1).rand(2, 3) = [[0.417, 0.720, 0.000114], [0.302, 0.147, 0.092]], filled row by row
    masks = dropout_masks([3, 2, 1], 3, 0.5, seed=1)
    assert list(masks) == ["D1"]
    assert masks["D1"].dtype == np.float64
    np.testing.assert_array_equal(masks["D1"], [[1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])


def test_masks_shapes_names_and_the_output_layer_has_none():
    masks = dropout_masks([6, 5, 4, 3, 1], 7, 0.8, seed=2)
    assert list(masks) == ["D1", "D2", "D3"]
    assert [masks[k].shape for k in masks] == [(5, 7), (4, 7), (3, 7)]
    for D in masks.values():
        assert D.dtype == np.float64 and set(np.unique(D)) <= {0.0, 1.0}
    assert dropout_masks([4, 1], 3, 0.5) == {}  # no hidden layer, no mask


def test_masks_are_drawn_layer_by_layer_from_one_stream():
    rs = np.random.RandomState(3)
    U1, U2 = rs.rand(3, 5), rs.rand(2, 5)
    masks = dropout_masks([4, 3, 2, 1], 5, 0.6, seed=3)
    np.testing.assert_array_equal(masks["D1"], (U1 < 0.6) * 1.0)
    np.testing.assert_array_equal(masks["D2"], (U2 < 0.6) * 1.0)
    np.testing.assert_array_equal(dropout_masks([4, 3, 2, 1], 5, 0.6)["D1"],
                                  (np.random.RandomState(0).rand(3, 5) < 0.6) * 1.0)  # seed=0 by default


def test_a_generator_is_used_and_advanced():
    gen = np.random.RandomState(5)
    first = dropout_masks([4, 3, 2, 1], 5, 0.6, seed=gen)
    second = dropout_masks([4, 3, 2, 1], 5, 0.6, seed=gen)
    ref = np.random.RandomState(5)
    np.testing.assert_array_equal(first["D1"], (ref.rand(3, 5) < 0.6) * 1.0)
    np.testing.assert_array_equal(first["D2"], (ref.rand(2, 5) < 0.6) * 1.0)
    np.testing.assert_array_equal(second["D1"], (ref.rand(3, 5) < 0.6) * 1.0)
    np.testing.assert_array_equal(second["D2"], (ref.rand(2, 5) < 0.6) * 1.0)
    assert gen.rand() == ref.rand()


def test_keep_prob_1_gives_ones_and_still_draws():
    gen = np.random.RandomState(9)
    masks = dropout_masks([3, 4, 2, 1], 6, 1.0, seed=gen)
    for D in masks.values():
        np.testing.assert_array_equal(D, np.ones_like(D))
    ref = np.random.RandomState(9)
    ref.rand(4 * 6 + 2 * 6)
    assert gen.rand() == ref.rand()


def test_keep_prob_fraction_is_kept_on_a_large_mask():
    D = dropout_masks([2, 400, 1], 500, 0.8, seed=4)["D1"]
    assert abs(D.mean() - 0.8) < 0.005  # 200000 draws: 5 standard deviations is 0.0045


@pytest.mark.parametrize("keep_prob, shown", [(0, "0"), (0.0, "0"), (1.5, "1.5"), (-0.2, "-0.2"),
                                              (float("nan"), "nan"), ("0.5", "'0.5'"), (True, "True")])
def test_keep_prob_must_be_in_0_1(keep_prob, shown):
    X, params, masks = hand_network()
    msg = rf"keep_prob must be a number in \(0, 1\]; got {shown}"
    with pytest.raises(ValueError, match=msg):
        dropout_masks([3, 2, 1], 3, keep_prob)
    with pytest.raises(ValueError, match=msg):
        deep_model_with_dropout(X, params, masks, keep_prob)
    AL, caches = deep_model_with_dropout(X, params, masks, 0.5)
    with pytest.raises(ValueError, match=msg):
        deep_model_back_with_dropout(AL, np.ones((1, 2)), caches, masks, keep_prob)


def test_masks_arguments_are_checked():
    with pytest.raises(ValueError, match="m must be a positive integer; got 0"):
        dropout_masks([3, 2, 1], 0, 0.5)
    with pytest.raises(ValueError, match="layers_dims must be positive integers; entry 1 is 0"):
        dropout_masks([3, 0, 1], 2, 0.5)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 4294967295\]; got -1"):
        dropout_masks([3, 2, 1], 2, 0.5, seed=-1)


def test_masks_must_fit_the_network():
    X, params, masks = hand_network()
    with pytest.raises(ValueError, match="masks has no entry 'D1'"):
        deep_model_with_dropout(X, params, {}, 0.5)
    with pytest.raises(ValueError, match=r"D1 must have shape \(2, 2\); got \(2, 3\)"):
        deep_model_with_dropout(X, params, {"D1": np.ones((2, 3))}, 0.5)
    with pytest.raises(ValueError, match="masks has an unexpected entry 'D2': the 1 hidden layers have masks, "
                                         "the output layer never does"):
        deep_model_with_dropout(X, params, {**masks, "D2": np.ones((1, 2))}, 0.5)
    with pytest.raises(ValueError, match="masks must be a dict with D1, ..., D1; got list"):
        deep_model_with_dropout(X, params, [masks["D1"]], 0.5)
    AL, caches = deep_model_with_dropout(X, params, masks, 0.5)
    with pytest.raises(ValueError, match=r"D1 must have shape \(2, 2\); got \(2, 1\)"):
        deep_model_back_with_dropout(AL, np.ones((1, 2)), caches, {"D1": np.ones((2, 1))}, 0.5)


# -- forward and backward ----------------------------------------------------------------------------

def test_forward_hand_values():
    X, params, masks = hand_network()
    AL, caches = deep_model_with_dropout(X, params, masks, 0.5)
    # Z1 = [[2, -3], [-2, 3]]; relu = [[2, 0], [0, 3]]; * D1 / 0.5 = [[4, 0], [0, 6]]
    np.testing.assert_array_equal(caches[0][1], [[2.0, -3.0], [-2.0, 3.0]])
    np.testing.assert_array_equal(caches[1][0][0], [[4.0, 0.0], [0.0, 6.0]])
    # Z2 = 1.5 * 4 - 6 = 0 and 6 - 6 = 0
    np.testing.assert_array_equal(caches[1][1], [[0.0, 0.0]])
    np.testing.assert_array_equal(AL, [[0.5, 0.5]])


def test_backward_hand_values():
    X, params, masks = hand_network()
    AL, caches = deep_model_with_dropout(X, params, masks, 0.5)
    g = deep_model_back_with_dropout(AL, np.array([[1.0, 0.0]]), caches, masks, 0.5)
    assert list(g) == ["dW2", "db2", "dA1", "dW1", "db1", "dA0"]
    # dZ2 = AL - Y = [-0.5, 0.5]; dW2 = dZ2 A1^T / 2 = [(-2 + 0) / 2, (0 + 3) / 2]
    np.testing.assert_array_equal(g["dW2"], [[-1.0, 1.5]])
    np.testing.assert_array_equal(g["db2"], [[0.0]])
    # W2^T dZ2 = [[-0.75, 0.75], [-0.5, 0.5]], * D1 / 0.5
    np.testing.assert_array_equal(g["dA1"], [[-1.5, 0.0], [0.0, 1.0]])
    # relu'(Z1) = [[1, 0], [0, 1]]: dZ1 = [[-1.5, 0], [0, 1]]; dW1 = dZ1 X^T / 2; db1 = row means
    np.testing.assert_array_equal(g["dW1"], [[-1.5], [-1.5]])
    np.testing.assert_array_equal(g["db1"], [[-0.75], [0.5]])
    np.testing.assert_array_equal(g["dA0"], [[-1.5, -1.0]])
    assert "dA0" not in deep_model_back_with_dropout(AL, np.array([[1.0, 0.0]]), caches, masks, 0.5,
                                                      input_grad=False)


@pytest.mark.parametrize("dims", [[4, 3, 1], [5, 4, 3, 1], [3, 1], [4, 1, 1], [6, 5, 1, 2, 1]], ids=str)
@pytest.mark.parametrize("input_grad", [True, False])
def test_keep_prob_1_with_ones_is_exactly_the_plain_passes(dims, input_grad):
    X, Y, params = gradcheck_problem(dims, 6, seed=len(dims))
    masks = dropout_masks(dims, 6, 1.0)
    AL, caches = deep_model_with_dropout(X, params, masks, 1.0)
    AL0, caches0 = deep_model(X, params)
    np.testing.assert_array_equal(AL, AL0)
    for (lin, Z), (lin0, Z0) in zip(caches, caches0):
        np.testing.assert_array_equal(Z, Z0)
        np.testing.assert_array_equal(lin[0], lin0[0])
    g = deep_model_back_with_dropout(AL, Y, caches, masks, 1.0, input_grad=input_grad)
    g0 = deep_model_back(AL0, Y, caches0, input_grad=input_grad)
    assert list(g) == list(g0)
    for k in g0:
        np.testing.assert_array_equal(g[k], g0[k])


def test_dropped_units_pass_nothing_forward_or_backward():
    dims = [5, 6, 4, 1]
    X, Y, params = gradcheck_problem(dims, 8, seed=12)
    masks = dropout_masks(dims, 8, 0.6, seed=12)
    inputs = {k: v.copy() for k, v in params.items()}, X.copy(), {k: v.copy() for k, v in masks.items()}
    AL, caches = deep_model_with_dropout(X, params, masks, 0.6)
    g = deep_model_back_with_dropout(AL, Y, caches, masks, 0.6)
    for l in (1, 2):
        D, Z = masks[f"D{l}"], caches[l - 1][1]
        A_next = caches[l][0][0]  # the A the next layer saw
        assert np.all(A_next[D == 0] == 0) and np.all(g[f"dA{l}"][D == 0] == 0)
        np.testing.assert_array_equal(A_next[D == 1], np.maximum(Z, 0)[D == 1] / 0.6)
    # nothing was modified in place
    for k, v in inputs[0].items():
        np.testing.assert_array_equal(params[k], v)
    np.testing.assert_array_equal(X, inputs[1])
    for k, v in inputs[2].items():
        np.testing.assert_array_equal(masks[k], v)


# -- gradient check with a fixed mask ------------------------------------------------------------------

# seeds chosen so that no hidden Z is within 1e-3 of 0 and some unit is dropped
@pytest.mark.parametrize("dims, keep_prob, seed", [([4, 3, 2, 1], 0.7, 12), ([3, 5, 4, 1], 0.5, 14),
                                                   ([4, 6, 1], 0.9, 12)])
def test_gradient_check_with_a_fixed_mask(dims, keep_prob, seed):
    m = 5
    X, Y, params = gradcheck_problem(dims, m, seed=seed)
    masks = dropout_masks(dims, m, keep_prob, seed=seed)
    assert any(np.any(D == 0) for D in masks.values()), "the mask drops nothing"
    AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
    assert all(np.min(np.abs(c[1])) > 1e-3 for c in caches[:-1]), "a hidden Z too close to ReLU's kink"

    def J(p, X=X):
        return cost_computation(deep_model_with_dropout(X, p, masks, keep_prob)[0], Y)

    g = deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob)
    numeric = numeric_gradients(J, params)
    diff = relative_difference(flat(g, params), flat(numeric, params))
    assert diff < REL_TOL, diff
    # dA0, the gradient with respect to X: as in deep_model_back (dZL = AL - Y, the 1/m only in dW
    # and db), it is the gradient of the summed loss, m times that of the cost J
    numeric_X = numeric_gradients(lambda d: J(params, X=d["X"]), {"X": X})["dX"]
    assert relative_difference(g["dA0"] / m, numeric_X) < REL_TOL
    # the check can fail: the plain backward pass (no mask) does not match
    plain = deep_model_back(AL, Y, caches)
    assert relative_difference(flat(plain, params), flat(numeric, params)) > 1e-3


def test_gradient_check_with_a_fixed_mask_and_l2():
    dims, m, keep_prob, lambd = [4, 5, 3, 1], 6, 0.75, 0.4
    X, Y, params = gradcheck_problem(dims, m, seed=21)
    masks = dropout_masks(dims, m, keep_prob, seed=21)
    AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
    assert all(np.min(np.abs(c[1])) > 1e-3 for c in caches[:-1]), "a hidden Z too close to ReLU's kink"

    def J(p):
        return cost_computation(deep_model_with_dropout(X, p, masks, keep_prob)[0], Y) + l2_cost(p, lambd, m)

    g = l2_grads(deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob), params, lambd, m)
    assert relative_difference(flat(g, params), flat(numeric_gradients(J, params), params)) < REL_TOL
