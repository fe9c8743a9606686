"""Property-based parity: hypothesis draws architectures (1 to 5 weight layers,
widths of 1 included), batch sizes (m = 1 included) and inputs; the forward and
backward passes of both languages must agree for every draw.

Tolerance as in test_forward/test_backward: rtol 1e-12 of the sum of |terms|.
"""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cases import grad_scales, matmul_scale
from compare import assert_same
from nnscratch import deep_model, deep_model_back, init_param

@st.composite
def networks(draw):
    n_layers = draw(st.integers(1, 5))
    dims = [draw(st.integers(1, 8)) for _ in range(n_layers)] + [1]
    m = draw(st.integers(1, 9))
    seed = draw(st.integers(0, 2**32 - 1))
    init = draw(st.sampled_from(["scaled", "xavier", "he"]))
    x_scale = draw(st.sampled_from([1e-3, 1.0, 30.0]))
    return dims, m, seed, init, x_scale


N_EXAMPLES = 60


def test_deep_model_and_deep_model_back_agree_on_drawn_networks(r):
    """hypothesis draws the networks inside this one test, which also counts them (run alone, it still
    checks that all N_EXAMPLES draws ran)."""
    count = 0

    @settings(max_examples=N_EXAMPLES, deadline=None, database=None)
    @given(networks())
    def check(net):
        nonlocal count
        check_one(r, net)
        count += 1

    check()
    print(f"\nhypothesis cases run: {count}")
    assert count >= N_EXAMPLES


def check_one(r, net):
    dims, m, seed, init, x_scale = net
    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m) * x_scale
    Y = (rs.rand(1, m) > 0.5).astype(float)
    params = init_param(dims, seed=seed, init=init)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    AL, caches = deep_model(X, params)
    grads = deep_model_back(AL, Y, caches)
    r_AL, r_caches = r.deep_model(X, params)
    r_grads = r.deep_model_back(r_AL, Y, r_caches)
    assert_same("AL", AL, r_AL, scale=matmul_scale(caches[-1][0][1], caches[-1][0][0], caches[-1][0][2]))
    scales = grad_scales(caches, grads)
    assert set(grads) == set(r_grads)
    for k in sorted(grads):
        assert_same(f"{k} (dims {dims}, m {m})", grads[k], r_grads[k], scale=scales[k])
