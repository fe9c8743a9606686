"""Parity of R/split.R with python/nnscratch/split.py (scikit-learn + numpy).

Checks that R's ``train_test_split`` picks the same training and test samples,
in the same order, as ``sklearn.model_selection.train_test_split`` for several
sample counts and seeds (vectors, (m, p) matrices and (m, H, W, C) image
arrays, shapes kept), that both languages reject the same bad arguments, that
``flatten_images`` gives numpy's ``images.reshape(m, -1).T`` feature order
(including m = 1 and C = 1) and that ``labels_to_row`` gives the (1, m) row.

The tolerance is zero (``assert_same(..., rtol=0, atol=0)``): a split or a
flatten only selects and moves values, it never computes with them, so R must
return exactly the same numbers; any difference is a wrong index.
"""
from __future__ import annotations

import numpy as np
import pytest
from compare import assert_same
from sklearn.model_selection import train_test_split as sk_split

import nnscratch

SEEDS = [0, 1, 42, 123456789, 4294967295]
SIZES = [2, 7, 20, 100, 21199]


def exact(name, py, r_val):
    """Storage type (integer input gives integer parts), shape and values, exactly."""
    assert_same(name, py, r_val, rtol=0, atol=0)


def r_split(r, *arrays, **kwargs):
    return r.train_test_split(*arrays, **kwargs)  # Python ints go to R as doubles (R integers are 32-bit)


def r_error_message(r, fn, *args, **kwargs):
    msg = r.error_message(fn, *args, **kwargs)
    assert msg is not None, f"R's {fn} accepted the arguments"
    return msg


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", SIZES)
def test_split_of_sample_numbers(r, n, seed):
    """R's parts hold 1-based sample numbers; sklearn's split of arange(1, n+1) gives the same numbers."""
    a = np.arange(1, n + 1)
    py = sk_split(a, test_size=0.15, random_state=seed)
    r_parts = r_split(r, a, random_state=seed)
    assert len(r_parts) == 2
    exact(f"train n={n} seed={seed}", py[0], r_parts[0])
    exact(f"test n={n} seed={seed}", py[1], r_parts[1])
    # also the package's own wrapper (default test_size, explicit seed)
    ours = nnscratch.train_test_split(a, random_state=seed)
    assert np.array_equal(ours[0], py[0]) and np.array_equal(ours[1], py[1])


@pytest.mark.parametrize("test_size", [0.1, 0.3, 0.5, 0.85])
@pytest.mark.parametrize("n", [7, 100])
def test_split_other_test_sizes(r, n, test_size):
    a = np.arange(1, n + 1)
    py = sk_split(a, test_size=test_size, random_state=3)
    r_parts = r_split(r, a, test_size=test_size, random_state=3)
    exact("train", py[0], r_parts[0])
    exact("test", py[1], r_parts[1])


@pytest.mark.parametrize("seed", [1, 4294967295])
@pytest.mark.parametrize("n", [2, 7, 20, 100])
def test_split_matrix_images_labels_together(r, n, seed):
    rng = np.random.default_rng(n)  # inputs only
    X = rng.standard_normal((n, 4))
    images = rng.random((n, 2, 3, 3))
    y = rng.integers(0, 2, n).astype(np.float64)
    py = nnscratch.train_test_split(X, images, y, random_state=seed)
    r_parts = r_split(r, X, images, y, random_state=seed)
    names = ["X_train", "X_test", "images_train", "images_test", "y_train", "y_test"]
    assert len(r_parts) == len(py) == 6
    for name, p, q in zip(names, py, r_parts):
        assert p.shape == q.shape, f"{name}: python {p.shape} vs R {q.shape}"
        exact(f"{name} n={n} seed={seed}", p, q)


def test_split_bad_arguments_rejected_in_both(r):
    a = np.arange(1, 11)
    for seed in (-1, 4294967296, 1.5):
        expected = f"seed must be an integer in [0, 4294967295]; got {seed!r}"
        with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 4294967295\]"):
            nnscratch.train_test_split(a, random_state=seed)
        assert r_error_message(r, "train_test_split", a, random_state=float(seed)) == expected
    # different numbers of samples
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        nnscratch.train_test_split(a, a[:9])
    assert "has 10 but argument 2 has 9" in r_error_message(r, "train_test_split", a, a[:9])
    # test_size outside (0, 1)
    for ts in (0.0, 1.0):
        with pytest.raises(ValueError, match="test_size"):
            nnscratch.train_test_split(a, test_size=ts)
        assert "test_size must be a number in the (0, 1) range" in r_error_message(r, "train_test_split", a,
                                                                                     test_size=ts)
    # one sample: the training part would be empty (same wording as sklearn)
    with pytest.raises(ValueError) as info:
        nnscratch.train_test_split(np.arange(1, 2))
    assert r_error_message(r, "train_test_split", np.arange(1, 2)) == str(info.value)


@pytest.mark.parametrize("shape", [(5, 4, 3, 3), (1, 4, 3, 3), (6, 3, 5, 1), (1, 2, 2, 1), (3, 8, 8, 3), (0, 8, 8, 3)])
def test_flatten_images(r, shape):
    images = np.random.default_rng(sum(shape)).random(shape)  # inputs only
    py = nnscratch.flatten_images(images)
    r_flat = r.flatten_images(images)
    m, H, W, C = shape
    assert r_flat.shape == py.shape == (H * W * C, m)
    exact(f"flatten {shape}", py, r_flat)
    # The inputs can tell orders apart: swapping H and W (a wrongly permuted
    # aperm) or Fortran-order flattening would give other numbers.
    if m and (H != W or C > 1):  # (an empty stack has no order to tell apart)
        wrong = images.transpose(0, 2, 1, 3).reshape(m, -1).T if H != W else images.reshape(m, -1, order="F").T
        assert not np.array_equal(wrong, r_flat)


def test_labels_to_row(r):
    y = np.array([1.0, 0.0, 1.0, 1.0])
    py = nnscratch.labels_to_row(y)
    r_row = r.labels_to_row(y)
    assert r_row.shape == py.shape == (1, 4)
    exact("labels_to_row", py, r_row)
