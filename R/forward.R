# Forward propagation: for_prop (linear), for_activation (linear + g),
# deep_model (twin of python/nnscratch/forward.py).
#
# Shapes: A_prev (n_prev, m), W (n, n_prev), b (n, 1), Z and A (n, m).

#' Linear forward step
#'
#' \code{Z = W A + b}, with b added to each of the m columns.
#'
#' @param A (n_prev, m) activations of the previous layer (X for layer 1).
#' @param W (n, n_prev) weights.
#' @param b (n, 1) biases.
#' @return A list with \code{Z}, the (n, m) pre-activation, and \code{cache},
#'   the linear cache \code{list(A = A, W = W, b = b)}.
#' @export
#' @examples
#' A <- matrix(c(1, 2), nrow = 2) # one sample, two features
#' W <- diag(2)
#' b <- matrix(c(0.5, -0.5), nrow = 2)
#' for_prop(A, W, b)$Z # 1.5 1.5
for_prop <- function(A, W, b) {
  # numpy broadcasts the (n, 1) b over the columns. In R, a (n, m) matrix plus
  # a (n, 1) matrix is a "non-conformable arrays" error (unless m == 1), so b
  # is added as a plain length-n vector: R recycles it along the column-major
  # storage of W %*% A, element k getting b[(k - 1) %% n + 1], which is exactly
  # row i of every column -- but only because b has exactly n entries, one per
  # row: recycling never checks that. A vector of the wrong length is recycled
  # silently whenever it divides n * m (matrix(0, 2, 4) + c(1, 2, 3, 4) gives
  # no error and no warning, each column getting a different pair), which is
  # why check_parameters checks b's shape first (docs/python-vs-r.md, "bias
  # recycling"). No (n, m) copy of b is built (unlike sweep() or
  # b %*% t(rep(1, m))). The result keeps W %*% A's dim.
  Z <- W %*% A + as.vector(b)
  list(Z = Z, cache = list(A = A, W = W, b = b))
}

#' One layer forward: linear step then activation
#'
#' \code{Z = W A_prev + b}, then \code{A = g(Z)}.
#'
#' @param A_prev (n_prev, m) activations of the previous layer.
#' @param W (n, n_prev) weights.
#' @param b (n, 1) biases.
#' @param activation "relu" or "sigmoid".
#' @return A list with \code{A}, the (n, m) activation, and \code{cache},
#'   \code{list(linear_cache = list(A = A_prev, W = W, b = b),
#'   activation_cache = Z)} (Python's \code{((A_prev, W, b), Z)}).
#' @export
#' @examples
#' X <- matrix(c(0, 1, 1, 0, 1, 1), nrow = 2) # 2 features, 3 samples
#' p <- init_param(c(2, 3, 1), seed = 1)
#' layer <- for_activation(X, p$W1, p$b1, "relu")
#' dim(layer$A) # 3 3: three units, three samples
#' names(layer$cache) # "linear_cache" "activation_cache"
for_activation <- function(A_prev, W, b, activation) {
  g <- switch(check_activation(activation), relu = relu, sigmoid = sigmoid)
  lin <- for_prop(A_prev, W, b)
  act <- g(lin$Z)
  list(A = act$A, cache = list(linear_cache = lin$cache, activation_cache = act$cache))
}

#' Number of layers L of a parameter list holding W1, b1, ..., WL, bL
#'
#' @param parameters Named list of weights and biases.
#' @return L, an integer.
#' @noRd
n_layers <- function(parameters) {
  length(parameters) %/% 2L
}

#' Forward pass through the whole network
#'
#' L - 1 ReLU layers, then a sigmoid output layer.
#'
#' @param X (n0, m) inputs, one sample per column.
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1), l = 1..L, as from \code{\link{init_param}}.
#' @return A list with \code{AL}, the (1, m) output probabilities, and
#'   \code{caches}, an unnamed list of the L caches of
#'   \code{\link{for_activation}} (\code{caches[[l]]} belongs to layer l).
#' @export
#' @examples
#' X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 1), nrow = 2) # 2 features, 4 samples
#' p <- init_param(c(2, 3, 1), seed = 1)
#' out <- deep_model(X, p)
#' out$AL # (1, 4) probabilities, about 0.5 for the small initial weights
#' length(out$caches) # 2: one per layer
deep_model <- function(X, parameters) {
  check_matrix("X", X)
  L <- check_parameters(parameters, n0 = nrow(X))
  caches <- list()
  A <- X
  for (l in seq_len(L - 1L)) {
    layer <- for_activation(A, parameters[[paste0("W", l)]], parameters[[paste0("b", l)]], "relu")
    A <- layer$A
    caches[[l]] <- layer$cache
  }
  out <- for_activation(A, parameters[[paste0("W", L)]], parameters[[paste0("b", L)]], "sigmoid")
  caches[[L]] <- out$cache
  list(AL = out$A, caches = caches)
}
