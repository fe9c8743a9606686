# update_rule (R/engine-rules.R; twin of python/tests/test_engine_rules.py)

test_that("update_rule('gd') is update_parameters with an empty state", {
  rule <- update_rule("gd", learning_rate = 0.5)
  expect_s3_class(rule, "nnscratch_update_rule")
  expect_identical(rule$name, "gd")
  expect_identical(rule$hyper, list(learning_rate = 0.5))
  p <- list(W1 = matrix(c(1, 2, 3, 4), 2), b1 = matrix(c(0, 1), 2), W2 = matrix(c(1, -1), 1), b2 = matrix(0.5, 1))
  g <- list(dW2 = matrix(c(2, 4), 1), db2 = matrix(1, 1), dW1 = matrix(c(1, 0, -1, 2), 2), db1 = matrix(c(4, -2), 2))
  state <- rule$init_state(p)
  expect_identical(state, structure(list(), names = character(0)))
  out <- rule$step(p, g, state)
  expect_named(out, c("parameters", "state"))
  expect_identical(out$parameters, update_parameters(p, g, 0.5))
  expect_identical(out$parameters$W1, matrix(c(0.5, 2, 3.5, 3), 2))
  expect_identical(out$parameters$b2, matrix(0, 1))
  expect_identical(out$state, state)
})

test_that("the defaults are gd and the notebook's learning rate", {
  rule <- update_rule()
  expect_identical(rule$name, "gd")
  expect_identical(rule$hyper$learning_rate, 0.0075)
})

test_that("an unknown rule or a bad learning rate is refused", {
  known <- "update rule must be one of 'gd', 'momentum', 'rmsprop', 'adam'; got "
  expect_error(update_rule("nesterov"), paste0(known, "'nesterov'"), fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule("Adam"), paste0(known, "'Adam'"), fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule("it's"), paste0(known, '"it\'s"'), fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule(1), paste0(known, "'1'"), fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule(NA_character_), known, fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule("gd", 0), "learning_rate must be a positive number; got 0", class = "nnscratch_value_error")
  expect_error(update_rule("gd", -0.5), "learning_rate must be a positive number; got -0.5",
               class = "nnscratch_value_error")
})

# -- momentum, RMSprop, Adam (issue 13; twin of python/tests/test_engine_rules.py) ----

test_that("hyper holds the hyper-parameters each rule uses, and they are checked", {
  expect_identical(update_rule("momentum", 0.1)$hyper, list(learning_rate = 0.1, beta = 0.9))
  expect_identical(update_rule("rmsprop", 0.1)$hyper, list(learning_rate = 0.1, beta2 = 0.999, epsilon = 1e-8))
  expect_identical(update_rule("adam", 0.1)$hyper, list(learning_rate = 0.1, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8))
  expect_identical(update_rule("adam", 0.1, beta1 = 0.5, beta2 = 0L, epsilon = 1)$hyper,
                   list(learning_rate = 0.1, beta1 = 0.5, beta2 = 0, epsilon = 1))
  err <- function(expr, msg) expect_error(expr, msg, fixed = TRUE, class = "nnscratch_value_error")
  err(update_rule("adam", 0.1, beta = 1), "beta must be a number in [0, 1); got 1")
  err(update_rule("adam", 0.1, beta1 = -0.1), "beta1 must be a number in [0, 1); got -0.1")
  err(update_rule("adam", 0.1, epsilon = 0), "epsilon must be a positive number; got 0")
})

test_that("each rule's step is the core's step", {
  p <- init_param(c(3, 2, 1), seed = 2)
  g <- setNames(lapply(p, function(x) x * 0 + seq_along(x) / 7 - 0.3), paste0("d", names(p)))
  rule <- update_rule("momentum", 0.1, beta = 0.8)
  expect_identical(rule$init_state(p), init_momentum(p))
  out <- rule$step(p, g, rule$init_state(p))
  want <- update_parameters_with_momentum(p, g, init_momentum(p), 0.8, 0.1)
  expect_identical(out, list(parameters = want$parameters, state = want$v))
  rule <- update_rule("rmsprop", 0.1, beta2 = 0.95, epsilon = 1e-6)
  out <- rule$step(p, g, rule$init_state(p))
  want <- update_parameters_with_rmsprop(p, g, init_rmsprop(p), 0.95, 0.1, 1e-6)
  expect_identical(out, list(parameters = want$parameters, state = want$s))
  rule <- update_rule("adam", 0.1, beta1 = 0.7, beta2 = 0.95, epsilon = 1e-6)
  vs <- init_adam(p)
  s0 <- rule$init_state(p)
  expect_identical(s0, c(vs$v, vs$s, list(t = matrix(0, 1, 1))))
  o1 <- rule$step(p, g, s0)
  w1 <- update_parameters_with_adam(p, g, vs$v, vs$s, 1, 0.1, 0.7, 0.95, 1e-6)
  expect_identical(o1, list(parameters = w1$parameters, state = c(w1$v, w1$s, list(t = matrix(1, 1, 1)))))
  o2 <- rule$step(o1$parameters, g, o1$state)
  w2 <- update_parameters_with_adam(w1$parameters, g, w1$v, w1$s, 2, 0.1, 0.7, 0.95, 1e-6)
  expect_identical(o2, list(parameters = w2$parameters, state = c(w2$v, w2$s, list(t = matrix(2, 1, 1)))))
})

test_that("each rule through engine_fit learns, and resuming (also through a model file) is bit-identical", {
  set.seed(4)
  X <- matrix(rnorm(4 * 40), 4)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), 1)
  dims <- c(4, 5, 1)
  for (name in c("gd", "momentum", "rmsprop", "adam")) {
    rule <- update_rule(name, if (name %in% c("rmsprop", "adam")) 0.01 else 0.1)
    fit <- function(...) engine_fit(X, Y, dims, init = "he", cost_every = 1, rule = rule, ...)
    full <- fit(num_iterations = 40)
    expect_lt(full$costs[40], 0.9 * full$costs[1])
    saved <- list()
    cond <- tryCatch(fit(num_iterations = 40, checkpoint_every = 10,
                         checkpoint = function(done, p, costs, rule_state) {
                           saved[[length(saved) + 1L]] <<- list(done = done, p = p, costs = costs, state = rule_state)
                         },
                         callback = function(i, cost) {
                           if (i == 22) signalCondition(structure(class = c("interrupt", "condition"), list()))
                         }),
                     nnscratch_interrupted = function(c) c)
    expect_identical(cond$iteration, 23)
    if (name == "adam") expect_identical(cond$rule_state$t, matrix(23, 1, 1))
    rest <- fit(num_iterations = 17, parameters = cond$parameters, rule_state = cond$rule_state, start_iteration = 23)
    expect_identical(rest$parameters, full$parameters, label = name)
    expect_identical(c(cond$costs, rest$costs), full$costs)
    ck <- saved[[2]]
    f <- tempfile(fileext = ".txt")
    save_model(f, ck$p, list(architecture = dims, update_rule = name, rule_state = ck$state))
    m <- load_model(f)
    unlink(f)
    if (name != "gd") expect_identical(names(m$meta$rule_state), names(ck$state))
    rest <- fit(num_iterations = 20, parameters = m$parameters, rule_state = m$meta$rule_state, start_iteration = 20)
    expect_identical(rest$parameters, full$parameters, label = name)
    expect_identical(c(ck$costs, rest$costs), full$costs)
  }
})
