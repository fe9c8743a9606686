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
  expect_error(update_rule("adam"), "update rule must be one of 'gd'; got 'adam'", fixed = TRUE,
               class = "nnscratch_value_error")
  expect_error(update_rule(1), "update rule must be one of 'gd'; got '1'", fixed = TRUE, class = "nnscratch_value_error")
  expect_error(update_rule(NA_character_), "update rule must be one of 'gd'", class = "nnscratch_value_error")
  expect_error(update_rule("gd", 0), "learning_rate must be a positive number; got 0", class = "nnscratch_value_error")
  expect_error(update_rule("gd", -0.5), "learning_rate must be a positive number; got -0.5",
               class = "nnscratch_value_error")
})
