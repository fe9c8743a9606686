"""The cost curve as a PNG (R twin: R/io-plot.R); matplotlib's Agg backend needs no display."""
from __future__ import annotations

from .atomic import atomic_write


def write_cost_curve(path, costs, cost_every):
    """Plot the recorded costs against their iteration (``k * cost_every``) to a PNG file, atomically."""
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
