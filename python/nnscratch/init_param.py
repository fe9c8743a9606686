"""Parameter initialisation: ``init_param``.

Random numbers come from one ``numpy.random.RandomState(seed)``, drawn in this
order: ``W1 = randn(n1, n0)``, then ``W2 = randn(n2, n1)``, ...; biases are zeros.
numpy fills ``randn(rows, cols)`` row by row (C order). The R twin reproduces
this stream and fill order exactly (see R/utils-rng.R and R/init_param.R).
"""
from __future__ import annotations

import numpy as np

from .utils.validation import check_init, check_layers_dims, check_seed


def scale_weights(Z, n_prev, init):
    """Apply an init recipe to standard normal draws ``Z`` of shape (n_l, n_prev).

    ``"scaled"``: ``Z * 0.01`` (the notebook's); ``"xavier"``: ``Z / sqrt(n_prev)``;
    ``"he"``: ``Z * sqrt(2 / n_prev)``. R applies each factor with the same
    operator ("*" or "/"), so both languages give identical bits.
    """
    if init == "scaled":
        return Z * 0.01
    if init == "xavier":
        return Z / np.sqrt(n_prev)
    if init == "he":
        return Z * np.sqrt(2.0 / n_prev)
    check_init(init)  # raises for an unknown name


def init_param(layers_dims, seed=1, init="scaled"):
    """Initialise the weights and biases of an L-layer network.

    Args:
        layers_dims: sequence of layer widths ``[n0, n1, ..., nL]``; ``n0`` is the
            number of input features.
        seed: integer in [0, 2**32 - 1] for ``numpy.random.RandomState``.
        init: ``"scaled"`` (randn * 0.01), ``"xavier"`` (randn / sqrt(n_prev)) or
            ``"he"`` (randn * sqrt(2 / n_prev)).
    Returns:
        dict with ``W{l}``: (n_l, n_{l-1}) and ``b{l}``: (n_l, 1), float64, for l = 1..L.

    Example:
        >>> p = init_param([2, 3, 1], seed=1)  # numpy.random.RandomState(1); R's init_param gives the same bits
        >>> sorted(p), p['W1'].shape, p['b2'].tolist()
        (['W1', 'W2', 'b1', 'b2'], (3, 2), [[0.0]])
        >>> p['W1'][0].tolist()  # randn * 0.01
        [0.01624345363663242, -0.006117564136500754]
    """
    layers_dims = check_layers_dims(layers_dims)
    seed = check_seed(seed)
    init = check_init(init)
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layers_dims)):
        n_l, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters[f"W{l}"] = scale_weights(rng.randn(n_l, n_prev), n_prev, init)
        parameters[f"b{l}"] = np.zeros((n_l, 1))
    return parameters
