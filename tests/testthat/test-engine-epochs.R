# engine_fit_epochs: epochs of mini-batches, schedules, L2, dropout, early
# stopping, exact resume (twin of python/tests/test_engine_epochs.py). Every
# comparison is bit for bit (identical) except with engine_fit (rtol 1e-12: the
# epochs engine shuffles the columns, so the gradient sums run in another order).

EPOCH_DIMS <- c(4, 5, 3, 1)
EPOCH_RULES <- c("gd", "momentum", "rmsprop", "adam")

epoch_data <- function(m = 50, seed = 0) {
  gen <- numpy_random_state(seed)
  X <- matrix(numpy_randn(gen, 4 * m), 4, m, byrow = TRUE) # numpy's rs.randn(4, m)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), nrow = 1)
  list(X = X, Y = Y)
}

# Signals an "interrupt" condition, as Ctrl-C does, after batch `batch` of epoch `epoch`.
interrupt_at <- function(epoch, batch) {
  function(e, b, cost) {
    if (e == epoch && b == batch) signalCondition(structure(class = c("interrupt", "condition"), list()))
  }
}

test_that("history keys, lengths and the batches of every epoch", {
  d <- epoch_data(50)
  calls <- list()
  out <- engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, epochs = 3, batch_size = 16,
                           callback = function(e, b, cost) calls[[length(calls) + 1L]] <<- c(e, b))
  h <- out$history
  expect_identical(names(h), c("epoch", "cost", "accuracy", "val_cost", "val_accuracy", "best_epoch"))
  expect_identical(h$epoch, c(1, 2, 3))
  for (k in c("cost", "accuracy", "val_cost", "val_accuracy")) expect_length(h[[k]], 3L)
  expect_true(all(is.nan(c(h$val_cost, h$val_accuracy))))
  expect_null(h$best_epoch)
  # 50 columns in batches of 16: 3 complete batches and a last one of 2
  expect_identical(calls, lapply(0:11, function(i) c(i %/% 4 + 1, i %% 4 + 1)))
  expect_identical(names(out$parameters), names(init_param(EPOCH_DIMS)))
})

hand_run <- function(X, Y, rule, epochs, batch_size, seed, keep_prob, l2) {
  parameters <- init_param(EPOCH_DIMS, seed = seed)
  state <- rule$init_state(parameters)
  costs <- accs <- numeric(0)
  for (e in seq_len(epochs) - 1) {
    gen <- numpy_random_state(seed + e)
    total <- 0
    right <- 0
    for (bt in random_mini_batches(X, Y, batch_size, gen)) {
      m_b <- ncol(bt$X)
      if (keep_prob < 1) {
        masks <- dropout_masks(EPOCH_DIMS, m_b, keep_prob, gen)
        fwd <- deep_model_with_dropout(bt$X, parameters, masks, keep_prob)
        grads <- deep_model_back_with_dropout(fwd$AL, bt$Y, fwd$caches, masks, keep_prob, input_grad = FALSE)
      } else {
        fwd <- deep_model(bt$X, parameters)
        grads <- deep_model_back(fwd$AL, bt$Y, fwd$caches, input_grad = FALSE)
      }
      cost <- cost_computation(fwd$AL, bt$Y) + l2_cost(parameters, l2, m_b)
      if (l2 > 0) grads <- l2_grads(grads, parameters, l2, m_b)
      moved <- rule$step(parameters, grads, state)
      parameters <- moved$parameters
      state <- moved$state
      total <- total + cost * m_b
      right <- right + sum((fwd$AL > 0.5) == (bt$Y == 1))
    }
    costs <- c(costs, total / ncol(X))
    accs <- c(accs, right / ncol(X))
  }
  list(parameters = parameters, cost = costs, accuracy = accs)
}

test_that("equals the loop written by hand (streams, last batch, L2, weighted cost), bit for bit", {
  d <- epoch_data(37)
  for (name in EPOCH_RULES) {
    for (case in list(c(1, 0), c(0.7, 0.3))) {
      rule <- update_rule(name, 0.02)
      want <- hand_run(d$X, d$Y, rule, 3, 8, 5, case[1], case[2])
      got <- engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = rule, epochs = 3, batch_size = 8, seed = 5,
                               keep_prob = case[1], l2 = case[2], fused = FALSE)
      expect_identical(got$parameters, want$parameters, label = name)
      expect_identical(got$history$cost, want$cost, label = name)
      expect_identical(got$history$accuracy, want$accuracy, label = name)
    }
  }
})

test_that("the fused step agrees with the core steps; one full batch per epoch is engine_fit", {
  d <- epoch_data(50)
  a <- engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.01), epochs = 3, batch_size = 16)
  b <- engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.01), epochs = 3, batch_size = 16,
                         fused = FALSE)
  for (k in names(a$parameters)) expect_equal(a$parameters[[k]], b$parameters[[k]], tolerance = 1e-12)
  expect_identical(a$history$accuracy, b$history$accuracy)
  d <- epoch_data(30)
  p <- engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("gd", 0.05), epochs = 20, batch_size = 1000,
                         fused = FALSE)
  q <- engine_fit(d$X, d$Y, EPOCH_DIMS, learning_rate = 0.05, num_iterations = 20, cost_every = 1, fused = FALSE)
  for (k in names(q$parameters)) expect_equal(p$parameters[[k]], q$parameters[[k]], tolerance = 1e-12)
  expect_equal(p$history$cost, q$costs, tolerance = 1e-12)
})

test_that("the learning rate of each epoch follows the schedule; the other hyper-parameters stay", {
  rule <- update_rule("adam", 0.1, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-7)
  lrs <- function(schedule, decay, interval) {
    run <- list(lr_schedule = schedule, lr_decay = decay, lr_interval = interval)
    vapply(0:3, function(e) {
      r <- epoch_rule(rule, e, run)
      expect_identical(r$name, "adam")
      expect_identical(r$hyper[c("beta1", "beta2", "epsilon")], list(beta1 = 0.8, beta2 = 0.99, epsilon = 1e-7))
      r$hyper$learning_rate
    }, 0)
  }
  expect_identical(lrs("constant", 0.5, 10), rep(0.1, 4))
  expect_identical(lrs("inverse", 1, 10), c(0.1, 0.1 / 2, 0.1 / 3, 0.1 / 4))
  expect_identical(lrs("step", 1, 2), c(0.1, 0.1, 0.1 / 2, 0.1 / 2))
  expect_identical(lrs("exponential", 0.5, 10), 0.1 * exp(-0.5 * 0:3))
})

test_that("early stopping stops after patience epochs and restores the best parameters", {
  d <- epoch_data(50)
  fit <- function(...) engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.05), batch_size = 10,
                                         X_val = d$X, Y_val = 1 - d$Y, ...)
  out <- fit(epochs = 20, patience = 3)
  expect_identical(out$history$epoch, c(1, 2, 3, 4))
  expect_identical(out$history$best_epoch, 1)
  expect_true(all(out$history$val_cost[2:4] > out$history$val_cost[1]))
  expect_identical(out$parameters, fit(epochs = 1)$parameters)
  last <- fit(epochs = 5)
  expect_identical(last$history$epoch, c(1, 2, 3, 4, 5))
  expect_identical(last$history$best_epoch, 1)
  # an equal validation cost is not better (strictly lower)
  state <- new_epoch_state(init_param(EPOCH_DIMS), list())
  state$partial <- c(1, 1, 2)
  s1 <- end_epoch(state, d$X, d$Y, 2, FALSE)
  expect_identical(c(s1$best_epoch, s1$wait), c(1, 0))
  s1$partial <- c(1, 1, 2)
  s2 <- end_epoch(s1, d$X, d$Y, 2, FALSE)
  expect_identical(c(s2$best_epoch, s2$wait), c(1, 1))
})

test_that("resume after an interrupt is bit-identical, for every rule, with and without dropout and L2", {
  d <- epoch_data(50)
  v <- epoch_data(20, seed = 1)
  for (name in EPOCH_RULES) {
    for (case in list(c(1, 0), c(0.8, 0.2))) {
      fit <- function(...) engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule(name, 0.01), epochs = 4,
                                             batch_size = 16, keep_prob = case[1], l2 = case[2], X_val = v$X,
                                             Y_val = v$Y, seed = 3, ...)
      want <- fit()
      for (where in list(c(2, 2), c(2, 4), c(1, 1))) {
        seen <- list()
        cond <- tryCatch(fit(callback = interrupt_at(where[1], where[2]), checkpoint_every = 0,
                             checkpoint = function(s) seen[[length(seen) + 1L]] <<- s),
                         nnscratch_interrupted = function(cond) cond)
        expect_s3_class(cond, "nnscratch_interrupted")
        state <- cond$state
        expect_identical(c(state$epoch, state$batch), c(where[1] - 1, where[2]))
        expect_identical(seen, list(state))
        expect_identical(cond$iteration, (where[1] - 1) * 4 + where[2])
        expect_identical(conditionMessage(cond),
                         sprintf("training interrupted in epoch %d after %d of 4 batches", where[1], where[2]))
        resumed <- epoch_state_from_meta(state$parameters, epoch_state_to_meta(state))
        got <- fit(resume = resumed)
        expect_identical(got, want, label = sprintf("%s keep %g at %d,%d", name, case[1], where[1], where[2]))
      }
    }
  }
})

test_that("resume from an epoch checkpoint is bit-identical", {
  d <- epoch_data(45)
  for (name in EPOCH_RULES) {
    fit <- function(...) engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule(name, 0.02), epochs = 5,
                                           batch_size = 10, keep_prob = 0.9, l2 = 0.1, X_val = d$X[, 1:9],
                                           Y_val = d$Y[, 1:9, drop = FALSE], patience = 4, lr_schedule = "inverse",
                                           lr_decay = 0.5, ...)
    want <- fit()
    cks <- list()
    fit(checkpoint = function(s) cks[[length(cks) + 1L]] <<- s, checkpoint_every = 2)
    expect_identical(lapply(cks, function(s) c(s$epoch, s$batch)), list(c(2, 0), c(4, 0)))
    for (s in cks) expect_identical(fit(resume = s), want)
  }
})

test_that("epoch_state_to_meta: header keys and state blocks, and back", {
  d <- epoch_data(50)
  cks <- list()
  engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.05), epochs = 3, batch_size = 16,
                    X_val = d$X, Y_val = 1 - d$Y, patience = 5, checkpoint = function(s) cks[[length(cks) + 1L]] <<- s)
  state <- cks[[3]]
  meta <- epoch_state_to_meta(state)
  expect_identical(names(meta), c("epoch", "batch", "partial", "history_cost", "history_accuracy",
                                  "history_val_cost", "history_val_accuracy", "best_epoch", "wait", "rule_state"))
  expect_identical(c(meta$epoch, meta$batch, meta$best_epoch, meta$wait), c(3, 0, 1, 2))
  expect_identical(meta$partial, c(0, 0, 0))
  expect_setequal(names(meta$rule_state),
                  c(outer(c("vdW", "vdb", "sdW", "sdb"), 1:3, paste0), "t", paste0("best_", names(state$parameters))))
  expect_identical(epoch_state_from_meta(state$parameters, meta), state)
  fresh <- new_epoch_state(init_param(EPOCH_DIMS), structure(list(), names = character(0)))
  m0 <- epoch_state_to_meta(fresh)
  expect_identical(names(m0), c("epoch", "batch", "partial", "wait", "rule_state"))
  expect_identical(epoch_state_from_meta(fresh$parameters, m0), fresh)
  meta$history_cost <- 0.5
  expect_error(epoch_state_from_meta(state$parameters, meta), "history cost has 1 entries for 3 epochs")
  expect_error(epoch_state_from_meta(state$parameters, list(architecture = EPOCH_DIMS)), "no epochs state")
})

test_that("a state goes through save_model / load_model unchanged", {
  d <- epoch_data(50)
  cond <- tryCatch(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.01), epochs = 4,
                                     batch_size = 16, keep_prob = 0.8, X_val = d$X, Y_val = 1 - d$Y, patience = 3,
                                     callback = interrupt_at(3, 2)),
                   nnscratch_interrupted = function(cond) cond)
  state <- cond$state
  path <- tempfile(fileext = ".txt")
  on.exit(unlink(path))
  save_model(path, state$parameters, c(list(architecture = EPOCH_DIMS), epoch_state_to_meta(state)))
  loaded <- load_model(path)
  back <- epoch_state_from_meta(loaded$parameters, loaded$meta)
  expect_identical(back, state)
})

test_that("divergence stops with the last good state and says where", {
  d <- epoch_data(50)
  cond <- tryCatch(engine_fit_epochs(d$X * 50, d$Y, EPOCH_DIMS, rule = update_rule("gd", 50), epochs = 20,
                                     batch_size = 10),
                   nnscratch_diverged = function(cond) cond)
  expect_s3_class(cond, "nnscratch_diverged")
  msg <- conditionMessage(cond)
  expect_true(startsWith(msg, sprintf("training diverged in epoch %d at batch %d: cost is ", cond$epoch, cond$batch)))
  expect_true(endsWith(msg, "try a lower learning rate than 50"))
  expect_identical(cond$iteration, cond$state$epoch * 5 + cond$state$batch)
  expect_identical(cond$parameters, cond$state$parameters)
  expect_true(all(vapply(cond$state$parameters, function(p) all(is.finite(p)), TRUE)))
})

test_that("argument errors name the argument", {
  d <- epoch_data(50)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, epochs = 0), "epochs must be a positive integer; got 0",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, batch_size = 2.5), "batch_size must be a positive integer; got 2.5",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, seed = -1), "seed must be an integer in", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, lr_schedule = "cosine"),
               "lr_schedule must be one of 'constant', 'step', 'inverse', 'exponential'; got 'cosine'", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, lr_decay = -1), "lr_decay must be a finite number >= 0; got -1",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, lr_interval = 0), "lr_interval must be a positive integer; got 0",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, l2 = NaN), "l2 must be a finite number >= 0; got NaN",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, keep_prob = 0), "keep_prob must be a number in (0, 1]; got 0",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, patience = 2), "patience needs a validation set (X_val, Y_val)",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, Y_val = matrix(0, 1, 3)), "X_val and Y_val must be given together",
               fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, X_val = matrix(0, 3, 3), Y_val = matrix(0, 1, 3)),
               "X_val must have 4 rows (as X); got 3", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, X_val = matrix(0, 4, 3), Y_val = matrix(0, 1, 2)),
               "X_val, Y_val: X and Y must have the same number", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, checkpoint_every = -1),
               "checkpoint_every must be a non-negative integer; got -1", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, resume = list(epoch = 1)),
               "resume must be a training state (from a checkpoint); missing batch, parameters", fixed = TRUE)
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = "adam"), "rule must be an update rule",
               class = "nnscratch_type_error")
  expect_error(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, callback = 3), "callback must be a function or NULL",
               class = "nnscratch_type_error")
})

test_that("print_cost prints one line per epoch; a finished early-stopped run resumes to itself", {
  d <- epoch_data(50)
  out <- capture.output(invisible(engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, epochs = 2, batch_size = 25, X_val = d$X,
                                                    Y_val = d$Y, print_cost = TRUE)))
  expect_length(out, 2L)
  expect_true(startsWith(out[1], "Epoch 1: cost ") && grepl(", val_cost ", out[1], fixed = TRUE))
  cks <- list()
  fit <- function(...) engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, rule = update_rule("adam", 0.05), batch_size = 10,
                                         X_val = d$X, Y_val = 1 - d$Y, patience = 2, epochs = 10, ...)
  want <- fit(checkpoint = function(s) cks[[length(cks) + 1L]] <<- s)
  expect_identical(fit(resume = cks[[length(cks)]]), want)
})

# -- speed paths (issue 13, "engine-speed"): the same batches, the same results ----------------

# Replaces the function `name` seen by the engine until the calling test ends.
engine_replace <- function(name, value, env = parent.frame()) {
  where <- environment(engine_fit_epochs)
  old <- get(name, envir = where)
  locked <- bindingIsLocked(name, where)
  if (locked) unlockBinding(name, where)
  assign(name, value, envir = where)
  withr::defer({
    assign(name, old, envir = where)
    if (locked) lockBinding(name, where)
  }, envir = env)
}

test_that("the engine's batches are random_mini_batches' batches, one at a time, and the stream stands alike", {
  d <- epoch_data(45, seed = 3)
  run <- list(X = d$X, Y = d$Y, dims = EPOCH_DIMS, batch_size = 8, seed = 7, keep_prob = 1)
  eo <- epoch_order(run, 2, 0)
  want_gen <- numpy_random_state(9)
  want <- random_mini_batches(d$X, d$Y, 8, want_gen)
  expect_length(want, 6L)
  for (b in seq_along(want)) expect_identical(batch_columns(run, eo$order, b), want[[b]])
  expect_identical(numpy_random_sample(eo$gen, 3), numpy_random_sample(want_gen, 3))
})

test_that("X is checked once per call, not once per epoch", {
  d <- epoch_data(40)
  n <- 0L
  real <- check_finite
  engine_replace("check_finite", function(name, a) {
    if (identical(dim(a), dim(d$X))) n <<- n + 1L
    real(name, a)
  })
  engine_fit_epochs(d$X, d$Y, EPOCH_DIMS, epochs = 4, batch_size = 8)
  expect_lte(n, 1L)
})

test_that("fused takes the one pass only for batches wider than a block, and agrees with the core steps", {
  n0 <- 16384 # default_block_size 32: batches of 40 are wider than a block, the last one (10) is not
  expect_identical(fused_above(matrix(0, n0, 1)), default_block_size(n0))
  expect_identical(default_block_size(n0), 32L)
  gen <- numpy_random_state(5)
  X <- matrix(numpy_randn(gen, n0 * 90), n0, 90, byrow = TRUE)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), nrow = 1)
  widths <- integer(0)
  real <- forward_backward_output
  engine_replace("forward_backward_output", function(X_b, ...) {
    widths <<- c(widths, ncol(X_b))
    real(X_b, ...)
  })
  a <- engine_fit_epochs(X, Y, c(n0, 3, 1), rule = update_rule("adam", 0.001), epochs = 2, batch_size = 40)
  expect_identical(widths, rep(40L, 4))
  b <- engine_fit_epochs(X, Y, c(n0, 3, 1), rule = update_rule("adam", 0.001), epochs = 2, batch_size = 40,
                         fused = FALSE)
  for (k in names(a$parameters)) expect_equal(a$parameters[[k]], b$parameters[[k]], tolerance = 1e-12)
  expect_equal(a$history$cost, b$history$cost, tolerance = 1e-12)
  expect_identical(a$history$accuracy, b$history$accuracy)
})

test_that("epoch_state_from_meta reads its keys exactly: epochs and batch_size are no epoch and batch", {
  # meta$epoch would partially match "epochs" (and meta$batch "batch_size"): the run's
  # settings, not a checkpoint position.
  p <- init_param(c(2, 1), seed = 1)
  expect_error(epoch_state_from_meta(p, list(epochs = 3, batch_size = 8)),
               "the model file holds no epochs state (no epoch and batch keys)", fixed = TRUE)
  expect_error(epoch_state_from_meta(p, list(epoch = 1, batch_size = 8)), "no epoch and batch keys", fixed = TRUE)
})
