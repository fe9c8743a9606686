"""Gradient checks across the languages (issue 13): L2 on, and dropout with a fixed mask.

Each language's finite differences of its own objective are checked against the other language's
analytic gradients (and against its own), on the same inputs and seeds:

* objective: ``cost_computation(AL, Y) + l2_cost(parameters, lambd, m)`` with AL from ``deep_model``
  (L2 only) or from ``deep_model_with_dropout`` with masks drawn by that language's own
  ``dropout_masks`` (bit-identical across languages, test_06b) and held fixed;
* analytic: ``l2_grads(deep_model_back(...))`` or ``l2_grads(deep_model_back_with_dropout(...))``;
* numeric: centered differences ``(J(theta + eps) - J(theta - eps)) / (2 eps)``, eps = 1e-7, every
  entry of every W and b; R's are computed in R (a loop over R's own steps), Python's in Python.

Tolerance: relative difference ||analytic - numeric|| / (||analytic|| + ||numeric||) < 1e-7 (rounding
of J over 2 eps: about 1e-16 / 1e-7 = 1e-9 per entry; truncation eps^2). The networks are small,
float64, and their hidden Z stay at least 1e-3 from ReLU's kink (asserted), so no finite difference
crosses it. A mistake in one language's forward pass makes its numeric gradients disagree with the
other language's analytic ones; a mistake in one backward pass, its analytic ones with the other's
numeric ones.
"""
import numpy as np
import pytest

from cases import make_inputs
from nnscratch import cost_computation, deep_model, deep_model_back
from nnscratch.dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from nnscratch.parity.adapter import r_layer_cache
from nnscratch.regularization import l2_cost, l2_grads

EPS = 1e-7
REL_TOL = 1e-7

R_NUMERIC = """
nnscratch_parity_numeric_grads <- function(X, Y, p, masks, keep_prob, lambd, eps) {
  J <- function(q) {
    AL <- if (is.null(masks)) deep_model(X, q)$AL else deep_model_with_dropout(X, q, masks, keep_prob)$AL
    cost_computation(AL, Y) + l2_cost(q, lambd, ncol(X))
  }
  out <- list()
  for (key in names(p)) {
    g <- p[[key]]
    for (i in seq_along(g)) {
      plus <- p
      minus <- p
      plus[[key]][i] <- plus[[key]][i] + eps
      minus[[key]][i] <- minus[[key]][i] - eps
      g[i] <- (J(plus) - J(minus)) / (2 * eps)
    }
    out[[paste0("d", key)]] <- g
  }
  out
}
"""


@pytest.fixture(scope="module")
def r_numeric(rb):
    rb.eval(R_NUMERIC)
    return lambda *args: rb.call("nnscratch_parity_numeric_grads", *args)


def py_numeric(J, params, eps=EPS):
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
    return np.concatenate([np.asarray(grads["d" + k]).ravel() for k in params])


def rel(a, b):
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def away_from_kinks(caches):
    return all(np.min(np.abs(c[1])) > 1e-3 for c in caches[:-1])


# (dims, m, keep_prob or None for L2 only, lambd, seed); seeds chosen away from ReLU's kink
CASES = [([4, 3, 2, 1], 5, None, 0.7, 3), ([3, 5, 1], 6, None, 2.0, 8), ([4, 1], 5, None, 0.3, 2),
         ([4, 3, 2, 1], 5, 0.7, 0.5, 12), ([3, 5, 4, 1], 5, 0.5, 0.0, 14), ([4, 6, 1], 5, 0.9, 1.5, 12)]


@pytest.mark.parametrize("dims, m, keep_prob, lambd, seed", CASES, ids=str)
def test_gradient_check_across_languages(r, r_numeric, dims, m, keep_prob, lambd, seed):
    X, Y, params = make_inputs(dims, m, seed=seed)
    if keep_prob is None:
        masks = r_masks = None
        AL, caches = deep_model(X, params)
        grads = deep_model_back(AL, Y, caches)
        r_fwd = r.call("deep_model", X, params)
        r_grads = r.call("deep_model_back", r_fwd["AL"], Y, r_fwd["caches"])

        def J(p):
            return cost_computation(deep_model(X, p)[0], Y) + l2_cost(p, lambd, m)
    else:
        masks = dropout_masks(dims, m, keep_prob, seed)
        r_masks = r.call("dropout_masks", dims, m, keep_prob, seed=seed)
        assert any(np.any(D == 0) for D in masks.values()), "the mask drops nothing"
        AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
        grads = deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob)
        r_fwd = r.call("deep_model_with_dropout", X, params, r_masks, keep_prob)
        r_grads = r.call("deep_model_back_with_dropout", r_fwd["AL"], Y, r_fwd["caches"], r_masks, keep_prob)

        def J(p):
            return cost_computation(deep_model_with_dropout(X, p, masks, keep_prob)[0], Y) + l2_cost(p, lambd, m)
    assert away_from_kinks(caches), "a hidden Z too close to ReLU's kink: pick another seed"
    py_analytic = flat(l2_grads(grads, params, lambd, m), params)
    r_analytic = flat(r.call("l2_grads", r_grads, params, lambd, m), params)
    py_num = flat(py_numeric(J, params), params)
    r_num = flat(r_numeric(X, Y, params, r_masks, keep_prob if keep_prob else 1.0, lambd, EPS), params)
    assert rel(py_analytic, py_num) < REL_TOL, "Python analytic vs Python numeric"
    assert rel(r_analytic, r_num) < REL_TOL, "R analytic vs R numeric"
    assert rel(py_analytic, r_num) < REL_TOL, "Python analytic vs R numeric"
    assert rel(r_analytic, py_num) < REL_TOL, "R analytic vs Python numeric"


def test_the_check_fails_without_the_l2_term_or_the_mask(r, r_numeric):
    """The check can fail: the plain gradients do not pass it when L2 or dropout is on."""
    dims, m, keep_prob, lambd, seed = [4, 3, 2, 1], 5, 0.7, 0.5, 12
    X, Y, params = make_inputs(dims, m, seed=seed)
    masks = r.call("dropout_masks", dims, m, keep_prob, seed=seed)
    r_num = flat(r_numeric(X, Y, params, masks, keep_prob, lambd, EPS), params)
    AL, caches = deep_model_with_dropout(X, params, masks, keep_prob)
    assert rel(flat(deep_model_back_with_dropout(AL, Y, caches, masks, keep_prob), params), r_num) > 1e-3
    assert rel(flat(l2_grads(deep_model_back(AL, Y, caches), params, lambd, m), params), r_num) > 1e-3
    r_caches = [r_layer_cache(c) for c in caches]
    r_plain = r.call("deep_model_back", AL, Y, r_caches)
    assert rel(flat(r.call("l2_grads", r_plain, params, lambd, m), params), r_num) > 1e-3
