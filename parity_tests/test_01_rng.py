"""Parity of R/rng.R with numpy.random.RandomState (legacy MT19937 streams).

Checks, for seeds 0, 1, 42, 123456789 and 4294967295 (both ends of numpy's
range), that R's generator gives numpy's seeded state words, raw 32-bit
outputs, ``random_sample`` uniforms, ``randn`` normals (odd and even counts,
and counts split over several calls so numpy's cached second normal is
exercised) and ``permutation`` results, plus the full weight stream of
``init_param`` for a [3072, 20, 7, 5, 1] network, and that bad seeds are
rejected with the same message in both languages.

The tolerance is zero (``assert_same(..., rtol=0, atol=0)`` / ``==``): the R
code computes the same IEEE double operations on the same 32-bit words in the
same order as numpy's C code, so any difference at all, even one ulp, means a
word was consumed out of order or a formula differs, and would let the two
languages build different networks from the same seed.
"""
from __future__ import annotations

import numpy as np
import pytest
from compare import assert_same
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnscratch
from nnscratch.utils.validation import check_seed

SEEDS = [0, 1, 42, 123456789, 4294967295]


def gen(r, seed):
    """A fresh R generator; the seed goes over as a double (R ints are 32-bit signed)."""
    return r.call("numpy_random_state", float(seed))


def raw_words(seed, n):
    """numpy's raw MT19937 output: randint over the full uint32 range returns the words unchanged."""
    return np.random.RandomState(seed).randint(0, 2**32, size=n, dtype=np.uint32).astype(np.float64)


def exact(name, py, r_val):
    """Storage type, shape and values, exactly. 32-bit words are doubles in R (R's integers are
    signed 32-bit with NA at -2^31): the Python reference words are given as float64 on purpose."""
    assert_same(name, py, r_val, rtol=0, atol=0)


def test_raw_word_reference_is_the_bit_generator_stream():
    # The reference used below is numpy's raw stream: cross-check it against the bit generator itself.
    for seed in SEEDS:
        bg = np.random.MT19937()
        bg._legacy_seeding(seed)
        assert np.array_equal(bg.random_raw(1500).astype(np.float64), raw_words(seed, 1500))


@pytest.mark.parametrize("seed", SEEDS)
def test_seeded_state_words(r, seed):
    key = np.random.RandomState(seed).get_state()[1].astype(np.float64)
    exact(f"state words seed={seed}", key, r.call("mt_init_genrand", float(seed)))


@pytest.mark.parametrize("seed", SEEDS)
def test_raw_words(r, seed):
    # 1500 words cross two re-twists of the 624-word state
    exact(f"uint32 seed={seed}", raw_words(seed, 1500), r.call("numpy_uint32", gen(r, seed), 1500))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_sample(r, seed):
    exact(f"random_sample seed={seed}", np.random.RandomState(seed).random_sample(1001),
          r.call("numpy_random_sample", gen(r, seed), 1001))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 5, 1000, 1001])
def test_randn_one_call(r, seed, n):
    exact(f"randn({n}) seed={seed}", np.random.RandomState(seed).randn(n), r.call("numpy_randn", gen(r, seed), n))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("counts", [(3, 2), (1, 1, 1, 1, 1), (2, 3), (0, 7, 0, 4), (999, 2)])
def test_randn_split_calls_use_the_cached_normal(r, seed, counts):
    g = gen(r, seed)
    r_vals = np.concatenate([r.call("numpy_randn", g, c) for c in counts])
    exact(f"randn{counts} seed={seed}", np.random.RandomState(seed).randn(sum(counts)), r_vals)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [1, 2, 1000, 21199])
def test_permutation(r, seed, n):
    py = np.random.RandomState(seed).permutation(n)
    r_perm = r.call("numpy_permutation", gen(r, seed), n)
    exact(f"permutation({n}) seed={seed}", py, r_perm)


@pytest.mark.parametrize("seed", [1, 4294967295])
def test_mixed_calls_share_one_stream(r, seed):
    rs = np.random.RandomState(seed)
    g = gen(r, seed)
    exact("randn(3)", rs.randn(3), r.call("numpy_randn", g, 3))           # leaves a cached normal
    exact("permutation(9)", rs.permutation(9), r.call("numpy_permutation", g, 9))
    exact("randn(2)", rs.randn(2), r.call("numpy_randn", g, 2))           # starts with the cached one
    exact("random_sample(3)", rs.random_sample(3), r.call("numpy_random_sample", g, 3))
    exact("uint32(4)", rs.randint(0, 2**32, size=4, dtype=np.uint32).astype(np.float64), r.call("numpy_uint32", g, 4))


@pytest.mark.parametrize("seed", [1, 123456789])
def test_network_weight_stream_row_major(r, seed):
    """init_param's stream: W_l = randn(n_l, n_prev) in layer order, filled row by row (byrow = TRUE in R)."""
    dims = [3072, 20, 7, 5, 1]
    rs = np.random.RandomState(seed)
    g = gen(r, seed)
    for l in range(1, len(dims)):
        n_l, n_prev = dims[l], dims[l - 1]
        r_w = r.call("matrix", r.call("numpy_randn", g, n_l * n_prev), nrow=n_l, ncol=n_prev, byrow=True)
        exact(f"W{l} seed={seed}", rs.randn(n_l, n_prev), r_w)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), counts=st.lists(st.integers(0, 40), min_size=1, max_size=4))
def test_randn_any_seed_any_split(r, seed, counts):
    g = gen(r, seed)
    r_vals = np.concatenate([np.atleast_1d(r.call("numpy_randn", g, c)) for c in counts])
    exact(f"randn{counts} seed={seed}", np.random.RandomState(seed).randn(sum(counts)), r_vals)


def r_error_message(r, fn, *args, **kwargs):
    msg = r.error_message(fn, *args, **kwargs)
    assert msg is not None, f"R's {fn} accepted the arguments"
    return msg


@pytest.mark.parametrize("seed", [-1, 4294967296, 1.5])
def test_bad_seed_same_message(r, seed):
    with pytest.raises(ValueError) as py_check:
        check_seed(seed)
    with pytest.raises(ValueError) as py_init:
        nnscratch.init_param([2, 1], seed=seed)
    expected = f"seed must be an integer in [0, 4294967295]; got {seed!r}"
    assert str(py_check.value) == expected
    assert str(py_init.value) == expected
    assert r_error_message(r, "numpy_random_state", float(seed)) == expected
