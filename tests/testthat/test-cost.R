# cost_computation

test_that("cost_computation is the mean binary cross-entropy, by hand", {
  AL <- matrix(c(0.8, 0.4), 1)
  Y <- matrix(c(1, 0), 1)
  # -(log(0.8) + log(1 - 0.4)) / 2
  expect_equal(cost_computation(AL, Y), 0.3669845875401002, tolerance = 1e-15)
  expect_equal(cost_computation(AL, Y), -(log(0.8) + log(0.6)) / 2, tolerance = 1e-15)
  expect_equal(cost_computation(matrix(0.5, 1, 4), matrix(c(0, 1, 1, 0), 1)), log(2), tolerance = 1e-15)
})

test_that("cost_computation returns a plain double scalar", {
  cost <- cost_computation(matrix(c(0.8, 0.4), 1), matrix(c(1, 0), 1))
  expect_type(cost, "double")
  expect_length(cost, 1)
  expect_null(dim(cost))
  expect_null(attributes(cost))
})

test_that("saturated outputs give a large but finite cost (clipped at 1e-15)", {
  expect_no_warning(cost <- cost_computation(matrix(c(0, 1), 1), matrix(c(1, 0), 1)))
  expect_true(is.finite(cost))
  expect_equal(cost, 34.53917619362578, tolerance = 1e-14) # numpy's value
  expect_equal(cost, 34.54, tolerance = 1e-3)
  expect_lte(cost_computation(matrix(0, 1, 1), matrix(1, 1, 1)), -log(1e-15) + 1e-12)
})

test_that("perfect saturated predictions cost about 1e-15, not NaN", {
  cost <- cost_computation(matrix(c(1, 0), 1), matrix(c(1, 0), 1))
  expect_true(is.finite(cost))
  expect_gte(cost, 0)
  expect_lt(cost, 1e-14)
})

test_that("cost_computation divides by m = ncol(Y) and accepts integer and vector labels", {
  AL <- matrix(c(0.9, 0.2, 0.6), 1)
  Y <- matrix(c(1, 0, 1), 1)
  expect_equal(cost_computation(AL, Y), -(log(0.9) + log(0.8) + log(0.6)) / 3, tolerance = 1e-15)
  expect_identical(cost_computation(AL, matrix(c(1L, 0L, 1L), 1)), cost_computation(AL, Y))
  expect_identical(cost_computation(AL, c(1, 0, 1)), cost_computation(AL, Y))
  expect_equal(cost_computation(matrix(0.25, 1, 1), matrix(1, 1, 1)), log(4), tolerance = 1e-15)
})
