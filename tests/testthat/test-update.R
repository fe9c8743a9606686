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

# -- momentum, RMSprop, Adam (issue 13; twin of python/tests/test_update.py) ----
# Values chosen so that every operation is exact in binary floating point.

tiny <- function(dW = c(10, -20), db = 4) {
  list(p = list(W1 = matrix(c(1, 2), 1), b1 = matrix(0.5, 1)),
       g = list(dW1 = matrix(dW, 1), db1 = matrix(db, 1), dA0 = matrix(1, 2, 3)))
}

test_that("the initial states are zeros shaped like the parameters", {
  p <- list(W1 = matrix(1, 3, 4), b1 = matrix(1, 3, 1), W2 = matrix(1, 1, 3), b2 = matrix(1, 1, 1))
  v <- init_momentum(p)
  s <- init_rmsprop(p)
  expect_named(v, c("vdW1", "vdb1", "vdW2", "vdb2"))
  expect_named(s, c("sdW1", "sdb1", "sdW2", "sdb2"))
  for (k in names(p)) {
    expect_identical(v[[paste0("vd", k)]], matrix(0, nrow(p[[k]]), ncol(p[[k]])))
    expect_identical(s[[paste0("sd", k)]], matrix(0, nrow(p[[k]]), ncol(p[[k]])))
  }
  expect_identical(init_adam(p), list(v = v, s = s))
})

test_that("momentum: two steps by hand", {
  x <- tiny()
  o1 <- update_parameters_with_momentum(x$p, x$g, init_momentum(x$p), beta = 0.5, learning_rate = 0.5)
  expect_named(o1, c("parameters", "v"))
  expect_identical(o1$v, list(vdW1 = matrix(c(5, -10), 1), vdb1 = matrix(2, 1)))
  expect_identical(o1$parameters, list(W1 = matrix(c(-1.5, 7), 1), b1 = matrix(-0.5, 1)))
  o2 <- update_parameters_with_momentum(o1$parameters, x$g, o1$v, beta = 0.5, learning_rate = 0.5)
  expect_identical(o2$v$vdW1, matrix(c(7.5, -15), 1))
  expect_identical(o2$parameters$W1, matrix(c(-5.25, 14.5), 1))
})

test_that("momentum with beta = 0 is gradient descent", {
  x <- tiny()
  o <- update_parameters_with_momentum(x$p, x$g, init_momentum(x$p), beta = 0, learning_rate = 0.1)
  expect_identical(o$parameters, update_parameters(x$p, x$g, 0.1))
})

test_that("RMSprop: one step by hand", {
  x <- tiny(dW = c(6, -14), db = 2)
  o <- update_parameters_with_rmsprop(x$p, x$g, init_rmsprop(x$p), beta2 = 0.75, learning_rate = 0.5, epsilon = 1)
  expect_named(o, c("parameters", "s"))
  expect_identical(o$s, list(sdW1 = matrix(c(9, 49), 1), sdb1 = matrix(1, 1)))
  expect_identical(o$parameters, list(W1 = matrix(c(0.25, 2.875), 1), b1 = matrix(0, 1)))
})

test_that("Adam: two steps by hand, the bias correction", {
  x <- tiny(dW = c(3, -7), db = 1)
  vs <- init_adam(x$p)
  o1 <- update_parameters_with_adam(x$p, x$g, vs$v, vs$s, 1, learning_rate = 0.5, beta1 = 0.5, beta2 = 0.75,
                                    epsilon = 1)
  expect_named(o1, c("parameters", "v", "s"))
  expect_identical(o1$v$vdW1, matrix(c(1.5, -3.5), 1))
  expect_identical(o1$s$sdW1, matrix(c(2.25, 12.25), 1))
  expect_identical(o1$parameters, list(W1 = matrix(c(0.625, 2.4375), 1), b1 = matrix(0.25, 1)))
  o2 <- update_parameters_with_adam(o1$parameters, x$g, o1$v, o1$s, 2L, learning_rate = 0.5, beta1 = 0.5,
                                    beta2 = 0.75, epsilon = 1)
  expect_identical(o2$v$vdW1, matrix(c(2.25, -5.25), 1))
  expect_identical(o2$s$sdW1, matrix(c(3.9375, 21.4375), 1))
  expect_identical(o2$parameters$W1, matrix(c(0.25, 2.875), 1))
})

test_that("Adam's first step is about learning_rate * sign(dW) with the defaults", {
  x <- tiny(dW = c(1e-3, -50), db = 2)
  vs <- init_adam(x$p)
  o <- update_parameters_with_adam(x$p, x$g, vs$v, vs$s, 1)
  expect_equal(o$parameters$W1, matrix(c(0.99, 2.01), 1), tolerance = 1e-6)
  expect_equal(o$parameters$b1, matrix(0.49, 1), tolerance = 1e-9)
})

test_that("the hyper-parameters are checked", {
  x <- tiny()
  p <- x$p
  g <- x$g
  vs <- init_adam(p)
  err <- function(expr, msg) expect_error(expr, msg, fixed = TRUE, class = "nnscratch_value_error")
  err(update_parameters_with_momentum(p, g, init_momentum(p), beta = 1), "beta must be a number in [0, 1); got 1")
  err(update_parameters_with_momentum(p, g, init_momentum(p), beta = -0.5), "beta must be a number in [0, 1); got -0.5")
  err(update_parameters_with_momentum(p, g, init_momentum(p), learning_rate = 0),
      "learning_rate must be a positive number; got 0")
  err(update_parameters_with_rmsprop(p, g, init_rmsprop(p), beta2 = 1.5), "beta2 must be a number in [0, 1); got 1.5")
  err(update_parameters_with_rmsprop(p, g, init_rmsprop(p), epsilon = 0), "epsilon must be a positive number; got 0")
  err(update_parameters_with_adam(p, g, vs$v, vs$s, 0), "t must be a positive integer; got 0")
  err(update_parameters_with_adam(p, g, vs$v, vs$s, 1.5), "t must be a positive integer; got 1.5")
  err(update_parameters_with_adam(p, g, vs$v, vs$s, 1, beta1 = NaN), "beta1 must be a number in [0, 1); got nan")
  err(update_parameters_with_adam(p, g, vs$v, vs$s, 1, epsilon = -1e-8), "epsilon must be a positive number; got -1e-08")
})
