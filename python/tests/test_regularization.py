"""l2_cost and l2_grads: hand-computed values, validation, and a gradient check of the regularized cost.

Gradient check: centered finite differences ``(J(theta + eps) - J(theta - eps)) / (2 eps)`` with
eps = 1e-7 of ``J = cost_computation(deep_model(X, p)) + l2_cost(p, lambd, m)`` against
``l2_grads(deep_model_back(...), p, lambd, m)``, on a small float64 network whose hidden Z stay at
least 1e-3 away from ReLU's kink at 0 (asserted), so the finite differences never cross it. Passes
when the relative difference ||analytic - numeric|| / (||analytic|| + ||numeric||) < 1e-7 (rounding
of J over 2 eps gives about 1e-16 / 1e-7 = 1e-9 per component; the truncation error is eps^2).
"""
import numpy as np
import pytest

from nnscratch import cost_computation, deep_model, deep_model_back, init_param
from nnscratch.regularization import l2_cost, l2_grads

EPS = 1e-7
REL_TOL = 1e-7


def two_layers():
    params = {"W1": np.array([[1.0, 2.0], [0.0, -1.0]]), "b1": np.array([[5.0], [5.0]]),
              "W2": np.array([[2.0, 0.0]]), "b2": np.array([[7.0]])}
    grads = {"dW2": np.array([[0.5, -0.25]]), "db2": np.array([[3.0]]), "dA1": np.array([[9.0, 9.0], [9.0, 9.0]]),
             "dW1": np.array([[1.0, 0.0], [-1.0, 0.5]]), "db1": np.array([[1.0], [2.0]]), "dA0": np.ones((2, 2))}
    return params, grads


def test_l2_cost_hand_value_biases_not_penalized():
    params, _ = two_layers()
    # sum of squares of the weights 1 + 4 + 0 + 1 + 4 + 0 = 10; (0.5 / (2 * 4)) * 10 = 0.625
    cost = l2_cost(params, 0.5, 4)
    assert cost == 0.625 and type(cost) is float
    assert l2_cost(params, 0.0, 4) == 0.0
    assert l2_cost({"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]])}, lambd=0.5, m=2) == 0.625
    assert l2_cost(params, 3, 1) == (3 / 2) * 10.0  # integers accepted


def test_l2_grads_hand_values_and_order():
    params, grads = two_layers()
    out = l2_grads(grads, params, 0.5, 4)  # lambd / m = 0.125
    assert list(out) == list(grads)
    np.testing.assert_array_equal(out["dW1"], [[1.125, 0.25], [-1.0, 0.375]])
    np.testing.assert_array_equal(out["dW2"], [[0.75, -0.25]])
    for k in ("db1", "db2", "dA0", "dA1"):
        assert out[k] is grads[k]
    # the input is not modified
    np.testing.assert_array_equal(grads["dW1"], [[1.0, 0.0], [-1.0, 0.5]])
    # lambd = 0: the same numbers
    for k, v in l2_grads(grads, params, 0.0, 4).items():
        np.testing.assert_array_equal(v, grads[k])


def test_l2_grads_is_the_elementwise_formula():
    rs = np.random.RandomState(3)
    params = init_param([5, 4, 1], seed=3, init="he")
    grads = {f"d{k}": rs.randn(*v.shape) for k, v in params.items()}
    out = l2_grads(grads, params, 0.7, 13)
    for l in (1, 2):
        np.testing.assert_array_equal(out[f"dW{l}"], grads[f"dW{l}"] + (0.7 / 13) * params[f"W{l}"])


@pytest.mark.parametrize("lambd, shown", [(-1.0, "-1"), (float("nan"), "nan"), (float("inf"), "inf"),
                                          ("a", "'a'"), (True, "True")])
def test_lambd_must_be_a_finite_number_at_least_0(lambd, shown):
    params, grads = two_layers()
    msg = f"lambd must be a finite number >= 0; got {shown}"
    with pytest.raises(ValueError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        l2_cost(params, lambd, 4)
    with pytest.raises(ValueError, match=msg.replace("(", r"\(").replace(")", r"\)")):
        l2_grads(grads, params, lambd, 4)


@pytest.mark.parametrize("m", [0, -2, 2.5, None])
def test_m_must_be_a_positive_integer(m):
    params, grads = two_layers()
    with pytest.raises(ValueError, match=f"m must be a positive integer; got {m!r}"):
        l2_cost(params, 0.1, m)
    with pytest.raises(ValueError, match=f"m must be a positive integer; got {m!r}"):
        l2_grads(grads, params, 0.1, m)


def test_l2_grads_names_a_missing_or_misshapen_gradient():
    params, grads = two_layers()
    del grads["dW2"]
    with pytest.raises(ValueError, match="grads has no entry 'dW2'"):
        l2_grads(grads, params, 0.1, 4)
    grads["dW2"] = np.zeros((2, 1))
    with pytest.raises(ValueError, match=r"dW2 must have the shape of W2 \(1, 2\); got \(2, 1\)"):
        l2_grads(grads, params, 0.1, 4)


# -- gradient check ------------------------------------------------------------------------------

def gradcheck_problem(dims, m, seed):
    rs = np.random.RandomState(seed)
    params = init_param(dims, seed=seed, init="he")
    for l in range(1, len(dims)):
        params[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    return X, Y, params


def relative_difference(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def numeric_gradients(J, params, eps=EPS):
    """Centered differences of J with respect to every entry of every parameter (a dict like grads)."""
    out = {}
    for key, P in params.items():
        g = np.zeros_like(P)
        for idx in np.ndindex(*P.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += eps
            minus[key][idx] -= eps
            g[idx] = (J(plus) - J(minus)) / (2 * eps)
        out["d" + key] = g
    return out


def flat(grads, params):
    return np.concatenate([grads["d" + k].ravel() for k in params])


@pytest.mark.parametrize("dims, lambd", [([4, 3, 2, 1], 0.7), ([3, 5, 1], 2.0), ([4, 1], 0.3)])
def test_gradient_check_with_l2(dims, lambd):
    m = 5
    X, Y, params = gradcheck_problem(dims, m, seed=sum(dims))
    _, caches = deep_model(X, params)
    assert all(np.min(np.abs(c[1])) > 1e-3 for c in caches[:-1]), "a hidden Z too close to ReLU's kink"

    def J(p):
        return cost_computation(deep_model(X, p)[0], Y) + l2_cost(p, lambd, m)

    AL, caches = deep_model(X, params)
    analytic = l2_grads(deep_model_back(AL, Y, caches), params, lambd, m)
    numeric = numeric_gradients(J, params)
    diff = relative_difference(flat(analytic, params), flat(numeric, params))
    assert diff < REL_TOL, diff
    # the check can fail: without the L2 term in the gradient it does
    plain = deep_model_back(AL, Y, caches)
    assert relative_difference(flat(plain, params), flat(numeric, params)) > 1e-3
