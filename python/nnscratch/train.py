"""The training loop ``dense_nn``: forward, cost, backward, update, repeated.

Faults are reported without losing work: a diverging run raises
``TrainingDiverged`` and an interrupted one (Ctrl-C, or SIGTERM turned into
KeyboardInterrupt by the CLI) raises ``TrainingInterrupted``; both carry the
last good parameters, the iterations done and the costs recorded so far.
"""
from __future__ import annotations

import math

import numpy as np

from .backward import deep_model_back
from .blocked import default_block_size, forward_backward
from .cost import cost_computation
from .forward import deep_model
from .init_param import init_param
from .update import update_parameters
from .validation import check_init, check_parameters, check_positive_int, check_training_args

#: A run "diverges" when its cost is not finite, or when it grew to more than
#: DIVERGENCE_FACTOR times its lowest value of the last DIVERGENCE_WINDOW
#: iterations *and* is above DIVERGENCE_MIN_COST = 2 ln 2 (twice the cost of
#: guessing 0.5 for every sample). The floor keeps the short spikes that gradient
#: descent with a large step recovers from (seen here: 0.03 -> 1.09 -> back) from
#: counting; a real blow-up goes to NaN or to the clipped maximum (~34.5).
DIVERGENCE_WINDOW = 100
DIVERGENCE_FACTOR = 10.0
DIVERGENCE_MIN_COST = 2 * math.log(2)


class TrainingStopped(Exception):
    """Base of the two ways training stops early; nothing computed is lost.

    Attributes:
        iteration: number of completed gradient steps (the parameters below are
            the result of exactly that many steps).
        parameters: the last good parameters.
        costs: costs recorded so far (as ``dense_nn`` returns them).
    """

    def __init__(self, message, iteration, parameters, costs):
        super().__init__(message)
        self.iteration = iteration
        self.parameters = parameters
        self.costs = costs


class TrainingDiverged(TrainingStopped, ArithmeticError):
    """The cost became NaN/infinite or exploded; lower the learning rate."""


class TrainingInterrupted(TrainingStopped, KeyboardInterrupt):
    """Ctrl-C (or SIGTERM in the CLI) during training."""


def diverged(cost, window):
    """True if ``cost`` (at the current iteration) means the run is diverging; ``window``: recent finite costs."""
    if not math.isfinite(cost):
        return True
    if not window:
        return False
    low = min(window)
    return cost > DIVERGENCE_FACTOR * low and cost > DIVERGENCE_MIN_COST


def n_recorded(start, done, cost_every):
    """How many costs a run records for iterations start .. done-1 (those with i % cost_every == 0)."""
    return -(-done // cost_every) - -(-start // cost_every)


def dense_nn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=5000, print_cost=False,
             seed=1, init="scaled", *, parameters=None, cost_every=100, callback=None,
             start_iteration=0, checkpoint=None, checkpoint_every=0, fused=True, block_size="auto",
             dtype=None):
    """Train an L-layer network (ReLU hidden layers, sigmoid output) by full-batch gradient descent.

    Args:
        X: (n0, m) inputs, one sample per column, finite.
        Y: (1, m) labels in {0, 1}.
        layers_dims: ``[n0, n1, ..., 1]`` with ``n0 == X.shape[0]``.
        learning_rate: step size of ``update_parameters`` (> 0).
        num_iterations: number of gradient steps (positive integer).
        print_cost: print the cost at iteration 0 and every ``cost_every``-th.
        seed, init: passed to ``init_param``.
        parameters: start from these parameters instead of ``init_param``
            (``seed`` and ``init`` are then unused). Not modified.
        cost_every: record (and print) the cost every this many iterations.
        callback: ``callback(i, cost)`` after every iteration (progress bars).
        start_iteration: number of the first iteration (when resuming a run from
            a checkpoint: costs are recorded at the same global iterations as
            an uninterrupted run, so the two end identical).
        checkpoint: ``checkpoint(iterations_done, parameters, costs)`` called
            every ``checkpoint_every`` completed iterations (0: never).
        fused: True (default) computes each iteration's cost and gradients with
            ``forward_backward`` (one pass over X, no ``dA0``, column blocks, see
            blocked.py); False with the step-by-step functions, exactly as the
            notebook: ``deep_model``, ``cost_computation``, ``deep_model_back``.
            The two agree to summation order (rtol 1e-12, python/tests/test_blocked.py).
        block_size: for the fused step: "auto" (``default_block_size``), None
            (one full-width pass) or the number of columns per block.
        dtype: None keeps X's dtype (float64 for parity); "float32" trains in
            single precision for speed (X is converted once; pass float32 X to
            avoid the copy).
    Returns:
        ``(parameters, costs)``: the trained dict (``W{l}``, ``b{l}``) and the
        list of costs at iterations 0, cost_every, 2*cost_every, ... (each cost is
        that of the parameters *before* the step of that iteration).
    Raises:
        ValueError/TypeError: bad arguments (the message names the argument).
        TrainingDiverged: the cost became NaN/inf or exploded (message: iteration,
            last finite cost, a hint); ``.parameters`` are the last good ones.
        TrainingInterrupted: KeyboardInterrupt during training, with the state.
    """
    check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
    cost_every = check_positive_int("cost_every", cost_every)
    checkpoint_every = check_positive_int("checkpoint_every", checkpoint_every, allow_zero=True)
    start_iteration = check_positive_int("start_iteration", start_iteration, allow_zero=True)
    if parameters is None:
        parameters = init_param(layers_dims, seed=seed, init=check_init(init))
    else:
        check_parameters(parameters, n0=X.shape[0])
    if dtype is not None:
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64; got {dtype}")
        X = X.astype(dtype, copy=False)
        parameters = {k: v.astype(dtype) for k, v in parameters.items()}
    if block_size == "auto":
        block_size = default_block_size(X.shape[0], X.dtype)

    def step(parameters):
        """(cost, grads) of the current parameters."""
        if fused:
            return forward_backward(X, Y, parameters, block_size)
        AL, caches = deep_model(X, parameters)
        return cost_computation(AL, Y), deep_model_back(AL, Y, caches, input_grad=False)

    costs = []
    recent = []  # finite costs of the last DIVERGENCE_WINDOW iterations
    # (iterations done, parameters after them): replaced by one assignment, so an
    # interrupt between two bytecodes can never pair a count with the wrong weights.
    state = (start_iteration, parameters)
    previous = None  # the parameters one step back
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught by diverged() below
            for k in range(num_iterations):
                i = start_iteration + k
                cost, grads = step(parameters)
                if diverged(cost, recent):
                    # The last good parameters are the previous ones (their cost was fine).
                    done, good = (i - 1, previous) if previous is not None else (i, parameters)
                    last = f"{recent[-1]:.6g} at iteration {i - 1}" if recent else "none"
                    raise TrainingDiverged(
                        f"training diverged at iteration {i}: cost is {cost:.6g} (last finite cost {last}); "
                        f"try a lower learning rate than {float(learning_rate)!r}",
                        done, good, costs[:n_recorded(start_iteration, done, cost_every)])
                recent.append(cost)
                if len(recent) > DIVERGENCE_WINDOW:
                    recent.pop(0)
                new_parameters = update_parameters(parameters, grads, learning_rate)
                if i % cost_every == 0:
                    costs.append(cost)
                    if print_cost:
                        print(f"Cost after iteration {i}: {cost:f}")
                state = (i + 1, new_parameters)
                previous, parameters = parameters, new_parameters
                if callback is not None:
                    callback(i, cost)
                if checkpoint is not None and checkpoint_every and (i + 1) % checkpoint_every == 0:
                    checkpoint(i + 1, parameters, list(costs))
    except KeyboardInterrupt as exc:
        if isinstance(exc, TrainingInterrupted):
            raise
        done, parameters = state
        raise TrainingInterrupted(f"training interrupted after {done} iterations", done, parameters,
                                  costs[:n_recorded(start_iteration, done, cost_every)]) from None
    return parameters, costs
