"""Property-based parity: hypothesis draws architectures (1 to 5 weight layers,
widths of 1 included), batch sizes (m = 1 included) and inputs; the forward and
backward passes of both languages must agree for every draw.

Tolerance as in test_forward/test_backward: rtol 1e-12 of the sum of |terms|.
"""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import grad_scales, matmul_scale
from compare import assert_same
from nnscratch import deep_model, deep_model_back, init_param

CASES = {"count": 0}


@st.composite
def networks(draw):
    n_layers = draw(st.integers(1, 5))
    dims = [draw(st.integers(1, 8)) for _ in range(n_layers)] + [1]
    m = draw(st.integers(1, 9))
    seed = draw(st.integers(0, 2**32 - 1))
    init = draw(st.sampled_from(["scaled", "xavier", "he"]))
    x_scale = draw(st.sampled_from([1e-3, 1.0, 30.0]))
    return dims, m, seed, init, x_scale


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(networks())
def test_forward_and_backward_agree(r, net):
    dims, m, seed, init, x_scale = net
    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m) * x_scale
    Y = (rs.rand(1, m) > 0.5).astype(float)
    params = init_param(dims, seed=seed, init=init)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    AL, caches = deep_model(X, params)
    grads = deep_model_back(AL, Y, caches)
    r_fwd = r.call("deep_model", X, params)
    r_grads = r.call("deep_model_back", r_fwd["AL"], Y, r_fwd["caches"])
    assert_same("AL", AL, r_fwd["AL"], scale=matmul_scale(caches[-1][0][1], caches[-1][0][0], caches[-1][0][2]))
    scales = grad_scales(caches, grads)
    assert set(grads) == set(r_grads)
    for k in sorted(grads):
        assert_same(f"{k} (dims {dims}, m {m})", grads[k], r_grads[k], scale=scales[k])
    CASES["count"] += 1


def test_report_case_count():
    print(f"\nhypothesis cases run: {CASES['count']}")
    assert CASES["count"] >= 60
