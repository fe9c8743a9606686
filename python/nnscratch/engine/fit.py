"""``engine_fit``: the training loop of ``dense_nn`` made fast and safe, used by the command line.

The same iterations as the notebook's loop (``nnscratch.train.dense_nn``), plus:
the fused one-pass step (``forward_backward``, see fused.py and
docs/performance.md), an optional float32 dtype, the update rule as a parameter
(rules.py), divergence detection and interrupts that keep the last good state
(stopping.py), periodic checkpoints, and resume from a checkpoint. R twin:
R/engine-fit.R.
"""
from __future__ import annotations

import warnings

import numpy as np

from ..backward import deep_model_back
from ..cost import cost_computation
from ..forward import deep_model
from ..init_param import init_param
from ..utils.validation import check_parameters, check_positive_int, check_training_args
from .fused import default_block_size, forward_backward
from .rules import update_rule
from .threads import check_threads, cores_allowed, engine_threads, pool_threads, resolve_threads, step_work
from .stopping import DIVERGENCE_WINDOW, TrainingDiverged, TrainingInterrupted, diverged, n_recorded


def engine_fit(X, Y, layers_dims, learning_rate=0.0075, num_iterations=5000, print_cost=False,
               seed=1, init="scaled", *, rule=None, parameters=None, rule_state=None, cost_every=100,
               callback=None, start_iteration=0, checkpoint=None, checkpoint_every=0, fused=True,
               block_size="auto", dtype=None, threads=None):
    """Train like ``dense_nn`` (same first eight arguments, same results), with the engine's options.

    Args:
        X, Y, layers_dims, learning_rate, num_iterations, print_cost, seed, init:
            as for ``dense_nn``.
        rule: the update rule (``update_rule(...)`` or any object with
            ``init_state`` and ``step``, see ``UpdateRule``); None is
            ``update_rule("gd", learning_rate)``.
        parameters: start from these parameters instead of ``init_param``
            (``seed`` and ``init`` are then unused). Not modified.
        rule_state: the rule's state to start from (from a checkpoint); None is
            ``rule.init_state(parameters)``.
        cost_every: record (and print) the cost every this many iterations.
        callback: ``callback(i, cost)`` after every iteration (progress bars).
        start_iteration: number of the first iteration (when resuming a run from
            a checkpoint: costs are recorded at the same global iterations as
            an uninterrupted run, so the two end identical).
        checkpoint: ``checkpoint(iterations_done, parameters, costs, rule_state)``
            called every ``checkpoint_every`` completed iterations (0: never).
        fused: True computes each iteration's cost and gradients with
            ``forward_backward`` (one pass over X, no ``dA0``, column blocks on
            threads); False with ``deep_model``, ``cost_computation`` and
            ``deep_model_back``, exactly as ``dense_nn`` (same bits). The two
            agree to summation order (rtol 1e-12, python/tests/test_engine_fit.py).
        block_size: for the fused step: "auto" (``default_block_size``), None
            (one full-width pass) or the number of columns per block.
        dtype: None keeps X's dtype (float64 for parity); "float32" trains in
            single precision for speed (X is converted once; pass float32 X to
            avoid the copy).
        threads: None (automatic: from the work size and the cores free at the
            start, see threads.py) or a positive integer: the threads of the
            whole call, for the fused step's own pool and for BLAS (set at run
            time with threadpoolctl, restored after). Results do not depend on
            it beyond summation order (the blocked path: bit for bit).
    Returns:
        ``(parameters, costs)``, as ``dense_nn``; costs at the iterations i with
        ``i % cost_every == 0``.
    Raises:
        ValueError/TypeError: bad arguments (the message names the argument).
        TrainingDiverged: the cost became NaN/inf or exploded (message: iteration,
            last finite cost, a hint); ``.parameters`` and ``.rule_state`` are
            the last good ones.
        TrainingInterrupted: KeyboardInterrupt during training, with the state.
    Warns:
        RuntimeWarning: in float32, the first step changed no weight although
            the gradients are not zero (``learning_rate`` too small for float32:
            every update rounds away).

    Example:
        >>> rng = np.random.RandomState(0); X = rng.randn(4, 40); Y = (X[:1] + X[1:2] > 0) * 1.0
        >>> parameters, costs = engine_fit(X, Y, [4, 3, 1], learning_rate=0.1, num_iterations=3, cost_every=1)
        >>> len(costs), sorted(parameters)
        (3, ['W1', 'W2', 'b1', 'b2'])
    """
    check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
    cost_every = check_positive_int("cost_every", cost_every)
    checkpoint_every = check_positive_int("checkpoint_every", checkpoint_every, allow_zero=True)
    start_iteration = check_positive_int("start_iteration", start_iteration, allow_zero=True)
    threads = check_threads(threads)
    if rule is None:
        rule = update_rule("gd", learning_rate)
    elif not (callable(getattr(rule, "init_state", None)) and callable(getattr(rule, "step", None))):
        raise TypeError(f"rule must be an update rule (see update_rule); got {type(rule).__name__}")
    if parameters is None:
        parameters = init_param(layers_dims, seed=seed, init=init)
    else:
        check_parameters(parameters, n0=X.shape[0])
    if dtype is not None:
        dtype = np.dtype(dtype)
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64; got {dtype}")
        with np.errstate(over="ignore"):
            X_cast = X.astype(dtype, copy=False)
        if not np.all(np.isfinite(X_cast)):  # finite in float64 (checked above), too large for float32
            raise ValueError(f"X has values too large for {dtype} (largest magnitude {np.max(np.abs(X)):g}); "
                             "scale X or use dtype=None (float64)")
        X = X_cast
        parameters = {k: v.astype(dtype) for k, v in parameters.items()}
        if rule_state is not None:
            rule_state = {k: np.asarray(v).astype(dtype) for k, v in rule_state.items()}
    if rule_state is None:
        rule_state = rule.init_state(parameters)
    elif not isinstance(rule_state, dict):
        raise TypeError(f"rule_state must be a dict of arrays; got {type(rule_state).__name__}")
    if block_size == "auto":
        block_size = default_block_size(X.shape[0], X.dtype)
    rate = getattr(rule, "hyper", {}).get("learning_rate", learning_rate)  # for the divergence hint

    def cost_and_grads(parameters):
        if fused:
            return forward_backward(X, Y, parameters, block_size)
        AL, caches = deep_model(X, parameters)
        return cost_computation(AL, Y), deep_model_back(AL, Y, caches, input_grad=False)

    L = len(parameters) // 2
    dims = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
    work = step_work(dims, X.shape[1])
    # BLAS threads from the cores free; the engine's pool from the cores (threads.py)
    with engine_threads(pool_threads(work, cores_allowed(), threads), resolve_threads(threads, work)):
        costs = []
        recent = []  # finite costs of the last DIVERGENCE_WINDOW iterations
        # (iterations done, parameters and rule state after them): replaced by one assignment,
        # so an interrupt between two bytecodes can never pair a count with the wrong weights.
        done_state = (start_iteration, parameters, rule_state)
        previous = None  # (parameters, rule_state) one step back
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught by diverged() below
                for k in range(num_iterations):
                    i = start_iteration + k
                    cost, grads = cost_and_grads(parameters)
                    if diverged(cost, recent):
                        # The last good state is the previous one (its cost was fine).
                        done, good, good_state = (i - 1, *previous) if previous else (i, parameters, rule_state)
                        last = f"{recent[-1]:.6g} at iteration {i - 1}" if recent else "none"
                        raise TrainingDiverged(
                            f"training diverged at iteration {i}: cost is {cost:.6g} (last finite cost {last}); "
                            f"try a lower learning rate than {rate:g}",
                            done, good, costs[:n_recorded(start_iteration, done, cost_every)], good_state)
                    recent.append(cost)
                    if len(recent) > DIVERGENCE_WINDOW:
                        recent.pop(0)
                    new_parameters, new_state = rule.step(parameters, grads, rule_state)
                    if k == 0 and X.dtype == np.float32:
                        check_moved(parameters, new_parameters, grads, rate)
                    if i % cost_every == 0:
                        costs.append(cost)
                        if print_cost:
                            print(f"Cost after iteration {i}: {cost:f}")
                    done_state = (i + 1, new_parameters, new_state)
                    previous = (parameters, rule_state)
                    parameters, rule_state = new_parameters, new_state
                    if callback is not None:
                        callback(i, cost)
                    if checkpoint is not None and checkpoint_every and (i + 1) % checkpoint_every == 0:
                        checkpoint(i + 1, parameters, list(costs), rule_state)
        except KeyboardInterrupt:
            done, parameters, rule_state = done_state
            raise TrainingInterrupted(f"training interrupted after {done} iterations", done, parameters,
                                      costs[:n_recorded(start_iteration, done, cost_every)], rule_state) from None
        return parameters, costs


def check_moved(parameters, new_parameters, grads, rate):
    """Warn when a step with non-zero gradients changed no parameter (the learning rate is too small
    for the precision: in float32, ``w - lr * g == w`` once ``lr * g`` is below half a unit in the
    last place of ``w``); training would silently do nothing."""
    if any(np.any(g != 0) for g in grads.values()) and \
            all(np.array_equal(parameters[k], new_parameters[k]) for k in parameters):
        dtype = next(iter(parameters.values())).dtype
        warnings.warn(f"learning_rate {rate:g} is too small to change any {dtype} weight (every update "
                      "rounds away): training does nothing; use a larger learning_rate or dtype=None (float64)",
                      RuntimeWarning, stacklevel=3)
