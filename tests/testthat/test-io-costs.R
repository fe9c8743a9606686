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
