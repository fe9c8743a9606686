"""The notebook's training loop ``dense_nn``: forward, cost, backward, update, repeated.

This is the plain loop, as the notebook writes it. The command line trains
with ``nnscratch.engine.engine_fit`` instead: the same loop with a faster fused
step, divergence detection, checkpoints and resume, and the update rule as a
parameter; for the same arguments it gives the same parameters as ``dense_nn``
(``python/tests/test_engine_fit.py``).
"""
from __future__ import annotations

from .backward import deep_model_back
from .cost import cost_computation
from .forward import deep_model
from .init_param import init_param
from .update import update_parameters
from .utils.validation import check_training_args


def dense_nn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=5000, print_cost=False,
             seed=1, init="scaled"):
    """Train an L-layer network (ReLU hidden layers, sigmoid output) by full-batch gradient descent.

    Notation: layer l has n_l units; a[0] = x is one sample (one column of X).
    Each iteration runs all m samples at once:
      forward   Z[l] = W[l] A[l-1] + b[l],  A[l] = relu(Z[l]) (l < L), A[L] = sigmoid(Z[L]);
      cost      J = -(1/m) sum(Y log A[L] + (1 - Y) log(1 - A[L]));
      backward  dW[l] = dJ/dW[l], db[l] = dJ/db[l], from l = L down to 1;
      update    W[l] <- W[l] - alpha dW[l],  b[l] <- b[l] - alpha db[l].

    Args:
        X: (n0, m) inputs, one sample per column, finite.
        Y: (1, m) labels in {0, 1}.
        layers_dims: ``[n0, n1, ..., nL]`` with ``n0 == X.shape[0]`` and ``nL == 1``.
        learning_rate: alpha, the step size (> 0).
        num_iterations: number of gradient steps (positive integer).
        print_cost: print "Cost after iteration i: J" whenever a cost is recorded.
        seed, init: passed to ``init_param``.
    Returns:
        ``(parameters, costs)``: the dict of ``W{l}: (n_l, n_{l-1})`` and
        ``b{l}: (n_l, 1)``, and the costs J at iterations 0, 100, 200, ...
        (each the cost of the parameters *before* that iteration's update).
    Raises:
        ValueError/TypeError: bad arguments (the message names the argument).

    Example:
        >>> import numpy as np
        >>> X = np.array([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])  # 2 features, 4 samples (columns)
        >>> Y = np.array([[0.0, 1.0, 1.0, 0.0]])  # the label is the first feature
        >>> parameters, costs = dense_nn(X, Y, [2, 3, 1], learning_rate=0.5, num_iterations=200, init='he')
        >>> [round(c, 6) for c in costs]  # at iterations 0 and 100
        [0.418595, 0.02775]
    """
    check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
    parameters = init_param(layers_dims, seed=seed, init=init)   # W[l] random, b[l] = 0
    costs = []
    for i in range(num_iterations):
        AL, caches = deep_model(X, parameters)                   # A[L]: (1, m); caches keep A[l-1], W[l], b[l], Z[l]
        cost = cost_computation(AL, Y)                           # J
        grads = deep_model_back(AL, Y, caches, input_grad=False)  # dW[l], db[l] (dA[0] = dJ/dX is not needed)
        parameters = update_parameters(parameters, grads, learning_rate)  # W[l] - alpha dW[l], b[l] - alpha db[l]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return parameters, costs
