"""Flag values of the command line (nnscratch/cli/flags.py, the parser in nnscratch/cli/__init__.py):
the exact usage-error sentences (R's command line prints the same ones) and the value parsers."""
import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from nnscratch.cli import build_parser, main
from nnscratch.cli.flags import DEFAULTS, FLOAT, POSITIVE_FLOAT, POSITIVE_INT, init_choice, parse_hidden, parse_labels

ROOT = Path(__file__).resolve().parents[2]

#: train flags -> the last line argparse prints (after "nnscratch train: error: ").
USAGE_ERRORS = [
    (["--iterations", "0"], "argument --iterations: must be a positive integer; got 0"),
    (["--iterations", "-3"], "argument --iterations: must be a positive integer; got -3"),
    (["--iterations", "1.5"], "argument --iterations: invalid int value: '1.5'"),
    (["--iterations", "1_000"], "argument --iterations: invalid int value: '1_000'"),
    (["--cost-every=0"], "argument --cost-every: must be a positive integer; got 0"),
    (["--size", "0"], "argument --size: must be a positive integer; got 0"),
    (["--threads", "0"], "argument --threads: must be a positive integer; got 0"),
    (["--checkpoint-every", "-2"], "argument --checkpoint-every: must be a non-negative integer; got -2"),
    (["--checkpoint-every", "x"], "argument --checkpoint-every: invalid int value: 'x'"),
    (["--lr", "0"], "argument --lr: must be a positive number; got 0"),
    (["--lr", "-0.1"], "argument --lr: must be a positive number; got -0.1"),
    (["--lr=-1e-7"], "argument --lr: must be a positive number; got -1e-07"),
    (["--lr", "inf"], "argument --lr: invalid float value: 'inf'"),
    (["--lr", "nan"], "argument --lr: invalid float value: 'nan'"),
    (["--lr", "fast"], "argument --lr: invalid float value: 'fast'"),
    (["--lr", "1e999"], "argument --lr: invalid float value: '1e999'"),
    (["--test-size", "abc"], "argument --test-size: invalid float value: 'abc'"),
    (["--seed", "1_0"], "argument --seed: invalid int value: '1_0'"),
    (["--hidden", "16,0"], "argument --hidden: --hidden must be comma-separated positive integers, e.g. 7,5; got '16,0'"),
    (["--hidden", "7,x"], "argument --hidden: --hidden must be comma-separated positive integers, e.g. 7,5; got '7,x'"),
    (["--init", "zeros"], "argument --init: invalid choice: 'zeros' (choose from 'scaled', 'xavier', 'he')"),
    (["--labels", "Cat"], "argument --labels: --labels must look like Cat=1,Dog=0; got 'Cat'"),
    (["--labels", "Cat=x"], "argument --labels: --labels must look like Cat=1,Dog=0; got 'Cat=x'"),
    # issue 12: bounds and sentences of our own
    (["--size", "100000"], "argument --size: must be at most 512; got 100000"),
    (["--size", "513"], "argument --size: must be at most 512; got 513"),
    (["--test-size", "0"], "argument --test-size: must be a number in the (0, 1) range; got 0"),
    (["--test-size", "1"], "argument --test-size: must be a number in the (0, 1) range; got 1"),
    (["--test-size", "1.5"], "argument --test-size: must be a number in the (0, 1) range; got 1.5"),
    (["--test-size=-1e-3"], "argument --test-size: must be a number in the (0, 1) range; got -0.001"),
    (["--data", ""], "argument --data: must not be empty"),
    (["--data="], "argument --data: must not be empty"),
    (["--seed", "1" + "0" * 5000], "argument --seed: invalid int value: '1" + "0" * 5000 + "'"),
    (["--iterations", "99999999999999999999999"], "argument --iterations: invalid int value: '99999999999999999999999'"),
    (["--iterations", "9007199254740992"], "argument --iterations: invalid int value: '9007199254740992'"),
    (["--labels", "Cat=1" + "0" * 5000], "argument --labels: --labels must look like Cat=1,Dog=0; got 'Cat=1"
     + "0" * 5000 + "'"),
    (["--labels", "Cat=1,Dog=1"], "argument --labels: --labels must map two class folders to 1 and 0, e.g. "
     "Cat=1,Dog=0; got 'Cat=1,Dog=1'"),
    (["--labels", "Cat=1"], "argument --labels: --labels must map two class folders to 1 and 0, e.g. "
     "Cat=1,Dog=0; got 'Cat=1'"),
    (["--labels", "Cat=1,Cat=0"], "argument --labels: --labels must map two class folders to 1 and 0, e.g. "
     "Cat=1,Dog=0; got 'Cat=1,Cat=0'"),
    (["--labels", "Cat=2,Dog=0"], "argument --labels: --labels must map two class folders to 1 and 0, e.g. "
     "Cat=1,Dog=0; got 'Cat=2,Dog=0'"),
    (["--labels", "A=1,B=0,C=0"], "argument --labels: --labels must map two class folders to 1 and 0, e.g. "
     "Cat=1,Dog=0; got 'A=1,B=0,C=0'"),
    (["--labels", "..=1,Dog=0"], "argument --labels: --labels must name sub-folders of --data (not empty, '.', "
     "'..' or a path); got '..=1,Dog=0'"),
    (["--labels", "Cat=1,.=0"], "argument --labels: --labels must name sub-folders of --data (not empty, '.', "
     "'..' or a path); got 'Cat=1,.=0'"),
    (["--labels", "=1,Dog=0"], "argument --labels: --labels must name sub-folders of --data (not empty, '.', "
     "'..' or a path); got '=1,Dog=0'"),
    (["--labels", "a/b=1,Dog=0"], "argument --labels: --labels must name sub-folders of --data (not empty, '.', "
     "'..' or a path); got 'a/b=1,Dog=0'"),
]

#: issue 13: the flags of the training recipe, their ranges and their combinations (R: the same sentences).
RECIPE_USAGE_ERRORS = [
    (["--optimizer", "sgd"], "argument --optimizer: invalid choice: 'sgd' (choose from 'gd', 'momentum', 'rmsprop', "
     "'adam')"),
    (["--batch-size", "0"], "argument --batch-size: must be a positive integer; got 0"),
    (["--batch-size", "2.5"], "argument --batch-size: invalid int value: '2.5'"),
    (["--epochs", "0"], "argument --epochs: must be a positive integer; got 0"),
    (["--epochs", "1000000001"], "argument --epochs: must be at most 1000000000; got 1000000001"),
    (["--beta1", "1"], "argument --beta1: must be a number in the [0, 1) range; got 1"),
    (["--beta1", "-0.1"], "argument --beta1: must be a number in the [0, 1) range; got -0.1"),
    (["--beta2", "nan"], "argument --beta2: invalid float value: 'nan'"),
    (["--epsilon", "0"], "argument --epsilon: must be a positive number; got 0"),
    (["--lr-schedule", "cosine"], "argument --lr-schedule: invalid choice: 'cosine' (choose from 'constant', 'step', "
     "'inverse', 'exponential')"),
    (["--lr-decay", "-1"], "argument --lr-decay: must be a non-negative number; got -1"),
    (["--lr-interval", "0"], "argument --lr-interval: must be a positive integer; got 0"),
    (["--l2", "-0.5"], "argument --l2: must be a non-negative number; got -0.5"),
    (["--l2", "inf"], "argument --l2: invalid float value: 'inf'"),
    (["--dropout", "1"], "argument --dropout: must be a number in the [0, 1) range; got 1"),
    (["--dropout", "-0.2"], "argument --dropout: must be a number in the [0, 1) range; got -0.2"),
    (["--val-size", "1"], "argument --val-size: must be a number in the [0, 1) range; got 1"),
    (["--patience", "-1"], "argument --patience: must be a non-negative integer; got -1"),
    (["--standardize=yes"], "argument --standardize: ignored explicit argument 'yes'"),
    (["--epsilon", "-1e-8"], "argument --epsilon: expected one argument"),  # not argparse's negative number
    # combinations
    (["--epochs", "3", "--patience", "2"], "argument --patience: needs --val-size (early stopping watches the "
     "validation cost)"),
    (["--iterations", "5", "--l2", "0.1"], "argument --l2: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    (["--iterations", "5", "--dropout", "0.5"], "argument --dropout: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    (["--iterations", "5", "--val-size", "0.2"], "argument --val-size: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    (["--iterations", "5", "--standardize"], "argument --standardize: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    (["--iterations", "5", "--lr-schedule", "step"], "argument --lr-schedule: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    # typed at their defaults: still given (regression: they counted only when not at their default)
    (["--iterations", "600", "--l2", "0"], "argument --l2: not used with --iterations (full-batch training); leave --iterations out to train by epochs"),
    (["--iterations", "600", "--epochs", "20"], "argument --iterations: not used with --epochs or --batch-size "
     "(mini-batch training runs --epochs epochs and records the cost of each)"),
    (["--batch-size", "8", "--iterations", "50"], "argument --iterations: not used with --epochs or --batch-size "
     "(mini-batch training runs --epochs epochs and records the cost of each)"),
    (["--epochs", "2", "--cost-every", "5"], "argument --cost-every: needs --iterations (full-batch training); "
     "training by epochs records the cost of each epoch"),
    (["--cost-every", "10"], "argument --cost-every: needs --iterations (full-batch training); "
     "training by epochs records the cost of each epoch"),
    (["--standardize", "--no-standardize"], "argument --no-standardize: not allowed with argument --standardize"),
    (["--no-standardize=x"], "argument --no-standardize: ignored explicit argument 'x'"),
]

#: predict / evaluate arguments -> the last line (after "nnscratch <command>: error: ").
OTHER_USAGE_ERRORS = [
    (["predict", "--model", "m.txt", ""], "argument target: must not be empty"),
    (["predict", "--model", "", "x.jpg"], "argument --model: must not be empty"),
    (["evaluate", "--model", "m.txt", "--data", ""], "argument --data: must not be empty"),
    (["parity-report", "--data", ""], "argument --data: must not be empty"),
]


@pytest.mark.parametrize("args, message", OTHER_USAGE_ERRORS, ids=[" ".join(a) for a, _ in OTHER_USAGE_ERRORS])
def test_usage_errors_of_other_commands(capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"nnscratch {args[0]}: error: " + message


def test_no_type_function_lets_argparse_name_itself(capsys):
    """argparse prints "invalid <function name> value" when a type function raises anything but
    ArgumentTypeError (issue 12: "invalid parse_labels value", "invalid convert value")."""
    for flags in (["--labels", "Cat=1" + "9" * 4400], ["--seed", "9" * 4400], ["--lr", "9" * 4400],
                  ["--hidden", "9" * 4400]):
        with pytest.raises(SystemExit):
            main(["train", *flags])
        err = capsys.readouterr().err
        assert "invalid parse_" not in err and "invalid convert" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("flags, message", USAGE_ERRORS + RECIPE_USAGE_ERRORS,
                         ids=[" ".join(f) for f, _ in USAGE_ERRORS + RECIPE_USAGE_ERRORS])
def test_usage_errors(capsys, flags, message):
    with pytest.raises(SystemExit) as exc:
        main(["train", *flags])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "nnscratch train: error: " + message


def test_values():
    assert POSITIVE_INT(" 12\n") == 12 and FLOAT("-.5") == -0.5 and POSITIVE_FLOAT("2E-3") == 0.002
    assert parse_hidden("16,8") == [16, 8] and parse_hidden("7") == [7] and parse_hidden(" 3 ,, 4") == [3, 4]
    assert parse_labels("Cat=1,Dog=0") == {"Cat": 1, "Dog": 0}
    assert parse_labels("Cats=0, Dogs=1") == {"Cats": 0, " Dogs": 1}  # a folder name is kept as typed
    with pytest.raises(argparse.ArgumentTypeError, match="must map two class folders to 1 and 0"):
        parse_labels("Cats=7,Dogs=-1")  # issue 12: evaluate and the split need the labels 0 and 1
    assert init_choice("xavier") == "xavier"
    with pytest.raises(argparse.ArgumentTypeError, match=r"^invalid float value: 'it\\'s\"'$"):
        FLOAT("it's\"")
    with pytest.raises(argparse.ArgumentTypeError, match=r"^invalid int value: 'tab\\t'$"):
        POSITIVE_INT("tab\t")


def test_defaults():
    """Flags not typed parse to None (so that typing a default counts as given); fill_train_defaults gives
    the defaults of the mode."""
    from nnscratch.cli.flags import TYPED, fill_train_defaults

    args = build_parser().parse_args(["train"])
    assert all(getattr(args, key) is None for key in TYPED)
    assert args.standardize is None and args.no_standardize is None
    assert args.out == "out" and args.checkpoint_every == 0 and args.resume is None
    assert args.data is None and not args.quiet and not args.no_cache
    assert build_parser().parse_args(["train", "--resume"]).resume == ""
    fill_train_defaults(args, full_batch=False)
    assert (args.hidden, args.lr, args.seed, args.init, args.optimizer) == ([16, 8], 0.001, 1, "he", "adam")
    assert (args.batch_size, args.epochs, args.standardize, args.iterations, args.cost_every) == (128, 20, True, None, None)
    assert (args.size, args.test_size, args.labels) == (32, 0.15, {"Cat": 1, "Dog": 0})
    args = fill_train_defaults(build_parser().parse_args(["train", "--iterations", "600"]), full_batch=True)
    assert (args.hidden, args.lr, args.iterations, args.seed, args.init) == ([16, 8], 0.02, 600, 1, "he")
    assert (args.optimizer, args.standardize, args.cost_every, args.epochs, args.batch_size) == ("gd", False, 10, None, None)
    assert (DEFAULTS["lr"], DEFAULTS["lr_full_batch"]) == (0.001, 0.02)


def test_typed_values_are_kept_and_no_standardize_turns_it_off():
    from nnscratch.cli.flags import fill_train_defaults

    args = fill_train_defaults(build_parser().parse_args(["train", "--no-standardize", "--lr", "0.02"]), False)
    assert args.standardize is False and args.lr == 0.02 and args.optimizer == "adam"
    args = fill_train_defaults(build_parser().parse_args(["train", "--iterations", "5", "--no-standardize",
                                                          "--optimizer", "adam", "--lr", "0.001"]), True)
    assert args.standardize is False and (args.optimizer, args.lr, args.iterations) == ("adam", 0.001, 5)


def test_recipe_defaults_are_the_measured_recipe_and_kept_in_defaults():
    """issue 13 item 7: the recipe chosen from measurements (bench/README.md, "Default recipe"), in one table."""
    want = {"optimizer": "adam", "lr": 0.001, "batch_size": 128, "epochs": 20, "standardize": True,
            "hidden": "16,8", "init": "he", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "lr_schedule": "constant",
            "lr_decay": 0.0, "lr_interval": 10, "l2": 0.0, "dropout": 0.0, "val_size": 0.0, "patience": 0,
            "optimizer_full_batch": "gd", "lr_full_batch": 0.02, "standardize_full_batch": False, "iterations": 600}
    assert {k: DEFAULTS[k] for k in want} == want
    given = build_parser().parse_args(["train", "--optimizer", "adam", "--batch-size", "32", "--epochs", "5",
                                       "--beta1", "0.8", "--beta2", "0.99", "--epsilon", "1e-7", "--lr-schedule",
                                       "step", "--lr-decay", "0.5", "--lr-interval", "2", "--l2", "0.7",
                                       "--dropout", "0.25", "--standardize", "--val-size", "0.2", "--patience", "3"])
    assert (given.optimizer, given.batch_size, given.epochs, given.beta1, given.beta2, given.epsilon) == \
        ("adam", 32, 5, 0.8, 0.99, 1e-7)
    assert (given.lr_schedule, given.lr_decay, given.lr_interval, given.l2, given.dropout) == ("step", 0.5, 2, 0.7, 0.25)
    assert given.standardize is True and (given.val_size, given.patience) == (0.2, 3)


def test_recipe_flag_combinations_that_are_accepted():
    from nnscratch.cli.flags import epochs_mode, train_flags_problem

    def parse(*flags):
        return build_parser().parse_args(["train", *flags])

    for flags in ([], ["--optimizer", "adam"], ["--epochs", "1", "--standardize"], ["--beta1", "0.5", "--epsilon", "1e-4"],
                  ["--epochs", "2"], ["--l2", "0.1"], ["--standardize"], ["--no-standardize"],
                  ["--batch-size", "16", "--l2", "0.1", "--dropout", "0.1", "--val-size", "0.2",
                   "--patience", "2", "--lr-schedule", "inverse", "--lr-decay", "1"],
                  ["--iterations", "600"], ["--iterations", "5", "--no-standardize", "--optimizer", "adam", "--beta1",
                                            "0.8", "--cost-every", "1"],
                  ["--resume", "--l2", "0.1"], ["--resume", "--iterations", "5", "--epochs", "2"]):
        assert train_flags_problem(parse(*flags)) is None, flags  # with --resume the mode comes from the checkpoint
    assert epochs_mode(parse("--optimizer", "adam")) and epochs_mode(parse("--epochs", "1")) and epochs_mode(parse())
    assert not epochs_mode(parse("--iterations", "600"))


def test_help_prints_defaults_with_percent_g(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "learning rate (default 0.001 by epochs, 0.02 with --iterations)" in text
    assert "update rule (default adam by epochs, gd with --iterations)" in text
    assert "mini-batch size (default 128; not with --iterations)" in text
    assert "passes over the training set (default 20; not with --iterations)" in text
    assert "--no-standardize train on the unscaled pixel values (the default with --iterations)" in text
    assert "fraction held out for testing (default 0.15)" in text
    assert "--init {scaled,xavier,he}" in text
    assert "RMSprop's and Adam's epsilon (default 1e-08)" in text and "--optimizer {gd,momentum,rmsprop,adam}" in text


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "nnscratch", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "parity-report" in proc.stdout
