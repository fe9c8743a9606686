# Divergence and interruption: nothing computed is lost (twin of python/tests/test_faults.py).

fault_data <- function(m = 40) {
  set.seed(3)
  X <- matrix(rnorm(4 * m), nrow = 4)
  Y <- matrix(as.numeric(X[1, ] - X[2, ] > 0), nrow = 1)
  list(X = X, Y = Y)
}

test_that("divergence stops with the iteration, the last finite cost and the last good parameters", {
  d <- fault_data()
  cond <- tryCatch(dense_nn(d$X * 100, d$Y, c(4, 8, 1), learning_rate = 50, num_iterations = 200,
                            init = "he", cost_every = 1),
                   nnscratch_diverged = function(c) c)
  expect_s3_class(cond, "nnscratch_diverged")
  expect_match(conditionMessage(cond), "^training diverged at iteration [0-9]+: cost is ")
  # the learning rate as Python's repr() prints it (50 -> "50.0"), the same sentence in both
  expect_match(conditionMessage(cond), "last finite cost .* try a lower learning rate than 50[.]0$", perl = TRUE)
  again <- if (cond$iteration > 0) {
    dense_nn(d$X * 100, d$Y, c(4, 8, 1), learning_rate = 50, num_iterations = cond$iteration,
             init = "he", cost_every = 1)
  } else {
    list(parameters = init_param(c(4, 8, 1), init = "he"), costs = numeric(0))
  }
  expect_identical(cond$parameters, again$parameters)
  expect_identical(cond$costs, again$costs)
  expect_true(all(vapply(cond$parameters, function(p) all(is.finite(p)), logical(1))))
})

test_that("a NaN cost is divergence; a short spike is not", {
  d <- fault_data()
  p <- init_param(c(4, 1), init = "he")
  p$W1 <- p$W1 * NaN
  expect_error(dense_nn(d$X, d$Y, c(4, 1), num_iterations = 3, parameters = p),
               "cost is nan", class = "nnscratch_diverged")
  expect_false(diverged(1.09, c(0.03, 0.05)))
  expect_true(diverged(18, c(0.7, 0.76)))
  expect_true(diverged(Inf, 0.7))
  expect_true(diverged(NaN, numeric(0)))
})

test_that("an interrupt keeps a consistent state and resuming gives the uninterrupted result", {
  d <- fault_data()
  full <- dense_nn(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57, init = "he", cost_every = 5)
  # signal an "interrupt" condition, as Ctrl-C does
  interrupt <- function() signalCondition(structure(class = c("interrupt", "condition"), list()))
  stop_at_23 <- function(i, cost) if (i == 22) interrupt()
  cond <- tryCatch(dense_nn(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57, init = "he",
                            cost_every = 5, callback = stop_at_23),
                   nnscratch_interrupted = function(c) c)
  expect_s3_class(cond, "nnscratch_interrupted")
  expect_equal(cond$iteration, 23)
  expect_length(cond$costs, 5)
  rest <- dense_nn(d$X, d$Y, c(4, 5, 1), learning_rate = 0.3, num_iterations = 57 - 23,
                   parameters = cond$parameters, cost_every = 5, start_iteration = 23)
  expect_identical(c(cond$costs, rest$costs), full$costs)
  expect_identical(rest$parameters, full$parameters)
})

test_that("checkpoint is called every checkpoint_every iterations", {
  d <- fault_data()
  seen <- list()
  dense_nn(d$X, d$Y, c(4, 1), num_iterations = 10, cost_every = 2, checkpoint_every = 4,
           checkpoint = function(done, p, costs) seen[[length(seen) + 1L]] <<- c(done, length(costs)))
  expect_identical(seen, list(c(4, 2), c(8, 4)))
})
