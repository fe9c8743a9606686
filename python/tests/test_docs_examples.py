"""Every public Python function has a runnable example in its docstring, and the examples run.

Public: the names of ``nnscratch.__all__`` and the public functions and classes of the
``nnscratch.io`` and ``nnscratch.api`` modules (names without a leading ``_``, defined in that
module). An example is a doctest (``>>>``) in the docstring; the test runs the doctests of every
module that defines one of them, so an example that no longer gives what it shows fails, and a
new public function without an example fails ``test_every_public_function_has_an_example``.
Deliberate exceptions are listed in ``NO_EXAMPLE`` with the reason; an exception that gains an
example fails too (remove it from the list then), so the list cannot rot.
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import os

import numpy as np
import pytest

import nnscratch

PUBLIC_MODULES = ["nnscratch.io.atomic", "nnscratch.io.model", "nnscratch.io.costs", "nnscratch.io.plot",
                  "nnscratch.api.classifier", "nnscratch.api.image", "nnscratch.api.sample"]

#: public names without an example, each with the reason
NO_EXAMPLE = {
    "nnscratch.SCHEDULES": "a tuple of names, not a function: a tuple has no docstring of its own; "
                           "learning_rate_schedule's example uses the names",
    "nnscratch.io.atomic.AtomicWriteError": "an exception class (atomic_write's example shows the writer)",
    "nnscratch.io.model.ModelFileError": "an exception class (load_model's example raises its subclass)",
    "nnscratch.io.model.ModelFileNotFound": "an exception class (load_model's example raises it)",
}


def public_objects():
    """(qualified name, object) of every public function or class, as described above."""
    out = {}
    for name in nnscratch.__all__:
        out[f"nnscratch.{name}"] = getattr(nnscratch, name)
    for modname in PUBLIC_MODULES:
        mod = importlib.import_module(modname)
        for name, obj in vars(mod).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if getattr(obj, "__module__", None) != modname:
                continue  # imported from elsewhere
            out[f"{modname}.{name}"] = obj
    return out


def has_example(obj):
    doc = getattr(obj, "__doc__", None) if (inspect.isfunction(obj) or inspect.isclass(obj)) else None
    return bool(doc) and any(ex for ex in doctest.DocTestParser().get_examples(doc))


def doctest_modules():
    """Every module that defines a public function or class: its doctests are run."""
    mods = {obj.__module__ for obj in public_objects().values() if inspect.isfunction(obj) or inspect.isclass(obj)}
    return sorted(mods)


def test_public_objects_found():
    objs = public_objects()
    assert len(objs) > 60
    for must in ("nnscratch.relu", "nnscratch.dense_nn", "nnscratch.NNClassifier", "nnscratch.io.model.load_model",
                 "nnscratch.io.costs.write_costs_csv", "nnscratch.api.image.predict_image"):
        assert must in objs, must
    assert "nnscratch.io.model._range_text" not in objs  # private names are not public


def test_every_public_function_has_an_example():
    objs = public_objects()
    missing = sorted(name for name, obj in objs.items() if name not in NO_EXAMPLE and not has_example(obj))
    assert not missing, f"public functions without a doctest example in their docstring: {missing}"
    stale = sorted(name for name in NO_EXAMPLE if name in objs and has_example(objs[name]))
    assert not stale, f"NO_EXAMPLE entries that now have an example (remove them): {stale}"
    gone = sorted(name for name in NO_EXAMPLE if name not in objs)
    assert not gone, f"NO_EXAMPLE entries that are no longer public: {gone}"


def test_the_checker_sees_a_missing_example():
    def documented():
        """Does things.

        >>> 1 + 1
        2
        """

    def prose_only():
        """Does things; see the example of another function (no >>> here)."""

    assert has_example(documented)
    assert not has_example(prose_only)
    assert not has_example(lambda: None)


@pytest.mark.parametrize("modname", doctest_modules())
def test_doctests_run(modname, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files use tempfile; nothing lands in the checkout
    mod = importlib.import_module(modname)
    with np.printoptions(legacy=False):
        failed, attempted = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                                            raise_on_error=False, verbose=False)[:2]
    assert failed == 0, f"{modname}: {failed} of {attempted} doctest examples failed (output above)"
    expected_examples = [o for o in public_objects().values()
                         if getattr(o, "__module__", None) == modname and has_example(o)]
    if expected_examples:
        assert attempted > 0, modname


def test_a_wrong_example_fails():
    """The runner really compares: an example showing a wrong value is reported failed."""
    def wrong():
        """
        >>> from nnscratch import relu
        >>> relu(np.array([[-1.0, 2.0]]))[0]
        array([[-1.,  2.]])
        """

    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(wrong, "wrong", globs={"np": np}):
        runner.run(test, out=lambda s: None)
    assert runner.failures == 1
    assert os.path.basename(__file__) == "test_docs_examples.py"
