"""random_mini_batches (nnscratch/batches.py): numpy's permutation, the cut into batches, the generator."""
import numpy as np
import pytest

from nnscratch.batches import random_mini_batches


def columns(m, n0=2):
    """X whose column j holds j (row 0) and 10 + j (row 1); Y the parity of j: a sample is recognisable."""
    X = np.vstack([np.arange(m, dtype=np.float64) + 10 * i for i in range(n0)])
    Y = (np.arange(m) % 2).astype(np.float64).reshape(1, m)
    return X, Y


def test_permutation_of_randomstate_0_for_m_5():
    # np.random.RandomState(0).permutation(5) is [2, 0, 1, 3, 4]
    X, Y = columns(5)
    batches = random_mini_batches(X, Y, mini_batch_size=2, seed=0)
    assert [b[0].tolist() for b in batches] == [[[2.0, 0.0], [12.0, 10.0]], [[1.0, 3.0], [11.0, 13.0]],
                                                [[4.0], [14.0]]]
    assert [b[1].tolist() for b in batches] == [[[0.0, 0.0]], [[1.0, 1.0]], [[0.0]]]
    assert all(isinstance(b, tuple) and len(b) == 2 for b in batches)


def test_labels_stay_with_their_samples():
    X, Y = columns(37)
    for xb, yb in random_mini_batches(X, Y, mini_batch_size=8, seed=3):
        np.testing.assert_array_equal(yb[0], xb[0] % 2)
        np.testing.assert_array_equal(xb[1], xb[0] + 10)


def test_last_smaller_batch_is_kept():
    X, Y = columns(10)
    batches = random_mini_batches(X, Y, mini_batch_size=4, seed=1)
    assert [b[0].shape for b in batches] == [(2, 4), (2, 4), (2, 2)]
    assert [b[1].shape for b in batches] == [(1, 4), (1, 4), (1, 2)]
    # RandomState(1).permutation(10) is [2, 9, 6, 4, 0, 3, 1, 7, 8, 5]
    assert np.hstack([b[0] for b in batches])[0].tolist() == [2, 9, 6, 4, 0, 3, 1, 7, 8, 5]


def test_size_dividing_m_gives_no_empty_batch():
    X, Y = columns(6)
    assert [b[0].shape[1] for b in random_mini_batches(X, Y, mini_batch_size=3, seed=0)] == [3, 3]


def test_batch_size_one_is_one_sample_per_batch_in_permutation_order():
    X, Y = columns(5)
    batches = random_mini_batches(X, Y, mini_batch_size=1, seed=0)
    assert [b[0][0, 0] for b in batches] == [2.0, 0.0, 1.0, 3.0, 4.0]
    assert all(b[0].shape == (2, 1) and b[1].shape == (1, 1) for b in batches)


@pytest.mark.parametrize("size", [5, 6, 64, 10**6])
def test_batch_size_m_or_larger_is_one_shuffled_batch(size):
    X, Y = columns(5)
    (only,) = random_mini_batches(X, Y, mini_batch_size=size, seed=0)
    np.testing.assert_array_equal(only[0], X[:, [2, 0, 1, 3, 4]])
    np.testing.assert_array_equal(only[1], Y[:, [2, 0, 1, 3, 4]])


def test_one_sample():
    X, Y = columns(1, n0=3)
    (only,) = random_mini_batches(X, Y, mini_batch_size=64, seed=7)
    np.testing.assert_array_equal(only[0], X)
    np.testing.assert_array_equal(only[1], Y)


def test_defaults_are_size_64_and_seed_0():
    X, Y = columns(130)
    batches = random_mini_batches(X, Y)
    assert [b[0].shape[1] for b in batches] == [64, 64, 2]
    perm = np.random.RandomState(0).permutation(130)
    np.testing.assert_array_equal(np.hstack([b[0] for b in batches]), X[:, perm])


def test_a_generator_is_used_and_advanced():
    X, Y = columns(5)
    gen = np.random.RandomState(0)
    first = random_mini_batches(X, Y, mini_batch_size=5, seed=gen)
    second = random_mini_batches(X, Y, mini_batch_size=5, seed=gen)
    assert first[0][0][0].tolist() == [2.0, 0.0, 1.0, 3.0, 4.0]
    # the second permutation drawn from RandomState(0) is [0, 2, 1, 4, 3]
    assert second[0][0][0].tolist() == [0.0, 2.0, 1.0, 4.0, 3.0]
    ref = np.random.RandomState(0)
    ref.permutation(5)
    ref.permutation(5)
    assert gen.rand() == ref.rand()  # the stream continues exactly after the two permutations


def test_integer_seed_gives_the_same_batches_each_time():
    X, Y = columns(9)
    a = random_mini_batches(X, Y, 4, seed=5)
    b = random_mini_batches(X, Y, 4, seed=5)
    for (xa, ya), (xb, yb) in zip(a, b):
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)


def test_inputs_untouched_and_batches_are_not_views_of_x():
    X, Y = columns(5)
    X0, Y0 = X.copy(), Y.copy()
    batches = random_mini_batches(X, Y, mini_batch_size=2, seed=0)
    batches[0][0][:] = -1.0
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    assert batches[1][0].dtype == np.float64 and batches[1][1].dtype == np.float64


def test_no_samples_gives_no_batches():
    X, Y = columns(0)
    assert random_mini_batches(X, Y, 4, seed=0) == []


@pytest.mark.parametrize("kw, message", [
    ({"mini_batch_size": 0}, "mini_batch_size must be a positive integer; got 0"),
    ({"mini_batch_size": 2.5}, "mini_batch_size must be a positive integer; got 2.5"),
    ({"seed": -1}, "seed must be an integer in [0, 4294967295]; got -1"),
    ({"seed": 2**32}, "seed must be an integer in [0, 4294967295]; got 4294967296"),
])
def test_errors_name_the_argument(kw, message):
    X, Y = columns(5)
    with pytest.raises(ValueError) as info:
        random_mini_batches(X, Y, **kw)
    assert str(info.value) == message


def test_x_and_y_are_checked():
    X, Y = columns(5)
    with pytest.raises(ValueError, match="X and Y must have the same number of samples"):
        random_mini_batches(X, Y[:, :4])
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\)"):
        random_mini_batches(X, X)
