"""The costs CSV (nnscratch/io/costs.py)."""
from __future__ import annotations

import os

from nnscratch.io.costs import costs_to_csv_lines, write_costs_csv


def test_lines_are_exact():
    assert costs_to_csv_lines([0.6931471805599453, 0.1, 1e-20], 10) == [
        "iteration,cost", "0,0.69314718055994529", "10,0.10000000000000001", "20,9.9999999999999995e-21"]
    assert costs_to_csv_lines([], 5) == ["iteration,cost"]


def test_write_round_trips(tmp_path):
    costs = [0.7, 1 / 3, 2.5e-7]
    write_costs_csv(tmp_path / "costs.csv", costs, 100)
    rows = (tmp_path / "costs.csv").read_text().split("\n")
    assert rows[-1] == "" and rows[0] == "iteration,cost"
    assert [int(r.split(",")[0]) for r in rows[1:-1]] == [0, 100, 200]
    assert [float(r.split(",")[1]) for r in rows[1:-1]] == costs
    assert os.listdir(tmp_path) == ["costs.csv"]


# -- issue 13: the epochs engine's history ------------------------------------------------------------

import math  # noqa: E402

import pytest  # noqa: E402

from nnscratch.io.costs import HISTORY_COLUMNS, history_to_csv_lines, write_history_csv  # noqa: E402

NAN = float("nan")
HISTORY = {"epoch": [1, 2, 3], "cost": [0.7, 1 / 3, 2.5e-7], "accuracy": [0.5, 0.625, 1.0],
           "val_cost": [0.8, NAN, float("inf")], "val_accuracy": [0.25, NAN, 0.0], "best_epoch": 1}


def test_history_lines_are_exact_in_column_order():
    assert HISTORY_COLUMNS == ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")
    assert history_to_csv_lines(HISTORY) == [
        "epoch,cost,accuracy,val_cost,val_accuracy",
        "1,0.69999999999999996,0.5,0.80000000000000004,0.25",
        "2,0.33333333333333331,0.625,nan,nan",
        "3,2.4999999999999999e-07,1,inf,0"]
    empty = {k: [] for k in HISTORY_COLUMNS}
    assert history_to_csv_lines(empty) == ["epoch,cost,accuracy,val_cost,val_accuracy"]


def test_history_write_round_trips_atomically(tmp_path):
    assert write_history_csv(tmp_path / "history.csv", HISTORY) == tmp_path / "history.csv"
    rows = (tmp_path / "history.csv").read_text().split("\n")
    assert rows[-1] == "" and rows[0] == "epoch,cost,accuracy,val_cost,val_accuracy"
    cols = list(zip(*[r.split(",") for r in rows[1:-1]]))
    assert [int(e) for e in cols[0]] == [1, 2, 3]
    assert [float(c) for c in cols[1]] == HISTORY["cost"]
    assert math.isnan(float(cols[3][1])) and float(cols[3][2]) == math.inf
    assert os.listdir(tmp_path) == ["history.csv"]


def test_history_refusals():
    with pytest.raises(ValueError, match="^history has no 'val_cost'"):
        history_to_csv_lines({"epoch": [1], "cost": [1.0], "accuracy": [1.0], "val_accuracy": [NAN]})
    with pytest.raises(ValueError, match="^history columns must have the same length; got epoch 2, cost 1, "
                                         "accuracy 2, val_cost 2, val_accuracy 2$"):
        history_to_csv_lines({"epoch": [1, 2], "cost": [1.0], "accuracy": [1.0, 0.5], "val_cost": [NAN, NAN],
                              "val_accuracy": [NAN, NAN]})
    with pytest.raises(ValueError, match="^history epochs must be whole numbers; got 1.5$"):
        history_to_csv_lines({"epoch": [1.5], "cost": [1.0], "accuracy": [1.0], "val_cost": [NAN],
                              "val_accuracy": [NAN]})
