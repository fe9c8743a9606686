"""The twin table (twins.py): every twin exists in both languages, where the layout says,
and the public steps take the same arguments in the same order with the same defaults.

No tolerance: a name, an order or a default is the same or the test fails, unless
the difference is declared in twins.KNOWN_GAPS with its reason.
"""
from __future__ import annotations

import importlib
import inspect
import re

import pytest

import twins


def py_object(name, modules):
    errors = []
    for module in (modules if isinstance(modules, tuple) else (modules,)):
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            errors.append(f"{module}: {exc}")
            continue
        if hasattr(mod, name):
            return getattr(mod, name)
        errors.append(f"{module} has no {name}")
    raise AssertionError(f"Python twin of {name!r} missing: " + "; ".join(errors))


def r_defining_files(r_dir, name):
    pattern = re.compile(rf"^{re.escape(name)}\s*(<-|=)", re.M)
    return sorted(p.name for p in r_dir.glob("*.R") if pattern.search(p.read_text(encoding="utf-8")))


ALL_TWINS = {**twins.PUBLIC_STEPS, **twins.HELPERS}


@pytest.mark.parametrize("name", list(ALL_TWINS))
def test_twin_exists_in_both_languages(rb, r_dir, name):
    module, r_file = ALL_TWINS[name]
    py_object(name, module)
    assert rb.eval(f"exists({name!r}, envir = environment(), inherits = FALSE)")[0], f"R twin of {name!r} missing"
    files = r_defining_files(r_dir, name)
    assert files == [r_file], f"{name}: R defines it in {files or 'no file'}, the layout says {r_file}"


@pytest.mark.parametrize("name", list(twins.ONE_LANGUAGE_ONLY))
def test_declared_one_language_names_are_really_one_language(rb, name):
    import nnscratch

    assert hasattr(nnscratch, name), f"{name} is declared Python-only but Python has no such name: remove it"
    assert not rb.exists(name), f"{name} is declared Python-only but R defines it: make it a twin"


@pytest.mark.parametrize("name", list(twins.R_ONLY))
def test_declared_r_only_names_are_really_r_only(rb, name):
    import nnscratch

    assert rb.exists(name), f"{name} is declared R-only but R has no such name: remove it"
    assert not hasattr(nnscratch, name), f"{name} is declared R-only but Python defines it: make it a twin"


def r_default_text(value):
    """A Python default written as R source (what deparse() of R's default gives)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (int, float)):
        return f"{value:.15g}"
    return f"<python {value!r}>"


def same_default(py_text, r_text):
    if py_text == r_text:
        return True
    try:
        return float(py_text) == float(r_text)  # 5000 vs 5000, 0.0075 vs 0.0075, 1e-05 vs 1e-05
    except ValueError:
        return False


def signature_differences(name, fn, formals):
    """[(argument, what, detail)] where Python's signature and R's formals differ."""
    py_pos, py_kw = [], {}
    for p in inspect.signature(fn).parameters.values():
        default = None if p.default is inspect.Parameter.empty else r_default_text(p.default)
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            py_pos.append(("...", None))
        elif p.kind is inspect.Parameter.KEYWORD_ONLY:
            py_kw[p.name] = default
        elif p.kind is not inspect.Parameter.VAR_KEYWORD:
            py_pos.append((p.name, default))
    r_args = dict(formals)
    diffs = []
    # positional arguments: same names in the same order first in R
    r_order = [n for n, _ in formals]
    for k, (n, _) in enumerate(py_pos):
        if k >= len(r_order) or r_order[k] != n:
            diffs.append((n, "order", f"Python position {k + 1}; R order {r_order}"))
    for n, default in py_pos + list(py_kw.items()):
        if n not in r_args:
            diffs.append((n, "missing in R", ""))
        elif not (default is None and r_args[n] is None) and not (
                default is not None and r_args[n] is not None and same_default(default, r_args[n])):
            diffs.append((n, "default", f"Python {default or '(required)'} vs R {r_args[n] or '(required)'}"))
    py_names = {n for n, _ in py_pos} | set(py_kw)
    for n in r_order:
        if n not in py_names:
            diffs.append((n, "missing in Python", ""))
    return diffs


@pytest.mark.parametrize("name", list(twins.PUBLIC_STEPS))
def test_public_step_signature_same_names_order_defaults(rb, name):
    module, _ = twins.PUBLIC_STEPS[name]
    fn = py_object(name, module)
    assert rb.exists(name), f"R has no {name}"
    diffs = signature_differences(name, fn, rb.formals(name))
    undeclared = [d for d in diffs if twins.KNOWN_GAPS.get((name, d[0]), (None,))[0] != d[1]]
    assert not undeclared, f"{name}: signatures differ (declare a real gap in twins.KNOWN_GAPS): {undeclared}"
    stale = [arg for (step, arg), (what, _) in twins.KNOWN_GAPS.items()
             if step == name and not any(d[0] == arg and d[1] == what for d in diffs)]
    assert not stale, f"{name}: declared gaps no longer exist (remove them from twins.KNOWN_GAPS): {stale}"


def test_known_gaps_say_why():
    for key, (what, reason) in twins.KNOWN_GAPS.items():
        assert key[0] in twins.PUBLIC_STEPS and what in ("missing in R", "missing in Python", "default", "order")
        assert len(reason) > 20, key
