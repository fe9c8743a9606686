"""Mini-batches: shuffle the training columns, then cut them into batches (R twin: R/batches.R).

Full-batch gradient descent computes the gradient on all m samples before moving once.
Mini-batch gradient descent moves after every ``mini_batch_size`` samples: an epoch (one pass
over the training set) makes ceil(m / mini_batch_size) steps instead of one. The samples are
shuffled first, every epoch with a new permutation, so that the batches differ from epoch to
epoch; the permutation comes from numpy's ``RandomState`` stream, which R reproduces bit for
bit (R/utils-rng.R), so both languages see the same batches in the same order.
"""
from __future__ import annotations

import numpy as np

from .utils.validation import check_positive_int, check_seed, check_X_Y


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the samples (columns) of X and Y together, then cut them into mini-batches.

    With ``perm = gen.permutation(m)`` (a random order of the column indexes 0..m-1):

        X_shuffled = X[:, perm]          Y_shuffled = Y[:, perm]      (column j comes from column perm[j])
        batch k    = columns k*size .. (k+1)*size - 1,  k = 0 .. floor(m / size) - 1
        last batch = the m mod size columns left over, if any (kept, not dropped)

    So ``m = 10, mini_batch_size = 4`` gives batches of 4, 4 and 2 samples; a size of 1 gives
    m batches of one sample (stochastic gradient descent); a size >= m gives one batch of all m
    samples (in shuffled order).

    Python's permutation is 0-based (0..m-1); R's twin adds 1 to the same numbers to index its
    1-based columns.

    Args:
        X: (n0, m) inputs, one sample per column.
        Y: (1, m) labels 0/1 of the same samples.
        mini_batch_size: the number of samples per batch, a positive integer.
        seed: an integer seed in [0, 2**32 - 1] (a new ``np.random.RandomState(seed)``), or a
            ``np.random.RandomState`` to draw the permutation from: it is advanced by the draw
            (the epochs engine keeps drawing its dropout masks from the same stream).
    Returns:
        a list of ``(X_batch, Y_batch)`` tuples in order, ``X_batch: (n0, m_b)``,
        ``Y_batch: (1, m_b)``, with ``m_b = mini_batch_size`` except maybe for the last; the
        arrays are new (copies), of X's and Y's dtypes.
    Raises:
        ValueError: X or Y not as above, ``mini_batch_size`` not a positive integer
            ("mini_batch_size must be a positive integer; got 0"), ``seed`` neither a seed nor
            a RandomState.

    Example:
        >>> X = np.array([[0., 1., 2., 3., 4.]]); Y = np.array([[0., 1., 0., 1., 0.]])
        >>> [xb.tolist() for xb, _ in random_mini_batches(X, Y, mini_batch_size=2, seed=0)]
        [[[2.0, 0.0]], [[1.0, 3.0]], [[4.0]]]
    """
    check_X_Y(X, Y)
    mini_batch_size = check_positive_int("mini_batch_size", mini_batch_size)
    gen = seed if isinstance(seed, np.random.RandomState) else np.random.RandomState(check_seed(seed))
    m = X.shape[1]

    # Step 1: shuffle. The same permutation for X and Y keeps every sample with its label.
    permutation = gen.permutation(m)
    X_shuffled = X[:, permutation]
    Y_shuffled = Y[:, permutation]

    # Step 2: partition. floor(m / size) complete batches, then the rest.
    mini_batches = []
    num_complete = m // mini_batch_size
    for k in range(num_complete):
        cols = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((X_shuffled[:, cols], Y_shuffled[:, cols]))
    if m % mini_batch_size != 0:
        cols = slice(num_complete * mini_batch_size, m)
        mini_batches.append((X_shuffled[:, cols], Y_shuffled[:, cols]))
    return mini_batches
