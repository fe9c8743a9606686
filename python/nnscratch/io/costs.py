"""The cost history as CSV (R twin: R/io-costs.R): ``iteration,cost``, costs with ``%.17g`` (exact)."""
from __future__ import annotations

from .atomic import atomic_write


def costs_to_csv_lines(costs, cost_every):
    """The CSV lines: a header, then ``k * cost_every,cost`` for the k-th recorded cost."""
    return ["iteration,cost"] + [f"{k * cost_every},{'%.17g' % c}" for k, c in enumerate(costs)]


def write_costs_csv(path, costs, cost_every):
    """Write ``costs_to_csv_lines`` to ``path`` atomically; returns ``path``."""
    data = ("\n".join(costs_to_csv_lines(costs, cost_every)) + "\n").encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))
    return path
