"""Divergence, interruption, checkpoints and resume: nothing computed is lost."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnscratch import dense_nn, init_param
from nnscratch.model_io import load_model
from nnscratch.train import TrainingDiverged, TrainingInterrupted, n_recorded

ROOT = Path(__file__).resolve().parents[2]


def data(m=40, seed=0):
    rs = np.random.RandomState(seed)
    X = rs.randn(4, m)
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    return X, Y


def test_divergence_stops_with_iteration_cost_and_last_good_parameters():
    X, Y = data()
    with pytest.raises(TrainingDiverged) as info:
        dense_nn(X * 100, Y, [4, 8, 1], learning_rate=50.0, num_iterations=200, init="he", cost_every=1)
    exc = info.value
    msg = str(exc)
    assert msg.startswith("training diverged at iteration ")
    assert "last finite cost" in msg and "try a lower learning rate than 50.0" in msg
    # the returned parameters are those after exc.iteration steps: rerunning that many reproduces them
    p, costs = dense_nn(X * 100, Y, [4, 8, 1], learning_rate=50.0, num_iterations=exc.iteration, init="he", cost_every=1) \
        if exc.iteration > 0 else (init_param([4, 8, 1], init="he"), [])
    for k in p:
        np.testing.assert_array_equal(p[k], exc.parameters[k])
        assert np.all(np.isfinite(exc.parameters[k]))
    assert exc.costs == costs


def test_nan_cost_is_divergence():
    X, Y = data()
    p = init_param([4, 1], init="he")
    p["W1"] = p["W1"] * np.nan
    with pytest.raises(TrainingDiverged, match="cost is nan"):
        dense_nn(X, Y, [4, 1], num_iterations=3, parameters=p)


def test_short_spike_is_not_divergence():
    from nnscratch.train import diverged

    assert not diverged(1.09, [0.03, 0.05])          # spike below 2 ln 2: tolerated
    assert diverged(18.0, [0.7, 0.76])               # blow-up
    assert diverged(float("inf"), [0.7]) and diverged(float("nan"), [])


def test_interrupt_keeps_a_consistent_state_and_resume_is_exact():
    X, Y = data()
    full_p, full_costs = dense_nn(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57, init="he", cost_every=5)

    def stop_at_23(i, cost):
        if i == 22:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as info:
        dense_nn(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57, init="he", cost_every=5, callback=stop_at_23)
    exc = info.value
    assert exc.iteration == 23 and len(exc.costs) == n_recorded(0, 23, 5) == 5
    rest_p, rest_costs = dense_nn(X, Y, [4, 5, 1], learning_rate=0.3, num_iterations=57 - 23, parameters=exc.parameters,
                                  cost_every=5, start_iteration=23)
    assert exc.costs + rest_costs == full_costs
    for k in full_p:
        np.testing.assert_array_equal(rest_p[k], full_p[k])


def test_checkpoint_callback():
    X, Y = data()
    seen = []
    dense_nn(X, Y, [4, 1], num_iterations=10, cost_every=2, checkpoint_every=4,
             checkpoint=lambda done, p, costs: seen.append((done, len(costs))))
    assert seen == [(4, 2), (8, 4)]


def run_cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "nnscratch", "train", "--quiet", "--hidden", "4",
                             "--iterations", "2500", "--cost-every", "10", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kw)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killed_training_resumes_to_the_uninterrupted_result(tmp_path, sig):
    full = tmp_path / "full"
    part = tmp_path / "part"
    assert run_cli("--out", str(full)).wait(timeout=300) == 0
    proc = run_cli("--out", str(part), "--checkpoint-every", "100")
    ckpt = part / "checkpoint.txt"
    deadline = time.time() + 120
    while not ckpt.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "training finished before it could be interrupted"
    time.sleep(0.2)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted after" in err and "saved" in err
    _, meta = load_model(ckpt)
    assert 0 < meta["iterations"] < 2500
    resumed = subprocess.run([sys.executable, "-m", "nnscratch", "train", "--quiet", "--iterations", "2500",
                              "--out", str(part), "--resume"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming from {ckpt} at iteration {meta['iterations']}" in resumed.stdout
    assert (part / "model.txt").read_bytes() == (full / "model.txt").read_bytes()
    assert (part / "costs.csv").read_bytes() == (full / "costs.csv").read_bytes()
    assert not ckpt.exists()
