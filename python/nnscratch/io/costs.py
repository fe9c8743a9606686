"""The cost history as CSV (R twin: R/io-costs.R): ``iteration,cost``, costs with ``%.17g`` (exact);
the epochs engine's history, ``epoch,cost,accuracy,val_cost,val_accuracy`` (``write_history_csv``)."""
from __future__ import annotations

import math

from ..utils.format import quote_text
from .atomic import atomic_write


def costs_to_csv_lines(costs, cost_every):
    """The CSV lines: a header, then ``k * cost_every,cost`` for the k-th recorded cost.

    Example:
        >>> costs_to_csv_lines([0.5, 0.25], cost_every=100)
        ['iteration,cost', '0,0.5', '100,0.25']
    """
    return ["iteration,cost"] + [f"{k * cost_every},{'%.17g' % c}" for k, c in enumerate(costs)]


def write_costs_csv(path, costs, cost_every):
    """Write ``costs_to_csv_lines`` to ``path`` atomically; returns ``path``.

    Example:
        >>> import os, tempfile
        >>> path = write_costs_csv(os.path.join(tempfile.mkdtemp(), 'costs.csv'), [0.693, 0.25], 100)
        >>> open(path).read().splitlines()
        ['iteration,cost', '0,0.69299999999999995', '100,0.25']
    """
    data = ("\n".join(costs_to_csv_lines(costs, cost_every)) + "\n").encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))
    return path


#: The columns of the history CSV, in order (the engine's history keys).
HISTORY_COLUMNS = ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")


def history_to_csv_lines(history):
    """The lines of the history CSV: the header ``epoch,cost,accuracy,val_cost,val_accuracy``, then one
    row per epoch; ``epoch`` as ``%d``, the others ``%.17g`` (NaN, e.g. no validation set, as ``nan``).

    ``history``: a dict of equal-length lists with the keys of HISTORY_COLUMNS (other keys, such as
    ``best_epoch``, are ignored). ValueError when a column is missing or the lengths differ.

    Example:
        >>> h = {'epoch': [1, 2], 'cost': [0.5, 0.25], 'accuracy': [0.5, 0.75],
        ...      'val_cost': [0.75, 0.5], 'val_accuracy': [0.5, float('nan')]}
        >>> history_to_csv_lines(h)
        ['epoch,cost,accuracy,val_cost,val_accuracy', '1,0.5,0.5,0.75,0.5', '2,0.25,0.75,0.5,nan']
    """
    missing = [k for k in HISTORY_COLUMNS if k not in history]
    if missing:
        raise ValueError(f"history has no {quote_text(missing[0])} (it needs {', '.join(HISTORY_COLUMNS)})")
    columns = [list(history[k]) for k in HISTORY_COLUMNS]
    if len({len(c) for c in columns}) > 1:
        raise ValueError("history columns must have the same length; got "
                         + ", ".join(f"{k} {len(c)}" for k, c in zip(HISTORY_COLUMNS, columns)))
    rows = []
    for epoch, *values in zip(*columns):
        if not math.isfinite(epoch) or int(epoch) != epoch:
            raise ValueError("history epochs must be whole numbers; got %.17g" % float(epoch))
        rows.append(",".join(["%d" % int(epoch)] + ["%.17g" % float(v) for v in values]))
    return [",".join(HISTORY_COLUMNS)] + rows


def write_history_csv(path, history):
    """Write ``history_to_csv_lines(history)`` to ``path`` atomically; returns ``path``.

    Example:
        >>> import os, tempfile
        >>> h = {'epoch': [1, 2], 'cost': [0.69, 0.5], 'accuracy': [0.5, 0.75],
        ...      'val_cost': [float('nan')] * 2, 'val_accuracy': [float('nan')] * 2}
        >>> path = write_history_csv(os.path.join(tempfile.mkdtemp(), 'history.csv'), h)
        >>> open(path).read().splitlines()
        ['epoch,cost,accuracy,val_cost,val_accuracy', '1,0.68999999999999995,0.5,nan,nan', '2,0.5,0.75,nan,nan']
    """
    data = ("\n".join(history_to_csv_lines(history)) + "\n").encode("utf-8")
    atomic_write(path, lambda fh: fh.write(data))
    return path
