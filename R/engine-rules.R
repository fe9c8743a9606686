# Update rules for engine_fit (twin of python/nnscratch/engine/rules.py): how
# the parameters move given the gradients, and the state the rule keeps
# between iterations (saved with checkpoints, so that a rule with state, such
# as momentum, resumes exactly). "gd" is the core's update_parameters and has
# no state.

#' An update rule for engine_fit
#'
#' A rule is a list of class \code{"nnscratch_update_rule"} with
#' \code{name}; \code{hyper}, a named list of its hyper-parameters;
#' \code{init_state(parameters)}, the state before the first step (a named
#' list of matrices; empty for "gd"); and \code{step(parameters, grads,
#' state)}, which returns \code{list(parameters = , state = )}.
#' \code{\link{engine_fit}} only uses these four entries, so any list of that
#' shape and class works as a rule.
#'
#' @param name "gd": plain gradient descent, \code{\link{update_parameters}}.
#' @param learning_rate Positive step size.
#' @return The rule.
#' @export
#' @examples
#' rule <- update_rule("gd", learning_rate = 0.1)
#' p <- list(W1 = matrix(1, 1, 2), b1 = matrix(0, 1, 1))
#' g <- list(dW1 = matrix(c(1, 2), 1, 2), db1 = matrix(1, 1, 1))
#' rule$step(p, g, rule$init_state(p))$parameters$W1 # 0.9 0.8
update_rule <- function(name = "gd", learning_rate = 0.0075) {
  if (!is.character(name) || length(name) != 1L || is.na(name) || name != "gd") {
    nn_abort(sprintf("update rule must be one of 'gd'; got %s", quote_text(paste(name, collapse = ","))))
  }
  check_learning_rate(learning_rate)
  structure(class = "nnscratch_update_rule", list(
    name = name,
    hyper = list(learning_rate = learning_rate),
    init_state = function(parameters) structure(list(), names = character(0)),
    step = function(parameters, grads, state) {
      list(parameters = update_parameters(parameters, grads, learning_rate), state = state)
    }
  ))
}
