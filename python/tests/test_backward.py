import numpy as np
import pytest

from nnscratch import back_activ, back_prop, cost_computation, deep_model, deep_model_back, init_param


def test_back_prop_hand_values():
    A_prev = np.array([[1.0, 2.0], [0.0, 1.0]])   # (2, m=2)
    W = np.array([[1.0, 3.0]])                     # (1, 2)
    dZ = np.array([[1.0, -1.0]])                   # (1, 2)
    dA_prev, dW, db = back_prop(dZ, (A_prev, W, np.zeros((1, 1))))
    np.testing.assert_array_equal(dW, [[(1 * 1 + -1 * 2) / 2, (0 - 1) / 2]])
    np.testing.assert_array_equal(db, [[0.0]])
    np.testing.assert_array_equal(dA_prev, [[1.0, -1.0], [3.0, -3.0]])
    assert back_prop(dZ, (A_prev, W, None), need_dA_prev=False)[0] is None


def test_db_is_row_sums_not_a_scalar():
    dZ = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    _, _, db = back_prop(dZ, (np.ones((1, 3)), np.ones((2, 1)), np.zeros((2, 1))))
    assert db.shape == (2, 1)
    np.testing.assert_array_equal(db, [[2.0], [20.0]])


def test_back_activ_relu_masks_dz():
    Z = np.array([[-1.0, 2.0]])
    cache = ((np.array([[1.0, 1.0]]), np.array([[2.0]]), np.zeros((1, 1))), Z)
    dA_prev, dW, db = back_activ(np.array([[5.0, 7.0]]), cache, "relu")
    np.testing.assert_array_equal(dW, [[3.5]])
    np.testing.assert_array_equal(db, [[3.5]])
    np.testing.assert_array_equal(dA_prev, [[0.0, 14.0]])


def test_gradient_keys_and_shapes():
    dims = [4, 3, 1, 1]
    p = init_param(dims, seed=0, init="he")
    X = np.random.RandomState(1).randn(4, 5)
    Y = np.array([[1.0, 0, 1, 1, 0]])
    AL, caches = deep_model(X, p)
    g = deep_model_back(AL, Y, caches)
    assert sorted(g) == sorted(["dA0", "dA1", "dA2", "dW1", "dW2", "dW3", "db1", "db2", "db3"])
    assert g["dA0"].shape == (4, 5) and g["dA2"].shape == (1, 5)
    for l in (1, 2, 3):
        assert g[f"dW{l}"].shape == (dims[l], dims[l - 1]) and g[f"db{l}"].shape == (dims[l], 1)
    g2 = deep_model_back(AL, Y, caches, input_grad=False)
    assert "dA0" not in g2
    for k in g2:
        np.testing.assert_array_equal(g2[k], g[k])


def test_output_gradient_equals_notebook_formula_when_unsaturated():
    # the notebook: dAL = -(Y/AL - (1-Y)/(1-AL)), dZL = dAL * s(1-s); we use AL - Y
    p = init_param([3, 1], seed=4, init="he")
    X = np.random.RandomState(2).randn(3, 6)
    Y = np.array([[1.0, 0, 0, 1, 1, 0]])
    AL, caches = deep_model(X, p)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    _, dW_nb, db_nb = back_activ(dAL, caches[0], "sigmoid")
    g = deep_model_back(AL, Y, caches)
    np.testing.assert_allclose(g["dW1"], dW_nb, rtol=1e-12)
    np.testing.assert_allclose(g["db1"], db_nb, rtol=1e-12)


def test_saturated_output_gives_finite_gradient():
    p = {"W1": np.array([[1000.0]]), "b1": np.array([[0.0]])}
    X = np.array([[1.0, -1.0]])
    Y = np.array([[0.0, 1.0]])  # both confidently wrong: AL = [1, 0] exactly
    AL, caches = deep_model(X, p)
    assert AL[0, 0] == 1.0 and AL[0, 1] == 0.0
    g = deep_model_back(AL, Y, caches)
    np.testing.assert_array_equal(g["dW1"], [[1.0]])  # (1*1 + (-1)*(-1)) / 2


def numerical_gradient(X, Y, p, h=1e-6):
    num = {}
    for k, v in p.items():
        g = np.zeros_like(v)
        for idx in np.ndindex(v.shape):
            old = v[idx]
            v[idx] = old + h
            cp = cost_computation(deep_model(X, p)[0], Y)
            v[idx] = old - h
            cm = cost_computation(deep_model(X, p)[0], Y)
            v[idx] = old
            g[idx] = (cp - cm) / (2 * h)
        num["d" + k] = g
    return num


@pytest.mark.parametrize("init", ["scaled", "xavier", "he"])
def test_gradient_check_three_layers(init):
    """deep_model_back against central finite differences of cost_computation; rel. error < 1e-7."""
    rs = np.random.RandomState(7)
    dims = [5, 4, 3, 1]
    p = init_param(dims, seed=11, init=init)
    if init == "scaled":  # 0.01-sized weights give ~1e-6 gradients: scale up so h=1e-6 resolves them
        p = {k: v * 30 for k, v in p.items()}
    for l in range(1, 4):  # non-zero biases so no unit sits exactly at a ReLU kink
        p[f"b{l}"] = rs.randn(*p[f"b{l}"].shape) * 0.1
    X = rs.randn(5, 8)
    Y = (rs.rand(1, 8) > 0.5).astype(float)
    AL, caches = deep_model(X, p)
    g = deep_model_back(AL, Y, caches)
    num = numerical_gradient(X, Y, p)
    a = np.concatenate([g[k].ravel() for k in sorted(num)])
    b = np.concatenate([num[k].ravel() for k in sorted(num)])
    rel = np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
    assert rel < 1e-7, rel
