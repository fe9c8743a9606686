# engine_fit_epochs: mini-batch training by epochs (twin of
# python/nnscratch/engine/epochs.py), used by the command line's --epochs.
# Each epoch shuffles the training columns, cuts them into mini-batches
# (random_mini_batches) and takes one step of the update rule per batch, with a
# learning-rate schedule, L2 regularization and inverted dropout (R/batches.R,
# R/schedules.R, R/regularization.R, R/dropout.R), a validation pass, early
# stopping, divergence detection, interrupts, checkpoints and an exact resume,
# also in the middle of an epoch.
#
# The random streams: epoch e (0, 1, ...) draws everything from one generator
# numpy_random_state((seed + e) mod 2^32): first the permutation of the
# columns, then the dropout masks of batch 1, batch 2, ... So a run can
# restart any epoch from its number alone: to resume after b batches of epoch
# e, rebuild that generator, redraw the permutation and the masks of the b
# batches done.
#
# The run state (a named list; epoch_state_to_meta turns it into model-file
# header keys and blocks, epoch_state_from_meta back): epoch (epochs
# completed), batch (batches done in the current epoch), parameters and
# rule_state after those batches, partial = c(weighted cost sum, samples
# classified right, samples seen) of the current epoch, history (the finished
# epochs), best_epoch (NULL or 1-based), best_parameters (NULL or a named list,
# kept only with early stopping) and wait (epochs since the best one).

# The per-epoch vectors of the history, in order.
EPOCH_HISTORY_KEYS <- c("epoch", "cost", "accuracy", "val_cost", "val_accuracy")
# Prefix of the best parameters among a checkpoint's state blocks (best_W1, ...).
BEST_PREFIX <- "best_"

#' Train by epochs of mini-batches
#'
#' Each epoch e (0, 1, ...) shuffles the columns of X with
#' \code{numpy_random_state((seed + e) mod 2^32)}, cuts them into batches
#' (\code{\link{random_mini_batches}}), draws each batch's dropout masks from
#' the same generator, and takes one step of the epoch's rule per batch: the
#' rule rebuilt with the learning rate
#' \code{learning_rate_schedule(lr0, e, lr_schedule, lr_decay, lr_interval)}
#' (its state carries over).
#'
#' @param X (n0, m) training inputs, one sample per column.
#' @param Y (1, m) labels in \{0, 1\}.
#' @param layers_dims Layer widths \code{c(n0, n1, ..., 1)}; the parameters
#'   start from \code{init_param(layers_dims, seed, init)}.
#' @param rule NULL (\code{update_rule("gd", 0.0075)}) or a rule from
#'   \code{\link{update_rule}}; its learning rate is the schedule's lr0.
#' @param epochs Number of epochs in all (a resumed run counts those done).
#' @param batch_size Columns per mini-batch (the last batch holds the rest).
#' @param seed Integer in \[0, 2^32 - 1\]: init_param's seed and the epochs' streams.
#' @param init init_param's recipe.
#' @param lr_schedule,lr_decay,lr_interval The learning-rate schedule (see
#'   \code{\link{learning_rate_schedule}}).
#' @param l2 L2 strength lambda >= 0 (\code{\link{l2_cost}} added to each batch
#'   cost, \code{\link{l2_grads}} to its gradients; m is the batch size).
#' @param keep_prob Probability of keeping a hidden unit, in (0, 1]; 1 is no dropout.
#' @param X_val,Y_val NULL or a validation set (n0, m_val), (1, m_val).
#' @param patience 0, or stop after this many epochs without a strictly lower
#'   validation cost and return the parameters of the best epoch (needs X_val).
#' @param print_cost If TRUE, print one line per epoch.
#' @param fused With keep_prob == 1, compute the cost and gradients of each
#'   batch wider than a 4 MiB block of X with \code{\link{forward_backward}}'s
#'   one pass, and of narrower batches with the core steps (measured faster
#'   there); FALSE: always the core steps.
#' @param resume NULL or a state (from the interrupted condition's
#'   \code{state}, a checkpoint or \code{epoch_state_from_meta}) to continue:
#'   the result is bit-identical to the run that was not interrupted.
#' @param checkpoint NULL or a function \code{checkpoint(state)} called every
#'   \code{checkpoint_every} completed epochs (0: never) and at an interrupt.
#' @param checkpoint_every 0 or a positive integer.
#' @param callback NULL or a function \code{callback(epoch, batch, cost)}
#'   called after every batch (epoch 1-based, batch = batches done in it).
#' @param threads NULL (automatic: from the batch size and the cores free at
#'   the start, see R/engine-threads.R) or a positive integer: R's BLAS
#'   threads for the whole call (OpenBLAS, set at run time and restored after).
#' @return \code{list(parameters = , history = )}; history has the
#'   equal-length vectors \code{epoch} (1, 2, ...), \code{cost} (the mean of
#'   the batch costs weighted by the batch sizes, L2 included),
#'   \code{accuracy} (fraction of the training samples the batch forward passes
#'   classified right), \code{val_cost}, \code{val_accuracy} (cross-entropy
#'   and accuracy of a full forward pass on X_val, no dropout, no L2; NaN
#'   without X_val), and \code{best_epoch}, the epoch with the lowest val_cost
#'   (NULL without X_val). With patience > 0 the parameters are those after
#'   \code{best_epoch}. Errors of class \code{nnscratch_diverged} (a batch cost
#'   became NaN/infinite or exploded; \code{cond$state} is the last good state,
#'   \code{cond$epoch}, \code{cond$batch} where) and
#'   \code{nnscratch_interrupted} (\code{cond$state} resumes exactly).
#' @examples
#' set.seed(0)
#' X <- matrix(rnorm(160), 4)
#' Y <- matrix((X[1, ] + X[2, ] > 0) * 1, 1)
#' fit <- engine_fit_epochs(X, Y, c(4, 3, 1), rule = update_rule("adam", 0.01), epochs = 2,
#'                          batch_size = 16)
#' fit$history$epoch # 1 2
#' fit$history$cost
#' @export
engine_fit_epochs <- function(X, Y, layers_dims, rule = NULL, epochs = 10, batch_size = 64, seed = 1,
                              init = "scaled", lr_schedule = "constant", lr_decay = 0.0, lr_interval = 10,
                              l2 = 0.0, keep_prob = 1.0, X_val = NULL, Y_val = NULL, patience = 0,
                              print_cost = FALSE, fused = TRUE, resume = NULL, checkpoint = NULL,
                              checkpoint_every = 1, callback = NULL, threads = NULL) {
  rule <- check_epochs_rule(rule)
  dims <- check_training_args(X, Y, layers_dims, rule$hyper$learning_rate, 1)
  epochs <- check_positive_int("epochs", epochs)
  batch_size <- check_positive_int("batch_size", batch_size)
  seed <- check_seed(seed)
  check_epochs_schedule(lr_schedule, lr_decay, lr_interval)
  l2 <- check_epochs_number("l2", l2)
  keep_prob <- check_epochs_keep_prob(keep_prob)
  check_validation_set(X_val, Y_val, nrow(X))
  check_positive_int("patience", patience, allow_zero = TRUE)
  if (patience > 0 && is.null(X_val)) nn_abort("patience needs a validation set (X_val, Y_val)")
  check_positive_int("checkpoint_every", checkpoint_every, allow_zero = TRUE)
  threads <- check_threads(threads)
  for (name in c("checkpoint", "callback")) {
    fn <- get(name)
    if (!is.null(fn) && !is.function(fn)) {
      nn_abort(sprintf("%s must be a function or NULL; got %s", name, class(fn)[1L]), "nnscratch_type_error")
    }
  }
  state <- if (is.null(resume)) {
    parameters <- init_param(dims, seed = seed, init = init)
    new_epoch_state(parameters, rule$init_state(parameters))
  } else {
    check_epoch_state(resume, nrow(X))
  }

  # The run: its settings, and (replaced by one assignment after every batch)
  # `done`, the state after the last completed batch, so an interrupt never
  # pairs a position with the wrong weights; `recent`, the finite costs of the
  # last DIVERGENCE_WINDOW batches since the (re)start.
  run <- new.env(parent = emptyenv())
  settings <- list(X = X, Y = Y, dims = dims, rule = rule, batch_size = batch_size, seed = seed,
                   lr_schedule = lr_schedule, lr_decay = lr_decay, lr_interval = lr_interval, l2 = l2,
                   keep_prob = keep_prob, fused = fused, fused_above = fused_above(X),
                   n_batches = ceiling(ncol(X) / batch_size),
                   callback = callback, done = state, recent = numeric(0))
  for (k in names(settings)) assign(k, settings[[k]], envir = run)
  # BLAS for every product, without R's NaN scan of both operands first (the
  # default matprod): X is checked once above, and a NaN from the weights
  # makes the batch cost NaN, a divergence, whichever product ran; finite
  # operands give the same numbers (the same dgemm), as forward_backward does.
  old_matprod <- options(matprod = "blas")
  on.exit(options(old_matprod), add = TRUE)
  old_threads <- set_blas_threads(resolve_threads(threads, step_work(dims, min(batch_size, ncol(X)))))
  if (!is.null(old_threads)) on.exit(set_blas_threads(old_threads), add = TRUE) # also on error/interrupt
  tryCatch({
    while (run$done$epoch < epochs && !stopped_early(run$done, patience)) {
      state <- run_epoch(run)
      run$done <- end_epoch(state, X_val, Y_val, patience, print_cost)
      if (!is.null(checkpoint) && checkpoint_every > 0 && run$done$epoch %% checkpoint_every == 0) {
        checkpoint(run$done)
      }
    }
  }, interrupt = function(cond) {
    state <- run$done
    if (!is.null(checkpoint)) checkpoint(state)
    cond <- training_stopped(
      "nnscratch_interrupted",
      sprintf("training interrupted in epoch %d after %d of %d batches", state$epoch + 1, state$batch, run$n_batches),
      steps_done(state, run), state$parameters, state$history$cost, state$rule_state)
    cond$state <- state
    stop(cond)
  })
  epochs_result(run$done, patience)
}

# -- one epoch, one batch ------------------------------------------------------------------

#' Epoch e's rule: the same rule and hyper-parameters with the scheduled learning rate
#' @noRd
epoch_rule <- function(rule, e, run) {
  lr <- learning_rate_schedule(rule$hyper$learning_rate, e, run$lr_schedule, run$lr_decay, run$lr_interval)
  other <- rule$hyper[names(rule$hyper) != "learning_rate"]
  do.call(update_rule, c(list(rule$name, lr), other))
}

#' Epoch e's generator and batches (the list random_mini_batches(X, Y,
#' batch_size, gen) returns, bit for bit); the masks of the first `skip`
#' batches (done before a resume) are drawn again so that the generator stands
#' where it stood. The engine itself takes one batch at a time (epoch_order,
#' batch_columns): same matrices, no shuffled copy of X
#' @noRd
epoch_batches <- function(run, e, skip) {
  eo <- epoch_order(run, e, skip)
  n_batches <- ceiling(length(eo$order) / run$batch_size)
  list(gen = eo$gen, batches = lapply(seq_len(n_batches), function(b) batch_columns(run, eo$order, b)))
}

#' Epoch e's generator and column order: numpy_permutation(gen, m) + 1L, the
#' draw random_mini_batches makes; then the masks of the first `skip` batches
#' are drawn again. random_mini_batches checks X (a full is.finite scan) and
#' copies all of it shuffled every epoch; the engine has checked X once, so it
#' draws only the permutation here and copies one batch at a time
#' (batch_columns): the same batches and stream, without an (n0, m) copy and a
#' scan of X per epoch
#' @noRd
epoch_order <- function(run, e, skip) {
  gen <- numpy_random_state((run$seed + e) %% 2^32)
  order <- numpy_permutation(gen, ncol(run$X)) + 1L # numpy's 0-based -> R's 1-based
  for (b in seq_len(skip)) draw_masks(run, length(batch_index(run, order, b)), gen)
  list(gen = gen, order = order)
}

#' The columns of batch b (1-based) in the column order `order`
#' @noRd
batch_index <- function(run, order, b) {
  order[((b - 1) * run$batch_size + 1):min(b * run$batch_size, length(order))]
}

#' Batch b (1-based) of an epoch with column order `order`: list(X = , Y = ),
#' columns order[(b - 1) * size + 1 .. b * size] of X and Y (the last batch
#' holds the rest): equal to random_mini_batches(X, Y, size, gen)[[b]]
#' @noRd
batch_columns <- function(run, order, b) {
  cols <- batch_index(run, order, b)
  list(X = run$X[, cols, drop = FALSE], Y = run$Y[, cols, drop = FALSE])
}

#' The dropout masks of one batch (NULL without dropout: nothing is drawn)
#' @noRd
draw_masks <- function(run, m_b, gen) {
  if (run$keep_prob == 1) return(NULL)
  dropout_masks(run$dims, m_b, run$keep_prob, gen)
}

#' Run the rest of epoch run$done$epoch batch by batch, updating run$done;
#' returns the state after its last batch (partial sums complete, history not
#' yet extended)
#' @noRd
run_epoch <- function(run) {
  state <- run$done
  e <- state$epoch
  rule <- epoch_rule(run$rule, e, run)
  eo <- epoch_order(run, e, state$batch)
  previous <- NULL # the state one batch back, in this epoch
  for (b in state$batch + seq_len(run$n_batches - state$batch)) {
    batch <- batch_columns(run, eo$order, b)
    X_b <- batch$X
    Y_b <- batch$Y
    masks <- draw_masks(run, ncol(X_b), eo$gen)
    out <- batch_cost_grads(run, X_b, Y_b, state$parameters, masks)
    if (diverged(out$cost, run$recent)) stop(diverged_condition(run, rule, state, previous, out$cost, e, b))
    run$recent <- utils::tail(c(run$recent, out$cost), DIVERGENCE_WINDOW)
    moved <- rule$step(state$parameters, out$grads, state$rule_state)
    m_b <- ncol(X_b)
    previous <- state
    state$batch <- b
    state$parameters <- moved$parameters
    state$rule_state <- moved$state
    state$partial <- c(state$partial[1] + out$cost * m_b, state$partial[2] + out$right, state$partial[3] + m_b)
    run$done <- state
    if (!is.null(run$callback)) run$callback(e + 1, b, out$cost)
  }
  state
}

#' One batch: list(cost (incl. L2), right (samples classified right), grads (incl. L2))
#' @noRd
batch_cost_grads <- function(run, X_b, Y_b, parameters, masks) {
  m_b <- ncol(X_b)
  if (!is.null(masks)) {
    fwd <- deep_model_with_dropout(X_b, parameters, masks, run$keep_prob)
    AL <- fwd$AL
    cost <- cost_computation(AL, Y_b)
    grads <- deep_model_back_with_dropout(AL, Y_b, fwd$caches, masks, run$keep_prob, input_grad = FALSE)
  } else if (run$fused && ncol(X_b) > run$fused_above) {
    # forward_backward's pass, also giving AL (for the accuracy): no second forward pass
    fb <- forward_backward_output(X_b, Y_b, parameters)
    cost <- fb$cost
    grads <- fb$grads
    AL <- fb$AL
  } else {
    fwd <- deep_model(X_b, parameters)
    AL <- fwd$AL
    cost <- cost_computation(AL, Y_b)
    grads <- deep_model_back(AL, Y_b, fwd$caches, input_grad = FALSE)
  }
  if (run$l2 > 0) { # (l2_cost is 0 for l2 = 0: not computed, a sum over every weight per batch)
    cost <- cost + l2_cost(parameters, run$l2, m_b)
    grads <- l2_grads(grads, parameters, run$l2, m_b)
  }
  list(cost = cost, right = n_right(AL, Y_b), grads = grads)
}

#' With fused, batches wider than this many columns take the fused pass, the
#' others the core steps: default_block_size(nrow(X)), the columns of a 4 MiB
#' block of X. A batch that fits in one block stays in cache from the forward
#' to the backward products, so the one-pass forward_backward has nothing to
#' save there and its fixed costs show: per batch of n0 = 3072, the core steps
#' measured 1.0-1.32x faster in R and 1.0-1.27x in Python for 16-128 columns;
#' wider, R's fused pass was 1.26x (512 columns) to 1.8x (4096) faster and
#' Python's even (bench/README.md, "Engine speed"). The same rule in both
#' languages, so that both take the same path
#' @noRd
fused_above <- function(X) default_block_size(nrow(X))

#' How many samples the probabilities AL (1, m) classify right (AL > 0.5 is label 1)
#' @noRd
n_right <- function(AL, Y) sum((AL > 0.5) == (Y == 1))

#' c(cross-entropy, accuracy) of a full forward pass on the validation set; NaNs without one
#' @noRd
validation_pass <- function(X_val, Y_val, parameters) {
  if (is.null(X_val)) return(c(NaN, NaN))
  AL <- deep_model(X_val, parameters)$AL
  c(cost_computation(AL, Y_val), n_right(AL, Y_val) / ncol(X_val))
}

#' The state after an epoch: its history entry, the best epoch, the wait counter, a new epoch
#' @noRd
end_epoch <- function(state, X_val, Y_val, patience, print_cost) {
  p <- state$partial
  epoch <- state$epoch + 1
  val <- validation_pass(X_val, Y_val, state$parameters)
  hist <- state$history
  history <- list(epoch = c(hist$epoch, epoch), cost = c(hist$cost, p[1] / p[3]),
                  accuracy = c(hist$accuracy, p[2] / p[3]), val_cost = c(hist$val_cost, val[1]),
                  val_accuracy = c(hist$val_accuracy, val[2]))
  best_epoch <- state$best_epoch
  best_parameters <- state$best_parameters
  wait <- state$wait
  if (!is.null(X_val)) {
    if (is.null(best_epoch) || val[1] < hist$val_cost[best_epoch]) {
      best_epoch <- epoch
      wait <- 0
      best_parameters <- if (patience > 0) state$parameters else NULL
    } else {
      wait <- wait + 1
    }
  }
  if (print_cost) {
    line <- sprintf("Epoch %d: cost %f, accuracy %f", epoch, history$cost[epoch], history$accuracy[epoch])
    if (!is.null(X_val)) line <- sprintf("%s, val_cost %f, val_accuracy %f", line, val[1], val[2])
    cat(line, "\n", sep = "")
  }
  list(epoch = epoch, batch = 0, parameters = state$parameters, rule_state = state$rule_state,
       partial = c(0, 0, 0), history = history, best_epoch = best_epoch, best_parameters = best_parameters,
       wait = wait)
}

#' @noRd
stopped_early <- function(state, patience) patience > 0 && state$wait >= patience

#' list(parameters, history) of a finished run: the best epoch's parameters with early stopping
#' @noRd
epochs_result <- function(state, patience) {
  parameters <- if (patience > 0 && !is.null(state$best_parameters)) state$best_parameters else state$parameters
  history <- state$history[EPOCH_HISTORY_KEYS]
  history["best_epoch"] <- list(state$best_epoch)
  list(parameters = parameters, history = history)
}

#' @noRd
steps_done <- function(state, run) state$epoch * run$n_batches + state$batch

#' The nnscratch_diverged condition for batch b (1-based) of epoch e (0-based),
#' carrying the last good state (the one before the state whose cost is bad, as engine_fit)
#' @noRd
diverged_condition <- function(run, rule, state, previous, cost, e, b) {
  good <- if (is.null(previous)) state else previous
  recent <- run$recent
  last <- if (length(recent)) fmt_g6(recent[length(recent)]) else "none"
  cond <- training_stopped(
    "nnscratch_diverged",
    sprintf("training diverged in epoch %d at batch %d: cost is %s (last finite cost %s); try a lower learning rate than %s",
            e + 1, b, fmt_g6(cost), last, sprintf("%g", rule$hyper$learning_rate)),
    steps_done(good, run), good$parameters, good$history$cost, good$rule_state)
  cond$state <- good
  cond$epoch <- e + 1
  cond$batch <- b
  cond
}

# -- state -----------------------------------------------------------------------------------

#' The state of a run before its first batch
#' @noRd
new_epoch_state <- function(parameters, rule_state) {
  history <- lapply(stats::setNames(EPOCH_HISTORY_KEYS, EPOCH_HISTORY_KEYS), function(k) numeric(0))
  list(epoch = 0, batch = 0, parameters = parameters, rule_state = rule_state, partial = c(0, 0, 0),
       history = history, best_epoch = NULL, best_parameters = NULL, wait = 0)
}

EPOCH_STATE_KEYS <- c("epoch", "batch", "parameters", "rule_state", "partial", "history", "best_epoch",
                      "best_parameters", "wait")

#' resume: a state with every key of EPOCH_STATE_KEYS and consistent counts
#' @noRd
check_epoch_state <- function(state, n0) {
  missing <- if (is.list(state)) setdiff(EPOCH_STATE_KEYS, names(state)) else EPOCH_STATE_KEYS
  if (length(missing)) {
    nn_abort(sprintf("resume must be a training state (from a checkpoint); missing %s",
                     paste(missing, collapse = ", ")))
  }
  check_parameters(state$parameters, n0 = n0)
  for (k in EPOCH_HISTORY_KEYS) {
    if (length(state$history[[k]]) != state$epoch) {
      nn_abort(sprintf("resume: history %s has %d entries for %d epochs", k, length(state$history[[k]]),
                       as.integer(state$epoch)))
    }
  }
  state
}

#' A training state as model-file header keys and state blocks
#'
#' @param state The state of \code{\link{engine_fit_epochs}} (a checkpoint's,
#'   or the interrupted condition's \code{state}).
#' @return A named list: \code{epoch}, \code{batch}, \code{partial} (3
#'   numbers), \code{history_cost}, \code{history_accuracy},
#'   \code{history_val_cost}, \code{history_val_accuracy} (left out when
#'   empty), \code{best_epoch} (when there is one), \code{wait}, and
#'   \code{rule_state}: the rule's state matrices plus the best parameters as
#'   \code{best_W1}, \code{best_b1}, ...
#' @examples
#' set.seed(0)
#' X <- matrix(rnorm(160), 4)
#' Y <- matrix((X[1, ] + X[2, ] > 0) * 1, 1)
#' states <- list()
#' fit <- engine_fit_epochs(X, Y, c(4, 3, 1), epochs = 1, batch_size = 16,
#'                          checkpoint = function(state) states[[length(states) + 1L]] <<- state)
#' meta <- epoch_state_to_meta(states[[1]])
#' c(meta$epoch, meta$batch, meta$wait) # 1 0 0
#' @export
epoch_state_to_meta <- function(state) {
  meta <- list(epoch = as.double(state$epoch), batch = as.double(state$batch), partial = as.double(state$partial))
  for (k in EPOCH_HISTORY_KEYS[-1L]) {
    if (length(state$history[[k]])) meta[[paste0("history_", k)]] <- as.double(state$history[[k]])
  }
  if (!is.null(state$best_epoch)) meta[["best_epoch"]] <- as.double(state$best_epoch)
  meta[["wait"]] <- as.double(state$wait)
  blocks <- state$rule_state
  if (!length(blocks)) blocks <- structure(list(), names = character(0))
  for (k in names(state$best_parameters)) blocks[[paste0(BEST_PREFIX, k)]] <- state$best_parameters[[k]]
  meta[["rule_state"]] <- blocks
  meta
}

#' The training state saved by epoch_state_to_meta
#'
#' @param parameters The model file's parameters (named list W1, b1, ...).
#' @param meta The model file's header (a named list from
#'   \code{\link{load_model}}) with the keys \code{epoch_state_to_meta} writes.
#' @return The state, to pass as \code{resume} to \code{\link{engine_fit_epochs}}.
#' @examples
#' set.seed(0)
#' X <- matrix(rnorm(160), 4)
#' Y <- matrix((X[1, ] + X[2, ] > 0) * 1, 1)
#' states <- list()
#' fit <- engine_fit_epochs(X, Y, c(4, 3, 1), epochs = 1, batch_size = 16,
#'                          checkpoint = function(state) states[[length(states) + 1L]] <<- state)
#' state <- epoch_state_from_meta(fit$parameters, epoch_state_to_meta(states[[1]]))
#' c(state$epoch, state$batch) # 1 0
#' more <- engine_fit_epochs(X, Y, c(4, 3, 1), epochs = 2, batch_size = 16, resume = state)
#' more$history$epoch # 1 2
#' @export
epoch_state_from_meta <- function(parameters, meta) {
  if (is.null(meta[["epoch"]]) || is.null(meta[["batch"]])) {
    nn_abort("the model file holds no epochs state (no epoch and batch keys)")
  }
  epoch <- as.double(check_positive_int("epoch", meta[["epoch"]], allow_zero = TRUE))
  blocks <- meta[["rule_state"]]
  if (is.null(blocks)) blocks <- list()
  is_best <- startsWith(if (is.null(names(blocks))) character(0) else names(blocks), BEST_PREFIX)
  best <- blocks[is_best]
  names(best) <- substring(names(best), nchar(BEST_PREFIX) + 1L)
  history <- list(epoch = as.double(seq_len(epoch)))
  for (k in EPOCH_HISTORY_KEYS[-1L]) {
    v <- meta[[paste0("history_", k)]]
    history[[k]] <- if (is.null(v)) numeric(0) else as.double(unlist(v))
  }
  partial <- if (is.null(meta[["partial"]])) c(0, 0, 0) else as.double(unlist(meta[["partial"]]))
  if (length(partial) != 3L) nn_abort(sprintf("partial must hold 3 numbers; got %d", length(partial)))
  rule_state <- blocks[!is_best]
  if (!length(rule_state)) rule_state <- structure(list(), names = character(0))
  wait <- if (is.null(meta[["wait"]])) 0 else meta[["wait"]]
  state <- list(epoch = epoch, batch = as.double(check_positive_int("batch", meta[["batch"]], allow_zero = TRUE)),
                parameters = parameters, rule_state = rule_state, partial = partial, history = history,
                best_epoch = if (is.null(meta[["best_epoch"]])) NULL else as.double(check_positive_int("best_epoch", meta[["best_epoch"]])),
                best_parameters = if (length(best)) best else NULL,
                wait = as.double(check_positive_int("wait", wait, allow_zero = TRUE)))
  check_epoch_state(state, NULL)
}

# -- argument checks --------------------------------------------------------------------------

#' @noRd
check_epochs_rule <- function(rule) {
  if (is.null(rule)) return(update_rule("gd", 0.0075))
  if (!is.list(rule) || !is.character(rule$name) || !(rule$name %in% UPDATE_RULES) || !is.list(rule$hyper) ||
      is.null(rule$hyper$learning_rate)) {
    nn_abort(sprintf("rule must be an update rule from update_rule(); got %s", class(rule)[1L]),
             "nnscratch_type_error")
  }
  rule
}

#' @noRd
check_epochs_number <- function(name, value, low = 0) {
  if (!is.numeric(value) || length(value) != 1L || !is.finite(value) || value < low) {
    nn_abort(sprintf("%s must be a finite number >= %g; got %s", name, low,
                     if (is.numeric(value) && length(value) == 1L) sprintf("%g", value) else deparse(value)))
  }
  as.double(value)
}

#' @noRd
check_epochs_schedule <- function(lr_schedule, lr_decay, lr_interval) {
  if (!is.character(lr_schedule) || length(lr_schedule) != 1L || !(lr_schedule %in% LR_SCHEDULES)) {
    nn_abort(sprintf("lr_schedule must be one of %s; got %s", paste(sprintf("'%s'", LR_SCHEDULES), collapse = ", "),
                     quote_text(paste(lr_schedule, collapse = ","))))
  }
  check_epochs_number("lr_decay", lr_decay)
  check_positive_int("lr_interval", lr_interval)
}

#' @noRd
check_epochs_keep_prob <- function(keep_prob) {
  if (!is.numeric(keep_prob) || length(keep_prob) != 1L || is.na(keep_prob) || keep_prob <= 0 || keep_prob > 1) {
    nn_abort(sprintf("keep_prob must be a number in (0, 1]; got %s",
                     if (is.numeric(keep_prob) && length(keep_prob) == 1L) sprintf("%g", keep_prob) else deparse(keep_prob)))
  }
  as.double(keep_prob)
}

#' @noRd
check_validation_set <- function(X_val, Y_val, n0) {
  if (is.null(X_val) != is.null(Y_val)) nn_abort("X_val and Y_val must be given together")
  if (is.null(X_val)) return(invisible(NULL))
  tryCatch(check_X_Y(X_val, Y_val), nnscratch_error = function(cond) {
    nn_abort(sprintf("X_val, Y_val: %s", conditionMessage(cond)))
  })
  if (nrow(X_val) != n0) nn_abort(sprintf("X_val must have %d rows (as X); got %d", n0, nrow(X_val)))
  invisible(NULL)
}
