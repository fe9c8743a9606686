# How training stops early without losing work (twin of
# python/nnscratch/engine/stopping.py): the divergence rule and the conditions
# engine_fit signals.
#
# A diverging run signals an error of class "nnscratch_diverged", an
# interrupted one (Ctrl-C) an error of class "nnscratch_interrupted"; both
# also have class "nnscratch_training_stopped" and carry the number of
# iterations done, the last good parameters, the costs recorded so far and the
# update rule's state that goes with those parameters (cond$iteration,
# cond$parameters, cond$costs, cond$rule_state).

# A run diverges when its cost is not finite, or when it grew to more than
# DIVERGENCE_FACTOR times its lowest value of the last DIVERGENCE_WINDOW
# iterations and is above DIVERGENCE_MIN_COST = 2 log(2) (twice the cost of
# guessing 0.5 for every sample). The floor keeps the short spikes that
# gradient descent with a large step recovers from (0.03 -> 1.09 -> back) from
# counting; a real blow-up goes to NaN or to the clipped maximum (~34.5).
DIVERGENCE_WINDOW <- 100L
DIVERGENCE_FACTOR <- 10
DIVERGENCE_MIN_COST <- 2 * log(2)

#' Whether a cost means the run is diverging
#'
#' @param cost The cost at the current iteration (a double).
#' @param window The finite costs of the last (at most DIVERGENCE_WINDOW)
#'   iterations, possibly empty.
#' @return TRUE or FALSE.
#' @noRd
diverged <- function(cost, window) {
  if (!is.finite(cost)) return(TRUE)
  if (!length(window)) return(FALSE)
  low <- min(window)
  cost > DIVERGENCE_FACTOR * low && cost > DIVERGENCE_MIN_COST
}

#' How many costs a run records for iterations start .. done - 1 (those with i %% cost_every == 0)
#' @noRd
n_recorded <- function(start, done, cost_every) {
  ceiling(done / cost_every) - ceiling(start / cost_every)
}

#' The condition of a training run that stopped early
#'
#' @param class "nnscratch_diverged" or "nnscratch_interrupted".
#' @param message The message.
#' @param iteration Number of completed iterations (\code{parameters} are the
#'   result of exactly that many steps).
#' @param parameters The last good parameters.
#' @param costs The costs recorded so far.
#' @param rule_state The update rule's state that goes with \code{parameters}.
#' @return A condition object (to give to \code{stop()}).
#' @noRd
training_stopped <- function(class, message, iteration, parameters, costs, rule_state) {
  structure(class = c(class, "nnscratch_training_stopped", "nnscratch_error", "error", "condition"),
            list(message = message, call = NULL, iteration = iteration, parameters = parameters,
                 costs = costs, rule_state = rule_state))
}
