"""The training loop ``dense_nn``: forward, cost, backward, update, repeated."""
from __future__ import annotations

from .backward import deep_model_back
from .cost import cost_computation
from .forward import deep_model
from .init_param import init_param
from .update import update_parameters


def dense_nn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=5000, print_cost=False,
             seed=1, init="scaled", *, parameters=None, cost_every=100, callback=None):
    """Train an L-layer network (ReLU hidden layers, sigmoid output) by full-batch gradient descent.

    Args:
        X: (n0, m) inputs, one sample per column.
        Y: (1, m) labels in {0, 1}.
        layers_dims: ``[n0, n1, ..., 1]``.
        learning_rate: step size of ``update_parameters``.
        num_iterations: number of gradient steps.
        print_cost: print the cost at iteration 0 and every ``cost_every``-th.
        seed, init: passed to ``init_param``.
        parameters: start from these parameters instead of ``init_param``
            (``seed`` and ``init`` are then unused). Not modified.
        cost_every: record (and print) the cost every this many iterations.
        callback: ``callback(i, cost)`` after every iteration (progress bars).
    Returns:
        ``(parameters, costs)``: the trained dict (``W{l}``, ``b{l}``) and the
        list of costs at iterations 0, cost_every, 2*cost_every, ... (each cost is
        that of the parameters *before* the step of that iteration).
    """
    if parameters is None:
        parameters = init_param(layers_dims, seed=seed, init=init)
    costs = []
    for i in range(num_iterations):
        AL, caches = deep_model(X, parameters)
        cost = cost_computation(AL, Y)
        grads = deep_model_back(AL, Y, caches, input_grad=False)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % cost_every == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
        if callback is not None:
            callback(i, cost)
    return parameters, costs
