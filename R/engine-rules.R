# Update rules for engine_fit (twin of python/nnscratch/engine/rules.py): how
# the parameters move given the gradients, and the state the rule keeps
# between iterations. Each rule's step calls the teaching core's step
# (R/update.R), so the maths is written once. The state is a flat named list
# of matrices (vdW1, ..., sdW1, ..., Adam's step count t as a 1x1 matrix):
# save_model writes it as state.<key> blocks, so a resumed run continues
# exactly. "gd" is the core's update_parameters and has no state.

# Rule names, in the order the error message lists them.
UPDATE_RULES <- c("gd", "momentum", "rmsprop", "adam")

#' An update rule for engine_fit
#'
#' A rule is a list of class \code{"nnscratch_update_rule"} with
#' \code{name}; \code{hyper}, a named list of its hyper-parameters (the
#' learning rate and those the rule uses); \code{init_state(parameters)}, the
#' state before the first step (a named list of matrices; empty for "gd");
#' and \code{step(parameters, grads, state)}, which returns
#' \code{list(parameters = , state = )}. \code{\link{engine_fit}} only uses
#' these four entries, so any list of that shape and class works as a rule.
#'
#' @param name "gd": plain gradient descent, \code{\link{update_parameters}};
#'   "momentum": \code{\link{update_parameters_with_momentum}} (uses
#'   \code{beta}; state \code{vdW1, vdb1, ...}); "rmsprop":
#'   \code{\link{update_parameters_with_rmsprop}} (uses \code{beta2},
#'   \code{epsilon}; state \code{sdW1, ...}); "adam":
#'   \code{\link{update_parameters_with_adam}} (uses \code{beta1},
#'   \code{beta2}, \code{epsilon}; state \code{vdW1, ..., sdW1, ...} and
#'   \code{t}, the steps done, a 1x1 matrix).
#' @param learning_rate Positive step size.
#' @param beta,beta1,beta2 Decay rates in [0, 1) (each checked).
#' @param epsilon Positive number added to the root (RMSprop, Adam).
#' @return The rule.
#' @export
#' @examples
#' rule <- update_rule("gd", learning_rate = 0.1)
#' p <- list(W1 = matrix(1, 1, 2), b1 = matrix(0, 1, 1))
#' g <- list(dW1 = matrix(c(1, 2), 1, 2), db1 = matrix(1, 1, 1))
#' rule$step(p, g, rule$init_state(p))$parameters$W1 # 0.9 0.8
#' adam <- update_rule("adam", learning_rate = 0.1)
#' adam$step(p, g, adam$init_state(p))$state$t # 1
update_rule <- function(name = "gd", learning_rate = 0.0075, beta = 0.9, beta1 = 0.9, beta2 = 0.999,
                        epsilon = 1e-8) {
  if (!is.character(name) || length(name) != 1L || is.na(name) || !(name %in% UPDATE_RULES)) {
    nn_abort(sprintf("update rule must be one of %s; got %s", paste(sprintf("'%s'", UPDATE_RULES), collapse = ", "),
                     quote_text(paste(name, collapse = ","))))
  }
  learning_rate <- check_learning_rate(learning_rate)
  beta <- check_beta("beta", beta)
  beta1 <- check_beta("beta1", beta1)
  beta2 <- check_beta("beta2", beta2)
  epsilon <- check_epsilon(epsilon)
  rule <- function(hyper, init_state, step) {
    structure(class = "nnscratch_update_rule",
              list(name = name, hyper = c(list(learning_rate = learning_rate), hyper), init_state = init_state,
                   step = step))
  }
  switch(name,
    gd = rule(list(), function(parameters) structure(list(), names = character(0)),
              function(parameters, grads, state) {
                list(parameters = update_parameters(parameters, grads, learning_rate), state = state)
              }),
    momentum = rule(list(beta = beta), init_momentum, function(parameters, grads, state) {
      out <- update_parameters_with_momentum(parameters, grads, state, beta, learning_rate)
      list(parameters = out$parameters, state = out$v)
    }),
    rmsprop = rule(list(beta2 = beta2, epsilon = epsilon), init_rmsprop, function(parameters, grads, state) {
      out <- update_parameters_with_rmsprop(parameters, grads, state, beta2, learning_rate, epsilon)
      list(parameters = out$parameters, state = out$s)
    }),
    adam = rule(list(beta1 = beta1, beta2 = beta2, epsilon = epsilon), function(parameters) {
      vs <- init_adam(parameters)
      c(vs$v, vs$s, list(t = matrix(0, 1, 1)))
    }, function(parameters, grads, state) {
      t <- state$t[1, 1] + 1
      out <- update_parameters_with_adam(parameters, grads, state, state, t, learning_rate, beta1, beta2, epsilon)
      list(parameters = out$parameters, state = c(out$v, out$s, list(t = matrix(t, 1, 1))))
    })
  )
}
