"""Both command lines take the same flags with the same defaults: Python's argparse parser
(python/nnscratch/cli/__init__.py build_parser, defaults in cli/flags.py) against R's optparse
flag tables (R/cli-flags.R cli_flags), read in the embedded session of the suite's R folder.

For every sub-command both have (train, predict, evaluate): the flag names in the same order,
their destinations, whether each takes a value, an optional value or none, whether it is
required, the default value after conversion (Python's parsed default against R's check applied
to its default text), the help text as --help prints it (defaults substituted) and the
positional arguments. And the whole parse of no flags at all (the effective defaults).

Types: a Python int is compared with R's whole double (optparse values are converted by R's
checks, which return doubles, R's literal type), a Python dict of labels with R's named
double vector, None with an absent or NULL value; strings and bools exactly.
"""
import argparse

import numpy as np
import pytest

from nnscratch.cli import build_parser

COMMANDS = ["train", "predict", "evaluate"]

R_FLAGS = r"""
nn_test_flags <- function(command) lapply(cli_flags(command), function(f) {
  o <- f$option
  default <- if (is.null(o@default)) NULL else if (is.null(f$check)) o@default else f$check(o@long_flag, o@default)
  list(flag = o@long_flag, dest = o@dest, takes_value = o@action != "store_true", required = isTRUE(f$required),
       optional_value = isTRUE(f$optional_value),
       default = if (is.null(default)) NULL else if (!is.null(names(default))) as.list(default) else default,
       help = sub("%default", if (is.null(o@default)) "" else paste(o@default, collapse = ","), o@help, fixed = TRUE))
})
nn_test_parse <- function(command, args) {
  out <- cli_parse(command, args)
  lapply(out, function(v) if (!is.null(names(v))) as.list(v) else v)
}
nn_test_positionals <- function(command) as.list(cli_positionals(command))
"""


@pytest.fixture(scope="module")
def rflags(r):
    r.eval(R_FLAGS)
    return r


def py_subparser(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def py_flags(command):
    out = []
    for a in py_subparser(command)._actions:
        if not a.option_strings or "--help" in a.option_strings:
            continue
        out.append({"flag": a.option_strings[-1], "dest": a.dest, "takes_value": a.nargs != 0,
                    "required": bool(a.required), "optional_value": a.nargs == "?",
                    "default": a.default, "help": a.help})
    return out


def py_positionals(command):
    return [(a.dest, a.help) for a in py_subparser(command)._actions if not a.option_strings]


def same_value(py, rv):
    """Python value vs R value (converted by the bridge), by the mapping of the module docstring."""
    if py is None:
        return rv is None
    if isinstance(py, bool):
        return isinstance(rv, np.ndarray) and rv.dtype == bool and rv.shape == (1,) and bool(rv[0]) == py
    if isinstance(py, str):
        return rv == [py]
    if isinstance(py, dict):
        return isinstance(rv, dict) and list(rv) == list(py) and all(same_value(v, rv[k]) for k, v in py.items())
    if isinstance(py, (int, float)):
        py = [py]
    if isinstance(py, list):
        return (isinstance(rv, np.ndarray) and rv.dtype == np.float64 and rv.shape == (len(py),)
                and [float(v) for v in py] == rv.tolist()
                and all(isinstance(v, float) or float(w).is_integer() for v, w in zip(py, rv)))
    return False


@pytest.mark.parametrize("command", COMMANDS)
def test_flag_names_order_and_kinds(rflags, command):
    py = py_flags(command)
    rr = rflags.call("nn_test_flags", command)
    assert [f["flag"] for f in py] == [f["flag"][0] for f in rr], "flag names and order"
    for p, q in zip(py, rr):
        got = {"dest": q["dest"][0], "takes_value": bool(q["takes_value"][0]), "required": bool(q["required"][0]),
               "optional_value": bool(q["optional_value"][0])}
        want = {k: p[k] for k in got}
        assert got == want, f"{p['flag']}: python {want} vs R {got}"


@pytest.mark.parametrize("command", COMMANDS)
def test_flag_defaults(rflags, command):
    py = py_flags(command)
    rr = {f["flag"][0]: f for f in rflags.call("nn_test_flags", command)}
    bad = [(p["flag"], p["default"], rr[p["flag"]]["default"]) for p in py
           if p["flag"] in rr and not same_value(p["default"], rr[p["flag"]]["default"])]
    assert not bad, f"defaults differ (flag, python, R): {bad}"


@pytest.mark.parametrize("command", COMMANDS)
def test_flag_help_texts_and_their_defaults(rflags, command):
    """--help prints the same sentence for each flag, defaults substituted (R's %default, Python's %g / %d)."""
    py = py_flags(command)
    rr = {f["flag"][0]: f for f in rflags.call("nn_test_flags", command)}
    bad = [(p["flag"], p["help"], rr[p["flag"]]["help"][0]) for p in py
           if p["flag"] in rr and (p["help"] or "") != rr[p["flag"]]["help"][0]]
    assert not bad, "help texts differ (flag, python, R):\n" + "\n".join(map(repr, bad))


@pytest.mark.parametrize("command", COMMANDS)
def test_positional_arguments(rflags, command):
    py = py_positionals(command)
    rr = rflags.call("nn_test_positionals", command)
    rr = list(rr.items()) if isinstance(rr, dict) else []
    assert len(py) == len(rr), (py, rr)
    for (p_name, p_help), (r_name, r_help) in zip(py, rr):
        assert p_help == r_help[0], f"help of the positional argument: python {p_help!r} vs R {r_help[0]!r}"
        assert p_name.upper() == r_name or p_name == r_name, f"positional name: python {p_name!r} vs R {r_name!r}"


@pytest.mark.parametrize("command, args", [("train", []), ("predict", ["--model", "m.txt", "cat.jpg"]),
                                           ("evaluate", ["--model", "m.txt"])])
def test_parse_of_no_flags_gives_the_same_values(rflags, command, args):
    """The effective defaults: every destination after parsing only the required arguments."""
    ns = vars(build_parser().parse_args([command] + args))
    ns.pop("command")
    positional = [ns.pop(dest) for dest, _ in py_positionals(command)]
    rr = rflags.call("nn_test_parse", command, args)
    r_positional = rr.pop("positional")
    assert r_positional == positional, f"positional arguments: python {positional} vs R {r_positional}"
    rr.pop("help")
    missing_in_r = sorted(k for k, v in ns.items() if v is not None and k not in rr)
    extra_in_r = sorted(k for k in rr if k not in ns)
    assert not missing_in_r and not extra_in_r, (missing_in_r, extra_in_r)
    bad = [(k, v, rr.get(k)) for k, v in ns.items() if not same_value(v, rr.get(k))]
    assert not bad, f"parsed values differ (dest, python, R): {bad}"


def test_parity_report_is_python_only(rflags):
    """The one sub-command R has no flag table for (declared: it runs R from Python)."""
    assert "parity-report" in py_subparser.__globals__["build_parser"]()._actions[-1].choices
    assert rflags.eval('is.null(cli_flags("parity-report"))')[0]


# -- issue 13: the recipe flags refuse the same values and combinations with the same sentence ---------------

R_REFUSAL = r"""
nn_test_refusal <- function(args) tryCatch({
  opts <- cli_parse("train", args)
  problem <- train_flags_problem(opts)
  if (is.null(problem)) "" else problem
}, nnscratch_usage_error = conditionMessage)
"""

RECIPE_REFUSALS = [
    ["--optimizer", "sgd"], ["--optimizer", "Adam"], ["--batch-size", "0"], ["--batch-size", "-4"],
    ["--batch-size", "2.5"], ["--epochs", "0"], ["--epochs", "1000000001"], ["--epochs", "x"], ["--beta1", "1"],
    ["--beta1", "-0.1"], ["--beta1", "1e999"], ["--beta2", "nan"], ["--beta2", "1.5"], ["--epsilon", "0"],
    ["--epsilon", "-1e-8"], ["--lr-schedule", "cosine"], ["--lr-decay", "-1"], ["--lr-decay", "inf"],
    ["--lr-interval", "0"], ["--lr-interval", "1.5"], ["--l2", "-0.5"], ["--l2", "inf"], ["--dropout", "1"],
    ["--dropout", "-0.2"], ["--val-size", "1"], ["--val-size", "-0.1"], ["--patience", "-1"], ["--patience", "2.5"],
    ["--standardize=yes"], ["--no-standardize=yes"],
    # combinations
    ["--epochs", "3", "--patience", "2"], ["--batch-size", "3", "--val-size", "0", "--patience", "2"],
    ["--iterations", "5", "--l2", "0.1"], ["--iterations", "5", "--dropout", "0.5"], ["--iterations", "5", "--standardize"],
    ["--iterations", "5", "--val-size", "0.2"], ["--iterations", "5", "--lr-schedule", "step"],
    ["--iterations", "5", "--lr-decay", "0.1"], ["--iterations", "5", "--lr-interval", "3"],
    ["--batch-size", "8", "--iterations", "50"], ["--epochs", "2", "--cost-every", "5"], ["--cost-every", "10"],
    ["--standardize", "--no-standardize"], ["--no-standardize", "--standardize"],
    # typed at their defaults: still given
    ["--iterations", "600", "--l2", "0"], ["--iterations", "600", "--epochs", "20"], ["--iterations", "600", "--patience", "0"],
]
RECIPE_ACCEPTED = [
    [], ["--optimizer", "adam"], ["--optimizer", "momentum", "--beta1", "0.5"], ["--batch-size", "4", "--standardize"],
    ["--epochs", "2"], ["--l2", "0.1"], ["--standardize"], ["--no-standardize"], ["--iterations", "600"],
    ["--iterations", "5", "--no-standardize", "--optimizer", "adam", "--cost-every", "1"],
    ["--batch-size", "16", "--l2", "0.1", "--dropout", "0.1", "--val-size", "0.2", "--patience", "2",
     "--lr-schedule", "inverse", "--lr-decay", "1", "--lr-interval", "4"],
    ["--resume", "--l2", "0.1"], ["--resume", "--iterations", "5", "--epochs", "2"],
    ["--beta1", "0", "--beta2", "0", "--dropout", "0", "--val-size", "0", "--epochs", "1"],
]


def py_refusal(flags, capsys):
    """The sentence after "error: " of Python's refusal ("" when the flags are accepted)."""
    from nnscratch.cli.flags import train_flags_problem

    capsys.readouterr()
    try:
        args = build_parser().parse_args(["train", *flags])
    except SystemExit:
        return capsys.readouterr().err.strip().splitlines()[-1].split(" error: ", 1)[1]
    return train_flags_problem(args) or ""


def test_recipe_flags_same_refusals(rflags, capsys):
    rflags.eval(R_REFUSAL)
    mismatches = []
    for flags in RECIPE_REFUSALS + RECIPE_ACCEPTED:
        py = py_refusal(flags, capsys)
        rr = rflags.call("nn_test_refusal", flags)[0]
        if py != rr:
            mismatches.append((flags, py, rr))
        if flags in RECIPE_REFUSALS:
            assert py.startswith("argument --"), (flags, py)
        else:
            assert py == "", (flags, py)
    assert not mismatches, "refusals differ (flags, python, R):\n" + "\n".join(map(repr, mismatches))


def test_recipe_defaults_are_the_contracts(rflags):
    """The defaults of both tables (issue 13 item 7: the measured recipe by epochs; the ``*_full_batch`` entries
    with --iterations): every key the same in both, numbers as Python's %g / %d print them."""
    from nnscratch.cli.flags import DEFAULTS

    r_defaults = rflags.eval("CLI_DEFAULTS")
    assert sorted(set(DEFAULTS)) == sorted(set(r_defaults.keys()) - {"checkpoint_every"})
    for key, value in DEFAULTS.items():
        if isinstance(value, bool):
            assert bool(r_defaults[key][0]) is value, key
        elif isinstance(value, int):
            assert r_defaults[key] == ["%d" % value], key
        elif isinstance(value, float):
            assert r_defaults[key] == ["%g" % value], key
        else:
            assert r_defaults[key] == [value], key
    assert (DEFAULTS["optimizer"], DEFAULTS["lr"], DEFAULTS["batch_size"], DEFAULTS["epochs"], DEFAULTS["standardize"]) \
        == ("adam", 0.001, 128, 20, True)
    assert (DEFAULTS["optimizer_full_batch"], DEFAULTS["lr_full_batch"], DEFAULTS["standardize_full_batch"]) == \
        ("gd", 0.02, False)


R_FILLED = r"""
nn_test_filled <- function(args, full_batch) {
  out <- fill_train_defaults(cli_parse("train", args), full_batch)
  out$positional <- NULL
  out$help <- NULL
  lapply(out, function(v) if (!is.null(names(v))) as.list(v) else v)
}
"""

FILLED_CASES = [([], False), (["--iterations", "600"], True), (["--no-standardize", "--lr", "0.02"], False),
                (["--iterations", "5", "--no-standardize", "--optimizer", "adam"], True),
                (["--epochs", "3", "--standardize", "--seed", "4"], False)]


@pytest.mark.parametrize("args, full_batch", FILLED_CASES, ids=[" ".join(a) or "no flags" for a, _ in FILLED_CASES])
def test_filled_defaults_are_the_same_per_mode(rflags, args, full_batch):
    """The effective settings of a run: the parse of the typed flags with fill_train_defaults (both languages)
    for the mode; None / NULL stays for the flags of the other mode."""
    from nnscratch.cli.flags import fill_train_defaults

    rflags.eval(R_FILLED)
    ns = vars(fill_train_defaults(build_parser().parse_args(["train", *args]), full_batch))
    ns.pop("command")
    rr = rflags.call("nn_test_filled", args, full_batch)
    bad = [(k, v, rr.get(k)) for k, v in ns.items() if not same_value(v, rr.get(k))]
    assert not bad, f"filled values differ (dest, python, R): {bad}"
    assert sorted(k for k in rr if k not in ns) == []
    assert ns["standardize"] is (not full_batch and "--no-standardize" not in args)
    assert ns["lr"] == (0.02 if full_batch or "--lr" in args else 0.001)
