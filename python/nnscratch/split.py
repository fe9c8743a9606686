"""Train/test split and flattening of image stacks into the (features, samples) layout."""
from __future__ import annotations

import numpy as np

from .utils.validation import check_seed


def train_test_split(*arrays, test_size=0.15, random_state=1):
    """scikit-learn's ``train_test_split`` with the notebook's test size and an explicit seed.

    Args:
        *arrays: arrays with samples along the first axis, e.g. images
            (m, H, W, 3) and labels (m,).
        test_size: fraction of samples in the test part (rounded up, as sklearn does).
        random_state: integer seed in [0, 2**32 - 1]; R's twin reproduces the
            same permutation (R/split.R).
    Returns:
        ``[a_train, a_test, b_train, b_test, ...]``.

    Example:
        >>> a = np.arange(10)
        >>> train, test = train_test_split(a, test_size=0.2, random_state=1)
        >>> train.tolist(), test.tolist()
        ([6, 4, 0, 3, 1, 7, 8, 5], [2, 9])
    """
    from sklearn.model_selection import train_test_split as _sklearn_split  # imported when needed (~90 MB)

    return _sklearn_split(*arrays, test_size=test_size, random_state=check_seed(random_state), shuffle=True)


def flatten_images(images):
    """Flatten an image stack to one column per sample.

    Args:
        images: (m, H, W, C).
    Returns:
        (H*W*C, m) float64; feature index ``f = (h*W + w)*C + c`` (0-based), i.e.
        numpy's ``images.reshape(m, -1).T``. R's twin gets the same order with
        ``aperm(images, c(4, 3, 2, 1))`` because R arrays are column-major.
        The result is that transposed view (Fortran order: each sample's
        column is contiguous), which is what ``forward_backward`` reads fastest;
        no copy is made when ``images`` is already float64.

    Example:
        >>> images = np.arange(2 * 2 * 2 * 3).reshape(2, 2, 2, 3)  # 2 images of 2 x 2 pixels, RGB
        >>> X = flatten_images(images)
        >>> X.shape  # one column per image
        (12, 2)
        >>> X[:, 1].tolist() == images[1].ravel().tolist()
        True
    """
    images = np.asarray(images, dtype=np.float64)
    # features = H*W*C written out: reshape(0, -1) cannot infer it for an empty stack (m = 0)
    return images.reshape(images.shape[0], int(np.prod(images.shape[1:]))).T


def labels_to_row(y):
    """Labels (m,) -> (1, m) float64 row, the ``Y`` of the training steps.

    Example:
        >>> labels_to_row(np.array([1, 0, 1]))
        array([[1., 0., 1.]])
    """
    return np.asarray(y, dtype=np.float64).reshape(1, -1)
