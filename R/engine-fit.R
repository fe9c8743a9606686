# The training engine engine_fit (twin of python/nnscratch/engine/fit.py): the
# loop of dense_nn (R/train.R) with what makes training fast and safe around
# it -- the fused one-pass step (R/engine-fused.R), an update rule as a
# parameter (R/engine-rules.R), divergence detection and interrupts that keep
# the work done (R/engine-stopping.R), checkpoints and resume. The command
# line trains with it.

#' Train an L-layer network: the engine behind the command line
#'
#' The loop of \code{\link{dense_nn}} (forward, cost, backward, update,
#' record the cost) with the fused step, a pluggable update rule, divergence
#' detection, interrupts, checkpoints and resume. With
#' \code{fused = FALSE} and the default rule it gives exactly
#' \code{dense_nn}'s result; with \code{fused = TRUE} the same up to
#' floating-point summation order.
#'
#' @param X (n0, m) inputs, one sample per column, finite.
#' @param Y (1, m) labels in \{0, 1\}.
#' @param layers_dims Layer widths \code{c(n0, n1, ..., 1)} with
#'   \code{n0 == nrow(X)}.
#' @param learning_rate Step size (> 0) of the default rule (the
#'   divergence message names the rule's own \code{hyper$learning_rate} when it
#'   has one).
#' @param num_iterations Number of gradient steps (a positive integer).
#' @param print_cost If TRUE, print "Cost after iteration i: cost" at
#'   each recorded iteration.
#' @param seed,init Passed to \code{\link{init_param}}.
#' @param rule NULL (\code{update_rule("gd", learning_rate)}) or a rule from
#'   \code{\link{update_rule}} (any list with the functions \code{init_state}
#'   and \code{step} described there).
#' @param parameters NULL, or start from these parameters (named list
#'   \code{W<l>}: (n_l, n_(l-1)), \code{b<l>}: (n_l, 1)) instead of
#'   \code{\link{init_param}}; \code{seed} and \code{init} are then unused.
#' @param rule_state NULL (\code{rule$init_state(parameters)}) or the rule's
#'   state to start from, a named list of matrices (from a checkpoint, with
#'   its parameters).
#' @param cost_every Record (and print) the cost every this many iterations.
#' @param callback NULL or a function \code{callback(i, cost)} called after
#'   every iteration, with the 0-based iteration number \code{i}.
#' @param start_iteration Number of the first iteration (when resuming from a
#'   checkpoint, so that costs are recorded at the same iterations as in an
#'   uninterrupted run and the two end identical).
#' @param checkpoint NULL or a function \code{checkpoint(iterations_done,
#'   parameters, costs, rule_state)} called every \code{checkpoint_every}
#'   completed iterations.
#' @param checkpoint_every 0 (never) or a positive integer.
#' @param fused TRUE: each iteration's cost and gradients come from
#'   \code{\link{forward_backward}} (one pass over X, no dA0); FALSE: from
#'   \code{\link{deep_model}}, \code{\link{cost_computation}} and
#'   \code{\link{deep_model_back}}, as in \code{dense_nn}.
#' @param block_size For the fused step: NULL (one full-width pass, the
#'   fastest in R) or the number of columns per block.
#' @param threads NULL (automatic: from the work size and the cores free at
#'   the start, see R/engine-threads.R) or a positive integer: R's BLAS
#'   threads for the whole call (OpenBLAS, set at run time and restored
#'   after; with another BLAS nothing is changed).
#' @return A list with \code{parameters}, the trained named list
#'   \code{W1, b1, ..., WL, bL}, and \code{costs}, the costs at the iterations
#'   i with \code{i \%\% cost_every == 0} (each is the cost of the parameters
#'   before that iteration's step). Errors of class
#'   \code{nnscratch_value_error} for bad arguments,
#'   \code{nnscratch_diverged} when the cost becomes NaN/infinite or explodes,
#'   \code{nnscratch_interrupted} on Ctrl-C; the last two (class
#'   \code{nnscratch_training_stopped}) carry \code{iteration},
#'   \code{parameters} (the last good ones), \code{costs} and
#'   \code{rule_state}.
#' @examples
#' set.seed(0)
#' X <- matrix(rnorm(160), 4)
#' Y <- matrix((X[1, ] + X[2, ] > 0) * 1, 1)
#' fit <- engine_fit(X, Y, c(4, 3, 1), learning_rate = 0.1, num_iterations = 3, cost_every = 1)
#' length(fit$costs) # 3
#' names(fit$parameters) # W1 b1 W2 b2
#' @export
engine_fit <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                       print_cost = FALSE, seed = 1, init = "scaled", rule = NULL, parameters = NULL,
                       rule_state = NULL, cost_every = 100, callback = NULL, start_iteration = 0,
                       checkpoint = NULL, checkpoint_every = 0, fused = TRUE, block_size = NULL,
                       threads = NULL) {
  check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
  check_positive_int("cost_every", cost_every)
  check_positive_int("checkpoint_every", checkpoint_every, allow_zero = TRUE)
  check_positive_int("start_iteration", start_iteration, allow_zero = TRUE)
  threads <- check_threads(threads)
  if (is.null(rule)) {
    rule <- update_rule("gd", learning_rate)
  } else if (!is.list(rule) || !is.function(rule$init_state) || !is.function(rule$step)) {
    nn_abort(sprintf("rule must be an update rule (see update_rule); got %s", class(rule)[1L]), "nnscratch_type_error")
  }
  if (is.null(parameters)) {
    parameters <- init_param(layers_dims, seed = seed, init = init)
  } else {
    check_parameters(parameters, n0 = nrow(X))
  }
  if (is.null(rule_state)) {
    rule_state <- rule$init_state(parameters)
  } else if (!is.list(rule_state)) {
    nn_abort(sprintf("rule_state must be a named list of matrices; got %s", class(rule_state)[1L]),
             "nnscratch_type_error")
  }
  rate <- if (is.null(rule$hyper$learning_rate)) learning_rate else rule$hyper$learning_rate # for the divergence hint
  step <- function(parameters) {
    if (fused) return(forward_backward(X, Y, parameters, block_size))
    fwd <- deep_model(X, parameters)
    list(cost = cost_computation(fwd$AL, Y),
         grads = deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE))
  }
  recorded <- function(done) costs[seq_len(n_recorded(start_iteration, done, cost_every))]
  costs <- numeric(0)
  recent <- numeric(0) # finite costs of the last DIVERGENCE_WINDOW iterations
  # (iterations done, parameters and rule state after them), replaced by one
  # assignment so an interrupt can never pair a count with the wrong weights.
  now <- list(done = start_iteration, parameters = parameters, rule_state = rule_state)
  before <- NULL # the same one step back
  dims <- c(nrow(X), vapply(seq_len(length(parameters) %/% 2L), function(l) nrow(parameters[[paste0("W", l)]]), 0))
  old_threads <- set_blas_threads(resolve_threads(threads, step_work(dims, ncol(X))))
  if (!is.null(old_threads)) on.exit(set_blas_threads(old_threads), add = TRUE) # also on error/interrupt
  tryCatch({
    # seq_len() is a compact sequence: no vector of num_iterations values is allocated
    for (k in seq_len(num_iterations)) {
      i <- start_iteration + k - 1 # 0-based, as in Python
      out <- step(now$parameters)
      cost <- out$cost
      if (diverged(cost, recent)) {
        good <- if (is.null(before)) now else before # the last parameters whose cost was fine
        last <- if (length(recent)) sprintf("%s at iteration %d", fmt_g6(recent[length(recent)]), i - 1) else "none"
        stop(training_stopped(
          "nnscratch_diverged",
          sprintf("training diverged at iteration %d: cost is %s (last finite cost %s); try a lower learning rate than %s",
                  i, fmt_g6(cost), last, sprintf("%g", rate)),
          good$done, good$parameters, recorded(good$done), good$rule_state))
      }
      recent <- c(recent, cost)
      if (length(recent) > DIVERGENCE_WINDOW) recent <- recent[-1L]
      moved <- rule$step(now$parameters, out$grads, now$rule_state)
      if (i %% cost_every == 0) {
        costs <- c(costs, cost)
        if (print_cost) cat(sprintf("Cost after iteration %d: %f\n", i, cost))
      }
      before <- now
      now <- list(done = i + 1, parameters = moved$parameters, rule_state = moved$state)
      if (!is.null(callback)) callback(i, cost)
      if (!is.null(checkpoint) && checkpoint_every > 0 && (i + 1) %% checkpoint_every == 0) {
        checkpoint(i + 1, now$parameters, costs, now$rule_state)
      }
    }
  }, interrupt = function(cond) {
    stop(training_stopped("nnscratch_interrupted", sprintf("training interrupted after %d iterations", now$done),
                          now$done, now$parameters, recorded(now$done), now$rule_state))
  })
  list(parameters = now$parameters, costs = costs)
}
