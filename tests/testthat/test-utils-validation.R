# User-facing argument checks of dense_nn and friends (R/utils-validation.R):
# same wording as Python (python/tests/test_validation.py); errors of class
# nnscratch_value_error.

X <- matrix(c(0.5, 0.1, 0.9, 0.3, 0.2, 0.8, 0.7, 0.4, 0.6, 0.0, 1.0, 0.25), nrow = 3)
Y <- matrix(c(0, 1, 1, 0), nrow = 1)

call_dense <- function(...) {
  args <- list(X = X, Y = Y, layers_dims = c(3, 2, 1), learning_rate = 0.1, num_iterations = 2)
  over <- list(...)
  args[names(over)] <- over
  do.call(dense_nn, args)
}

expect_nn_error <- function(expr, msg, class = "nnscratch_value_error") {
  expect_error(expr, msg, fixed = TRUE, class = class)
}

test_that("layers_dims is checked", {
  expect_nn_error(call_dense(layers_dims = 3), "layers_dims must have at least 2 entries")
  expect_nn_error(call_dense(layers_dims = c(3, 0, 1)), "layers_dims must be positive integers; entry 2 is 0")
  expect_nn_error(call_dense(layers_dims = c(3, -4, 1)), "entry 2 is -4")
  expect_nn_error(call_dense(layers_dims = c(3, 2.5, 1)), "entry 2 is 2.5")
  expect_nn_error(call_dense(layers_dims = c(5, 2, 1)),
                  "layers_dims[1] must equal the number of rows of X (3); got 5")
  expect_nn_error(call_dense(layers_dims = c(3, 2, 2)), "the last entry of layers_dims must be 1")
})

test_that("X and Y are checked", {
  expect_nn_error(call_dense(Y = matrix(c(0, 1, 1), 1)),
                  "X and Y must have the same number of samples (columns): X has 4, Y has 3")
  expect_nn_error(call_dense(Y = c(0, 1, 1, 0)), "Y must be a 2-D array (n, m) with the labels of the m samples; got shape (4,)")
  expect_nn_error(call_dense(Y = matrix(c(0, 2, 1, 0), 1)), "Y must hold labels 0 or 1; found 2.0 at column 2")
  Xn <- X
  Xn[1, 1] <- NaN
  expect_nn_error(call_dense(X = Xn), "X holds NaN or infinite values (first at row 1, column 1)")
  Xi <- X
  Xi[2, 3] <- Inf
  expect_nn_error(call_dense(X = Xi), "X holds NaN or infinite values (first at row 2, column 3)")
  # positions are R's (1-based: Xi[2, 3]); "first" reads row by row, as numpy does (Python names the same
  # value with 0-based positions: parity_tests/test_14b_message_positions.py)
  Xi[1, 4] <- NaN
  expect_nn_error(call_dense(X = Xi), "X holds NaN or infinite values (first at row 1, column 4)")
  expect_nn_error(call_dense(X = "a"), "X must be a numeric matrix", class = "nnscratch_type_error")
})

test_that("learning rate, iterations, init and seed are checked", {
  expect_nn_error(call_dense(learning_rate = 0), "learning_rate must be a positive number; got 0")
  expect_nn_error(call_dense(learning_rate = -0.1), "learning_rate must be a positive number; got -0.1")
  expect_nn_error(call_dense(learning_rate = NaN), "learning_rate must be a positive number")
  expect_nn_error(call_dense(num_iterations = 0), "num_iterations must be a positive integer; got 0")
  expect_nn_error(call_dense(num_iterations = 2.5), "num_iterations must be a positive integer; got 2.5")
  expect_nn_error(call_dense(init = "glorot"), "init must be one of 'scaled', 'xavier', 'he'; got 'glorot'")
  expect_nn_error(call_dense(seed = -1), "seed must be an integer in [0, 4294967295]; got -1")
})

test_that("activation names and start parameters are checked", {
  expect_nn_error(for_activation(X, matrix(1, 1, 3), matrix(0, 1, 1), "tanh"),
                  "activation must be 'relu' or 'sigmoid'; got 'tanh'")
  p <- init_param(c(5, 2, 1))
  expect_nn_error(check_parameters(p, n0 = 3),
                  "W1 has shape (2, 5): its 5 columns must match the number of rows of X (3)")
  expect_nn_error(check_parameters(list(W1 = matrix(1, 1, 3)), n0 = 3),
                  "parameters must be a named list with W1, b1, ..., WL, bL")
  expect_nn_error(check_parameters(list(W1 = matrix(1, 1, 3), c1 = matrix(0, 1, 1))),
                  "parameters has no entry 'b1'", class = "nnscratch_key_error")
  expect_nn_error(check_parameters(list(W1 = matrix(1, 2, 3), b1 = matrix(0, 2, 1))),
                  "the output layer W1 must have 1 row (one probability per sample); got 2")
  expect_identical(check_parameters(init_param(c(3, 4, 2, 1)), n0 = 3), 3L)
})

test_that("is_integral and list_entry", {
  expect_true(is_integral(3))
  expect_true(is_integral(3L))
  for (x in list(2.5, NA, Inf, "3", c(1, 2), TRUE)) expect_false(is_integral(x), label = deparse(x))
  expect_identical(list_entry(list(W1 = 1), "W1", "parameters"), 1)
  expect_nn_error(list_entry(list(W1 = 1), "W2", "parameters"), "parameters has no entry 'W2'",
                  class = "nnscratch_key_error")
})

test_that("check_finite's fast path still finds values whose sum overflows or cancels", {
  expect_silent(check_finite("X", matrix(1e308, 2, 3))) # the sum overflows: every value is finite
  a <- matrix(0, 2, 3)
  a[2, 1] <- Inf
  a[2, 3] <- -Inf
  expect_error(check_finite("X", a), "X holds NaN or infinite values (first at row 2, column 1)", fixed = TRUE)
  expect_silent(check_finite("X", matrix(.Machine$integer.max, 2, 2))) # integers: no overflow warning
  expect_error(check_finite("Y", matrix(c(1L, NA), 1)), "first at row 1, column 2", fixed = TRUE)
})
