# L2 regularization (weight decay): the cost term l2_cost and its gradient
# l2_grads (twin of python/nnscratch/regularization.py).
#
# With L2 the objective is the cross-entropy plus a penalty on the weights:
#   J = cross_entropy(AL, Y) + (lambd / (2 m)) * sum_l sum_ij W_l[i, j]^2
# Its derivative with respect to W_l is the plain gradient plus (lambd / m) W_l:
# each step shrinks every weight a little towards 0. The biases are not
# penalized (the course's convention), so db is unchanged. The argument is
# called lambd as in Python, where lambda is a keyword.

# lambd, the L2 strength: a finite number >= 0.
check_lambd <- function(lambd) {
  if (!is.numeric(lambd) || length(lambd) != 1L || !is.finite(lambd) || lambd < 0) {
    shown <- if (is.numeric(lambd) && length(lambd) == 1L) fmt_g6(lambd) else deparse(lambd)
    nn_abort(sprintf("lambd must be a finite number >= 0; got %s", shown))
  }
  as.double(lambd)
}

#' The L2 term of the cost
#'
#' \deqn{\frac{\lambda}{2m} \sum_l \sum_{ij} W_l[i, j]^2}{(lambd / (2 m)) * sum over l of sum(W_l * W_l)}
#' Add it to \code{\link{cost_computation}(AL, Y)} to get the regularized cost.
#' The biases are not penalized.
#'
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1), l = 1..L.
#' @param lambd The L2 strength, a finite number >= 0 (0 gives 0).
#' @param m The number of samples the cross-entropy is averaged over (a
#'   positive integer).
#' @return A double of length 1.
#' @export
#' @examples
#' l2_cost(list(W1 = matrix(c(1, 2), 1), b1 = matrix(5, 1)), lambd = 0.5, m = 2) # 0.625
l2_cost <- function(parameters, lambd, m) {
  L <- check_parameters(parameters)
  lambd <- check_lambd(lambd)
  m <- check_positive_int("m", m)
  total <- 0
  for (l in seq_len(L)) {
    W <- parameters[[paste0("W", l)]]
    total <- total + sum(W * W)
  }
  (lambd / (2 * m)) * total
}

#' The gradients of the L2-regularized cost
#'
#' \code{dW<l> + (lambd / m) * W<l>} for every layer; \code{db<l>} and
#' \code{dA<l>} are unchanged.
#'
#' @param grads Named list from \code{\link{deep_model_back}}
#'   (\code{dW<l>}: (n_l, n_(l-1)), \code{db<l>}: (n_l, 1), \code{dA<l>});
#'   every entry is kept, in its order.
#' @inheritParams l2_cost
#' @return A new named list with the names of \code{grads}, in their order.
#' @export
#' @examples
#' g <- l2_grads(list(dW1 = matrix(c(0.5, 0), 1), db1 = matrix(1, 1)),
#'               list(W1 = matrix(c(1, 2), 1), b1 = matrix(5, 1)), lambd = 0.5, m = 2)
#' g$dW1 # 0.75 0.5
l2_grads <- function(grads, parameters, lambd, m) {
  L <- check_parameters(parameters)
  lambd <- check_lambd(lambd)
  m <- check_positive_int("m", m)
  out <- grads
  for (l in seq_len(L)) {
    key <- paste0("dW", l)
    W <- parameters[[paste0("W", l)]]
    dW <- list_entry(grads, key, "grads")
    if (!identical(as.integer(dim(dW)), as.integer(dim(W)))) {
      nn_abort(sprintf("%s must have the shape of W%d %s; got %s", key, l, fmt_shape(W), fmt_shape(dW)))
    }
    out[[key]] <- dW + (lambd / m) * W
  }
  out
}
