"""Gaps the break-it lab found (issue 15): porting mistakes of parity_tests/mutation/catalogue_lab.py
that no parity test caught before. Each test compares what both languages do with the same input.

* lab-copy-vs-alias: an update that writes into the caller's dict (Python aliasing) went unnoticed:
  every test compared the returned parameters only. Both languages must leave their inputs alone.
* lab-partial-matching: ``standardizer$mean`` finds an entry called ``means`` (R's ``$`` matches a
  unique prefix); Python's dict does not. A misnamed standardizer must be refused alike.
* lab-na-vs-nan: ``NaN > 0`` is NA in R and False in numpy. No test fed a NaN to the ReLU
  derivative (the activation cases hold 0, -0 and the tiniest doubles): the mask must send a NaN
  of Z to dZ = 0 in both, as ``np.where(Z > 0, dA, 0)`` does.
* R's ``epoch_state_from_meta`` reads ``meta$epoch`` and ``meta$batch``: for a model file with
  ``epochs`` and ``batch_size`` but no checkpoint position, partial matching finds those. Found by
  the lab; the fix (``meta[["epoch"]]``, ``meta[["batch"]]``) belongs to R/engine-epochs.R.

Exact comparisons: messages are strings, parameters are copied values (rtol 0).
"""
import copy

import numpy as np
import pytest

from cases import make_inputs
from compare import assert_same_dict
from compare import assert_same
from nnscratch import init_param, update_parameters
from nnscratch.activations import relu, relu_backprop
from nnscratch.engine import update_rule
from nnscratch.engine.epochs import epoch_state_from_meta
from nnscratch.standardize import fit_standardizer, standardize


def grads_for(params, seed):
    rs = np.random.RandomState(seed)
    return {f"d{k}": rs.randn(*v.shape) for k, v in params.items()}


def test_update_leaves_the_callers_parameters_unchanged(r):
    _, _, params = make_inputs([5, 4, 3, 1], 1, seed=40)
    grads = grads_for(params, 41)
    before = copy.deepcopy(params)
    ids = {k: id(v) for k, v in params.items()}
    py = update_parameters(params, grads, 0.5)
    assert py is not params, "update_parameters must return a new dict, not the caller's"
    assert {k: id(v) for k, v in params.items()} == ids, "the caller's dict now holds other arrays"
    assert_same_dict(before, params, rtol=0)
    rv = r.update_parameters(params, grads, 0.5)  # R sees the caller's parameters as they were
    assert_same_dict(py, rv, rtol=0)
    assert_same_dict(before, params, rtol=0)


@pytest.mark.parametrize("name", ["gd", "momentum", "adam"])
def test_update_rule_step_leaves_the_callers_parameters_unchanged(name):
    params = init_param([4, 3, 1], seed=2, init="he")
    grads = grads_for(params, 3)
    rule = update_rule(name, 0.1)
    state = rule.init_state(params)
    before, state_before = copy.deepcopy(params), copy.deepcopy(state)
    rule.step(params, grads, state)
    assert_same_dict(before, params, rtol=0)
    assert_same_dict(state_before, state, rtol=0)


def test_misnamed_standardizer_entries_are_refused_alike(r):
    s = fit_standardizer(np.array([[1.0, 3.0], [5.0, 9.0]]))
    X = np.zeros((2, 4))
    for st in ({"means": s["mean"], "std": s["std"]}, {"mean": s["mean"], "stdev": s["std"]}):
        with pytest.raises(ValueError) as info:
            standardize(X, st)
        assert r.error_message("standardize", X, st) == str(info.value), sorted(st)


def test_relu_and_its_derivative_at_nan_alike(r):
    Z = np.array([[np.nan, 1.0, -1.0], [0.0, np.nan, 2.0]])
    dA = np.array([[3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
    assert_same("relu_backprop dZ", relu_backprop(dA, Z), r.relu_backprop(dA, Z), rtol=0)
    np.testing.assert_array_equal(relu(Z)[0], r.relu(Z)[0])  # NaN stays NaN in both (np.maximum, pmax)
    np.testing.assert_array_equal(relu_backprop(dA, Z), [[0.0, 4.0, 0.0], [0.0, 0.0, 8.0]])


def test_a_header_without_a_checkpoint_position_is_refused_alike(r):
    params = init_param([2, 1], seed=1)
    meta = {"epochs": 3.0, "batch_size": 8.0}
    with pytest.raises(ValueError) as info:
        epoch_state_from_meta(params, meta)
    assert r.error_message("epoch_state_from_meta", params, meta) == str(info.value)
