# Backward propagation: back_prop (linear), back_activ (g then linear),
# deep_model_back (twin of python/nnscratch/backward.py).
#
# Maths -> code: dW[l] = (1/m) dZ[l] A[l-1]^T is tcrossprod(dZ, A_prev) / m
# (dZ %*% t(A_prev) without materialising the transpose);
# db[l] = (1/m) sum_i dZ[l][, i] is a row sum, an (n_l, 1) matrix, never a
# scalar; dA[l-1] = W[l]^T dZ[l] is crossprod(W, dZ) (t(W) %*% dZ, likewise).
#
# Caches are read by name: a linear cache is list(A = A_prev, W = W, b = b), a
# layer's cache list(linear_cache = , activation_cache = Z) (Python's tuples
# (A_prev, W, b) and (linear_cache, Z)).

#' Linear backward step
#'
#' @param dZ (n, m) gradient of the cost with respect to this layer's Z.
#' @param cache The linear cache \code{list(A = A_prev, W = W, b = b)} from
#'   \code{\link{for_prop}}: (n_prev, m), (n, n_prev), (n, 1).
#' @param need_dA_prev If FALSE, \code{dA_prev} is not computed (it is NULL);
#'   for layer 1 it is the gradient with respect to X, as large as X and unused.
#' @return A list with \code{dA_prev}: (n_prev, m) (or NULL), \code{dW}:
#'   (n, n_prev) and \code{db}: (n, 1).
#' @export
#' @examples
#' lin <- for_prop(A = matrix(c(1, 2), nrow = 2), W = diag(2), b = matrix(0, 2))
#' back_prop(dZ = matrix(c(1, -1), nrow = 2), cache = lin$cache) # dW = dZ %*% t(A): 1 2 / -1 -2
back_prop <- function(dZ, cache, need_dA_prev = TRUE) {
  A_prev <- cache$A
  W <- cache$W
  m <- ncol(A_prev)
  dW <- tcrossprod(dZ, A_prev) / m
  db <- matrix(rowSums(dZ) / m, ncol = 1L)
  dA_prev <- if (need_dA_prev) crossprod(W, dZ) else NULL
  # list(dA_prev = NULL, ...) keeps the dA_prev entry (Python's None).
  list(dA_prev = dA_prev, dW = dW, db = db)
}

#' One layer backward: activation derivative then linear step
#'
#' dZ = dA * g'(Z) (g' the derivative of the activation), then
#' \code{\link{back_prop}}.
#'
#' @param dA (n, m) gradient of the cost with respect to this layer's A.
#' @param cache \code{list(linear_cache = list(A = A_prev, W = W, b = b),
#'   activation_cache = Z)} from \code{\link{for_activation}}: A_prev
#'   (n_prev, m), W (n, n_prev), b (n, 1), Z (n, m).
#' @param activation "relu" or "sigmoid".
#' @param need_dA_prev Passed to \code{\link{back_prop}}.
#' @return A list with \code{dA_prev}: (n_prev, m) (or NULL), \code{dW}:
#'   (n, n_prev) and \code{db}: (n, 1).
#' @export
#' @examples
#' X <- matrix(c(1, 2), nrow = 2)
#' layer <- for_activation(X, W = matrix(c(1, -1), nrow = 1), b = matrix(0, 1), "relu") # Z = -1: off
#' back_activ(dA = matrix(1, 1, 1), cache = layer$cache, activation = "relu")$dW # 0 0
back_activ <- function(dA, cache, activation, need_dA_prev = TRUE) {
  backprop <- switch(check_activation(activation),
                     relu = relu_backprop, sigmoid = sigmoid_backprop)
  dZ <- backprop(dA, cache$activation_cache)
  back_prop(dZ, cache$linear_cache, need_dA_prev)
}

#' Gradient of the cross-entropy with respect to the output pre-activation ZL
#'
#' The notebook computed \code{dAL = -(Y/AL - (1-Y)/(1-AL))} and then
#' \code{dZL = dAL * AL * (1 - AL)} (sigmoid_backprop); the product simplifies
#' to \code{AL - Y}, which is what is computed: the same number for
#' unsaturated outputs, and finite (instead of Inf * 0 = NaN) when AL is
#' exactly 0 or 1.
#'
#' @param AL (1, m) output probabilities.
#' @param Y (1, m) labels.
#' @return dZL, (1, m).
#' @keywords internal
#' @noRd
output_layer_dZ <- function(AL, Y) {
  AL - Y
}

#' Backward pass through the whole network
#'
#' @param AL (1, m) output of \code{\link{deep_model}}.
#' @param Y (1, m) labels (reshaped to AL's dims, as in the notebook).
#' @param caches The L caches from \code{\link{deep_model}}
#'   (\code{caches[[l]]}: layer l's \code{list(linear_cache, activation_cache)}).
#' @param input_grad If FALSE, \code{dA0} (the gradient with respect to X,
#'   (n0, m), as large as X and never needed for training) is not computed.
#' @return A named list with \code{dA<l-1>}: (n_(l-1), m), \code{dW<l>}:
#'   (n_l, n_(l-1)) and \code{db<l>}: (n_l, 1), for l = L..1, in the order
#'   dWL, dbL, dA(L-1), dW(L-1), ... (\code{dA0} only if \code{input_grad}).
#' @export
#' @examples
#' X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 1), nrow = 2)
#' Y <- matrix(c(0, 1, 1, 0), nrow = 1)
#' p <- init_param(c(2, 3, 1), seed = 1)
#' out <- deep_model(X, p)
#' grads <- deep_model_back(out$AL, Y, out$caches, input_grad = FALSE)
#' names(grads) # "dW2" "db2" "dA1" "dW1" "db1"
#' dim(grads$dW1) # 3 2, the shape of p$W1
deep_model_back <- function(AL, Y, caches, input_grad = TRUE) {
  grads <- list()
  L <- length(caches)
  # Y.reshape(AL.shape); AL has one row, so row- and column-major agree.
  # dim<- fails (rather than recycling) if the sizes differ.
  dim(Y) <- dim(AL)
  # Output layer: sigmoid and cross-entropy together (see output_layer_dZ).
  need <- L > 1L || input_grad
  step <- back_prop(output_layer_dZ(AL, Y), caches[[L]]$linear_cache, need)
  grads[[paste0("dW", L)]] <- step$dW
  grads[[paste0("db", L)]] <- step$db
  if (need) grads[[paste0("dA", L - 1L)]] <- step$dA_prev
  # Hidden ReLU layers, l = L-1 .. 1.
  for (l in rev(seq_len(L - 1L))) {
    need <- l > 1L || input_grad
    step <- back_activ(grads[[paste0("dA", l)]], caches[[l]], "relu", need)
    grads[[paste0("dW", l)]] <- step$dW
    grads[[paste0("db", l)]] <- step$db
    if (need) grads[[paste0("dA", l - 1L)]] <- step$dA_prev
  }
  grads
}
