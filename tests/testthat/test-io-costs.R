# The costs CSV (R/io-costs.R).

test_that("write_costs_csv writes iteration,cost with exact values", {
  f <- tempfile(fileext = ".csv")
  write_costs_csv(f, c(0.7, 0.1, 1 / 3), 10)
  expect_identical(readLines(f), c("iteration,cost", "0,0.69999999999999996", "10,0.10000000000000001",
                                   "20,0.33333333333333331"))
  expect_identical(as.numeric(utils::read.csv(f)$cost), c(0.7, 0.1, 1 / 3))
  write_costs_csv(f, c(0.5, 0.25), 100)
  expect_identical(readLines(f), c("iteration,cost", "0,0.5", "100,0.25"))
  write_costs_csv(f, numeric(0), 10)
  expect_identical(readLines(f), "iteration,cost")
})


test_that("costs_to_csv_lines: iterations as whole numbers, costs %.17g", {
  expect_identical(costs_to_csv_lines(c(0.5, 1e-20), 3e9),
                   c("iteration,cost", "0,0.5", "3000000000,9.9999999999999995e-21"))
  expect_identical(costs_to_csv_lines(numeric(0), 10), "iteration,cost")
})

# -- issue 13: the epochs engine's history ------------------------------------------------------------

test_that("history_to_csv_lines: the columns in order, epochs whole, %.17g, NaN written nan as Python", {
  h <- list(epoch = 1:3, cost = c(0.7, 1 / 3, 2.5e-7), accuracy = c(0.5, 0.625, 1),
            val_cost = c(0.8, NaN, Inf), val_accuracy = c(0.25, NA, 0), best_epoch = 1L)
  expect_identical(HISTORY_COLUMNS, c("epoch", "cost", "accuracy", "val_cost", "val_accuracy"))
  expect_identical(history_to_csv_lines(h), c(
    "epoch,cost,accuracy,val_cost,val_accuracy",
    "1,0.69999999999999996,0.5,0.80000000000000004,0.25",
    "2,0.33333333333333331,0.625,nan,nan",
    "3,2.4999999999999999e-07,1,inf,0"))
  empty <- setNames(rep(list(numeric(0)), 5L), HISTORY_COLUMNS)
  expect_identical(history_to_csv_lines(empty), "epoch,cost,accuracy,val_cost,val_accuracy")
})

test_that("write_history_csv writes atomically and reads back exactly; refusals in Python's words", {
  d <- tempfile("hist-")
  f <- file.path(d, "history.csv")
  h <- list(epoch = c(1, 2), cost = c(0.7, 1 / 3), accuracy = c(0.5, 0.75), val_cost = c(NaN, NaN),
            val_accuracy = c(NaN, NaN))
  expect_identical(write_history_csv(f, h), f)
  back <- utils::read.csv(f)
  expect_identical(names(back), HISTORY_COLUMNS)
  expect_identical(as.numeric(back$cost), h$cost)
  expect_identical(list.files(d, all.files = TRUE, no.. = TRUE), "history.csv")
  expect_error(history_to_csv_lines(h[-4L]), "^history has no 'val_cost'")
  h$cost <- 0.7
  expect_error(history_to_csv_lines(h), "^history columns must have the same length; got epoch 2, cost 1, accuracy 2, val_cost 2, val_accuracy 2$")
  h$cost <- c(0.7, 0.5)
  h$epoch <- c(1.5, 2)
  expect_error(history_to_csv_lines(h), "^history epochs must be whole numbers; got 1.5$")
})
