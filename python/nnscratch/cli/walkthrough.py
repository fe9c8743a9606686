"""``nnscratch walkthrough``: one training iteration of a tiny network, every intermediate, Python | R.

The tiny network is the walkthrough's (docs/walkthrough.ipynb, vignettes/walkthrough.Rmd):
layers ``[4, 3, 1]``, five samples, ``X = RandomState(3).randn(4, 5)`` (in R:
``matrix(numpy_randn(numpy_random_state(3), 20), 4, 5, byrow = TRUE)``, the same numbers),
``Y = [[1, 0, 1, 1, 0]]``, ``init_param(seed=1, init="he")``, learning rate 0.1.

Each language computes the whole iteration with its own steps, from its own results
(R's forward pass runs on R's ``init_param``, R's backward pass on R's caches, ...): the
two columns are two independent computations, and the third column is the largest
absolute difference between them. The R side is the folder ``--r-dir`` (default
``$NNSCRATCH_R_DIR``, else the checkout's ``R/``), sourced through the parity bridge.

Without R (no rpy2, no R, a folder without R sources) the Python column is printed
with the reason; the exit status is 0, or 2 when R was asked for explicitly
(``--r-dir``)."""
from __future__ import annotations

import sys
from types import SimpleNamespace

import numpy as np

#: The tiny problem of the walkthrough (notebook, vignette and this command).
TINY_LAYERS = [4, 3, 1]
TINY_DATA_SEED = 3
TINY_Y = [1.0, 0.0, 1.0, 1.0, 0.0]
TINY_SEED = 1
TINY_INIT = "he"
TINY_LR = 0.1

#: A difference above this (relative to the larger of 1 and the largest |Python value|) is a disagreement.
DIFFERS = 1e-6

#: (name, what it is, Python expression, R expression): the order the command prints.
STEPS = [
    ("X", "inputs (n0, m): one sample per column", "RandomState(3).randn(4, 5)",
     "matrix(numpy_randn(numpy_random_state(3), 20), 4, 5, byrow = TRUE)"),
    ("Y", "labels (1, m)", "np.array([[1., 0., 1., 1., 0.]])", "matrix(c(1, 0, 1, 1, 0), 1)"),
    ("W1", "init_param: randn(3, 4) * sqrt(2 / 4)", "rng.randn(n1, n0)  (filled row by row)",
     "matrix(numpy_randn(gen, n1 * n0), n1, n0, byrow = TRUE)"),
    ("b1", "init_param: zeros (3, 1)", "np.zeros((n1, 1))", "matrix(0, n1, 1)"),
    ("W2", "init_param: randn(1, 3) * sqrt(2 / 3)", "the next draws of the same stream", "the same"),
    ("b2", "init_param: zeros (1, 1)", "np.zeros((1, 1))", "matrix(0, 1, 1)"),
    ("Z1", "forward: W1 X + b1", "W1 @ X + b1  (b1 broadcast over columns)", "W1 %*% X + as.vector(b1)  (b1 recycled down each column)"),
    ("A1", "forward: relu(Z1)", "np.maximum(Z1, 0)", "pmax(Z1, 0)  (keeps Z1's dim)"),
    ("Z2", "forward: W2 A1 + b2", "W2 @ A1 + b2", "W2 %*% A1 + as.vector(b2)"),
    ("AL", "forward: sigmoid(Z2)", "sigmoid(Z2)  (no overflow for large |Z2|)", "sigmoid(Z2)  (the same formula)"),
    ("cost", "cross-entropy J", "cost_computation(AL, Y): a Python float", "cost_computation(AL, Y): a double vector of length 1"),
    ("dZ2", "backward: AL - Y (sigmoid + cross-entropy)", "AL - Y", "AL - Y"),
    ("dW2", "backward: dZ2 A1^T / m", "dZ2 @ A1.T / m", "tcrossprod(dZ2, A1) / m"),
    ("db2", "backward: row sums of dZ2 / m", "dZ2.sum(axis=1, keepdims=True) / m",
     "matrix(rowSums(dZ2) / m, ncol = 1)  (rowSums drops to a vector)"),
    ("dA1", "backward: W2^T dZ2", "W2.T @ dZ2", "crossprod(W2, dZ2)"),
    ("dZ1", "backward: dA1 * 1[Z1 > 0]", "np.where(Z1 > 0, dA1, 0)", "dZ1 <- dA1; dZ1[Z1 <= 0] <- 0"),
    ("dW1", "backward: dZ1 X^T / m", "dZ1 @ X.T / m", "tcrossprod(dZ1, X) / m"),
    ("db1", "backward: row sums of dZ1 / m", "dZ1.sum(axis=1, keepdims=True) / m",
     "matrix(rowSums(dZ1) / m, ncol = 1)"),
    ("W1 new", "update: W1 - lr dW1", "W1 - lr * dW1", "W1 - lr * dW1"),
    ("b1 new", "update: b1 - lr db1", "b1 - lr * db1", "b1 - lr * db1"),
    ("W2 new", "update: W2 - lr dW2", "W2 - lr * dW2", "W2 - lr * dW2"),
    ("b2 new", "update: b2 - lr db2", "b2 - lr * db2", "b2 - lr * db2"),
]
NAMES = [s[0] for s in STEPS]


def tiny_problem():
    """``(X, Y)`` of the tiny network: X (4, 5) from RandomState(3), Y (1, 5)."""
    X = np.random.RandomState(TINY_DATA_SEED).randn(TINY_LAYERS[0], len(TINY_Y))
    Y = np.array([TINY_Y])
    return X, Y


def python_steps():
    """The Python core's steps, as :func:`one_iteration` calls them."""
    from .. import cost_computation, deep_model, deep_model_back, init_param, relu_backprop, update_parameters
    from ..backward import output_layer_dZ

    return SimpleNamespace(init_param=init_param, deep_model=deep_model, cost_computation=cost_computation,
                           deep_model_back=deep_model_back, update_parameters=update_parameters,
                           relu_backprop=relu_backprop, output_layer_dZ=output_layer_dZ)


def r_steps(rsteps):
    """R's steps (an :class:`~nnscratch.parity.adapter.RSteps`), as :func:`one_iteration` calls them."""
    from ..parity.adapter import expect_array

    return SimpleNamespace(
        init_param=rsteps.init_param, deep_model=rsteps.deep_model, cost_computation=rsteps.cost_computation,
        deep_model_back=rsteps.deep_model_back, update_parameters=rsteps.update_parameters,
        relu_backprop=rsteps.relu_backprop,
        output_layer_dZ=lambda AL, Y: expect_array(rsteps.call("output_layer_dZ", AL, Y), "output_layer_dZ()", ndim=2))


def one_iteration(steps, X=None, Y=None, layers=None, seed=TINY_SEED, init=TINY_INIT, lr=TINY_LR):
    """Every intermediate of one gradient-descent iteration of a 2-layer network, computed by ``steps``
    (:func:`python_steps` or :func:`r_steps`) from its own results only.

    Returns a dict name -> value in :data:`NAMES` order: arrays (float64) and ``cost`` (a float)."""
    if X is None:
        X, Y = tiny_problem()
    layers = list(TINY_LAYERS if layers is None else layers)
    if len(layers) != 3:
        raise ValueError(f"the walkthrough shows a network with one hidden layer; got layers {layers}")
    out = {"X": X, "Y": Y}
    params = steps.init_param(layers, seed=seed, init=init)
    out.update({k: params[k] for k in ("W1", "b1", "W2", "b2")})
    AL, caches = steps.deep_model(X, params)
    (_, _, _), Z1 = caches[0]
    (A1, _, _), Z2 = caches[1]
    out.update(Z1=Z1, A1=A1, Z2=Z2, AL=AL, cost=steps.cost_computation(AL, Y))
    grads = steps.deep_model_back(AL, Y, caches, input_grad=False)
    out["dZ2"] = steps.output_layer_dZ(AL, Y)
    out.update(dW2=grads["dW2"], db2=grads["db2"], dA1=grads["dA1"])
    out["dZ1"] = steps.relu_backprop(grads["dA1"], Z1)
    out.update(dW1=grads["dW1"], db1=grads["db1"])
    new = steps.update_parameters(params, grads, lr)
    for k in ("W1", "b1", "W2", "b2"):
        out[f"{k} new"] = new[k]
    return {k: out[k] for k in NAMES}


def max_difference(py, r):
    """Largest |py - r| over all entries (shapes must match: nothing is reshaped); None if they do not."""
    py, r = np.asarray(py, dtype=np.float64), np.asarray(r, dtype=np.float64)
    if py.shape != r.shape:
        return None
    return float(np.abs(py - r).max(initial=0.0))


def _rows(value):
    """A value as text rows: one row per matrix row, entries "%.6f" (a cost: one row "%.6f")."""
    a = np.asarray(value, dtype=np.float64)
    if a.ndim == 0:
        return ["%.6f" % float(a)]
    a = a.reshape(1, -1) if a.ndim == 1 else a
    return ["[" + " ".join("%9.6f" % v for v in row) + " ]" for row in a]


def format_table(py_values, r_values=None):
    """The side-by-side text: for every intermediate a title line, then its rows Python | R | max |py - r|."""
    lines = []
    width = max(len(r) for v in py_values.values() for r in _rows(v))
    head = "Python".ljust(width) + (" | " + "R".ljust(width) + " | max |py - r|" if r_values is not None else "")
    for name, what, py_expr, r_expr in STEPS:
        py = py_values[name]
        shape = "a number" if np.ndim(py) == 0 else "shape (%s)" % ", ".join("%d" % n for n in np.shape(py))
        lines.append("")
        lines.append(f"{name}: {what}, {shape}")
        lines.append(f"  Python: {py_expr}")
        lines.append(f"  R:      {r_expr}")
        lines.append("  " + head)
        py_rows = _rows(py)
        if r_values is None:
            lines.extend("  " + row for row in py_rows)
            continue
        r = r_values[name]
        r_rows = _rows(r)
        d = max_difference(py, r)
        diff = "SHAPE %s vs %s" % (np.shape(py), np.shape(r)) if d is None else "%g" % d
        for i in range(max(len(py_rows), len(r_rows))):
            left = py_rows[i] if i < len(py_rows) else ""
            right = r_rows[i] if i < len(r_rows) else ""
            lines.append("  " + left.ljust(width) + " | " + right.ljust(width) + " | " + (diff if i == 0 else ""))
    return lines


def cmd_walkthrough(args):
    """Print the tiny network's iteration in both languages; see the module docstring for the exit status."""
    from ..parity.bridge import INSTALL_HINT, r_dir

    explicit = getattr(args, "r_dir", None)
    X, Y = tiny_problem()
    py_values = one_iteration(python_steps(), X, Y)
    folder = r_dir(explicit)
    r_values, why = None, None
    try:
        from ..parity.adapter import RSteps
        from ..parity.bridge import RBridge

        r_values = one_iteration(r_steps(RSteps(RBridge(folder))), X, Y)
    except Exception as exc:  # noqa: BLE001  (no rpy2, no R, no R sources, an R error: said below)
        why = f"{type(exc).__name__}: {exc}"
    print("walkthrough: one iteration of the tiny network, layers [%s], m = %d, init %s, seed %d, "
          "learning rate %g" % (", ".join("%d" % n for n in TINY_LAYERS), len(TINY_Y), TINY_INIT, TINY_SEED, TINY_LR))
    print(f"walkthrough: R from {folder}" if r_values is not None else "walkthrough: Python only (R is not available)")
    for line in format_table(py_values, r_values):
        print(line)
    print("")
    if r_values is None:
        msg = f"R could not be started from {folder}: {why}"
        if explicit:
            print(f"nnscratch: error: {msg}", file=sys.stderr)
            return 2
        print(f"walkthrough: {msg}\n{INSTALL_HINT}")
        return 0
    diffs = [max_difference(py_values[k], r_values[k]) for k in NAMES]
    if any(d is None for d in diffs):
        print("walkthrough: some shapes differ between Python and R (marked SHAPE above)")
        return 1
    worst = max(range(len(NAMES)), key=lambda i: diffs[i])
    print("walkthrough: largest difference over all intermediates: %g (%s)" % (diffs[worst], NAMES[worst]))
    # Summation order alone moves a result by ~1e-16 of its size; more than 1e-6 is a real disagreement.
    differ = [k for k, d in zip(NAMES, diffs) if d > DIFFERS * max(1.0, float(np.abs(py_values[k]).max()))]
    if differ:
        print("walkthrough: Python and R disagree on " + ", ".join(differ))
        return 1
    return 0
