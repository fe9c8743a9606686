"""Cross-entropy cost ``cost_computation``."""
from __future__ import annotations

import numpy as np

#: Outputs are clipped to [EPS, 1 - EPS] before the logs, so a saturated
#: sigmoid (AL exactly 0.0 or 1.0) gives a large but finite cost
#: (at most -log(EPS) ~= 34.5 per sample) instead of inf or NaN.
EPS = 1e-15


def cost_computation(AL, Y):
    """Binary cross-entropy ``J = -(1/m) * sum(Y*log(AL) + (1-Y)*log(1-AL))``.

    Args:
        AL: (1, m) predicted probabilities.
        Y: (1, m) labels in {0, 1}.
    Returns:
        cost: a Python float (the notebook returned a 0-d array after squeeze).

    Example:
        >>> round(cost_computation(np.array([[0.9, 0.2]]), np.array([[1.0, 0.0]])), 6)  # -(log 0.9 + log 0.8) / 2
        0.164252
        >>> round(cost_computation(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])), 4)  # saturated and wrong: finite
        34.5392
    """
    m = Y.shape[1]
    P = np.clip(AL, EPS, 1.0 - EPS)
    # log1p(-P) is log(1 - P) computed without cancellation for small P.
    total = np.sum(Y * np.log(P) + (1.0 - Y) * np.log1p(-P))
    return float(-total / m)
