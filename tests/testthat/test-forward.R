# for_prop, for_activation, deep_model, n_layers

test_that("for_prop computes W %*% A + b with b added to every column (per row)", {
  A <- matrix(c(1, 2, 3, 4), 2)           # (2, 2): columns (1, 2) and (3, 4)
  W <- matrix(c(1, 0, -1, 2, 1, 0), 3)    # (3, 2): rows (1, 2), (0, 1), (-1, 0)
  b <- matrix(c(0.5, -1, 2), ncol = 1)    # (3, 1)
  out <- for_prop(A, W, b)
  expect_named(out, c("Z", "cache"))
  # W %*% A = rows (5, 11), (2, 4), (-1, -3); plus b row by row
  expect_identical(out$Z, matrix(c(5.5, 1, 1, 11.5, 3, -1), 3))
  expect_identical(out$cache, list(A = A, W = W, b = b))
})

test_that("for_prop adds b per row when n > m and n < m (no recycling mistakes)", {
  W <- diag(3)
  b <- matrix(c(10, 20, 30), ncol = 1)
  expect_identical(for_prop(matrix(0, 3, 5), W, b)$Z, matrix(c(10, 20, 30), 3, 5))
  expect_identical(for_prop(matrix(0, 3, 2), W, b)$Z, matrix(c(10, 20, 30), 3, 2))
  expect_identical(for_prop(matrix(0, 3, 1), W, b)$Z, matrix(c(10, 20, 30), 3, 1))
})

test_that("for_prop keeps matrices for one unit and one sample", {
  out <- for_prop(matrix(2, 1, 1), matrix(3, 1, 1), matrix(-1, 1, 1))
  expect_identical(out$Z, matrix(5, 1, 1))
  expect_identical(dim(for_prop(matrix(1, 4, 1), matrix(1, 1, 4), matrix(0, 1, 1))$Z), c(1L, 1L))
})

test_that("for_activation applies the activation and caches ((A_prev, W, b), Z)", {
  A_prev <- matrix(c(1, 2, 3, 4), 2)
  W <- matrix(c(1, 0, -1, 2, 1, 0), 3)
  b <- matrix(c(0.5, -1, 2), ncol = 1)
  Z <- matrix(c(5.5, 1, 1, 11.5, 3, -1), 3)
  r <- for_activation(A_prev, W, b, "relu")
  expect_named(r, c("A", "cache"))
  expect_identical(r$A, matrix(c(5.5, 1, 1, 11.5, 3, 0), 3))
  expect_named(r$cache, c("linear_cache", "activation_cache"))
  expect_identical(r$cache$linear_cache, list(A = A_prev, W = W, b = b))
  expect_identical(r$cache$activation_cache, Z)
  s <- for_activation(A_prev, W, b, "sigmoid")
  expect_identical(s$A, sigmoid(Z)$A)
  expect_error(for_activation(A_prev, W, b, "tanh"), "activation must be 'relu' or 'sigmoid'",
               class = "nnscratch_value_error")
})

test_that("deep_model: ReLU hidden layer then sigmoid output, by hand", {
  X <- matrix(c(1, 1, 2, -1), 2)                   # samples (1, 1) and (2, -1)
  p <- list(W1 = matrix(c(1, -1, 2, 0), 2),        # rows (1, 2), (-1, 0)
            b1 = matrix(c(0, 1), ncol = 1),
            W2 = matrix(c(1, -2), 1),
            b2 = matrix(-3, 1, 1))
  # Z1 = (3, 0) and (0, -1); A1 = (3, 0) and (0, 0); Z2 = 3 - 3 = 0 and -3
  out <- deep_model(X, p)
  expect_named(out, c("AL", "caches"))
  expect_identical(out$AL, matrix(c(0.5, exp(-3) / (1 + exp(-3))), 1))
  expect_length(out$caches, 2)
  expect_null(names(out$caches))
  expect_identical(out$caches[[1]]$linear_cache$A, X)
  expect_identical(out$caches[[1]]$activation_cache, matrix(c(3, 0, 0, -1), 2))
  expect_identical(out$caches[[2]]$linear_cache$A, matrix(c(3, 0, 0, 0), 2))
  expect_identical(out$caches[[2]]$linear_cache$W, p$W2)
  expect_identical(out$caches[[2]]$activation_cache, matrix(c(0, -3), 1))
})

test_that("deep_model gives (1, m) outputs and matrix caches for one-unit layers, m = 1 too", {
  for (dims in list(c(4, 1, 1), c(3, 1))) {
    p <- init_param(dims, seed = 2, init = "he")
    for (m in c(1, 3)) {
      X <- matrix(seq_len(dims[1] * m) / 10 - 0.3, dims[1], m)
      out <- deep_model(X, p)
      expect_identical(dim(out$AL), c(1L, as.integer(m)))
      expect_length(out$caches, length(dims) - 1)
      for (l in seq_along(out$caches)) {
        cache <- out$caches[[l]]
        expect_identical(dim(cache$activation_cache), c(as.integer(dims[l + 1]), as.integer(m)))
        expect_identical(dim(cache$linear_cache$A), c(as.integer(dims[l]), as.integer(m)))
        expect_identical(dim(cache$linear_cache$b), c(as.integer(dims[l + 1]), 1L))
      }
    }
  }
})

test_that("n_layers counts W/b pairs", {
  expect_identical(n_layers(init_param(c(5, 4, 3, 1))), 3L)
  expect_identical(n_layers(init_param(c(3, 1))), 1L)
})

test_that("deep_model reports a missing parameter instead of computing with NULL", {
  p <- init_param(c(3, 2, 2, 1))
  p$W2 <- NULL
  p$b4 <- matrix(0, 1, 1)
  expect_error(deep_model(matrix(1, 3, 2), p), "parameters has no entry 'W2'", class = "nnscratch_key_error")
  expect_error(deep_model(matrix(1, 3, 2), list()), "parameters must be a named list with W1, b1, ..., WL, bL",
               fixed = TRUE, class = "nnscratch_value_error")
})
