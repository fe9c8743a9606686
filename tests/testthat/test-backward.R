# back_prop, back_activ, output_layer_dZ, deep_model_back; gradient checks

# Parameters as a flat vector and back (W1, b1, W2, ... in column-major order).
flatten_params <- function(p) unlist(lapply(p, as.vector), use.names = FALSE)
unflatten_params <- function(theta, like) {
  out <- like
  pos <- 0
  for (name in names(like)) {
    k <- length(like[[name]])
    out[[name]][] <- theta[pos + seq_len(k)]
    pos <- pos + k
  }
  out
}

# Central differences of cost_computation(deep_model(X, p)$AL, Y).
numeric_grads <- function(X, Y, p, h = 1e-5) {
  theta <- flatten_params(p)
  cost_at <- function(t) cost_computation(deep_model(X, unflatten_params(t, p))$AL, Y)
  vapply(seq_along(theta), function(i) {
    e <- replace(numeric(length(theta)), i, h)
    (cost_at(theta + e) - cost_at(theta - e)) / (2 * h)
  }, numeric(1))
}

# The analytic gradients in the order of flatten_params (dW1, db1, dW2, ...).
analytic_grads <- function(grads, p) {
  unlist(lapply(names(p), function(name) as.vector(grads[[paste0("d", name)]])), use.names = FALSE)
}

relative_error <- function(a, b) sqrt(sum((a - b)^2)) / (sqrt(sum(a^2)) + sqrt(sum(b^2)))

# A small problem from base R's RNG; non-zero biases so db is exercised too.
gradcheck_problem <- function(layers_dims, init, m = 6, seed = 11) {
  p <- init_param(layers_dims, seed = seed, init = init)
  old <- if (exists(".Random.seed", globalenv())) get(".Random.seed", globalenv()) else NULL
  on.exit(if (!is.null(old)) assign(".Random.seed", old, globalenv()))
  set.seed(seed)
  for (l in seq_len(length(layers_dims) - 1)) {
    p[[paste0("b", l)]][] <- rnorm(layers_dims[l + 1]) * 0.1
  }
  X <- matrix(rnorm(layers_dims[1] * m), layers_dims[1], m)
  Y <- matrix(c(1, 0, rbinom(m - 2, 1, 0.5)), 1)
  list(X = X, Y = Y, p = p)
}

test_that("back_prop gives dW = dZ A_prev^T / m, db = row means (n, 1), dA_prev = W^T dZ", {
  dZ <- matrix(c(1, 2, 3, 4), 2)              # rows (1, 3), (2, 4)
  A_prev <- matrix(c(1, 0, -1, 2, 1, 0), 3)   # rows (1, 2), (0, 1), (-1, 0)
  W <- matrix(c(1, 0, 0, 1, 1, -1), 2)        # rows (1, 0, 1), (0, 1, -1)
  b <- matrix(0, 2, 1)
  out <- back_prop(dZ, list(A = A_prev, W = W, b = b))
  expect_named(out, c("dA_prev", "dW", "db"))
  expect_identical(out$dW, matrix(c(3.5, 5, 1.5, 2, -0.5, -1), 2))
  expect_identical(out$db, matrix(c(2, 3), ncol = 1))
  expect_identical(out$dA_prev, matrix(c(1, 2, -1, 3, 4, -1), 3))
})

test_that("back_prop and back_activ read their caches by name, not by position", {
  dZ <- matrix(c(1, 2, 3, 4), 2)
  A_prev <- matrix(c(1, 0, -1, 2, 1, 0), 3)
  W <- matrix(c(1, 0, 0, 1, 1, -1), 2)
  b <- matrix(0, 2, 1)
  expect_identical(back_prop(dZ, list(b = b, W = W, A = A_prev)), back_prop(dZ, list(A = A_prev, W = W, b = b)))
  Z <- matrix(c(0.5, -1, 2, -3), 2)
  a <- back_activ(dZ, list(linear_cache = list(A = A_prev, W = W, b = b), activation_cache = Z), "relu")
  z <- back_activ(dZ, list(activation_cache = Z, linear_cache = list(W = W, A = A_prev, b = b)), "relu")
  expect_identical(a, z)
  expect_identical(a$dW, matrix(c(3.5, 0, 1.5, 0, -0.5, 0), 2)) # relu mask keeps row 1 of dZ
})

test_that("back_prop with need_dA_prev = FALSE keeps a NULL dA_prev entry", {
  out <- back_prop(matrix(1, 2, 2), list(A = matrix(1, 3, 2), W = matrix(1, 2, 3), b = matrix(0, 2, 1)),
                   need_dA_prev = FALSE)
  expect_named(out, c("dA_prev", "dW", "db"))
  expect_null(out$dA_prev)
  expect_identical(dim(out$dW), c(2L, 3L))
})

test_that("regression: db is an (n, 1) matrix of row sums / m, not the scalar sum(dZ)", {
  dZ <- matrix(c(1, 2, 3, 4, 5, 6), 3)        # rows (1, 4), (2, 5), (3, 6)
  out <- back_prop(dZ, list(A = matrix(1, 2, 2), W = matrix(1, 3, 2), b = matrix(0, 3, 1)))
  expect_identical(dim(out$db), c(3L, 1L))
  expect_identical(out$db, matrix(c(2.5, 3.5, 4.5), ncol = 1))
  expect_identical(out$db, matrix(rowSums(dZ) / 2, ncol = 1))
  one <- back_prop(matrix(c(2, 4), 1), list(A = matrix(1, 1, 2), W = matrix(1, 1, 1), b = matrix(0, 1, 1)))
  expect_identical(one$db, matrix(3, 1, 1))
  expect_identical(one$dW, matrix(3, 1, 1))
  expect_identical(one$dA_prev, matrix(c(2, 4), 1))
})

test_that("back_activ applies g' then the linear step", {
  A_prev <- matrix(c(1, 2, 3, 4), 2)
  W <- matrix(c(1, 0, -1, 2, 1, 0), 3)
  b <- matrix(c(0.5, -1, 2), ncol = 1)
  cache <- for_activation(A_prev, W, b, "relu")$cache
  dA <- matrix(1, 3, 2)
  # Z = rows (5.5, 11.5), (1, 3), (1, -1): only Z[3, 2] is masked
  expected <- back_prop(matrix(c(1, 1, 1, 1, 1, 0), 3), cache$linear_cache)
  expect_identical(back_activ(dA, cache, "relu"), expected)
  s_cache <- for_activation(A_prev, W, b, "sigmoid")$cache
  expect_identical(back_activ(dA, s_cache, "sigmoid", need_dA_prev = FALSE),
                   back_prop(sigmoid_backprop(dA, s_cache$activation_cache), s_cache$linear_cache, FALSE))
  expect_error(back_activ(dA, cache, "softmax"), class = "nnscratch_value_error")
})

test_that("output_layer_dZ is AL - Y: the notebook's dAL * s * (1 - s), finite at saturation", {
  AL <- matrix(c(0.8, 0.3, 0.5), 1)
  Y <- matrix(c(1, 0, 1), 1)
  expect_identical(output_layer_dZ(AL, Y), matrix(c(0.8 - 1, 0.3, -0.5), 1))
  dAL <- -(Y / AL - (1 - Y) / (1 - AL))
  expect_equal(output_layer_dZ(AL, Y), dAL * AL * (1 - AL), tolerance = 1e-14)
  expect_identical(output_layer_dZ(matrix(c(0, 1), 1), matrix(c(1, 0), 1)), matrix(c(-1, 1), 1))
})

test_that("deep_model_back returns dW, db, dA in Python's order with the right shapes", {
  dims <- c(4, 5, 3, 1)
  prob <- gradcheck_problem(dims, "he")
  fwd <- deep_model(prob$X, prob$p)
  g <- deep_model_back(fwd$AL, prob$Y, fwd$caches)
  expect_named(g, c("dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1", "dA0"))
  for (l in 1:3) {
    expect_identical(dim(g[[paste0("dW", l)]]), as.integer(c(dims[l + 1], dims[l])))
    expect_identical(dim(g[[paste0("db", l)]]), as.integer(c(dims[l + 1], 1)))
    expect_identical(dim(g[[paste0("dA", l - 1)]]), as.integer(c(dims[l], 6)))
  }
  g2 <- deep_model_back(fwd$AL, prob$Y, fwd$caches, input_grad = FALSE)
  expect_named(g2, c("dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1"))
  expect_identical(g2, g[names(g2)])
})

test_that("deep_model_back for one layer: dA0 only with input_grad", {
  prob <- gradcheck_problem(c(3, 1), "xavier", m = 4)
  fwd <- deep_model(prob$X, prob$p)
  expect_named(deep_model_back(fwd$AL, prob$Y, fwd$caches), c("dW1", "db1", "dA0"))
  expect_named(deep_model_back(fwd$AL, prob$Y, fwd$caches, input_grad = FALSE), c("dW1", "db1"))
})

test_that("deep_model_back reshapes Y to AL's dims and rejects a Y of another size", {
  prob <- gradcheck_problem(c(3, 2, 1), "he", m = 4)
  fwd <- deep_model(prob$X, prob$p)
  expect_identical(deep_model_back(fwd$AL, as.vector(prob$Y), fwd$caches),
                   deep_model_back(fwd$AL, prob$Y, fwd$caches))
  expect_error(deep_model_back(fwd$AL, c(1, 0, 1), fwd$caches))
})

test_that("gradient check: deep_model_back matches central differences of the cost, every init", {
  for (init in c("scaled", "xavier", "he")) {
    prob <- gradcheck_problem(c(4, 5, 3, 1), init)
    fwd <- deep_model(prob$X, prob$p)
    g <- deep_model_back(fwd$AL, prob$Y, fwd$caches, input_grad = FALSE)
    err <- relative_error(analytic_grads(g, prob$p), numeric_grads(prob$X, prob$Y, prob$p))
    expect_lt(err, 1e-7, label = paste("relative error,", init))
  }
})

test_that("gradient check: dA0 / m is the gradient of the cost with respect to X", {
  prob <- gradcheck_problem(c(4, 5, 3, 1), "he", m = 5)
  fwd <- deep_model(prob$X, prob$p)
  g <- deep_model_back(fwd$AL, prob$Y, fwd$caches)
  h <- 1e-5
  num <- vapply(seq_along(prob$X), function(i) {
    e <- replace(numeric(length(prob$X)), i, h)
    (cost_computation(deep_model(prob$X + e, prob$p)$AL, prob$Y) -
       cost_computation(deep_model(prob$X - e, prob$p)$AL, prob$Y)) / (2 * h)
  }, numeric(1))
  expect_lt(relative_error(as.vector(g$dA0) / 5, num), 1e-7)
})

test_that("gradient check with one-unit layers and one sample", {
  for (dims in list(c(4, 1, 1), c(3, 1))) {
    for (m in c(1, 3)) {
      prob <- gradcheck_problem(dims, "he", m = max(m, 2))
      X <- prob$X[, seq_len(m), drop = FALSE]
      Y <- prob$Y[, seq_len(m), drop = FALSE]
      fwd <- deep_model(X, prob$p)
      g <- deep_model_back(fwd$AL, Y, fwd$caches)
      for (name in names(g)) expect_true(is.matrix(g[[name]]), label = name)
      expect_lt(relative_error(analytic_grads(g, prob$p), numeric_grads(X, Y, prob$p)), 1e-7)
    }
  }
})

test_that("regression: the output gradient has the right sign, a small step lowers the cost", {
  for (init in c("scaled", "xavier", "he")) {
    prob <- gradcheck_problem(c(4, 5, 3, 1), init)
    fwd <- deep_model(prob$X, prob$p)
    before <- cost_computation(fwd$AL, prob$Y)
    g <- deep_model_back(fwd$AL, prob$Y, fwd$caches, input_grad = FALSE)
    expect_equal(g$db3, matrix(mean(fwd$AL - prob$Y), 1, 1), tolerance = 1e-14)
    stepped <- update_parameters(prob$p, g, 0.05)
    after <- cost_computation(deep_model(prob$X, stepped)$AL, prob$Y)
    expect_lt(after, before, label = paste("cost after one step,", init))
  }
})
