# Activation functions and their derivatives (twin of
# python/nnscratch/activations.py).
#
# Each forward function returns list(A = A, cache = Z) -- Python's tuple
# (A, cache) -- where the cache is Z itself, as in the notebook; each
# *_backprop takes dA and that cache and returns dZ = dA * g'(Z), a matrix of
# the same shape. Notation: for a layer, Z = W A_prev + b and A = g(Z); dX is
# the derivative of the cost with respect to X.

#' ReLU activation
#'
#' \code{A = max(0, Z)} elementwise.
#'
#' @param Z (n, m) pre-activation.
#' @return A list with \code{A}, the (n, m) activation, and \code{cache},
#'   which is \code{Z}.
#' @export
#' @examples
#' Z <- matrix(c(-1, 0, 2, -3), nrow = 2)
#' relu(Z)$A # 0 0 / 2 0: negative entries become 0
relu <- function(Z) {
  # pmax() copies the attributes (dim) of its first argument, so A stays an
  # (n, m) matrix even when n or m is 1; NaN stays NaN, as in np.maximum.
  A <- pmax(Z, 0)
  list(A = A, cache = Z)
}

#' Derivative of the ReLU activation
#'
#' \code{dZ = dA * 1[Z > 0]}; the derivative at exactly \code{Z == 0} is taken
#' as 0 (as in the notebook).
#'
#' @param dA (n, m) gradient of the cost with respect to the activation.
#' @param cache \code{Z}, (n, m), from \code{\link{relu}}.
#' @return dZ, an (n, m) matrix.
#' @export
#' @examples
#' Z <- matrix(c(-1, 0, 2, -3), nrow = 2)
#' relu_backprop(dA = matrix(1, 2, 2), cache = relu(Z)$cache) # 1 where Z > 0, else 0
relu_backprop <- function(dA, cache) {
  Z <- cache
  # np.where(Z > 0, dA, 0): the mask is FALSE (not NA) for NaN in Z, and the
  # 0 is assigned rather than multiplied, so dA = Inf where Z <= 0 gives 0.
  off <- !((Z > 0) & !is.na(Z))
  dZ <- dA
  dZ[off] <- 0
  dZ
}

#' Sigmoid activation
#'
#' \code{A = 1 / (1 + exp(-Z))} computed without overflow: \code{exp()} is
#' only ever applied to \code{-|Z|}, so \code{Z = -1000} gives
#' \code{exp(-1000) / (1 + exp(-1000))} (0) and \code{Z = 1000} gives 1, with
#' no warning. (The notebook's \code{1/(1+exp(-Z))} overflowed.)
#'
#' @param Z (n, m) pre-activation.
#' @return A list with \code{A}, the (n, m) activation in \[0, 1\], and
#'   \code{cache}, which is \code{Z}.
#' @export
#' @examples
#' sigmoid(matrix(c(-1000, 0, 1000), nrow = 1))$A # 0 0.5 1, no overflow warning
sigmoid <- function(Z) {
  e <- exp(-abs(Z)) # in (0, 1]
  A <- 1 / (1 + e) # the formula for Z >= 0
  # For Z < 0, 1 / (1 + exp(-Z)) = exp(Z) / (1 + exp(Z)) = e / (1 + e).
  # which() drops NaN positions: there A is already NaN (1 / (1 + NaN)).
  neg <- which(Z < 0)
  A[neg] <- e[neg] / (1 + e[neg])
  list(A = A, cache = Z)
}

#' Derivative of the sigmoid activation
#'
#' \code{dZ = dA * s * (1 - s)} with \code{s = sigmoid(Z)$A}.
#'
#' @param dA (n, m) gradient of the cost with respect to the activation.
#' @param cache \code{Z}, (n, m), from \code{\link{sigmoid}}.
#' @return dZ, an (n, m) matrix.
#' @export
#' @examples
#' Z <- matrix(c(-2, 0, 2), nrow = 1)
#' sigmoid_backprop(dA = matrix(1, 1, 3), cache = sigmoid(Z)$cache) # s * (1 - s): 0.105 0.25 0.105
sigmoid_backprop <- function(dA, cache) {
  s <- sigmoid(cache)$A
  dA * s * (1 - s)
}
