# update_parameters

two_layer <- function() {
  list(
    parameters = list(W1 = matrix(1, 2, 3), b1 = matrix(0, 2, 1),
                      W2 = matrix(1, 1, 2), b2 = matrix(0, 1, 1)),
    grads = list(dW2 = matrix(c(10, 20), 1), db2 = matrix(5, 1, 1), dA1 = matrix(99, 2, 4),
                 dW1 = matrix(1:6 + 0, 2), db1 = matrix(c(1, 2), ncol = 1))
  )
}

test_that("regression: each W[l], b[l] moves by its own dW[l], db[l] (not layer l + 1's)", {
  x <- two_layer()
  new <- update_parameters(x$parameters, x$grads, 0.5)
  expect_identical(new$W1, matrix(1 - 0.5 * (1:6), 2))
  expect_identical(new$b1, matrix(c(-0.5, -1), ncol = 1))
  expect_identical(new$W2, matrix(c(-4, -9), 1))
  expect_identical(new$b2, matrix(-2.5, 1, 1))
})

test_that("update_parameters uses Python's expression p - lr * g (same bits)", {
  x <- two_layer()
  new <- update_parameters(x$parameters, x$grads, 0.1)
  for (name in names(x$parameters)) {
    expect_identical(new[[name]], x$parameters[[name]] - 0.1 * x$grads[[paste0("d", name)]])
  }
  expect_identical(new$W2, matrix(c(0, -1), 1))
})

test_that("update_parameters returns a new list W1, b1, W2, b2 and leaves its input alone", {
  x <- two_layer()
  before <- x$parameters
  new <- update_parameters(x$parameters, x$grads, 0.1)
  expect_named(new, c("W1", "b1", "W2", "b2"))
  expect_identical(x$parameters, before)
  for (name in names(new)) expect_identical(dim(new[[name]]), dim(before[[name]]))
  expect_identical(update_parameters(before, x$grads, 0), before)
})

test_that("update_parameters keeps (1, 1) matrices for one-unit layers", {
  p <- list(W1 = matrix(2, 1, 1), b1 = matrix(1, 1, 1))
  new <- update_parameters(p, list(dW1 = matrix(4, 1, 1), db1 = matrix(-2, 1, 1)), 0.25)
  expect_identical(new, list(W1 = matrix(1, 1, 1), b1 = matrix(1.5, 1, 1)))
})

test_that("update_parameters reports a missing gradient instead of returning numeric(0)", {
  x <- two_layer()
  x$grads$db1 <- NULL
  expect_error(update_parameters(x$parameters, x$grads, 0.1), "grads has no entry 'db1'",
               class = "nnscratch_key_error")
})

test_that("no `update` or `predict` masks the stats generics", {
  expect_identical(update, stats::update)
  expect_identical(predict, stats::predict)
})
