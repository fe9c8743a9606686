# The training loop dense_nn: forward, cost, backward, update, repeated
# (twin of python/nnscratch/train.py).
#
# Faults are reported without losing work: a diverging run signals an error of
# class "nnscratch_diverged" and an interrupted one (Ctrl-C) an error of class
# "nnscratch_interrupted"; both conditions carry the last good parameters, the
# number of iterations done and the costs recorded so far
# (cond$iteration, cond$parameters, cond$costs).

# Same rule as Python's train.diverged(): not finite, or more than
# DIVERGENCE_FACTOR times the lowest cost of the last DIVERGENCE_WINDOW
# iterations and above 2 log(2) (twice the cost of guessing 0.5 everywhere).
DIVERGENCE_WINDOW <- 100L
DIVERGENCE_FACTOR <- 10
DIVERGENCE_MIN_COST <- 2 * log(2)

diverged <- function(cost, window) {
  if (!is.finite(cost)) return(TRUE)
  if (!length(window)) return(FALSE)
  low <- min(window)
  cost > DIVERGENCE_FACTOR * low && cost > DIVERGENCE_MIN_COST
}

# How many costs a run records for iterations start .. done-1 (i %% cost_every == 0).
n_recorded <- function(start, done, cost_every) {
  ceiling(done / cost_every) - ceiling(start / cost_every)
}

training_stopped <- function(class, message, iteration, parameters, costs) {
  structure(class = c(class, "nnscratch_training_stopped", "nnscratch_error", "error", "condition"),
            list(message = message, call = NULL, iteration = iteration, parameters = parameters,
                 costs = costs))
}

# %g-like formatting as Python's "{:.6g}". The learning rate in the message is
# printed by py_float_repr() (R/cli.R) as Python's repr() prints it: 50 -> "50.0".
fmt_g6 <- function(x) if (is.finite(x)) sprintf("%.6g", x) else tolower(format(x))

#' Train an L-layer network by full-batch gradient descent
#'
#' ReLU hidden layers and a sigmoid output layer. Each iteration runs
#' \code{\link{deep_model}}, \code{\link{cost_computation}},
#' \code{\link{deep_model_back}} (without the input gradient) and
#' \code{\link{update_parameters}}.
#'
#' @param X (n0, m) inputs, one sample per column, finite.
#' @param Y (1, m) labels in \{0, 1\}.
#' @param layers_dims Layer widths \code{c(n0, n1, ..., 1)} with
#'   \code{n0 == nrow(X)}.
#' @param learning_rate Step size of \code{\link{update_parameters}} (> 0).
#' @param num_iterations Number of gradient steps (a positive integer).
#' @param print_cost If TRUE, print "Cost after iteration i: cost" at
#'   iteration 0 and every \code{cost_every}-th.
#' @param seed,init Passed to \code{\link{init_param}}.
#' @param parameters Start from these parameters (named list \code{W<l>},
#'   \code{b<l>}) instead of \code{\link{init_param}}; \code{seed} and
#'   \code{init} are then unused.
#' @param cost_every Record (and print) the cost every this many iterations.
#' @param callback NULL or a function \code{callback(i, cost)} called after
#'   every iteration, with the 0-based iteration number \code{i}.
#' @param start_iteration Number of the first iteration (when resuming from a
#'   checkpoint, so that costs are recorded at the same iterations as in an
#'   uninterrupted run).
#' @param checkpoint NULL or a function \code{checkpoint(iterations_done,
#'   parameters, costs)} called every \code{checkpoint_every} iterations.
#' @param checkpoint_every 0 (never) or a positive integer.
#' @param fused TRUE (default) computes each iteration's cost and gradients
#'   with \code{\link{forward_backward}} (no dA0, BLAS-friendly products);
#'   FALSE with the step-by-step functions, as the notebook:
#'   \code{\link{deep_model}}, \code{\link{cost_computation}},
#'   \code{\link{deep_model_back}}. They agree to summation order.
#' @param block_size For the fused step: NULL (one full-width pass, the fastest
#'   in R, where a column block is a copy) or the number of columns per block.
#' @return A list with \code{parameters}, the trained named list
#'   \code{W1, b1, ..., WL, bL}, and \code{costs}, a numeric vector of the
#'   costs at iterations 0, cost_every, 2 * cost_every, ... (0-based; each is
#'   the cost of the parameters before that iteration's step).
#'   Errors of class \code{nnscratch_value_error} for bad arguments,
#'   \code{nnscratch_diverged} when the cost becomes NaN/infinite or explodes,
#'   \code{nnscratch_interrupted} on Ctrl-C; the last two carry
#'   \code{iteration}, \code{parameters} (the last good ones) and \code{costs}.
#' @export
dense_nn <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                     print_cost = FALSE, seed = 1, init = "scaled", parameters = NULL,
                     cost_every = 100, callback = NULL, start_iteration = 0,
                     checkpoint = NULL, checkpoint_every = 0, fused = TRUE, block_size = NULL) {
  check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
  check_positive_int("cost_every", cost_every)
  check_positive_int("checkpoint_every", checkpoint_every, allow_zero = TRUE)
  check_positive_int("start_iteration", start_iteration, allow_zero = TRUE)
  if (is.null(parameters)) {
    parameters <- init_param(layers_dims, seed = seed, init = check_init(init))
  } else {
    check_parameters(parameters, n0 = nrow(X))
  }
  step <- function(parameters) {
    if (fused) return(forward_backward(X, Y, parameters, block_size))
    fwd <- deep_model(X, parameters)
    list(cost = cost_computation(fwd$AL, Y),
         grads = deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE))
  }
  costs <- numeric(0)
  recent <- numeric(0) # finite costs of the last DIVERGENCE_WINDOW iterations
  # (iterations done, parameters after them), replaced by one assignment so an
  # interrupt can never pair a count with the wrong weights.
  state <- list(done = start_iteration, parameters = parameters)
  previous <- NULL
  tryCatch({
    for (k in seq_len(num_iterations) - 1L) {
      i <- start_iteration + k # 0-based, as in Python
      out <- step(parameters)
      cost <- out$cost
      if (diverged(cost, recent)) {
        done <- if (is.null(previous)) i else i - 1
        good <- if (is.null(previous)) parameters else previous
        last <- if (length(recent)) sprintf("%s at iteration %d", fmt_g6(recent[length(recent)]), i - 1) else "none"
        stop(training_stopped(
          "nnscratch_diverged",
          sprintf("training diverged at iteration %d: cost is %s (last finite cost %s); try a lower learning rate than %s",
                  i, fmt_g6(cost), last, py_float_repr(learning_rate)),
          done, good, costs[seq_len(n_recorded(start_iteration, done, cost_every))]))
      }
      recent <- c(recent, cost)
      if (length(recent) > DIVERGENCE_WINDOW) recent <- recent[-1L]
      new_parameters <- update_parameters(parameters, out$grads, learning_rate)
      if (i %% cost_every == 0) {
        costs <- c(costs, cost)
        if (print_cost) cat(sprintf("Cost after iteration %d: %f\n", i, cost))
      }
      state <- list(done = i + 1, parameters = new_parameters)
      previous <- parameters
      parameters <- new_parameters
      if (!is.null(callback)) callback(i, cost)
      if (!is.null(checkpoint) && checkpoint_every > 0 && (i + 1) %% checkpoint_every == 0) {
        checkpoint(i + 1, parameters, costs)
      }
    }
  }, interrupt = function(cond) {
    stop(training_stopped(
      "nnscratch_interrupted", sprintf("training interrupted after %d iterations", state$done),
      state$done, state$parameters, costs[seq_len(n_recorded(start_iteration, state$done, cost_every))]))
  })
  list(parameters = parameters, costs = costs)
}
