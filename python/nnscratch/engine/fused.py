"""The fused training step ``forward_backward``: one iteration's cost and gradients in one pass over X.

``forward_backward(X, Y, parameters, block_size)`` returns what ``deep_model``
+ ``cost_computation`` + ``deep_model_back(..., input_grad=False)`` return (the
cost and every ``dW{l}``, ``db{l}``; no ``dA``), faster and with no X-sized
temporaries: no ``dA0``, X only read through views, columns processed in
blocks (forward and backward of a block while it is in cache) on several
threads, small-matrix BLAS kernels for the two products with X, work arrays
reused between calls. Only the summation order differs from the step-by-step
functions. Keep X Fortran-ordered (``flatten_images`` returns it so).

Shapes: ``X: (n0, m)``, one sample per column; ``Y: (1, m)``;
``W{l}: (n_l, n_{l-1})``; ``b{l}: (n_l, 1)``; Z, A and dZ of layer l are
``(n_l, m)`` (``(n_l, k)`` for a block of k columns).

Why each choice, the measurements behind the constants below, threads, memory
layout and float32: docs/performance.md. R twin: R/engine-fused.R.
"""
from __future__ import annotations

import os
import threading

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..activations import sigmoid
from ..cost import cost_computation
from ..utils.validation import check_matrix, check_parameters, check_positive_int
from .threads import current_threads

#: Target size in bytes of one column block of X (n0 * k * itemsize): big
#: enough for a small per-block overhead, small enough to stay in L3 between the
#: block's forward and backward products (docs/performance.md, "Block size").
#: Fixed, not read from the machine, so that the summation order (hence the
#: last bits of the results) does not depend on the machine.
BLOCK_BYTES = 4 * 2**20

#: Largest width (columns) of the sub-blocks of ``W1 @ X_b`` (see ``_sub_block_width``).
SUB_BLOCK = 32

#: Width (columns) of the sub-blocks of ``dZ1_b @ X_b.T`` in the blocked path
#: (the fastest measured, docs/performance.md).
GRAD_SUB_BLOCK = 12

#: The blocks are split into at most this many groups of consecutive blocks;
#: each group sums its blocks' dW1 terms into its own partial sum, and the
#: partial sums are added in group order. Threads take whole groups, so the
#: summation order (and the result, bit for bit) does not depend on the number
#: of threads.
GROUPS = 16

#: OpenBLAS uses its unpacked small-matrix GEMM kernel when M*N*K <= 1e6 (and,
#: for the layout of ``W1 @ X_b``, M*N <= 1200); sub-blocking only pays inside it.
_SMALL_GEMM_MNK = 1_000_000
_SMALL_GEMM_MN = 1200
#: Without that kernel OpenBLAS runs a GEMM on floor(M*N*K / 262144) threads:
#: the sub-block products stay below 2 * 262144 so that they run on the calling
#: thread whatever the kernel (no oversubscription by nested threads).
_ONE_THREAD_MNK = 2 * 262_144

#: Largest workspace kept between calls (bytes); see ``_Workspace``.
WORKSPACE_KEEP_BYTES = 64 * 2**20


def default_block_size(n0, dtype=np.float64):
    """Block width k (columns of X) for ``forward_backward``.

    ``k = BLOCK_BYTES // (n0 * itemsize)`` (4 MiB blocks)
    rounded down to a multiple of ``SUB_BLOCK`` (32), and at least 32. For the
    issue's workload (n0 = 3072): 160 in float64, 320 in float32.

    Args:
        n0: number of rows of X (input features).
        dtype: dtype of X (anything ``np.dtype`` accepts).
    Returns:
        k, a positive int.

    Example:
        >>> default_block_size(3072), default_block_size(3072, np.float32)
        (160, 320)
    """
    n0 = check_positive_int("n0", n0)
    k = BLOCK_BYTES // (n0 * np.dtype(dtype).itemsize)
    return int(max(SUB_BLOCK, k - k % SUB_BLOCK))


def num_threads():
    """Threads of the blocked path: inside ``engine_fit`` / ``engine_fit_epochs``
    the count they decided (their ``threads`` argument, threads.py); else
    ``NNSCRATCH_NUM_THREADS``, else ``OMP_NUM_THREADS``, else
    ``OPENBLAS_NUM_THREADS`` (a positive integer), else the number of CPUs this
    process may run on."""
    decided = current_threads()
    if decided is not None:
        return decided
    for var in ("NNSCRATCH_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) >= 1:
            return int(value)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _sub_block_width(n1, n0):
    """Sub-block width for ``W1 @ X_b``: the largest multiple of 8 up to
    ``SUB_BLOCK`` whose products fit the small-matrix kernel and one OpenBLAS
    thread (24 for n1 = 7, n0 = 3072); 0 (no sub-blocking) if below 16."""
    s = SUB_BLOCK
    while s >= 16 and (n1 * n0 * s >= min(_ONE_THREAD_MNK, _SMALL_GEMM_MNK) or n1 * s > _SMALL_GEMM_MN):
        s -= 8
    return s if s >= 16 else 0


def _sub_blocks(a, s, count):
    """(count, rows, s) view of the first ``count * s`` columns of the 2-D ``a``:
    slice i is ``a[:, i*s:(i+1)*s]`` (no copy)."""
    return as_strided(a, shape=(count, a.shape[0], s), strides=(s * a.strides[1], a.strides[0], a.strides[1]),
                      writeable=a.flags.writeable)


class _Workspace:
    """The full-width (n_l, m) arrays, reused from one call to the next (same
    shapes and dtype), so that an iteration of a training loop does not
    allocate (and page-fault in) ~10 arrays again. One per thread (``threading.local``), so concurrent calls never
    share; kept only if at most ``WORKSPACE_KEEP_BYTES`` (wide layers: allocated
    per call, where the allocation is negligible against the arithmetic)."""

    key = None

    def setup(self, key, n, m, dtype):
        if self.key != key:
            L = len(n)
            self.Z = [np.empty((n[i], m), dtype) for i in range(L)]          # Z_{i+1}
            self.A = [np.empty((n[i], m), dtype) for i in range(L - 1)]      # A_{i+1}, hidden
            self.AL = np.empty((n[L - 1], m), dtype)
            self.dZ = [np.empty((n[i], m), dtype) for i in range(L)]         # dZ_{i+1}
            self.key = key
        return self

    def nbytes(self):
        return sum(a.nbytes for a in self.Z + self.A + self.dZ + [self.AL])


_workspaces = threading.local()


class _Scratch:
    """Per-thread buffers for one block: ``W_l^T dZ_l`` and its ReLU mask
    (max n_l, k), ``dZ1_b^T`` (k, n1) and one ``X_b dZ1_b^T`` term (n0, n1)."""

    def __init__(self, n, n0, k, dtype):
        self.dA = np.empty((max(n), k), dtype)
        self.mask = np.empty((max(n), k), bool)
        self.dZ1T = np.empty((k, n[0]), dtype)
        self.term = np.empty((n0, n[0]), dtype)


def _first_layer_linear(W1, Xb, out, s, X3=None, O3=None):
    """``out[...] = W1 @ Xb`` without copying Xb.

    Args:
        W1: (n1, n0), C-contiguous.
        Xb: (n0, kb) view of X.
        out: (n1, kb) view.
        s: sub-block width (0: one product); the caller gives s > 0 only when
            X's columns are contiguous and in W1's dtype (``columns_ok``).
        X3, O3: ``_sub_blocks(Xb, s, kb // s)`` and the same of ``out``, when
            the caller has them (slices of views made once per call).
    When kb >= 2s, the first ``(kb // s) * s``
    columns are computed as ``kb // s`` products of (n1, n0) @ (n0, s), in one
    batched ``np.matmul`` on strided 3-D views of Xb and out (each 2-D slice is
    an ordinary BLAS operand, so numpy calls BLAS once per slice, from C).
    """
    kb = Xb.shape[1]
    nsub = kb // s if s else 0
    if nsub < 2:
        np.matmul(W1, Xb, out=out)
        return
    if X3 is None:
        X3, O3 = _sub_blocks(Xb, s, nsub), _sub_blocks(out, s, nsub)
    np.matmul(W1, X3, out=O3)
    main = nsub * s
    if main < kb:
        np.matmul(W1, Xb[:, main:], out=out[:, main:])


def _block_to_dZ1(X, Y, W, b, ws, sc, j0, j1, s, X3, O3):
    """Forward through every layer and backward down to dZ1 for columns j0:j1.

    Writes columns j0:j1 of ``ws``'s Z, A, AL and dZ (disjoint column ranges:
    blocks can run in parallel threads) and returns the block's views
    ``X_b`` (n0, kb) and ``dZ1_b`` (n1, kb).
    """
    Z, A, AL, dZ = ws.Z, ws.A, ws.AL, ws.dZ
    L = len(W)
    cols = slice(j0, j1)
    kb = j1 - j0
    Xb = X[:, cols]
    # Forward: Z_l = W_l A_{l-1} + b_l; ReLU for hidden layers, sigmoid out.
    Z1 = Z[0][:, cols]
    if X3 is not None and kb >= 2 * s and j0 % s == 0:
        sub = slice(j0 // s, j0 // s + kb // s)
        _first_layer_linear(W[0], Xb, Z1, s, X3[sub], O3[sub])
    else:
        _first_layer_linear(W[0], Xb, Z1, s)
    Z1 += b[0]
    for i in range(1, L):
        A_prev = np.maximum(Z[i - 1][:, cols], 0.0, out=A[i - 1][:, cols])
        np.matmul(W[i], A_prev, out=Z[i][:, cols])
        Z[i][:, cols] += b[i]
    AL[:, cols] = sigmoid(Z[L - 1][:, cols])[0]
    # Backward down to dZ1 (output layer fused: dZL = AL - Y), and
    # dZ_{l-1} = where(Z_{l-1} > 0, W_l^T dZ_l, 0) as relu_backprop.
    np.subtract(AL[:, cols], Y[:, cols], out=dZ[L - 1][:, cols])
    for i in range(L - 1, 0, -1):
        n_prev = W[i].shape[1]
        dA_prev = np.matmul(W[i].T, dZ[i][:, cols], out=sc.dA[:n_prev, :kb])
        positive = np.greater(Z[i - 1][:, cols], 0, out=sc.mask[:n_prev, :kb])
        dst = dZ[i - 1][:, cols]
        dst.fill(0.0)
        np.copyto(dst, dA_prev, where=positive)
    return Xb, dZ[0][:, cols]


def _add_grad_terms(acc, Xb, dZ1b, g, sc, first):
    """``acc += X_b @ dZ1_b.T`` ((n0, n1)) in steps of g columns.

    Each step is an (n0, g) @ (g, n1) product, small enough for OpenBLAS's
    unpacked small-matrix kernel (single-threaded, no packing of X_b).
    ``first``: acc holds nothing yet (the first product overwrites it).
    """
    kb = Xb.shape[1]
    dZ1T = sc.dZ1T[:kb]
    dZ1T[...] = dZ1b.T
    for i in range(0, kb, g):
        i1 = min(i + g, kb)
        if first:
            np.matmul(Xb[:, i:i1], dZ1T[i:i1], out=acc)
            first = False
        else:
            np.matmul(Xb[:, i:i1], dZ1T[i:i1], out=sc.term)
            np.add(acc, sc.term, out=acc)


def forward_backward(X, Y, parameters, block_size=None):
    """Cost and gradients of one full-batch step, without ``dA0``, in one pass over X.

    Equal (up to floating-point summation order) to::

        AL, caches = deep_model(X, parameters)
        cost = cost_computation(AL, Y)
        grads = deep_model_back(AL, Y, caches, input_grad=False)

    with the ``dA{l}`` entries left out of ``grads``. Computations run in
    ``np.result_type(X, W1, b1, ..., WL, bL)`` (float32 only if all are
    float32); docs/performance.md explains the memory layout of X (prefer
    Fortran order), threads, block sizes and float32.

    Args:
        X: (n0, m) inputs, one sample per column. Only read, never copied.
        Y: (1, m) labels (any array of m values; reshaped to (1, m)).
        parameters: dict of ``W{l}: (n_l, n_{l-1})``, ``b{l}: (n_l, 1)``,
            l = 1..L, with n_L = 1.
        block_size: None for one full-batch pass; or k >= 1 to process the m
            columns in blocks of k (the last block holds the m % k remaining
            ones; k >= m is one block), running forward and backward of each
            block while it is in cache. ``default_block_size(n0, X.dtype)``
            gives a measured good k.
    Returns:
        ``(cost, grads)``: the cost as a Python float, and a dict with
        ``dW{l}: (n_l, n_{l-1})`` and ``db{l}: (n_l, 1)`` for l = L..1 (new
        arrays, in the computation dtype).

    Example:
        >>> from nnscratch.init_param import init_param
        >>> X = np.array([[1., -2., 3.], [0.5, 1., -1.]]); Y = np.array([[1., 0., 1.]])
        >>> cost, grads = forward_backward(X, Y, init_param([2, 3, 1], seed=1))
        >>> sorted(grads), grads["dW1"].shape
        (['dW1', 'dW2', 'db1', 'db2'], (3, 2))
    """
    cost, grads, _ = forward_backward_output(X, Y, parameters, block_size)
    return cost, grads


def forward_backward_output(X, Y, parameters, block_size=None):
    """``forward_backward`` that also returns the output AL: ``(cost, grads, AL)``.

    Internal (R twin of the same name): the epochs engine counts the samples each
    batch classifies right from AL, which this pass computes anyway, instead of a
    second forward pass (``deep_model``) per batch. Arguments and ``(cost, grads)``
    as ``forward_backward``; AL is (1, m), a new array in the computation dtype.

    Example:
        >>> from nnscratch.init_param import init_param
        >>> X = np.array([[1., -2., 3.], [0.5, 1., -1.]]); Y = np.array([[1., 0., 1.]])
        >>> cost, grads, AL = forward_backward_output(X, Y, init_param([2, 3, 1], seed=1))
        >>> AL.shape, sorted(grads)
        ((1, 3), ['dW1', 'dW2', 'db1', 'db2'])
    """
    check_matrix("X", X)
    n0, m = X.shape
    if m < 1:
        raise ValueError(f"X must have at least one column (sample); got shape {X.shape}")
    L = check_parameters(parameters, n0)
    k = m if block_size is None else min(check_positive_int("block_size", block_size), m)
    Y = np.asarray(Y)
    if Y.size != m:
        raise ValueError(f"Y must have shape (1, m) with m = {m} (the columns of X); got shape {Y.shape}")
    dtype = np.result_type(X.dtype, *(np.asarray(v).dtype for v in parameters.values()))
    if not np.issubdtype(dtype, np.floating):
        dtype = np.dtype(np.float64)
    Y = np.asarray(Y, dtype=dtype).reshape(1, m)
    W = [np.ascontiguousarray(parameters[f"W{l}"], dtype=dtype) for l in range(1, L + 1)]
    b = [np.asarray(parameters[f"b{l}"], dtype=dtype) for l in range(1, L + 1)]
    n = tuple(w.shape[0] for w in W)  # n[i] = n_{i+1}: 0-based index i is layer i + 1

    ws = getattr(_workspaces, "ws", None) or _Workspace()
    ws.setup((dtype.str, n, m), n, m, dtype)
    _workspaces.ws = ws if ws.nbytes() <= WORKSPACE_KEEP_BYTES else None
    # Small-matrix-kernel paths need contiguous columns of X in the computation dtype.
    columns_ok = X.dtype == dtype and X.strides[0] == X.itemsize
    s = _sub_block_width(n[0], n0) if columns_ok else 0
    g = GRAD_SUB_BLOCK if s and n[0] * n0 * GRAD_SUB_BLOCK < min(_ONE_THREAD_MNK, _SMALL_GEMM_MNK) else 0
    # Sub-block views of X and Z1 made once, sliced per block.
    X3 = O3 = None
    if s and m >= 2 * s:
        X3, O3 = _sub_blocks(X, s, m // s), _sub_blocks(ws.Z[0], s, m // s)
    # float32: the per-block (unblocked: the whole) dW1 sums are added in float64.
    acc_dtype = np.dtype(np.float64) if dtype.itemsize < 8 else dtype
    starts = range(0, m, k)

    if block_size is not None and g:
        # Blocked path: groups of consecutive blocks, each with its own partial
        # sum of X_b dZ1_b^T (n0, n1); threads take whole groups.
        G = min(len(starts), GROUPS)
        cuts = [len(starts) * i // G for i in range(G + 1)]
        partial = np.empty((G, n0, n[0]), dtype)
        groups = iter(range(G))
        lock = threading.Lock()
        errors = []

        def worker():
            try:
                sc = _Scratch(n, n0, k, dtype)
                while True:
                    with lock:
                        gi = next(groups, None)
                    if gi is None:
                        return
                    for bi in range(cuts[gi], cuts[gi + 1]):
                        j0 = starts[bi]
                        Xb, dZ1b = _block_to_dZ1(X, Y, W, b, ws, sc, j0, min(j0 + k, m), s, X3, O3)
                        _add_grad_terms(partial[gi], Xb, dZ1b, g, sc, first=bi == cuts[gi])
            except BaseException as exc:  # re-raised in the calling thread
                errors.append(exc)

        helpers = [threading.Thread(target=worker, daemon=True) for _ in range(min(num_threads(), G) - 1)]
        for t in helpers:
            t.start()
        worker()
        for t in helpers:
            t.join()
        if errors:
            raise errors[0]
        dW1 = np.add.reduce(partial, axis=0, dtype=acc_dtype).T  # partial sums added in group order
    else:
        # One thread: dW1 += dZ1_b X_b^T by one BLAS product per block (OpenBLAS
        # threads it), X_b.T being a view: no copy.
        sc = _Scratch(n, n0, k, dtype)
        dW1 = np.empty((n[0], n0), acc_dtype)
        part = np.empty((n[0], n0), dtype)
        for j0 in starts:
            Xb, dZ1b = _block_to_dZ1(X, Y, W, b, ws, sc, j0, min(j0 + k, m), s, X3, O3)
            if j0 == 0 and acc_dtype == dtype:
                np.matmul(dZ1b, Xb.T, out=dW1)
            else:
                np.matmul(dZ1b, Xb.T, out=part)
                if j0 == 0:
                    dW1[...] = part
                else:
                    dW1 += part

    AL, A, dZ = ws.AL, ws.A, ws.dZ
    if dtype == np.float64:
        cost = cost_computation(AL, Y)
    else:
        cost = cost_computation(AL.astype(np.float64), Y.astype(np.float64))
    grads = {}
    for i in range(L - 1, -1, -1):
        l = i + 1
        if i == 0:
            grads[f"dW{l}"] = np.ascontiguousarray(dW1 / m, dtype=dtype)
        else:
            grads[f"dW{l}"] = (dZ[i] @ A[i - 1].T) / m
        grads[f"db{l}"] = np.sum(dZ[i], axis=1, keepdims=True) / m
    return cost, grads, AL.copy()  # (AL: the workspace's, reused by the next call)
