"""Default arguments: every public step called with only its required arguments, in both
languages, gives the same result (storage types, shapes, values). test_00_twins compares the
signatures' default *texts*; this compares what the defaults *do* (R's ``init_param`` seed 1
-> 0 changes no text the twin table can read when the default is computed, but changes
every weight here).

The adapter leaves an argument that is not given out of the R call, so R's own default
applies. Every public step of twins.PUBLIC_STEPS has a case (checked), and each case gives
exactly the step's required arguments (checked against Python's signature and R's formals).

Tolerances as in the step's own test: exact where nothing is summed, RTOL_SUM_ORDER for
products and costs, 1e-10 on parameters after a default-length training run (summation order
compounded over 5000 iterations of a tiny network).
"""
import inspect
import shutil
from pathlib import Path

import numpy as np
import pytest

import twins
from cases import make_inputs
from compare import RTOL_EXP, RTOL_SUM_ORDER, assert_same, assert_same_dict, assert_same_tree
from test_00_twins import py_object

ROOT = Path(__file__).resolve().parents[1]
X, Y, P = make_inputs([3, 2, 1], 5, seed=90)
X = np.abs(X)
Z = np.random.RandomState(91).randn(2, 5)
dA = np.random.RandomState(92).randn(2, 5)


def py_fn(name):
    return py_object(name, twins.PUBLIC_STEPS[name][0])


def steps_cases():
    import nnscratch as nn

    AL, caches = nn.deep_model(X, P)
    grads = nn.deep_model_back(AL, Y, caches)
    return {
        "relu": (Z,), "relu_backprop": (dA, Z), "sigmoid": (Z,), "sigmoid_backprop": (dA, Z),
        "init_param": ([4, 3, 1],), "for_prop": (X, P["W1"], P["b1"]),
        "for_activation": (X, P["W1"], P["b1"], "relu"), "deep_model": (X, P), "cost_computation": (AL, Y),
        "back_prop": (dA, (caches[0][0])), "back_activ": (dA, caches[0], "relu"),
        "deep_model_back": (AL, Y, caches), "update_parameters": (P, grads, 0.1),
        "dense_nn": (X, Y, [3, 2, 1]), "predict_labels": (X, Y, P),
        "train_test_split": (np.arange(1.0, 11.0),), "flatten_images": (np.random.RandomState(93).rand(2, 3, 3, 3),),
        "labels_to_row": (np.array([1.0, 0.0, 1.0]),), "create_dataset": ("<folder>",),
        "forward_backward": (X, Y, P), "default_block_size": (3072,), "update_rule": (),
        "engine_fit": (X, Y, [3, 2, 1]), "save_model": ("<file>", P),
        "load_model": ("<model file>",),
    }


def required_names(fn):
    return [p.name for p in inspect.signature(fn).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def test_every_public_step_has_a_required_arguments_case():
    assert set(steps_cases()) == set(twins.PUBLIC_STEPS), set(twins.PUBLIC_STEPS) ^ set(steps_cases())


@pytest.mark.parametrize("name", list(twins.PUBLIC_STEPS))
def test_cases_give_exactly_the_required_arguments(rb, name):
    args = steps_cases()[name]
    fn = py_fn(name)
    has_varargs = any(p.kind is p.VAR_POSITIONAL for p in inspect.signature(fn).parameters.values())
    assert len(args) == len(required_names(fn)) or has_varargs, (name, required_names(fn), len(args))
    r_required = [n for n, default in rb.formals(name) if default is None and n != "..."]
    assert r_required == required_names(fn), f"{name}: required in R {r_required} vs Python {required_names(fn)}"


def image_folder(tmp_path, tag):
    folder = tmp_path / tag
    for cls in ("Cat", "Dog"):
        (folder / cls).mkdir(parents=True)
        for f in sorted((ROOT / "data" / "sample" / cls).iterdir())[:2]:
            shutil.copy(f, folder / cls / f.name)
    return folder


@pytest.mark.parametrize("name", [n for n in twins.PUBLIC_STEPS if n not in ("create_dataset", "save_model",
                                                                             "load_model", "update_rule")])
def test_step_with_only_required_arguments(r, name):
    args = steps_cases()[name]
    py = py_fn(name)(*args)
    rv = getattr(r, name)(*args)
    if name == "dense_nn" or name == "engine_fit":
        assert_same_dict(py[0], rv[0], rtol=1e-10, atol=1e-14, what=f"{name} parameters")
        assert_same(f"{name} costs", np.array(py[1]), np.array(rv[1]), rtol=1e-12)
        assert len(py[1]) == len(rv[1]) == 50, "5000 iterations, a cost every 100"
    elif name in ("sigmoid", "sigmoid_backprop", "deep_model", "for_activation", "predict_labels"):
        assert_same_tree(name, py, rv, rtol=RTOL_EXP if name.startswith("sigmoid") else RTOL_SUM_ORDER)
    elif name == "init_param":
        assert_same_dict(py, rv, rtol=0)
    else:
        assert_same_tree(name, py, rv, rtol=RTOL_SUM_ORDER)


def test_update_rule_with_no_arguments(r):
    from nnscratch.engine import update_rule

    py = update_rule()
    rv = r.update_rule()
    assert py.name == rv.name == "gd"
    assert_same_tree("update_rule() hyper", dict(py.hyper), rv.hyper, rtol=0)


def test_create_dataset_with_only_the_folder(r, tmp_path, monkeypatch):
    from nnscratch.data.dataset import create_dataset

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    py = create_dataset(image_folder(tmp_path, "py"))
    rv = r.create_dataset(image_folder(tmp_path, "r"))
    assert_same("X", py.X, rv.X, rtol=0)
    assert_same("y", py.y, rv.y, rtol=0)
    assert [Path(f).name for f in py.files] == [Path(f).name for f in rv.files]
    assert py.X.shape == (4, 32, 32, 3), "size 32 by default"
    assert (tmp_path / "py" / ".nnscratch-cache").is_dir() == (tmp_path / "r" / ".nnscratch-cache").is_dir(), \
        "cache = TRUE by default in both"


def test_save_and_load_model_with_only_required_arguments(r, tmp_path):
    from nnscratch.io.model import load_model, save_model

    save_model(tmp_path / "py.txt", P)          # meta's default: only the architecture, from the shapes
    r.save_model(tmp_path / "r.txt", P)
    assert (tmp_path / "py.txt").read_bytes() == (tmp_path / "r.txt").read_bytes()
    assert (tmp_path / "py.txt").read_text().splitlines()[:2] == ["nnscratch-model 1", "architecture 3,2,1"]
    py_params, py_meta = load_model(tmp_path / "py.txt")
    r_params, r_meta = r.load_model(tmp_path / "py.txt")
    assert_same_dict(py_params, r_params, rtol=0)
    assert list(py_meta) == list(r_meta)
