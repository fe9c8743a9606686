# engine_fit: the same result as dense_nn, and the engine's own arguments
# (start parameters, cost_every, callback, checkpoints, resume, an update rule
# with state); divergence and interruption lose nothing (twin of
# python/tests/test_engine_fit.py).

fit_data <- function(m = 40) {
  set.seed(3)
  X <- matrix(rnorm(4 * m), nrow = 4)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), nrow = 1)
  list(X = X, Y = Y)
}

# numpy's allclose(got, want, rtol, atol = 0), entry by entry, over the
# parameters and the costs of two runs.
expect_same_run <- function(got, want, rtol) {
  expect_identical(names(got$parameters), names(want$parameters))
  for (name in names(want$parameters)) {
    expect_identical(dim(got$parameters[[name]]), dim(want$parameters[[name]]))
    expect_true(all(abs(got$parameters[[name]] - want$parameters[[name]]) <= rtol * abs(want$parameters[[name]])),
                label = sprintf("%s within rtol %g", name, rtol))
  }
  expect_length(got$costs, length(want$costs))
  expect_true(all(abs(got$costs - want$costs) <= rtol * abs(want$costs)), label = sprintf("costs within rtol %g", rtol))
}

# Signals an "interrupt" condition, as Ctrl-C does.
interrupt <- function() signalCondition(structure(class = c("interrupt", "condition"), list()))

# A stateful rule defined here, as a future optimizer would be: gradient
# descent with momentum, v <- beta v + g, p <- p - lr v (state: vW1, vb1, ...).
momentum_rule <- function(learning_rate, beta = 0.9) {
  structure(class = "nnscratch_update_rule", list(
    name = "momentum",
    hyper = list(learning_rate = learning_rate, beta = beta),
    init_state = function(parameters) {
      structure(lapply(parameters, function(p) p * 0), names = paste0("v", names(parameters)))
    },
    step = function(parameters, grads, state) {
      for (name in names(parameters)) {
        v <- beta * state[[paste0("v", name)]] + grads[[paste0("d", name)]]
        state[[paste0("v", name)]] <- v
        parameters[[name]] <- parameters[[name]] - learning_rate * v
      }
      list(parameters = parameters, state = state)
    }
  ))
}

test_that("dense_nn equals engine_fit(fused = FALSE) exactly, and engine_fit() to rtol 1e-12", {
  # The fused step computes the same sums in another order (products in
  # another orientation, dW1 over column blocks): measured differences stay
  # below 3e-14 relative after 500 iterations; 1e-12 leaves room.
  d <- fit_data()
  for (case in list(list(dims = c(4, 5, 1), lr = 0.3, n = 57, init = "he"),
                    list(dims = c(4, 8, 5, 1), lr = 0.3, n = 201, init = "xavier"),
                    list(dims = c(4, 1), lr = 0.0075, n = 3, init = "scaled"))) {
    plain <- dense_nn(d$X, d$Y, case$dims, learning_rate = case$lr, num_iterations = case$n, init = case$init)
    expect_identical(engine_fit(d$X, d$Y, case$dims, learning_rate = case$lr, num_iterations = case$n,
                                init = case$init, fused = FALSE), plain)
    expect_same_run(engine_fit(d$X, d$Y, case$dims, learning_rate = case$lr, num_iterations = case$n,
                               init = case$init), plain, rtol = 1e-12)
    expect_same_run(engine_fit(d$X, d$Y, case$dims, learning_rate = case$lr, num_iterations = case$n,
                               init = case$init, block_size = 7), plain, rtol = 1e-12)
  }
  # the default rule is update_rule("gd", learning_rate)
  expect_identical(engine_fit(d$X, d$Y, c(4, 3, 1), learning_rate = 0.2, num_iterations = 9, fused = FALSE,
                              rule = update_rule("gd", 0.2)),
                   dense_nn(d$X, d$Y, c(4, 3, 1), learning_rate = 0.2, num_iterations = 9))
})

test_that("engine_fit records costs every cost_every iterations, from start_iteration on", {
  d <- fit_data()
  expect_length(engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 250, cost_every = 100)$costs, 3)
  out <- engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, cost_every = 2, fused = FALSE)
  every <- engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, cost_every = 1, fused = FALSE)
  expect_identical(out$costs, every$costs[c(1, 3, 5)])
  expect_identical(out$parameters, every$parameters)
  # start_iteration 3: iterations 3..7, costs recorded at 4 and 6
  expect_length(engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, cost_every = 2, start_iteration = 3)$costs, 2)
})

test_that("engine_fit starts from given parameters (seed and init unused) without modifying them", {
  d <- fit_data()
  p0 <- init_param(c(4, 3, 1), seed = 9, init = "he")
  copy <- p0
  a <- engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, parameters = p0, seed = 1, init = "scaled")
  b <- engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, seed = 9, init = "he")
  expect_identical(a, b)
  expect_identical(p0, copy)
  expect_error(engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 1, parameters = init_param(c(5, 2, 1))),
               "W1 has shape (2, 5): its 5 columns must match the number of rows of X (4)", fixed = TRUE,
               class = "nnscratch_value_error")
})

test_that("callback gets the 0-based iteration and that iteration's cost; print_cost prints recorded ones", {
  d <- fit_data()
  seen <- list()
  printed <- capture.output(
    out <- engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 5, cost_every = 2, init = "he", print_cost = TRUE,
                      callback = function(i, cost) seen[[length(seen) + 1]] <<- c(i, cost)))
  seen <- do.call(rbind, seen)
  expect_identical(seen[, 1], c(0, 1, 2, 3, 4))
  expect_identical(out$costs, seen[c(1, 3, 5), 2])
  expect_identical(printed, sprintf("Cost after iteration %d: %f", c(0L, 2L, 4L), out$costs))
})

test_that("engine_fit checks its own arguments", {
  d <- fit_data()
  fit <- function(...) engine_fit(d$X, d$Y, c(4, 3, 1), num_iterations = 2, ...)
  expect_error(fit(cost_every = 0), "cost_every must be a positive integer; got 0", class = "nnscratch_value_error")
  expect_error(fit(checkpoint_every = -1), "checkpoint_every must be a non-negative integer; got -1",
               class = "nnscratch_value_error")
  expect_error(fit(start_iteration = 1.5), "start_iteration must be a non-negative integer; got 1.5",
               class = "nnscratch_value_error")
  expect_error(fit(rule = "gd"), "rule must be an update rule (see update_rule); got character", fixed = TRUE,
               class = "nnscratch_type_error")
  expect_error(fit(rule = list(step = identity)), "rule must be an update rule (see update_rule); got list",
               fixed = TRUE, class = "nnscratch_type_error")
  expect_error(fit(rule_state = matrix(0, 2, 2)), "rule_state must be a named list of matrices; got matrix",
               fixed = TRUE, class = "nnscratch_type_error")
  expect_error(fit(block_size = 0), "block_size must be a positive integer", class = "nnscratch_value_error")
  expect_error(engine_fit(d$X, d$Y, c(4, 3, 1), learning_rate = 0), "learning_rate must be a positive number; got 0",
               class = "nnscratch_value_error")
})

test_that("divergence stops with the iteration, the last finite cost and the last good parameters", {
  d <- fit_data()
  cond <- tryCatch(engine_fit(d$X * 100, d$Y, c(4, 8, 1), learning_rate = 50, num_iterations = 200,
                              init = "he", cost_every = 1),
                   nnscratch_diverged = function(c) c)
  expect_s3_class(cond, "nnscratch_diverged")
  expect_s3_class(cond, "nnscratch_training_stopped")
  expect_match(conditionMessage(cond), "^training diverged at iteration [0-9]+: cost is ")
  # the learning rate printed with %g (50 -> "50"), the same sentence in both languages
  expect_match(conditionMessage(cond), "last finite cost .* try a lower learning rate than 50$", perl = TRUE)
  again <- if (cond$iteration > 0) {
    engine_fit(d$X * 100, d$Y, c(4, 8, 1), learning_rate = 50, num_iterations = cond$iteration,
               init = "he", cost_every = 1)
  } else {
    list(parameters = init_param(c(4, 8, 1), init = "he"), costs = numeric(0))
  }
  expect_identical(cond$parameters, again$parameters)
  expect_identical(cond$costs, again$costs)
  expect_identical(cond$rule_state, structure(list(), names = character(0))) # gd has no state
  expect_true(all(vapply(cond$parameters, function(p) all(is.finite(p)), logical(1))))
})

test_that("a NaN cost at the first iteration is divergence with the starting parameters", {
  d <- fit_data()
  p <- init_param(c(4, 1), init = "he")
  p$W1 <- p$W1 * NaN
  cond <- tryCatch(engine_fit(d$X, d$Y, c(4, 1), num_iterations = 3, parameters = p, learning_rate = 1e-5),
                   nnscratch_diverged = function(c) c)
  expect_identical(conditionMessage(cond),
                   "training diverged at iteration 0: cost is nan (last finite cost none); try a lower learning rate than 1e-05")
  expect_identical(cond$iteration, 0)
  expect_identical(cond$parameters, p)
  expect_identical(cond$costs, numeric(0))
})

test_that("the divergence hint names the rule's learning rate", {
  d <- fit_data()
  p <- init_param(c(4, 1), init = "he")
  p$W1 <- p$W1 * NaN
  expect_error(engine_fit(d$X, d$Y, c(4, 1), num_iterations = 3, parameters = p, rule = update_rule("gd", 0.25)),
               "try a lower learning rate than 0.25$", class = "nnscratch_diverged")
})

test_that("an interrupt keeps a consistent state and resuming gives the uninterrupted result", {
  d <- fit_data()
  full <- engine_fit(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57, init = "he", cost_every = 5)
  stop_at_23 <- function(i, cost) if (i == 22) interrupt()
  cond <- tryCatch(engine_fit(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57, init = "he",
                              cost_every = 5, callback = stop_at_23),
                   nnscratch_interrupted = function(c) c)
  expect_s3_class(cond, "nnscratch_interrupted")
  expect_identical(conditionMessage(cond), "training interrupted after 23 iterations")
  expect_equal(cond$iteration, 23)
  expect_length(cond$costs, 5)
  rest <- engine_fit(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57 - 23,
                     parameters = cond$parameters, rule_state = cond$rule_state, cost_every = 5, start_iteration = 23)
  expect_identical(c(cond$costs, rest$costs), full$costs)
  expect_identical(rest$parameters, full$parameters)
})

test_that("checkpoint(done, parameters, costs, rule_state) is called every checkpoint_every iterations", {
  d <- fit_data()
  seen <- list()
  out <- engine_fit(d$X, d$Y, c(4, 1), num_iterations = 10, cost_every = 2, checkpoint_every = 4,
                    checkpoint = function(done, p, costs, rule_state) {
                      seen[[length(seen) + 1L]] <<- list(done = done, p = p, n_costs = length(costs), state = rule_state)
                    })
  expect_identical(vapply(seen, function(s) s$done, numeric(1)), c(4, 8))
  expect_identical(vapply(seen, function(s) s$n_costs, integer(1)), c(2L, 4L))
  expect_identical(seen[[2]]$p, engine_fit(d$X, d$Y, c(4, 1), num_iterations = 8)$parameters)
  expect_identical(seen[[1]]$state, structure(list(), names = character(0)))
})

test_that("a rule's state reaches checkpoint() and the interrupt condition, and resuming with it is exact", {
  d <- fit_data()
  rule <- momentum_rule(0.1)
  dims <- c(4, 5, 1)
  full <- engine_fit(d$X, d$Y, dims, num_iterations = 57, init = "he", cost_every = 5, rule = rule)
  # momentum is not gradient descent: the state is used
  expect_false(identical(full$parameters, engine_fit(d$X, d$Y, dims, 0.1, 57, init = "he", cost_every = 5)$parameters))

  saved <- list()
  cond <- tryCatch(engine_fit(d$X, d$Y, dims, num_iterations = 57, init = "he", cost_every = 5, rule = rule,
                              checkpoint_every = 10,
                              checkpoint = function(done, p, costs, rule_state) {
                                saved[[length(saved) + 1L]] <<- list(done = done, p = p, costs = costs, state = rule_state)
                              },
                              callback = function(i, cost) if (i == 22) interrupt()),
                   nnscratch_interrupted = function(c) c)
  expect_identical(vapply(saved, function(s) s$done, numeric(1)), c(10, 20))
  expect_identical(cond$iteration, 23)
  expect_named(cond$rule_state, c("vW1", "vb1", "vW2", "vb2"))
  expect_identical(dim(cond$rule_state$vW1), c(5L, 4L))
  expect_true(any(cond$rule_state$vW1 != 0))
  expect_named(saved[[2]]$state, c("vW1", "vb1", "vW2", "vb2"))

  resume <- function(from) {
    engine_fit(d$X, d$Y, dims, num_iterations = 57 - from$done, cost_every = 5, rule = rule,
               parameters = from$p, rule_state = from$state, start_iteration = from$done)
  }
  from_cond <- resume(list(done = cond$iteration, p = cond$parameters, state = cond$rule_state))
  expect_identical(from_cond$parameters, full$parameters)
  expect_identical(c(cond$costs, from_cond$costs), full$costs)
  from_checkpoint <- resume(saved[[2]])
  expect_identical(from_checkpoint$parameters, full$parameters)
  expect_identical(c(saved[[2]]$costs, from_checkpoint$costs), full$costs)
  # without the state (a fresh one), the resumed run is not the uninterrupted one
  fresh <- resume(list(done = cond$iteration, p = cond$parameters, state = NULL))
  expect_false(identical(fresh$parameters, full$parameters))
})

test_that("a huge num_iterations allocates no vector of that length (issue 12)", {
  X <- matrix(c(0.1, 0.2, 0.3, 0.4), 2, 2)
  Y <- matrix(c(1, 0), 1, 2)
  seen <- 0
  stop_after_3 <- function(i, cost) {
    seen <<- i
    if (i >= 2) stop("enough")
  }
  expect_error(engine_fit(X, Y, c(2, 1), num_iterations = 3e9, callback = stop_after_3), "^enough$")
  expect_identical(seen, 2)
})
