"""train_test_split (sklearn's, seeded), flatten_images (one column per sample), labels_to_row."""
import numpy as np
import pytest

from nnscratch import flatten_images, labels_to_row, train_test_split


def test_flatten_images_feature_order_and_layout():
    images = np.arange(2 * 2 * 3 * 3).reshape(2, 2, 3, 3)  # (m, H, W, C)
    X = flatten_images(images)
    assert X.shape == (18, 2) and X.dtype == np.float64
    m, H, W, C = 1, 1, 2, 0
    assert X[(H * 3 + W) * 3 + C, m] == images[m, H, W, C]
    np.testing.assert_array_equal(X, images.reshape(2, -1).T)
    assert X.flags.f_contiguous  # each sample's column is contiguous


def test_flatten_images_makes_no_copy_of_float64():
    images = np.random.RandomState(0).rand(4, 2, 2, 3)
    assert np.shares_memory(flatten_images(images), images)


def test_labels_to_row():
    Y = labels_to_row([1, 0, 1])
    assert Y.shape == (1, 3) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y, [[1.0, 0.0, 1.0]])


def test_train_test_split_sizes_and_seed():
    a = np.arange(20)
    tr, te = train_test_split(a, random_state=1)
    assert len(te) == 3 and len(tr) == 17  # ceil(0.15 * 20)
    assert sorted(np.concatenate([tr, te])) == list(range(20))
    tr2, te2 = train_test_split(a, random_state=1)
    np.testing.assert_array_equal(te, te2)
    x_tr, x_te, y_tr, y_te = train_test_split(a, a * 10, random_state=5)
    np.testing.assert_array_equal(y_te, x_te * 10)


def test_train_test_split_checks_the_seed():
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, 4294967295\]; got -1"):
        train_test_split(np.arange(5), random_state=-1)


def test_flatten_images_of_an_empty_stack_keeps_the_feature_count():
    """m = 0 (e.g. predicting an empty list of files): (H*W*C, 0), not numpy's reshape error."""
    from nnscratch.split import flatten_images

    out = flatten_images(np.zeros((0, 8, 8, 3)))
    assert out.shape == (192, 0) and out.dtype == np.float64
