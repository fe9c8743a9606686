"""Shared case generator for the parity suite: inputs are made here, in Python,
and the very same arrays are given to both implementations."""
from __future__ import annotations

import numpy as np

from nnscratch import init_param

#: Architectures exercised by the fixed (non-hypothesis) cases: widths of 1
#: included, since the notebook's R port lost matrix dimensions there.
ARCHITECTURES = [[4, 3, 1], [5, 4, 3, 1], [3, 1], [4, 1, 1], [6, 5, 1, 2, 1], [1, 1, 1]]


def make_inputs(dims, m, seed=0, init="he"):
    """X (n0, m), Y (1, m) in {0, 1}, parameters from init_param with non-zero biases."""
    rs = np.random.RandomState(seed)
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    params = init_param(dims, seed=seed, init=init)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rs.randn(dims[l], 1) * 0.1
    return X, Y, params


def matmul_scale(W, A, b=None):
    """Sum of |terms| of ``W @ A (+ b)``: the scale against which summation-order
    differences are measured (a result that cancels to ~0 can differ by more
    than eps relative to itself, never relative to this)."""
    s = np.abs(W) @ np.abs(A)
    return s if b is None else s + np.abs(b)


def grad_scales(caches, grads):
    """Per-gradient scale: the sum of |terms| of each product, from the Python side."""
    scales = {}
    for l, ((A_prev, W, _b), _Z) in enumerate(caches, start=1):
        m = A_prev.shape[1]
        dZ_abs = np.abs(grads[f"dA{l}"]) if f"dA{l}" in grads else np.ones((W.shape[0], m))
        scales[f"dW{l}"] = matmul_scale(dZ_abs, A_prev.T) / m + 1e-300
        scales[f"db{l}"] = dZ_abs.sum(axis=1, keepdims=True) / m + 1e-300
        scales[f"dA{l - 1}"] = matmul_scale(W.T, dZ_abs) + 1e-300
    return scales


# -- ties, exact boundaries, edge shapes (issue 17) -----------------------------------------------
# Random inputs never hit a tie: these cases put the boundaries in on purpose. Each says which
# porting mistake it is there to show.

def tie_Z(shape=(4, 6), seed=0):
    """Z with exact zeros (0.0 and -0.0) in every row and every column, values a tiny step either side
    of 0, and duplicated columns (column 1 == column 0): ReLU's derivative at exactly Z == 0 (``Z > 0``
    vs ``Z >= 0``) and the sigmoid's branch at exactly 0 show here."""
    rs = np.random.RandomState(seed)
    n, m = shape
    Z = rs.randn(n, m) * 3
    for i in range(n):
        Z[i, (i + 2) % m] = 0.0
        Z[i, (i + 3) % m] = -0.0 if i % 2 else 0.0
    Z[0, m - 1] = 5e-324  # the smallest positive double
    Z[n - 1, m - 1] = -5e-324
    Z[:, 1] = Z[:, 0]
    return Z


def saturated_cost_case(m=6, delta=1e-12):
    """(AL, Y, exact cost): every term of the cost is tiny, P near ``delta`` for Y = 0 and near
    ``1 - delta`` for Y = 1, so ``log(1 - P)`` instead of ``log1p(-P)`` loses most digits (1 - 1e-12
    is not exact in binary). The exact cost is computed here with log1p on exact arguments
    (``1 - P`` is exact for P in [0.5, 1], Sterbenz), accurate to about an ulp of the value."""
    import math

    Y = np.array([[float(j % 2) for j in range(m)]])
    P = np.array([[(1.0 - delta * (1 + j / 7)) if Y[0, j] else delta * (1 + j / 5) for j in range(m)]])
    terms = [-math.log1p(P[0, j] - 1.0) if Y[0, j] else -math.log1p(-P[0, j]) for j in range(m)]
    return P, Y, math.fsum(terms) / m


def exact_network(dims, m, seed=0):
    """X, Y, parameters on which every gradient is exact in binary floating point (integers,
    halves, then one division by m: exact when m is a power of two, correctly rounded otherwise):

    * X, W and b are small integers, so every Z and A is an integer; hidden unit 0 of every
      hidden layer is dead with Z exactly 0 on every sample (zero row of W, zero bias) and feeds
      the next layer with a non-zero weight, so ReLU's derivative at exactly 0 decides gradients;
      other exact zeros of Z come with the integers (checked: at least one per hidden layer);
    * the output layer's weights are multiples of 40, so Z_L is 0 (AL exactly 0.5: the sigmoid at
      exactly 0, predict_labels' ``> 0.5`` tie) or |Z_L| >= 40 (AL rounds to 1, or is tiny); Y is 1
      where Z_L < 0 and 0 where Z_L > 0, so dZ_L = AL - Y is exactly +-1 or +-0.5 everywhere;
    * X has a duplicated column (column 1 == column 0 when m > 1).

    Summation order cannot change a gradient: the fused step (any block size) and the
    step-by-step functions must agree exactly, in each language and across them (the cost
    only to summation order: its terms are logs). Deterministic: the first seed from ``seed``
    on that gives a zero and a non-zero Z_L (and a zero Z in each hidden layer) is used.
    """
    from nnscratch import deep_model

    for s in range(seed, seed + 1000):
        rs = np.random.RandomState(s)
        X = rs.randint(-2, 3, size=(dims[0], m)).astype(np.float64)
        if m > 1:
            X[:, 1] = X[:, 0]
        params = {}
        L = len(dims) - 1
        for l in range(1, L + 1):
            W = rs.randint(-2, 3, size=(dims[l], dims[l - 1])).astype(np.float64)
            b = rs.randint(-1, 2, size=(dims[l], 1)).astype(np.float64)
            if l > 1:
                W[:, 0] = np.where(W[:, 0] == 0, 1.0, W[:, 0])  # the dead unit below feeds this layer
            if l < L and dims[l] > 1:
                W[0] = 0.0
                b[0] = 0.0
            if l == L:
                W, b = W * 40.0, b * 40.0
            params[f"W{l}"], params[f"b{l}"] = W, b
        AL, caches = deep_model(X, params)
        ZL = caches[-1][1]
        hidden_ties = all(np.any(c[1] == 0) for c in caches[:-1])
        if m == 1 or (np.any(ZL == 0) and np.any(ZL != 0) and hidden_ties):
            Y = np.where(ZL < 0, 1.0, np.where(ZL > 0, 0.0, (np.arange(m) % 2).reshape(1, m)))
            return X, Y, params
    raise AssertionError(f"no exact case for {dims}, m = {m}")


#: (dims, m) of the exact cases: m a power of two and not; one sample; widths of 1.
EXACT_CASES = [([4, 3, 1], 8), ([4, 3, 1], 12), ([5, 4, 3, 1], 16), ([3, 5, 2, 3, 1], 7), ([1, 3, 1], 1),
               ([6, 4, 4, 1], 10), ([2, 1, 1], 6), ([7, 5, 3, 2, 1], 32)]

#: Block sizes of the fused step: None (one pass), 1, sizes that do not divide m, larger than m.
BLOCK_SIZES = [None, 1, 3, 5, 7, 64]


def half_probability_inputs(m=6, n0=3):
    """X, Y and a one-layer network whose AL is exactly 0.5 on some samples (W X + b == 0 exactly
    there) and not on the others: predict_labels' tie (> 0.5 gives 1, so 0.5 gives 0)."""
    X = np.zeros((n0, m))
    X[0] = [0.0, 1.0, -1.0, 0.0, 2.0, 0.5][:m] if m <= 6 else np.arange(m) % 3 - 1.0
    Y = (np.arange(m) % 2).astype(np.float64).reshape(1, m)
    params = {"W1": np.array([[1.0] + [0.0] * (n0 - 1)]), "b1": np.zeros((1, 1))}
    return X, Y, params


def rounded_output_network(dims, m, seed=0):
    """``exact_network`` with a random (non-exact) output layer and random labels: every hidden Z
    and A is still an exact integer, but AL, dZ_L and every gradient are rounded values. Where
    the fused step and the step-by-step functions evaluate the same expression on the same
    operands (the output layer's ``W_L A + b_L``, the sigmoid, ``AL - Y``, ``rowSums(dZ) / m``)
    they must still agree bit for bit, while a different formula (``rowMeans(dZ)``, one rounding
    instead of two) differs in the last bit of some entries."""
    X, _, params = exact_network(dims, m, seed)
    rs = np.random.RandomState(seed + 1000)
    L = len(dims) - 1
    params[f"W{L}"] = rs.randn(1, dims[-2])
    params[f"b{L}"] = rs.randn(1, 1) * 0.1
    Y = (rs.rand(1, m) > 0.5).astype(np.float64)
    return X, Y, params


# -- edge shapes of loaders and codecs ------------------------------------------------------------

#: int64 values around R's limits: the 32-bit halves' sign boundaries (a low word of exactly 2^31,
#: a high word of 0xFFFFFFFF), R's NA_integer_ (-2^31), the largest exact doubles (+-2^53).
NPY_INT64_EDGES = [0, 1, -1, 2**31 - 1, 2**31, -2**31, -2**31 + 1, -2**31 - 1, 2**32 - 1, 2**32, 2**32 + 2**31,
                   -2**32, 2**53, -2**53, 2**53 - 1]
#: int64 values that fit R's integers: read_npy gives R an integer vector.
NPY_INT32_FITTING = [0, 1, -1, 2**31 - 1, -2**31 + 1, 12345, -7]
#: A value with exactly 2^31 in the high word (-2^63 + 5): beyond what R can hold exactly.
NPY_HIGH_WORD_2_31 = -(2**63) + 5


def write_npy_int64(path, values, shape=None):
    """An .npy file of little-endian int64 written by numpy itself (not by the code under test)."""
    a = np.array(values, dtype="<i8")
    np.save(path, a.reshape(shape) if shape else a)
    return path


def write_png(path, pixels):
    """A PNG written by OpenCV (not by the code under test). ``pixels`` is (H, W, C) uint8 in RGB(A)
    order (C = 3 or 4) or (H, W) gray; 16-bit when uint16."""
    import cv2

    px = pixels
    if px.ndim == 3 and px.shape[2] == 3:
        px = px[:, :, ::-1]
    elif px.ndim == 3 and px.shape[2] == 4:
        px = px[:, :, [2, 1, 0, 3]]
    assert cv2.imwrite(str(path), np.ascontiguousarray(px)), path
    return path


def one_pixel_pngs(folder):
    """{name: (path, expected RGB uint8 (H, W, 3))}: images one pixel wide or high, with alpha and
    16 bits (gray images are skipped by both loaders: not here): a loader that drops a dimension of length 1 (R's ``x[, , 1:3]`` without
    ``drop = FALSE``) or keeps the alpha channel shows here; the first
    pixel of each RGBA image is (0, 0, 0, 128), R's NA_integer_ as a native raster word."""
    from pathlib import Path

    folder = Path(folder)
    rs = np.random.RandomState(17)
    out = {}
    for name, shape in [("rgba_3x1", (3, 1, 4)), ("rgba_1x3", (1, 3, 4)), ("rgba_1x1", (1, 1, 4)),
                        ("rgb_1x1", (1, 1, 3)), ("rgb_5x1", (5, 1, 3))]:
        px = rs.randint(0, 256, size=shape).astype(np.uint8)
        if shape[2] == 4:
            px[0, 0] = [0, 0, 0, 128]  # 0x80000000 in R's native raster: NA_integer_
        out[name] = (write_png(folder / f"{name}.png", px), px[:, :, :3].copy())
    px16 = rs.randint(0, 65536, size=(2, 1, 4)).astype(np.uint16)
    out["rgba16_2x1"] = (write_png(folder / "rgba16_2x1.png", px16), (px16[:, :, :3] >> 8).astype(np.uint8))
    return out


# -- update rules with a state (issue 13) ---------------------------------------------------------

def update_rule_inputs(dims, seed=0, t=3):
    """(parameters, grads, v, s, t) for one step of momentum / RMSprop / Adam in the middle of a run:
    gradients of every sign and size (some exactly 0, some tiny, one huge), non-zero averages ``v``
    (any sign) and ``s`` (>= 0, one exactly 0 where the gradient is 0 too: the step is then 0 / eps)."""
    rs = np.random.RandomState(seed)
    _, _, params = make_inputs(dims, 1, seed=seed)
    grads, v, s = {}, {}, {}
    for key, p in params.items():
        g = rs.randn(*p.shape) * 10.0 ** rs.randint(-4, 2, size=p.shape)
        vv = rs.randn(*p.shape) * 0.1
        ss = rs.rand(*p.shape) * 0.01
        g.flat[0] = 0.0
        ss.flat[0] = 0.0
        if g.size > 1:
            g.flat[1] = 1e-300 if key.startswith("W") else 1e6
        grads["d" + key] = g
        v["vd" + key] = vv
        s["sd" + key] = ss
    return params, grads, v, s, t
