# relu, relu_backprop, sigmoid, sigmoid_backprop

test_that("relu zeroes negatives, keeps the matrix shape and returns Z as cache", {
  Z <- matrix(c(-2, 0, 3, -0.5, 1.5, 0), nrow = 2)
  out <- relu(Z)
  expect_named(out, c("A", "cache"))
  expect_identical(out$A, matrix(c(0, 0, 3, 0, 1.5, 0), nrow = 2))
  expect_identical(out$cache, Z)
})

test_that("relu keeps (1, m), (n, 1) and (1, 1) matrices", {
  expect_identical(relu(matrix(c(-1, 2, -3), 1))$A, matrix(c(0, 2, 0), 1))
  expect_identical(relu(matrix(c(-1, 2, -3), 3))$A, matrix(c(0, 2, 0), 3))
  expect_identical(relu(matrix(-1, 1, 1))$A, matrix(0, 1, 1))
})

test_that("relu_backprop passes dA where Z > 0 and gives 0 elsewhere, Z == 0 included", {
  Z <- matrix(c(-2, 0, 3, -0.5, 1.5, 0), nrow = 2)
  dA <- matrix(1:6 + 0, nrow = 2)
  expect_identical(relu_backprop(dA, Z), matrix(c(0, 0, 3, 0, 5, 0), nrow = 2))
})

test_that("relu_backprop gives exactly 0 (not NaN) where Z <= 0 even if dA is infinite", {
  Z <- matrix(c(-1, 0, NaN, 2), 1)
  dA <- matrix(c(Inf, -Inf, 7, 3), 1)
  expect_identical(relu_backprop(dA, Z), matrix(c(0, 0, 0, 3), 1))
})

test_that("sigmoid gives the textbook values", {
  expect_identical(sigmoid(0)$A, 0.5)
  expect_identical(sigmoid(2)$A, 1 / (1 + exp(-2)))
  expect_equal(sigmoid(2)$A, 0.8807970779778823, tolerance = 1e-15)
  expect_identical(sigmoid(-2)$A, exp(-2) / (1 + exp(-2)))
  expect_equal(sigmoid(-2)$A, 0.11920292202211755, tolerance = 1e-15)
  expect_equal(sigmoid(-3)$A + sigmoid(3)$A, 1, tolerance = 1e-15)
})

test_that("regression: sigmoid is 1/(1+exp(-Z)), not the notebook R port's 1/(1+exp(Z))", {
  expect_gt(sigmoid(2)$A, 0.5)
  expect_lt(sigmoid(-2)$A, 0.5)
  expect_false(isTRUE(all.equal(sigmoid(2)$A, 1 / (1 + exp(2)))))
})

test_that("sigmoid does not overflow: +-1000 give exactly 1 and 0, finite, no warning", {
  expect_no_warning(out <- sigmoid(matrix(c(-1000, 1000, -745, 745), 1)))
  expect_true(all(is.finite(out$A)))
  expect_identical(out$A[1, 1:2], c(0, 1))
  expect_gt(out$A[1, 3], 0) # exp(-745) is a subnormal, not 0
  expect_identical(dim(out$A), c(1L, 4L))
})

test_that("sigmoid keeps matrix shapes, returns Z as cache and propagates NaN", {
  Z <- matrix(c(-1, 0, 1), 1)
  out <- sigmoid(Z)
  expect_named(out, c("A", "cache"))
  expect_identical(dim(out$A), c(1L, 3L))
  expect_identical(out$cache, Z)
  expect_identical(dim(sigmoid(matrix(1, 1, 1))$A), c(1L, 1L))
  expect_true(is.nan(sigmoid(NaN)$A))
})

test_that("sigmoid_backprop is dA * s * (1 - s)", {
  expect_identical(sigmoid_backprop(1, 0), 0.25)
  Z <- matrix(c(0, 2, -1), 1)
  dA <- matrix(c(2, 4, -1), 1)
  s <- 1 / (1 + exp(-c(0, 2, -1)))
  expect_equal(sigmoid_backprop(dA, Z), matrix(c(2, 4, -1) * s * (1 - s), 1), tolerance = 1e-15)
  expect_identical(sigmoid_backprop(dA, Z)[1, 1], 0.5)
})

test_that("sigmoid_backprop matches a central difference of sigmoid", {
  Z <- matrix(c(-3, -0.2, 0.7, 4), 2)
  h <- 1e-6
  numeric_deriv <- (sigmoid(Z + h)$A - sigmoid(Z - h)$A) / (2 * h)
  expect_equal(sigmoid_backprop(matrix(1, 2, 2), Z), numeric_deriv, tolerance = 1e-8)
})

test_that("sigmoid_backprop is 0, not NaN, at saturation", {
  expect_identical(sigmoid_backprop(matrix(c(1, 1), 1), matrix(c(-1000, 1000), 1)), matrix(c(0, 0), 1))
})
