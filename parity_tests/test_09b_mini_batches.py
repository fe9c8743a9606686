"""Parity of random_mini_batches (issue 13): the same batches, in the same order, from the same seed.

Tolerance: rtol 0 (bit-identical) everywhere. No arithmetic is done: the batches are columns of
X and Y picked by numpy's permutation, which R reproduces word for word (R/utils-rng.R; R adds 1
to the same 0-based numbers). Storage types are compared too: double batches of double inputs,
integer of integer (R integer <-> numpy int64 through the bridge).

A generator passed in is advanced by the draw in both languages, and the stream goes on the
same: the draws made after the batches agree (the epochs engine keeps drawing dropout masks
from it).
"""
import numpy as np
import pytest

import twins
from compare import assert_same
from test_00_twins import py_object, signature_differences
from nnscratch.batches import random_mini_batches


def test_signature_same_names_order_defaults(rb):
    fn = py_object("random_mini_batches", twins.TRAINING_STEPS["random_mini_batches"][0])
    assert fn is random_mini_batches
    assert signature_differences("random_mini_batches", fn, rb.formals("random_mini_batches")) == []


def inputs(m, n0=3, seed=0):
    rs = np.random.RandomState(1000 + seed)
    return rs.randn(n0, m), (rs.rand(1, m) > 0.5).astype(np.float64)


def assert_same_batches(py, r, what):
    assert isinstance(r, list), f"{what}: R gave a {type(r).__name__}, not an unnamed list of batches"
    assert len(py) == len(r), f"{what}: python {len(py)} batches vs R {len(r)}"
    for k, ((xb, yb), rbatch) in enumerate(zip(py, r)):
        assert isinstance(rbatch, dict) and list(rbatch) == ["X", "Y"], f"{what}: R batch {k} is not list(X = , Y = )"
        assert_same(f"{what} batch {k} X", xb, rbatch["X"], rtol=0)
        assert_same(f"{what} batch {k} Y", yb, rbatch["Y"], rtol=0)


CASES = [  # (m, mini_batch_size, seed)
    (1, 1, 0), (1, 64, 5), (2, 1, 3), (5, 2, 0), (10, 4, 1), (37, 8, 3), (64, 64, 2), (65, 64, 2),
    (100, 7, 4294967295), (257, 1, 11), (50, 1000, 9), (300, 32, 123456789), (1000, 64, 1),
]


@pytest.mark.parametrize("m, size, seed", CASES, ids=str)
def test_batches_are_bit_identical(r, m, size, seed):
    X, Y = inputs(m, seed=seed % 1000)
    py = random_mini_batches(X, Y, size, seed)
    out = r.call("random_mini_batches", X, Y, mini_batch_size=size, seed=seed)
    assert_same_batches(py, out, f"m={m} size={size} seed={seed}")
    assert [b[0].shape[1] for b in py] == [size] * (m // size) + ([m % size] if m % size else [])


def test_only_required_arguments(r):
    X, Y = inputs(150, n0=4)
    py = random_mini_batches(X, Y)
    assert [b[0].shape[1] for b in py] == [64, 64, 22]
    assert_same_batches(py, r.call("random_mini_batches", X, Y), "defaults")


def test_one_feature_one_sample_shapes_kept(r):
    X, Y = inputs(1, n0=1)
    py = random_mini_batches(X, Y, 1, 0)
    assert_same_batches(py, r.call("random_mini_batches", X, Y, 1, 0), "1 x 1")


def test_integer_inputs_keep_their_storage(r):
    X = np.arange(24, dtype=np.int64).reshape(2, 12)
    Y = (np.arange(12) % 2).reshape(1, 12).astype(np.int64)
    py = random_mini_batches(X, Y, 5, 4)
    assert py[0][0].dtype == np.int64
    assert_same_batches(py, r.call("random_mini_batches", X, Y, 5, 4), "integer")


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_generator_is_advanced_and_the_stream_goes_on_the_same(r, seed):
    X, Y = inputs(23, seed=seed)
    py_gen = np.random.RandomState(seed)
    r_gen = r.call("numpy_random_state", float(seed))
    for size in (5, 23, 1):  # three epochs drawn from one stream
        assert_same_batches(random_mini_batches(X, Y, size, py_gen),
                            r.call("random_mini_batches", X, Y, size, r_gen), f"generator seed={seed} size={size}")
    # the next draws agree: the generator was advanced by exactly the same words
    assert_same("next uniforms", py_gen.random_sample(7), r.call("numpy_random_sample", r_gen, 7), rtol=0)
    assert_same("next permutation", py_gen.permutation(9), r.call("numpy_permutation", r_gen, 9), rtol=0)


def test_integer_seed_is_a_fresh_generator_each_call(r):
    X, Y = inputs(11)
    first = r.call("random_mini_batches", X, Y, 4, 7)
    second = r.call("random_mini_batches", X, Y, 4, 7)
    assert_same_batches(random_mini_batches(X, Y, 4, 7), first, "first call")
    assert_same_batches(random_mini_batches(X, Y, 4, 7), second, "second call")


@pytest.mark.parametrize("kw", [{"mini_batch_size": 0}, {"mini_batch_size": 2.5}, {"mini_batch_size": -3},
                                {"seed": -1}, {"seed": 2**32}, {"seed": 1.5}], ids=str)
def test_same_validation_messages(r, kw):
    X, Y = inputs(6)
    with pytest.raises(ValueError) as info:
        random_mini_batches(X, Y, **kw)
    assert r.error_message("random_mini_batches", X, Y, **kw) == str(info.value)


def test_same_message_for_mismatched_samples(r):
    X, Y = inputs(6)
    with pytest.raises(ValueError) as info:
        random_mini_batches(X, Y[:, :5])
    assert r.error_message("random_mini_batches", X, Y[:, :5]) == str(info.value)
