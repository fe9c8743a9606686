# The training loop dense_nn: forward, cost, backward, update, repeated
# (twin of python/nnscratch/train.py). The command line trains with
# engine_fit (R/engine-fit.R), which runs the same loop and gives the same
# parameters.

#' Train an L-layer network by full-batch gradient descent
#'
#' ReLU hidden layers and a sigmoid output layer. Each iteration runs
#' \code{\link{deep_model}}, \code{\link{cost_computation}},
#' \code{\link{deep_model_back}} (without the input gradient) and
#' \code{\link{update_parameters}}, and records the cost at iterations 0,
#' 100, 200, ...
#'
#' @param X (n0, m) inputs, one sample per column, finite.
#' @param Y (1, m) labels in \{0, 1\}.
#' @param layers_dims Layer widths \code{c(n0, n1, ..., 1)} with
#'   \code{n0 == nrow(X)}.
#' @param learning_rate Step size of \code{\link{update_parameters}} (> 0).
#' @param num_iterations Number of gradient steps (a positive integer).
#' @param print_cost If TRUE, print "Cost after iteration i: cost" at each
#'   recorded iteration.
#' @param seed,init Passed to \code{\link{init_param}}.
#' @return A list with \code{parameters}, the trained named list
#'   \code{W1, b1, ..., WL, bL} (\code{W<l>}: (n_l, n_(l-1)), \code{b<l>}:
#'   (n_l, 1)), and \code{costs}, a numeric vector of the costs at iterations
#'   0, 100, 200, ... (0-based; each is the cost of the parameters before that
#'   iteration's step). An error of class \code{nnscratch_value_error} for bad
#'   arguments.
#' @seealso \code{\link{engine_fit}}: the same loop with checkpoints, resume,
#'   divergence detection and a faster step.
#' @export
#' @examples
#' X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 1), nrow = 2) # 2 features, 4 samples (columns)
#' Y <- matrix(c(0, 1, 1, 0), nrow = 1)                 # the label is the first feature
#' fit <- dense_nn(X, Y, layers_dims = c(2, 3, 1), learning_rate = 0.5, num_iterations = 200, init = "he")
#' fit$costs # costs at iterations 0 and 100, falling
#' predict_labels(X, Y, fit$parameters)$accuracy # 1
dense_nn <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                     print_cost = FALSE, seed = 1, init = "scaled") {
  check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
  parameters <- init_param(layers_dims, seed = seed, init = init)
  costs <- numeric(0)
  for (i in seq_len(num_iterations) - 1L) {
    fwd <- deep_model(X, parameters)
    cost <- cost_computation(fwd$AL, Y)
    grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)
    parameters <- update_parameters(parameters, grads, learning_rate)
    if (i %% 100 == 0) {
      costs <- c(costs, cost)
      if (print_cost) cat(sprintf("Cost after iteration %d: %f\n", i, cost))
    }
  }
  list(parameters = parameters, costs = costs)
}
