# The training loop dense_nn: forward, cost, backward, update, repeated
# (twin of python/nnscratch/train.py).

#' Train an L-layer network by full-batch gradient descent
#'
#' ReLU hidden layers and a sigmoid output layer. Each iteration runs
#' \code{\link{deep_model}}, \code{\link{cost_computation}},
#' \code{\link{deep_model_back}} (without the input gradient) and
#' \code{\link{update_parameters}}.
#'
#' @param X (n0, m) inputs, one sample per column.
#' @param Y (1, m) labels in \{0, 1\}.
#' @param layers_dims Layer widths \code{c(n0, n1, ..., 1)}.
#' @param learning_rate Step size of \code{\link{update_parameters}}.
#' @param num_iterations Number of gradient steps.
#' @param print_cost If TRUE, print "Cost after iteration i: cost" at
#'   iteration 0 and every \code{cost_every}-th.
#' @param seed,init Passed to \code{\link{init_param}}.
#' @param parameters Start from these parameters (named list \code{W<l>},
#'   \code{b<l>}) instead of \code{\link{init_param}}; \code{seed} and
#'   \code{init} are then unused.
#' @param cost_every Record (and print) the cost every this many iterations.
#' @param callback NULL or a function \code{callback(i, cost)} called after
#'   every iteration, with the 0-based iteration number \code{i}.
#' @return A list with \code{parameters}, the trained named list
#'   \code{W1, b1, ..., WL, bL}, and \code{costs}, a numeric vector of the
#'   costs at iterations 0, cost_every, 2 * cost_every, ... (0-based; each is
#'   the cost of the parameters before that iteration's step).
#' @export
dense_nn <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                     print_cost = FALSE, seed = 1, init = "scaled", parameters = NULL,
                     cost_every = 100, callback = NULL) {
  if (is.null(parameters)) {
    parameters <- init_param(layers_dims, seed = seed, init = init)
  }
  costs <- numeric(0)
  for (i in seq_len(num_iterations) - 1L) { # 0-based i, as in Python
    fwd <- deep_model(X, parameters)
    cost <- cost_computation(fwd$AL, Y)
    grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)
    parameters <- update_parameters(parameters, grads, learning_rate)
    if (i %% cost_every == 0) {
      costs <- c(costs, cost) # at most num_iterations / cost_every + 1 entries
      if (print_cost) cat(sprintf("Cost after iteration %d: %f\n", i, cost))
    }
    if (!is.null(callback)) callback(i, cost)
  }
  list(parameters = parameters, costs = costs)
}
