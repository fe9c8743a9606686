"""forward_backward (the engine's fused single-pass step) against the step-by-step functions.

Tolerance: forward_backward computes the same sums as deep_model /
cost_computation / deep_model_back, in another order (Z1 by another BLAS kernel,
dW1 as a sum of per-block and per-sub-block products). A sum of k terms computed in two orders
differs by at most about k * eps relative to the *sum of the |terms|* (not to
the result, which can cancel to ~0), so every quantity is compared with
``|got - want| <= rtol * scale``, scale = the sum of |terms| of its last
product, from the reference: ``|dZ_l| @ |A_{l-1}|.T / m`` for dW_l,
``sum |dZ_l| / m`` for db_l, ``sum(|Y log P| + |(1-Y) log1p(-P)|) / m`` for
the cost. float64: rtol 1e-12 (eps 2.2e-16: room for k ~ 4500 terms, errors of
earlier layers included). float32: rtol 1e-4 against the float64 reference of
the same (float32) inputs (eps 6e-8: room for k ~ 1700).
"""
import tracemalloc

import numpy as np
import pytest

from nnscratch import cost_computation, deep_model, deep_model_back, init_param
from nnscratch.engine.fused import GROUPS, SUB_BLOCK, _sub_block_width, default_block_size, forward_backward, num_threads

RTOL64 = 1e-12
RTOL32 = 1e-4

#: Widths of 1 included; [40, 7, 5, 1] is wide enough for the sub-block path of
#: W1 @ X (32-column sub-blocks) once a block has >= 64 columns.
ARCHITECTURES = [[4, 3, 1], [5, 4, 3, 1], [3, 1], [4, 1, 1], [6, 5, 1, 2, 1], [1, 1, 1], [40, 7, 5, 1]]
BLOCK_SIZES = [None, 1, 7, 32, 64, 100, 300, 305, 1000]  # 7, 100, 305 do not divide 300


def make_problem(dims, m, seed=0, order="C"):
    rs = np.random.RandomState(seed)
    X = np.asarray(rs.randn(dims[0], m), order=order)
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    p = init_param(dims, seed=seed, init="he")
    for l in range(1, len(dims)):
        p[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    return X, Y, p


def reference(X, Y, p):
    """(cost, grads without dA, scales) from the step-by-step functions."""
    AL, caches = deep_model(X, p)
    cost = cost_computation(AL, Y)
    grads = deep_model_back(AL, Y, caches, input_grad=False)
    grads = {k: v for k, v in grads.items() if not k.startswith("dA")}
    m = X.shape[1]
    # dZ_l of the reference, to build the scales: dZL = AL - Y, then through ReLU.
    L = len(caches)
    dZ = AL - Y
    scales = {}
    for l in range(L, 0, -1):
        (A_prev, W, _b), _Z = caches[l - 1]
        scales[f"dW{l}"] = np.abs(dZ) @ np.abs(A_prev).T / m + 1e-300
        scales[f"db{l}"] = np.abs(dZ).sum(axis=1, keepdims=True) / m + 1e-300
        if l > 1:
            dZ = np.where(caches[l - 2][1] > 0, W.T @ dZ, 0.0)
    P = np.clip(AL, 1e-15, 1 - 1e-15)
    scales["cost"] = np.sum(np.abs(Y * np.log(P)) + np.abs((1 - Y) * np.log1p(-P))) / m + 1e-300
    return cost, grads, scales


def assert_close(name, got, want, scale, rtol):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape, f"{name}: shape {got.shape} vs {want.shape}"
    err = np.abs(got - want)
    bad = err > rtol * scale
    assert not np.any(bad), f"{name}: max |got - want| / scale = {np.max(err / scale):.3g} > {rtol:g}"


def assert_matches(X, Y, p, block_size, rtol=RTOL64, ref=None):
    cost, grads, scales = ref or reference(X, Y, p)
    c, g = forward_backward(X, Y, p, block_size)
    assert isinstance(c, float)
    assert list(g) == list(grads), f"block_size={block_size}: keys {list(g)} vs {list(grads)}"
    assert_close(f"cost (block_size={block_size})", c, cost, scales["cost"], rtol)
    for k in grads:
        assert_close(f"{k} (block_size={block_size})", g[k], grads[k], scales[k], rtol)


@pytest.mark.parametrize("dims", ARCHITECTURES, ids=str)
@pytest.mark.parametrize("m", [1, 5, 300])
@pytest.mark.parametrize("order", ["C", "F"])
def test_equals_step_functions(dims, m, order):
    X, Y, p = make_problem(dims, m, seed=m + len(dims), order=order)
    ref = reference(X, Y, p)
    for block_size in BLOCK_SIZES:  # includes k > m, k = m, k not dividing m, k = 1
        assert_matches(X, Y, p, block_size, ref=ref)


def test_sub_block_widths():
    # [40, 7, ...]: 32-column sub-blocks; [3072, 7, ...]: 24 (7 * 3072 * 24 < 2 * 262144,
    # one OpenBLAS thread even without the small-matrix kernel); wide layers: none.
    assert _sub_block_width(7, 40) == SUB_BLOCK == 32
    assert _sub_block_width(7, 3072) == 24
    assert _sub_block_width(512, 3072) == 0


@pytest.mark.parametrize("block_size", [7, 64, 100])
def test_result_does_not_depend_on_the_number_of_threads(monkeypatch, block_size):
    # Fortran-ordered X, wide enough for the multi-threaded blocked path; 300 / 7
    # = 43 blocks > GROUPS groups. Bit-for-bit the same with 1, 2 or 3 threads.
    assert 300 // 7 > GROUPS
    X, Y, p = make_problem([40, 7, 5, 1], 300, seed=11, order="F")
    results = []
    for threads in ("1", "2", "3"):
        monkeypatch.setenv("NNSCRATCH_NUM_THREADS", threads)
        assert num_threads() == int(threads)
        results.append(forward_backward(X, Y, p, block_size))
    for c, g in results[1:]:
        assert c == results[0][0]
        for k in g:
            np.testing.assert_array_equal(g[k], results[0][1][k], err_msg=k)


def test_num_threads_follows_the_environment(monkeypatch):
    for var in ("NNSCRATCH_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    assert num_threads() >= 1
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert num_threads() == 3
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    assert num_threads() == 2
    monkeypatch.setenv("NNSCRATCH_NUM_THREADS", "1")
    assert num_threads() == 1


def test_gradient_names_shapes_and_no_dA():
    dims = [4, 3, 2, 1]
    X, Y, p = make_problem(dims, 6)
    cost, g = forward_backward(X, Y, p, 4)
    assert list(g) == ["dW3", "db3", "dW2", "db2", "dW1", "db1"]
    for l in (1, 2, 3):
        assert g[f"dW{l}"].shape == (dims[l], dims[l - 1]) and g[f"db{l}"].shape == (dims[l], 1)
    assert np.isfinite(cost)


@pytest.mark.parametrize("block_size", [None, 64, 100])
def test_float32_within_float32_tolerance(block_size):
    X, Y, p = make_problem([40, 7, 5, 1], 300, seed=3, order="F")
    X32 = X.astype(np.float32, order="F")
    p32 = {k: v.astype(np.float32) for k, v in p.items()}
    # The float64 reference of the very same (float32-rounded) inputs.
    ref = reference(X32.astype(np.float64), Y, {k: v.astype(np.float64) for k, v in p32.items()})
    c, g = forward_backward(X32, Y, p32, block_size)
    assert all(v.dtype == np.float32 for v in g.values())
    assert isinstance(c, float)
    assert_close("cost", c, ref[0], ref[2]["cost"], RTOL32)
    for k in ref[1]:
        assert_close(k, g[k], ref[1][k], ref[2][k], RTOL32)


def test_float32_saturated_output_cost_is_finite():
    # ZL = 40 saturates the float32 sigmoid to exactly 1.0; with Y = 0 the
    # float32 clip at 1 - 1e-15 (which rounds to 1.0) would give log1p(-1) = -inf.
    p = {"W1": np.array([[40.0]], np.float32), "b1": np.zeros((1, 1), np.float32)}
    X = np.ones((1, 3), np.float32)
    Y = np.array([[0.0, 1.0, 0.0]], np.float32)
    c, g = forward_backward(X, Y, p)
    assert np.isfinite(c) and c == pytest.approx(2 * -np.log1p(-(1 - 1e-15)) / 3, rel=1e-6)
    assert np.all(np.isfinite(g["dW1"]))


def test_mixed_dtypes_compute_in_the_wider_one():
    X, Y, p = make_problem([5, 4, 1], 20, seed=5)
    c, g = forward_backward(X.astype(np.float32), Y, p, 8)
    assert all(v.dtype == np.float64 for v in g.values())
    assert_matches(X.astype(np.float32).astype(np.float64), Y, p, 8)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("block_size", [None, 64])
def test_no_X_sized_temporaries(order, block_size):
    # numpy reports its data allocations to tracemalloc: the peak of the step
    # (work arrays of (n_l, m), here 1.3 MB, and (n1, n0) partial products)
    # must stay far below X (8 MB): no copy, transpose or conversion of X.
    X, Y, p = make_problem([256, 7, 5, 1], 4000, seed=6, order=order)
    forward_backward(X, Y, p, block_size)  # the reusable work arrays exist from now on
    tracemalloc.start()
    try:
        forward_backward(X, Y, p, block_size)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 0.1 * X.nbytes, f"peak {peak} bytes vs X {X.nbytes}"


def test_results_do_not_alias_reused_work_arrays():
    X, Y, p = make_problem([6, 5, 1], 40, seed=7)
    c1, g1 = forward_backward(X, Y, p, 16)
    kept = {k: v.copy() for k, v in g1.items()}
    p2 = {k: v * 2 for k, v in p.items()}
    forward_backward(X, Y, p2, 16)
    for k in kept:
        np.testing.assert_array_equal(g1[k], kept[k])


def test_nan_in_X_propagates_like_the_step_functions():
    X, Y, p = make_problem([5, 4, 1], 10, seed=8)
    X[2, 3] = np.nan
    cost, grads, _ = reference(X, Y, p)
    c, g = forward_backward(X, Y, p, 4)
    assert np.isnan(c) and np.isnan(cost)
    for k in grads:
        np.testing.assert_array_equal(np.isnan(g[k]), np.isnan(grads[k]), err_msg=k)


def test_Y_may_be_a_vector_of_m_labels():
    X, Y, p = make_problem([4, 3, 1], 9, seed=9)
    c1, g1 = forward_backward(X, Y, p)
    c2, g2 = forward_backward(X, Y.ravel(), p)
    assert c1 == c2
    for k in g1:
        np.testing.assert_array_equal(g1[k], g2[k])


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "8"])
def test_block_size_must_be_a_positive_integer(bad):
    X, Y, p = make_problem([4, 3, 1], 9)
    with pytest.raises(ValueError, match="block_size must be a positive integer"):
        forward_backward(X, Y, p, bad)


def test_argument_errors():
    X, Y, p = make_problem([4, 3, 1], 9)
    with pytest.raises(ValueError, match="Y must have shape"):
        forward_backward(X, Y[:, :5], p)
    with pytest.raises(ValueError, match="W1 has shape"):
        forward_backward(X[:3], Y, p)
    with pytest.raises(ValueError, match="at least one column"):
        forward_backward(X[:, :0], Y[:, :0], p)


def test_default_block_size():
    assert default_block_size(3072) == 160           # 4 MiB of float64 columns
    assert default_block_size(3072, np.float32) == 320
    assert default_block_size(3072, "float64") == 160
    for n0 in (1, 7, 100, 3072, 12288, 10**6):
        k = default_block_size(n0)
        assert k >= 32 and k % 32 == 0
    assert default_block_size(10**6) == 32           # never below one sub-block
    with pytest.raises(ValueError, match="n0 must be a positive integer"):
        default_block_size(0)


def test_forward_backward_output_is_forward_backward_plus_its_AL():
    """The epochs engine's helper: forward_backward's cost and gradients bit for bit, and AL, the
    output of the same pass (a copy, not the reused workspace), equal to deep_model's within
    rtol 1e-12 (Z1 by another BLAS kernel)."""
    from nnscratch.engine.fused import forward_backward_output
    from nnscratch.forward import deep_model
    from nnscratch.init_param import init_param
    rs = np.random.RandomState(2)
    X = rs.randn(64, 70)
    Y = (rs.rand(1, 70) > 0.5) * 1.0
    params = init_param([64, 7, 5, 1], seed=3)
    for block_size in (None, 32):
        cost, grads, AL = forward_backward_output(X, Y, params, block_size)
        cost2, grads2 = forward_backward(X, Y, params, block_size)
        assert cost == cost2 and list(grads) == list(grads2)
        for k in grads:
            np.testing.assert_array_equal(grads[k], grads2[k])
        assert AL.shape == (1, 70)
        np.testing.assert_allclose(AL, deep_model(X, params)[0], rtol=1e-12)
        kept = AL.copy()
        forward_backward_output(X + 1.0, Y, params, block_size)
        np.testing.assert_array_equal(AL, kept)
