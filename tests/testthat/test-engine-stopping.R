# diverged, n_recorded, training_stopped (R/engine-stopping.R; twin of
# python/tests/test_engine_stopping.py)

test_that("a non-finite cost is divergence; a short spike below 2 log(2) is not", {
  expect_true(diverged(NaN, numeric(0)))
  expect_true(diverged(Inf, 0.7))
  expect_true(diverged(-Inf, 0.7))
  expect_false(diverged(0.7, numeric(0)))           # nothing to compare with yet
  expect_false(diverged(1.09, c(0.03, 0.05)))       # 36 times the lowest, but below 2 log(2)
  expect_true(diverged(18, c(0.7, 0.76)))           # blow-up
  expect_false(diverged(7.5, c(1, 0.75, 2)))        # exactly 10 times the lowest is not more than that
  expect_true(diverged(7.51, c(1, 0.75, 2)))
})

test_that("the divergence constants", {
  expect_identical(DIVERGENCE_WINDOW, 100L)
  expect_identical(DIVERGENCE_FACTOR, 10)
  expect_identical(DIVERGENCE_MIN_COST, 2 * log(2))
})

test_that("n_recorded counts the iterations i in start .. done - 1 with i %% cost_every == 0", {
  count <- function(start, done, every) sum(seq.int(start, length.out = done - start) %% every == 0)
  for (start in c(0, 3, 5, 23)) {
    for (done in start + c(0, 1, 4, 17)) {
      for (every in c(1, 2, 5, 100)) {
        expect_identical(n_recorded(start, done, every), as.numeric(count(start, done, every)),
                         label = sprintf("n_recorded(%g, %g, %g)", start, done, every))
      }
    }
  }
  expect_identical(n_recorded(0, 23, 5), 5)
  expect_identical(n_recorded(0, 0, 100), 0)
})

test_that("training_stopped builds an nnscratch error carrying the state", {
  p <- list(W1 = matrix(1, 1, 2), b1 = matrix(0, 1, 1))
  cond <- training_stopped("nnscratch_interrupted", "training interrupted after 4 iterations", 4, p, c(0.7, 0.6),
                           list(vW1 = matrix(2, 1, 2)))
  expect_identical(class(cond), c("nnscratch_interrupted", "nnscratch_training_stopped", "nnscratch_error",
                                  "error", "condition"))
  expect_identical(conditionMessage(cond), "training interrupted after 4 iterations")
  expect_null(conditionCall(cond))
  expect_identical(cond$iteration, 4)
  expect_identical(cond$parameters, p)
  expect_identical(cond$costs, c(0.7, 0.6))
  expect_identical(cond$rule_state, list(vW1 = matrix(2, 1, 2)))
  expect_error(stop(cond), "training interrupted after 4 iterations", class = "nnscratch_training_stopped")
})
