# fit_standardizer / standardize: hand-computed values, constant features, checks
# (the same values as python/tests/test_standardize.py).

test_that("hand example: means, population stds, a constant feature", {
  s <- fit_standardizer(rbind(c(1, 3), c(5, 5), c(-2, 6)))
  expect_identical(names(s), c("mean", "std"))
  expect_identical(s$mean, matrix(c(2, 5, 2), ncol = 1))
  expect_identical(s$std, matrix(c(1, 1, 4), ncol = 1)) # row 2 is constant: std 1, not 0
})

test_that("the std is the population one (ddof 0), not R's sd() (ddof 1)", {
  s <- fit_standardizer(matrix(c(1, 2, 3, 4), 1))
  expect_identical(s$mean, matrix(2.5))
  expect_identical(s$std, matrix(sqrt(1.25)))
  expect_false(s$std[1, 1] == sd(c(1, 2, 3, 4)))
})

test_that("a constant feature gets std 1 and its value as mean, and standardizes to 0", {
  X <- rbind(c(0.1, 0.1, 0.1), c(1, 2, 4))
  s <- fit_standardizer(X)
  expect_identical(s$mean[1, 1], 0.1)
  expect_identical(s$std[1, 1], 1)
  expect_identical(standardize(X, s)[1, ], c(0, 0, 0))
})

test_that("one sample: every feature constant", {
  X <- matrix(c(3, -7.5), ncol = 1)
  s <- fit_standardizer(X)
  expect_identical(s$mean, X)
  expect_identical(s$std, matrix(c(1, 1), ncol = 1))
  expect_identical(standardize(X, s), matrix(c(0, 0), ncol = 1))
})

test_that("a std that underflows to 0 is stored as 1", {
  X <- matrix(c(0, 1e-170), 1)
  s <- fit_standardizer(X)
  expect_identical(s$std[1, 1], 1)
  expect_true(all(is.finite(standardize(X, s))))
})

test_that("integer input gives double matrices", {
  X <- matrix(c(1L, 2L, 3L, 2L), 2)
  s <- fit_standardizer(X)
  expect_type(s$mean, "double")
  expect_type(s$std, "double")
  expect_identical(s$mean, matrix(c(2, 2), ncol = 1))
  expect_type(standardize(X, s), "double")
})

test_that("standardize: hand example (recycling down the columns)", {
  s <- list(mean = matrix(c(2, 5)), std = matrix(c(1, 2)))
  out <- standardize(rbind(c(1, 3, 2), c(5, 9, 0)), s)
  expect_identical(out, rbind(c(-1, 1, 0), c(0, 2, -2.5)))
})

test_that("standardize applies the training statistics to other data", {
  s <- fit_standardizer(matrix(c(0, 2, 4, 6), 1)) # mean 3, std sqrt(5)
  out <- standardize(matrix(c(3, 8), 1), s)
  expect_identical(out, matrix(c(0, 5 / sqrt(5)), 1))
})

test_that("the standardized training set has mean 0 and std 1 per feature", {
  set.seed(1)
  X <- matrix(rnorm(6 * 50), 6) * c(1, 10, 0.01, 1e3, 5, 1) + c(0, 100, -3, 1e4, 0, 7)
  Z <- standardize(X, fit_standardizer(X))
  expect_equal(rowMeans(Z), rep(0, 6), tolerance = 1e-12)
  expect_equal(sqrt(rowMeans(Z^2)), rep(1, 6), tolerance = 1e-12)
})

test_that("errors name the argument (Python's sentences)", {
  msg <- function(f, ...) tryCatch({ f(...); NA_character_ }, error = conditionMessage)
  expect_identical(msg(fit_standardizer, matrix(0, 3, 0)),
                   "X must have at least one sample (column) to fit a standardizer; got shape (3, 0)")
  expect_identical(msg(fit_standardizer, matrix(c(1, NaN), 1)),
                   "X holds NaN or infinite values (first at row 1, column 2)")
  expect_identical(msg(fit_standardizer, c(0, 0, 0)),
                   "X must be a 2-D array (n, m) with one sample per column; got shape (3,)")
  s <- fit_standardizer(rbind(c(1, 3), c(5, 9)))
  expect_identical(msg(standardize, matrix(0, 3, 4), s),
                   "X has 3 rows (features) but the standardizer was fitted on 2 features")
  expect_identical(msg(standardize, matrix(0, 2, 4), list(mean = s$mean)),
                   "standardizer must have entries 'mean' and 'std' (as fit_standardizer returns)")
  expect_identical(msg(standardize, matrix(0, 2, 4), list(means = s$mean, std = s$std)),
                   "standardizer must have entries 'mean' and 'std' (as fit_standardizer returns)")
  expect_identical(msg(standardize, matrix(0, 2, 4), list(mean = s$mean, std = matrix(1, 2, 2))),
                   "standardizer's mean and std must both have shape (n0, 1); got (2, 1) and (2, 2)")
  expect_identical(msg(standardize, matrix(0, 2, 4), list(mean = s$mean, std = matrix(c(1, 0)))),
                   "standardizer's std must hold finite positive numbers")
})
