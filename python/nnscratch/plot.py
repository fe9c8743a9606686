"""Cost history output: CSV and a cost-curve PNG (matplotlib, Agg backend: no display needed)."""
from __future__ import annotations

import io
import os

from .model_io import atomic_write_text


def costs_to_csv_text(costs, cost_every, start=0):
    """CSV text ``iteration,cost`` with the costs at ``start, start+cost_every, ...`` (``%.17g``: exact)."""
    rows = ["iteration,cost"]
    rows += [f"{start + k * cost_every},{'%.17g' % c}" for k, c in enumerate(costs)]
    return "\n".join(rows) + "\n"


def write_costs_csv(path, costs, cost_every, start=0):
    atomic_write_text(path, costs_to_csv_text(costs, cost_every, start))


def write_cost_curve(path, costs, cost_every, title="nnscratch: training cost", start=0):
    """Plot cost against iteration to a PNG file (written atomically)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    its = [start + k * cost_every for k in range(len(costs))]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    ax.plot(its, costs, color="tab:blue")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cross-entropy cost")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, path)
