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
