"""The cost curves as PNGs (R twin: R/io-plot.R); matplotlib's Agg backend needs no display."""
from __future__ import annotations

from .atomic import atomic_write


def write_cost_curve(path, costs, cost_every):
    """Plot the recorded costs against their iteration (``k * cost_every``) to a PNG file, atomically.

    Example:
        >>> import os, tempfile
        >>> path = write_cost_curve(os.path.join(tempfile.mkdtemp(), 'cost_curve.png'), [0.69, 0.42, 0.21, 0.03], 100)
        >>> open(path, 'rb').read(4)[1:]  # a PNG file
        b'PNG'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    its = [k * cost_every for k in range(len(costs))]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    try:
        ax.plot(its, costs, color="tab:blue")
        ax.set_xlabel("iteration")
        ax.set_ylabel("cross-entropy cost")
        ax.set_title("nnscratch: training cost")
        ax.grid(True, alpha=0.3)
        fig.tight_layout()
        atomic_write(path, lambda fh: fig.savefig(fh, format="png"))
    finally:
        plt.close(fig)
    return path


def write_history_curve(path, history):
    """Plot the epochs engine's training cost and, when there is one (not all NaN), the validation cost
    against the epoch (``history["epoch"]``), with a legend, to a PNG file, atomically.

    ``history``: a dict of equal-length lists with at least ``epoch`` and ``cost`` (``val_cost`` optional).

    Example:
        >>> import os, tempfile
        >>> h = {'epoch': [1, 2, 3], 'cost': [0.69, 0.4, 0.3], 'val_cost': [0.7, 0.5, 0.45]}
        >>> path = write_history_curve(os.path.join(tempfile.mkdtemp(), 'history.png'), h)
        >>> open(path, 'rb').read(4)[1:]  # a PNG file
        b'PNG'
    """
    import math

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [float(e) for e in history["epoch"]]
    cost = [float(c) for c in history["cost"]]
    val = [float(c) for c in history.get("val_cost", [])]
    if len(cost) != len(epochs) or (val and len(val) != len(epochs)):
        raise ValueError(f"history epoch, cost and val_cost must have the same length; got "
                         f"{len(epochs)}, {len(cost)}, {len(val)}")
    has_val = any(not math.isnan(v) for v in val)
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    try:
        ax.plot(epochs, cost, color="tab:blue", label="training")
        if has_val:
            ax.plot(epochs, val, color="tab:orange", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy cost")
        ax.set_title("nnscratch: training and validation cost" if has_val else "nnscratch: training cost")
        ax.legend()
        ax.grid(True, alpha=0.3)
        fig.tight_layout()
        atomic_write(path, lambda fh: fig.savefig(fh, format="png"))
    finally:
        plt.close(fig)
    return path
