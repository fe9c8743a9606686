# Inverted dropout on the hidden layers: dropout_masks, deep_model_with_dropout,
# deep_model_back_with_dropout (twin of python/nnscratch/dropout.py).
#
# During training each hidden unit is kept with probability keep_prob and
# switched off otherwise, a new choice for every sample and every step. The
# mask D_l (n_l, m) holds 1 (kept) or 0 (dropped). Forward:
#   A_l = (relu(Z_l) * D_l) / keep_prob
# ("inverted" dropout: dividing by keep_prob keeps the expected value of A_l,
# so nothing changes at prediction time). Backward, the same units, the same
# scale, before the ReLU derivative:
#   dA_l = (dA_l * D_l) / keep_prob
# The output layer is never dropped. keep_prob = 1 with all-ones masks gives
# exactly deep_model / deep_model_back.

# keep_prob, the probability of keeping a hidden unit: a number in (0, 1].
check_keep_prob <- function(keep_prob) {
  if (!is.numeric(keep_prob) || length(keep_prob) != 1L || is.na(keep_prob) || keep_prob <= 0 || keep_prob > 1) {
    shown <- if (is.numeric(keep_prob) && length(keep_prob) == 1L) fmt_g6(keep_prob) else deparse(keep_prob)
    nn_abort(sprintf("keep_prob must be a number in (0, 1]; got %s", shown))
  }
  as.double(keep_prob)
}

# masks: exactly D1 .. D(L-1), D<l> of dims shapes[[l]] (hidden layer l's A).
check_masks <- function(masks, shapes) {
  keys <- paste0("D", seq_along(shapes))
  if (!is.list(masks) || (length(masks) && is.null(names(masks)))) {
    nn_abort(sprintf("masks must be a named list with D1, ..., D%d; got %s", length(shapes), class(masks)[1L]))
  }
  for (l in seq_along(shapes)) {
    D <- masks[[keys[l]]]
    if (is.null(D)) nn_abort(sprintf("masks has no entry '%s'", keys[l]), "nnscratch_key_error")
    if (!is.matrix(D) || !identical(as.integer(dim(D)), as.integer(shapes[[l]]))) {
      nn_abort(sprintf("%s must have shape (%d, %d); got %s", keys[l], shapes[[l]][1], shapes[[l]][2], fmt_shape(D)))
    }
  }
  for (key in names(masks)) {
    if (!(key %in% keys)) {
      nn_abort(sprintf("masks has an unexpected entry %s: the %d hidden layers have masks, the output layer never does",
                       quote_text(key), length(shapes)))
    }
  }
  masks
}

#' The dropout masks of one training step
#'
#' \code{D_l = (rand(n_l, m) < keep_prob)} for each hidden layer l = 1..L-1,
#' drawn layer by layer, D1 first, from one numpy-compatible generator, so that
#' Python and R drop the same units.
#'
#' @param layers_dims \code{c(n0, n1, ..., nL)} (at least 2 positive
#'   integers); masks for layers 1..L-1 (the output layer is never dropped).
#' @param m Number of samples (columns), a positive integer.
#' @param keep_prob Probability of keeping a unit, in (0, 1] (1 gives all-ones
#'   masks; the generator is advanced all the same).
#' @param seed An integer in \[0, 4294967295\] (a new
#'   \code{\link{numpy_random_state}(seed)}) or a \code{numpy_random_state},
#'   which is advanced (the engine keeps drawing from it).
#' @return Named list \code{D1}: (n1, m), ..., \code{D<L-1>}: (n_(L-1), m) of
#'   double 0 / 1 matrices (not logical; an empty named list when there is no
#'   hidden layer).
#' @export
#' @examples
#' dropout_masks(c(3, 2, 1), 3, 0.5, seed = 1)$D1 # rows 1 0 1 and 1 1 1
dropout_masks <- function(layers_dims, m, keep_prob, seed = 0) {
  dims <- check_layers_dims(layers_dims)
  m <- check_positive_int("m", m)
  keep_prob <- check_keep_prob(keep_prob)
  gen <- if (inherits(seed, "numpy_random_state")) seed else numpy_random_state(seed)
  masks <- structure(list(), names = character(0)) # an empty *named* list (Python {})
  for (l in seq_len(length(dims) - 2L)) {
    n <- dims[l + 1L]
    # numpy's rand(n, m) fills its matrix row by row (C order); R's matrix()
    # fills column by column, so byrow = TRUE puts every draw where numpy has it.
    U <- matrix(numpy_random_sample(gen, n * m), n, m, byrow = TRUE)
    # 1 * turns the logical TRUE / FALSE into the double 1 / 0 numpy's astype(float64) gives.
    masks[[paste0("D", l)]] <- 1 * (U < keep_prob)
  }
  masks
}

#' Forward pass with inverted dropout on the hidden layers
#'
#' L - 1 ReLU layers, each followed by
#' \code{A <- (A * D<l>) / keep_prob}, then the sigmoid output layer (never
#' dropped).
#'
#' @param X (n0, m) inputs, one sample per column.
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1), l = 1..L.
#' @param masks Named list \code{D<l>}: (n_l, m) of 0 / 1 for l = 1..L-1
#'   (\code{\link{dropout_masks}}).
#' @param keep_prob The probability the masks were drawn with, in (0, 1].
#' @return A list with \code{AL}: (1, m) and \code{caches}, as
#'   \code{\link{deep_model}}; layer l+1's cache holds the dropped, rescaled
#'   A_l as its A (what \code{\link{back_prop}} needs for dW).
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, -1), 2), b1 = matrix(0, 2, 1),
#'           W2 = matrix(c(1.5, 1), 1), b2 = matrix(-6, 1, 1))
#' masks <- list(D1 = matrix(c(1, 0, 0, 1), 2))
#' out <- deep_model_with_dropout(matrix(c(2, -3), 1), p, masks, 0.5)
#' out$caches[[2]]$linear_cache$A # rows 4 0 and 0 6
#' out$AL # 0.5 0.5
deep_model_with_dropout <- function(X, parameters, masks, keep_prob) {
  check_matrix("X", X)
  L <- check_parameters(parameters, n0 = nrow(X))
  keep_prob <- check_keep_prob(keep_prob)
  check_masks(masks, lapply(seq_len(L - 1L), function(l) c(nrow(parameters[[paste0("W", l)]]), ncol(X))))
  caches <- list()
  A <- X
  for (l in seq_len(L - 1L)) {
    layer <- for_activation(A, parameters[[paste0("W", l)]], parameters[[paste0("b", l)]], "relu")
    A <- (layer$A * masks[[paste0("D", l)]]) / keep_prob # dropout: switch units off, scale the survivors up
    caches[[l]] <- layer$cache
  }
  out <- for_activation(A, parameters[[paste0("W", L)]], parameters[[paste0("b", L)]], "sigmoid")
  caches[[L]] <- out$cache
  list(AL = out$A, caches = caches)
}

#' Backward pass with inverted dropout on the hidden layers
#'
#' \code{\link{deep_model_back}} with, for each hidden layer l,
#' \code{dA<l> <- (dA<l> * D<l>) / keep_prob} before the ReLU derivative: the
#' units dropped in the forward pass get no gradient, the others the same scale.
#'
#' @param AL (1, m) output of \code{\link{deep_model_with_dropout}}.
#' @param Y (1, m) labels (reshaped to AL's dims).
#' @param caches The L caches of \code{\link{deep_model_with_dropout}}.
#' @param masks The masks of the forward pass, \code{D<l>}: (n_l, m), l = 1..L-1.
#' @param keep_prob The forward pass's keep_prob, in (0, 1].
#' @param input_grad If FALSE, \code{dA0} (the gradient with respect to X) is
#'   not computed.
#' @return A named list \code{dW<l>}, \code{db<l>}, \code{dA<l-1>} in the
#'   order and shapes of \code{\link{deep_model_back}}; for a hidden layer l,
#'   \code{dA<l>} holds the gradient after the mask (with respect to
#'   relu(Z_l), as in the course).
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, -1), 2), b1 = matrix(0, 2, 1),
#'           W2 = matrix(c(1.5, 1), 1), b2 = matrix(-6, 1, 1))
#' masks <- list(D1 = matrix(c(1, 0, 0, 1), 2))
#' out <- deep_model_with_dropout(matrix(c(2, -3), 1), p, masks, 0.5)
#' g <- deep_model_back_with_dropout(out$AL, matrix(c(1, 0), 1), out$caches, masks, 0.5)
#' g$dA1 # rows -1.5 0 and -0 1
#' g$dW1 # -1.5 -1.5
#' g$db1 # -0.75 0.5
deep_model_back_with_dropout <- function(AL, Y, caches, masks, keep_prob, input_grad = TRUE) {
  keep_prob <- check_keep_prob(keep_prob)
  L <- length(caches)
  check_masks(masks, lapply(seq_len(L - 1L), function(l) dim(caches[[l]]$activation_cache)))
  grads <- list()
  dim(Y) <- dim(AL)
  # Output layer: sigmoid and cross-entropy together (see output_layer_dZ); never dropped.
  need <- L > 1L || input_grad
  step <- back_prop(output_layer_dZ(AL, Y), caches[[L]]$linear_cache, need)
  grads[[paste0("dW", L)]] <- step$dW
  grads[[paste0("db", L)]] <- step$db
  if (need) grads[[paste0("dA", L - 1L)]] <- step$dA_prev
  # Hidden ReLU layers, l = L-1 .. 1.
  for (l in rev(seq_len(L - 1L))) {
    dA <- paste0("dA", l)
    grads[[dA]] <- (grads[[dA]] * masks[[paste0("D", l)]]) / keep_prob # dropout: the same units, the same scale
    need <- l > 1L || input_grad
    step <- back_activ(grads[[dA]], caches[[l]], "relu", need)
    grads[[paste0("dW", l)]] <- step$dW
    grads[[paste0("db", l)]] <- step$db
    if (need) grads[[paste0("dA", l - 1L)]] <- step$dA_prev
  }
  grads
}
