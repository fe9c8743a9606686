# One training step's cost and gradients in one pass: forward_backward (twin
# of python/nnscratch/engine/fused.py) and default_block_size. engine_fit uses
# it when fused = TRUE.
#
# Shapes: X (n0, m), one sample per column; Y (1, m); W<l> (n_l, n_(l-1));
# b<l> (n_l, 1); Z, A and dZ of layer l are (n_l, m) ((n_l, k) for a block).
# Why it computes the way it does (matprod "blas", the orientation of the two
# products with X, no column blocks by default, a gc() per call), with the
# measurements: docs/performance.md.

#' Default column block size for forward_backward
#'
#' \code{k = 4 MiB \%/\% (n0 * bytes per value)}, rounded down to a multiple
#' of 32 and at least 32: 160 for n0 = 3072 doubles. The same number as
#' Python's \code{default_block_size}. In R, blocking copies each block of X
#' and does not pay (see \code{\link{forward_backward}}); the function exists
#' so that both languages can run the same blocks.
#'
#' @param n0 Number of rows of X (input features).
#' @param dtype "float64" (or "double", R's only type) or "float32" (or
#'   "single"), for the Python float32 twin.
#' @return k, a positive integer.
#' @examples
#' default_block_size(3072) # 160
#' default_block_size(3072, "float32") # 320
#' @export
default_block_size <- function(n0, dtype = "float64") {
  check_positive_int("n0", n0)
  itemsize <- switch(as.character(dtype), float64 = , double = 8, float32 = , single = 4,
                     nn_abort(sprintf("dtype must be 'float64' or 'float32'; got '%s'", paste(dtype, collapse = ","))))
  k <- (4 * 2^20) %/% (n0 * itemsize)
  as.integer(max(32, k - k %% 32))
}

#' Cost and gradients of one full-batch training step, without dA0
#'
#' Equal (up to floating-point summation order) to
#' \preformatted{fwd <- deep_model(X, parameters)
#' cost <- cost_computation(fwd$AL, Y)
#' grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)}
#' without the \code{dA<l>} entries, computed with
#' \code{options(matprod = "blas")} (no NaN scan of X before each product), in
#' the faster orientation of the two products with X, without copying or
#' transposing X (measurements: docs/performance.md).
#'
#' @param X (n0, m) inputs, one sample per column. Never copied when
#'   \code{block_size} is NULL.
#' @param Y (1, m) labels (any vector or matrix of m values).
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1), l = 1..L, with n_L = 1.
#' @param block_size NULL for one full-batch pass (the fast choice in R); or
#'   k >= 1 to process the columns in blocks of k (the last block holds the
#'   remaining m %% k; k >= m is one block), accumulating dW1 over blocks
#'   in the same order as Python. Each block is a copy of those columns of X.
#' @return A list with \code{cost}, a double scalar, and \code{grads}, a named
#'   list with \code{dW<l>}: (n_l, n_(l-1)) and \code{db<l>}: (n_l, 1), in the
#'   order dWL, dbL, ..., dW1, db1.
#' @examples
#' X <- matrix(c(1, 0.5, -2, 1, 3, -1), 2)
#' Y <- matrix(c(1, 0, 1), 1)
#' fb <- forward_backward(X, Y, init_param(c(2, 3, 1), seed = 1))
#' names(fb$grads) # dW2 db2 dW1 db1
#' dim(fb$grads$dW1) # 3 2
#' @export
forward_backward <- function(X, Y, parameters, block_size = NULL) {
  out <- forward_backward_output(X, Y, parameters, block_size)
  # A young-generation collection frees this call's (n_l, m) temporaries
  # (~1 ms; X is old and not visited): without it they pile up over a
  # training loop's iterations (docs/performance.md).
  gc(verbose = FALSE, full = FALSE)
  list(cost = out$cost, grads = out$grads)
}

#' forward_backward that also returns the output AL
#'
#' Internal (Python twin of the same name): the epochs engine counts the
#' samples each batch classifies right from AL, which this pass computes
#' anyway, instead of a second forward pass (deep_model) per batch. Arguments
#' as forward_backward; no gc() at the end (the caller decides: the epochs
#' engine collects every few batches).
#'
#' @return \code{list(cost = , grads = , AL = )}, AL (1, m).
#' @keywords internal
#' @noRd
forward_backward_output <- function(X, Y, parameters, block_size = NULL) {
  check_matrix("X", X)
  n0 <- nrow(X)
  m <- ncol(X)
  if (m < 1L) nn_abort(sprintf("X must have at least one column (sample); got shape %s", fmt_shape(X)))
  L <- check_parameters(parameters, n0)
  if (length(block_size) > 1L) { # (check_positive_int's message expects one value)
    nn_abort(sprintf("block_size must be a positive integer; got %s", fmt_vec(block_size)))
  }
  k <- if (is.null(block_size)) m else min(check_positive_int("block_size", block_size), m)
  if (length(Y) != m) {
    nn_abort(sprintf("Y must have shape (1, m) with m = %d (the columns of X); got shape %s", m, fmt_shape(Y)))
  }
  Y <- matrix(as.numeric(Y), 1L, m)
  old <- options(matprod = "blas")
  on.exit(options(old), add = TRUE)
  fb_pass(X, Y, parameters, L, k)
}

#' The passes of forward_backward (arguments already checked)
#'
#' @param X (n0, m) inputs.
#' @param Y (1, m) labels (a matrix).
#' @param parameters As in forward_backward.
#' @param L Number of layers.
#' @param k Block width (k = m: one block, X used as is).
#' @return \code{list(cost = , grads = , AL = )}.
#' @keywords internal
#' @noRd
fb_pass <- function(X, Y, parameters, L, k) {
  m <- ncol(X)
  W <- lapply(seq_len(L), function(l) parameters[[paste0("W", l)]])
  b <- lapply(seq_len(L), function(l) as.vector(parameters[[paste0("b", l)]]))
  W1t <- t(W[[1L]]) # (n0, n1): small
  starts <- seq.int(1L, m, by = k)
  one_block <- length(starts) == 1L
  blocks <- vector("list", length(starts))
  dW1 <- NULL
  for (bi in seq_along(starts)) {
    cols <- starts[bi]:min(starts[bi] + k - 1L, m)
    Xb <- if (one_block) X else X[, cols, drop = FALSE]
    # Forward: Z_l = W_l A_(l-1) + b_l; ReLU for hidden layers, sigmoid out.
    Zl <- t(crossprod(Xb, W1t)) + b[[1L]] # = W1 %*% Xb + b1, faster orientation
    Z <- vector("list", L)
    A <- vector("list", L - 1L)
    Z[[1L]] <- Zl
    for (l in seq_len(L - 1L) + 1L) {
      A[[l - 1L]] <- relu(Zl)$A
      Zl <- W[[l]] %*% A[[l - 1L]] + b[[l]]
      Z[[l]] <- Zl
    }
    AL <- sigmoid(Zl)$A
    # Backward down to dZ1 (output layer fused: dZL = AL - Y).
    dZ <- vector("list", L)
    dZ[[L]] <- AL - (if (one_block) Y else Y[, cols, drop = FALSE])
    for (l in rev(seq_len(L - 1L) + 1L)) {
      dZ[[l - 1L]] <- relu_backprop_fast(crossprod(W[[l]], dZ[[l]]), Z[[l - 1L]])
    }
    part <- t(Xb %*% t(dZ[[1L]])) # = tcrossprod(dZ1, Xb), faster orientation
    dW1 <- if (is.null(dW1)) part else dW1 + part
    blocks[[bi]] <- list(AL = AL, A = A, dZ = dZ)
  }
  # Full-width (n_l, m) matrices (small): the columns of every block.
  if (one_block) {
    AL <- blocks[[1L]]$AL
    A <- blocks[[1L]]$A
    dZ <- blocks[[1L]]$dZ
  } else {
    join <- function(get) do.call(cbind, lapply(blocks, get))
    AL <- join(function(bl) bl$AL)
    A <- lapply(seq_len(L - 1L), function(l) join(function(bl) bl$A[[l]]))
    dZ <- lapply(seq_len(L), function(l) join(function(bl) bl$dZ[[l]]))
  }
  cost <- cost_computation(AL, Y)
  grads <- list()
  for (l in rev(seq_len(L))) {
    grads[[paste0("dW", l)]] <- if (l == 1L) dW1 / m else tcrossprod(dZ[[l]], A[[l - 1L]]) / m
    grads[[paste0("db", l)]] <- matrix(rowSums(dZ[[l]]) / m, ncol = 1L)
  }
  list(cost = cost, grads = grads, AL = AL)
}

#' relu_backprop(dA, Z), faster when nothing is NaN or infinite
#'
#' \code{dA * (Z > 0) + 0} is exactly relu_backprop's result (dA where Z > 0,
#' else 0; the + 0 turns the -0 of a negative dA times 0 into 0) unless the
#' product has a NaN: from a NaN in Z (NA mask), a NaN in dA, or an infinite
#' dA times 0 where Z <= 0. Then relu_backprop itself is used. About 4 times
#' faster (docs/performance.md).
#'
#' @param dA (n, m) gradient with respect to the activation.
#' @param Z (n, m) pre-activation.
#' @return dZ, (n, m).
#' @keywords internal
#' @noRd
relu_backprop_fast <- function(dA, Z) {
  dZ <- dA * (Z > 0) + 0
  if (anyNA(dZ)) relu_backprop(dA, Z) else dZ
}
