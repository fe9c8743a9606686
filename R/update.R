# The update steps (twin of python/nnscratch/update.py): gradient descent
# update_parameters (the notebook's update; R has no `update` alias: it would
# mask stats::update), and momentum, RMSprop and Adam, each with its state.

#' One gradient-descent step
#'
#' \code{W[l] <- W[l] - learning_rate * dW[l]} and
#' \code{b[l] <- b[l] - learning_rate * db[l]}, for l = 1..L (each layer's
#' parameters move by that layer's own gradients).
#'
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1).
#' @param grads Named list with \code{dW<l>}, \code{db<l>} of the same shapes
#'   (extra entries such as \code{dA<l>} are ignored).
#' @param learning_rate Positive step size.
#' @return A new named list \code{W1, b1, ..., WL, bL} (R copies on modify,
#'   so the input is not changed).
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' g <- list(dW1 = matrix(c(10, -20), nrow = 1), db1 = matrix(5, 1))
#' update_parameters(p, g, learning_rate = 0.1)$W1 # 1 - 0.1 * 10, 2 + 0.1 * 20: 0 4
update_parameters <- function(parameters, grads, learning_rate) {
  L <- n_layers(parameters)
  updated <- list()
  for (l in seq_len(L)) {
    W <- paste0("W", l)
    b <- paste0("b", l)
    updated[[W]] <- list_entry(parameters, W, "parameters") - learning_rate * list_entry(grads, paste0("dW", l), "grads")
    updated[[b]] <- list_entry(parameters, b, "parameters") - learning_rate * list_entry(grads, paste0("db", l), "grads")
  }
  updated
}

# -- update rules with a state: momentum, RMSprop, Adam (issue 13) --------------
#
# Each rule keeps, for every parameter, a running average of something about its
# gradient, and moves the parameter by a step made from that average:
#
#   momentum  v = beta v + (1 - beta) dW       W = W - lr v
#   RMSprop   s = beta2 s + (1 - beta2) dW^2   W = W - lr dW / (sqrt(s) + eps)
#   Adam      both, bias-corrected:            W = W - lr v_hat / (sqrt(s_hat) + eps)
#
# The averages are named after the gradient they follow (vdW1, vdb1, ...,
# sdW1, sdb1, ...), each the shape of its parameter. Every operation is
# element-wise and in Python's order, so both languages agree to the last bit.

# A decay rate beta, beta1 or beta2: a number in [0, 1).
check_beta <- function(name, value) {
  if (!is.numeric(value) || length(value) != 1L || is.na(value) || value < 0 || value >= 1) {
    shown <- if (is.numeric(value) && length(value) == 1L) fmt_g6(value) else deparse(value)
    nn_abort(sprintf("%s must be a number in [0, 1); got %s", name, shown))
  }
  as.double(value)
}

# epsilon, the term that keeps a division by sqrt(s) finite: a positive number.
check_epsilon <- function(epsilon) {
  if (!is.numeric(epsilon) || length(epsilon) != 1L || !is.finite(epsilon) || epsilon <= 0) {
    shown <- if (is.numeric(epsilon) && length(epsilon) == 1L) fmt_g6(epsilon) else deparse(epsilon)
    nn_abort(sprintf("epsilon must be a positive number; got %s", shown))
  }
  as.double(epsilon)
}

# W1, b1, W2, b2, ..., WL, bL: the order of every list these steps return.
parameter_names <- function(parameters) {
  as.vector(rbind(paste0("W", seq_len(n_layers(parameters))), paste0("b", seq_len(n_layers(parameters)))))
}

zeros_like_parameters <- function(parameters, prefix) {
  keys <- parameter_names(parameters)
  out <- lapply(keys, function(key) {
    p <- list_entry(parameters, key, "parameters")
    matrix(0, nrow(p), ncol(p))
  })
  names(out) <- paste0(prefix, "d", keys)
  out
}

#' The momentum state before the first step
#'
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1).
#' @return v: named list \code{vdW1, vdb1, ..., vdWL, vdbL} of zero matrices,
#'   \code{vdW<l>} shaped like \code{W<l>}, \code{vdb<l>} like \code{b<l>}.
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' init_momentum(p) # vdW1 (1, 2) and vdb1 (1, 1), zeros
init_momentum <- function(parameters) zeros_like_parameters(parameters, "v")

#' One step of gradient descent with momentum
#'
#' For every parameter (W and b of every layer), with its gradient dW:
#' \deqn{v_{dW} = \beta v_{dW} + (1 - \beta) dW, \quad W = W - \alpha v_{dW}}{v_dW = beta * v_dW + (1 - beta) * dW;  W = W - learning_rate * v_dW}
#' The exponentially weighted average smooths the zig-zag of successive
#' gradients: directions on which they agree build up, directions on which
#' they alternate cancel. \code{beta = 0} is plain gradient descent.
#'
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1).
#' @param grads Named list with \code{dW<l>}, \code{db<l>} of the same shapes
#'   (other entries are ignored).
#' @param v Named list \code{vdW<l>}, \code{vdb<l>} of the same shapes
#'   (\code{\link{init_momentum}} at the start).
#' @param beta Decay rate of the average, in [0, 1).
#' @param learning_rate Positive step size.
#' @return \code{list(parameters = , v = )}, new lists (W1, b1, ... and
#'   vdW1, vdb1, ...).
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), 1), b1 = matrix(0, 1))
#' g <- list(dW1 = matrix(c(10, -20), 1), db1 = matrix(5, 1))
#' update_parameters_with_momentum(p, g, init_momentum(p), beta = 0.5, learning_rate = 0.1)$parameters$W1 # 0.5 3
update_parameters_with_momentum <- function(parameters, grads, v, beta = 0.9, learning_rate = 0.01) {
  beta <- check_beta("beta", beta)
  learning_rate <- check_learning_rate(learning_rate)
  new_parameters <- list()
  new_v <- list()
  for (key in parameter_names(parameters)) {
    d <- paste0("d", key)
    vd <- paste0("v", d)
    new_v[[vd]] <- beta * list_entry(v, vd, "v") + (1 - beta) * list_entry(grads, d, "grads")
    new_parameters[[key]] <- list_entry(parameters, key, "parameters") - learning_rate * new_v[[vd]]
  }
  list(parameters = new_parameters, v = new_v)
}

#' The RMSprop state before the first step
#'
#' @inheritParams init_momentum
#' @return s: named list \code{sdW1, sdb1, ..., sdWL, sdbL} of zero matrices
#'   shaped like \code{W<l>}, \code{b<l>}.
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' init_rmsprop(p) # sdW1 (1, 2) and sdb1 (1, 1), zeros
init_rmsprop <- function(parameters) zeros_like_parameters(parameters, "s")

#' One step of RMSprop
#'
#' For every parameter, with its gradient dW (squares and roots element by
#' element):
#' \deqn{s_{dW} = \beta_2 s_{dW} + (1 - \beta_2) dW^2, \quad W = W - \alpha \frac{dW}{\sqrt{s_{dW}} + \epsilon}}{s_dW = beta2 * s_dW + (1 - beta2) * dW^2;  W = W - learning_rate * dW / (sqrt(s_dW) + epsilon)}
#' Each weight's step is divided by the size its gradients have had lately;
#' epsilon keeps the division finite where s_dW is 0.
#'
#' @inheritParams update_parameters_with_momentum
#' @param s Named list \code{sdW<l>}, \code{sdb<l>} of the parameters' shapes
#'   (\code{\link{init_rmsprop}} at the start).
#' @param beta2 Decay rate of the average of squared gradients, in [0, 1).
#' @param epsilon Positive number added to the root.
#' @return \code{list(parameters = , s = )}, new lists.
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' g <- list(dW1 = matrix(c(10, -20), nrow = 1), db1 = matrix(5, 1))
#' step <- update_parameters_with_rmsprop(p, g, init_rmsprop(p), learning_rate = 0.1)
#' step$parameters$W1 # first step: 0.1 * dW / |dW| / sqrt(0.001), about -2.16 5.16
#' step$s$sdW1        # 0.001 * dW^2: 0.1 0.4
update_parameters_with_rmsprop <- function(parameters, grads, s, beta2 = 0.999, learning_rate = 0.01,
                                           epsilon = 1e-8) {
  beta2 <- check_beta("beta2", beta2)
  learning_rate <- check_learning_rate(learning_rate)
  epsilon <- check_epsilon(epsilon)
  new_parameters <- list()
  new_s <- list()
  for (key in parameter_names(parameters)) {
    d <- paste0("d", key)
    sd <- paste0("s", d)
    dW <- list_entry(grads, d, "grads")
    new_s[[sd]] <- beta2 * list_entry(s, sd, "s") + (1 - beta2) * dW^2
    new_parameters[[key]] <- list_entry(parameters, key, "parameters") - learning_rate * dW / (sqrt(new_s[[sd]]) + epsilon)
  }
  list(parameters = new_parameters, s = new_s)
}

#' The Adam state before the first step
#'
#' @inheritParams init_momentum
#' @return \code{list(v = , s = )}: \code{vdW<l>}, \code{vdb<l>} and
#'   \code{sdW<l>}, \code{sdb<l>}, zero matrices shaped like the parameters.
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' str(init_adam(p)) # v = list(vdW1, vdb1), s = list(sdW1, sdb1), zeros
init_adam <- function(parameters) list(v = init_momentum(parameters), s = init_rmsprop(parameters))

#' One step of Adam (momentum and RMSprop, with bias correction)
#'
#' For every parameter, with its gradient dW, at step t = 1, 2, ...:
#' \deqn{v_{dW} = \beta_1 v_{dW} + (1 - \beta_1) dW, \quad s_{dW} = \beta_2 s_{dW} + (1 - \beta_2) dW^2}{v_dW = beta1 * v_dW + (1 - beta1) * dW;  s_dW = beta2 * s_dW + (1 - beta2) * dW^2}
#' \deqn{\hat v = \frac{v_{dW}}{1 - \beta_1^t}, \quad \hat s = \frac{s_{dW}}{1 - \beta_2^t}, \quad W = W - \alpha \frac{\hat v}{\sqrt{\hat s} + \epsilon}}{v_hat = v_dW / (1 - beta1^t);  s_hat = s_dW / (1 - beta2^t);  W = W - learning_rate * v_hat / (sqrt(s_hat) + epsilon)}
#' Both averages start at 0, so their first values are too small by the
#' factors \eqn{1 - \beta^t}{1 - beta^t}; dividing by them is the bias
#' correction, and the first step is about \code{learning_rate * sign(dW)}.
#'
#' @inheritParams update_parameters_with_rmsprop
#' @param v Named list \code{vdW<l>}, \code{vdb<l>}; \code{s}: \code{sdW<l>},
#'   \code{sdb<l>} (\code{\link{init_adam}} at the start).
#' @param t The number of this step, counted from 1 (a positive integer).
#' @param beta1 Decay rate of the average of gradients, in [0, 1).
#' @return \code{list(parameters = , v = , s = )}, new lists.
#' @export
#' @examples
#' p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0, 1))
#' g <- list(dW1 = matrix(c(10, -20), nrow = 1), db1 = matrix(5, 1))
#' st <- init_adam(p)
#' step <- update_parameters_with_adam(p, g, st$v, st$s, t = 1, learning_rate = 0.1)
#' step$parameters$W1 # the first step is about learning_rate * sign(dW) away: 0.9 2.1
update_parameters_with_adam <- function(parameters, grads, v, s, t, learning_rate = 0.01, beta1 = 0.9,
                                        beta2 = 0.999, epsilon = 1e-8) {
  t <- check_positive_int("t", t)
  learning_rate <- check_learning_rate(learning_rate)
  beta1 <- check_beta("beta1", beta1)
  beta2 <- check_beta("beta2", beta2)
  epsilon <- check_epsilon(epsilon)
  correction1 <- 1 - beta1^t
  correction2 <- 1 - beta2^t
  new_parameters <- list()
  new_v <- list()
  new_s <- list()
  for (key in parameter_names(parameters)) {
    d <- paste0("d", key)
    vd <- paste0("v", d)
    sd <- paste0("s", d)
    g <- list_entry(grads, d, "grads")
    new_v[[vd]] <- beta1 * list_entry(v, vd, "v") + (1 - beta1) * g
    new_s[[sd]] <- beta2 * list_entry(s, sd, "s") + (1 - beta2) * g^2
    v_hat <- new_v[[vd]] / correction1
    s_hat <- new_s[[sd]] / correction2
    new_parameters[[key]] <- list_entry(parameters, key, "parameters") - learning_rate * v_hat / (sqrt(s_hat) + epsilon)
  }
  list(parameters = new_parameters, v = new_v, s = new_s)
}
