"""The parity-report command: every row within 1e-12 (normwise) on the sample data; it runs the
suite's R folder (NNSCRATCH_R_DIR)."""
from nnscratch.cli import main
from nnscratch.cli.common import default_data_dir
from nnscratch.cli.train import load_split
from nnscratch.parity.report import parity_rows


def test_parity_rows_on_sample(r):
    d = load_split(default_data_dir(), {"Cat": 1, "Dog": 0}, 32, 0.15, 1)
    rows, summary = parity_rows(r, d["X_train"], d["Y_train"], [3072, 7, 5, 1], seed=1, init="he", lr=0.02, iterations=20)
    steps = {row[0] for row in rows}
    assert {"init_param", "deep_model", "cost_computation", "deep_model_back", "update_parameters"} <= steps
    bad = [row for row in rows if row[4] != "ok"]
    assert not bad, bad
    assert "first exceeds 1e-12 at iteration never" in summary[1]


def test_parity_report_command(r, r_dir, capsys, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_R_DIR", str(r_dir))
    assert main(["parity-report", "--iterations", "5", "--hidden", "4"]) == 0
    out = capsys.readouterr().out
    assert f"parity report: R from {r_dir}" in out
    assert "deep_model_back    dW1" in out and "costs: relative difference" in out
