"""update_rule / UpdateRule: the update rule as a parameter of engine_fit."""
import dataclasses

import numpy as np
import pytest

from nnscratch import init_param, update_parameters
from nnscratch.engine import UpdateRule, update_rule


def grads_like(p, value):
    return {f"d{k}": np.full(v.shape, value) for k, v in p.items()}


def test_gd_is_the_cores_update_parameters_without_state():
    rule = update_rule("gd", 0.1)
    assert isinstance(rule, UpdateRule)
    assert rule.name == "gd" and rule.hyper == {"learning_rate": 0.1}
    p = init_param([3, 2, 1], seed=2)
    g = grads_like(p, 0.5)
    assert rule.init_state(p) == {}
    new, state = rule.step(p, g, {})
    assert state == {}
    want = update_parameters(p, g, 0.1)
    assert list(new) == list(want)
    for k in want:
        np.testing.assert_array_equal(new[k], want[k])
    np.testing.assert_array_equal(new["b1"], np.full((2, 1), -0.05))


def test_defaults_are_the_notebooks():
    rule = update_rule()
    assert rule.name == "gd" and rule.hyper == {"learning_rate": 0.0075}


def test_learning_rate_is_checked_and_stored_as_float():
    assert update_rule("gd", 1).hyper["learning_rate"] == 1.0
    assert type(update_rule("gd", 1).hyper["learning_rate"]) is float
    with pytest.raises(ValueError, match="learning_rate must be a positive number; got -0.5"):
        update_rule("gd", -0.5)


@pytest.mark.parametrize("name, shown", [("adam", "'adam'"), ("GD", "'GD'"), ("it's", '"it\'s"'), (3, "'3'")])
def test_unknown_rule(name, shown):
    with pytest.raises(ValueError) as info:
        update_rule(name)
    assert str(info.value) == f"update rule must be one of 'gd'; got {shown}"


def test_rules_are_immutable():
    rule = update_rule("gd", 0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.name = "other"
