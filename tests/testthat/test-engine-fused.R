# forward_backward (single-pass step, optional column blocks) against
# deep_model / cost_computation / deep_model_back; default_block_size.
#
# Tolerance (as python/tests/test_engine_fused.py): forward_backward computes the
# same sums in another order (products in another orientation, dW1 as a sum
# over blocks). Two orders of a sum of k terms differ by about k * eps relative
# to the sum of the |terms|, so each quantity is compared as
# |got - want| <= 1e-12 * scale, scale = the sum of |terms| of its last product
# from the reference: abs(dZ_l) %*% t(abs(A_(l-1))) / m for dW_l,
# rowSums(abs(dZ_l)) / m for db_l, sum(|Y log P| + |(1 - Y) log1p(-P)|) / m for
# the cost (eps 2.2e-16: room for k ~ 4500 terms).

blk_architectures <- list(c(4, 3, 1), c(5, 4, 3, 1), c(3, 1), c(4, 1, 1), c(6, 5, 1, 2, 1), c(1, 1, 1),
                          c(40, 7, 5, 1))
blk_block_sizes <- list(NULL, 1, 7, 32, 64, 100, 300, 305, 1000) # 7, 100, 305 do not divide 300

blk_problem <- function(dims, m, seed = 1) {
  p <- init_param(dims, seed = seed, init = "he")
  set.seed(seed)
  for (l in seq_len(length(dims) - 1L)) p[[paste0("b", l)]][] <- rnorm(dims[l + 1L]) * 0.1
  X <- matrix(rnorm(dims[1] * m), dims[1], m)
  Y <- matrix(as.numeric(runif(m) > 0.5), 1L, m)
  list(X = X, Y = Y, p = p)
}

blk_reference <- function(X, Y, p) {
  fwd <- deep_model(X, p)
  cost <- cost_computation(fwd$AL, Y)
  grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)
  grads <- grads[!startsWith(names(grads), "dA")]
  m <- ncol(X)
  L <- length(fwd$caches)
  dZ <- fwd$AL - Y
  scales <- list()
  for (l in rev(seq_len(L))) {
    A_prev <- fwd$caches[[l]]$linear_cache$A
    W <- fwd$caches[[l]]$linear_cache$W
    scales[[paste0("dW", l)]] <- abs(dZ) %*% t(abs(A_prev)) / m + 1e-300
    scales[[paste0("db", l)]] <- matrix(rowSums(abs(dZ)) / m, ncol = 1L) + 1e-300
    if (l > 1L) dZ <- relu_backprop(crossprod(W, dZ), fwd$caches[[l - 1L]]$activation_cache)
  }
  P <- pmin(pmax(fwd$AL, 1e-15), 1 - 1e-15)
  scales$cost <- sum(abs(Y * log(P)) + abs((1 - Y) * log1p(-P))) / m + 1e-300
  list(cost = cost, grads = grads, scales = scales)
}

blk_expect_close <- function(name, got, want, scale, rtol = 1e-12) {
  expect_identical(dim(got), dim(want), label = paste(name, "dim"))
  ratio <- max(abs(got - want) / scale)
  expect_true(ratio <= rtol, label = sprintf("%s: max |got - want| / scale = %.3g <= %g", name, ratio, rtol))
}

blk_expect_matches <- function(X, Y, p, block_size, ref = blk_reference(X, Y, p)) {
  out <- forward_backward(X, Y, p, block_size)
  what <- if (is.null(block_size)) "NULL" else format(block_size)
  expect_named(out, c("cost", "grads"))
  expect_true(is.double(out$cost) && length(out$cost) == 1L && is.null(dim(out$cost)))
  expect_identical(names(out$grads), names(ref$grads))
  blk_expect_close(paste("cost, block_size", what), out$cost, ref$cost, ref$scales$cost)
  for (k in names(ref$grads)) {
    blk_expect_close(paste(k, "block_size", what), out$grads[[k]], ref$grads[[k]], ref$scales[[k]])
  }
}

test_that("forward_backward equals deep_model + cost_computation + deep_model_back, any block size", {
  for (dims in blk_architectures) {
    for (m in c(1, 5, 300)) {
      pr <- blk_problem(dims, m, seed = m + length(dims))
      ref <- blk_reference(pr$X, pr$Y, pr$p)
      for (bs in blk_block_sizes) blk_expect_matches(pr$X, pr$Y, pr$p, bs, ref)
    }
  }
})

test_that("forward_backward returns dW/db only, in the order dWL, dbL, ..., dW1, db1, with matrix shapes", {
  dims <- c(4, 3, 2, 1)
  pr <- blk_problem(dims, 6)
  out <- forward_backward(pr$X, pr$Y, pr$p, 4)
  expect_identical(names(out$grads), c("dW3", "db3", "dW2", "db2", "dW1", "db1"))
  for (l in 1:3) {
    expect_identical(dim(out$grads[[paste0("dW", l)]]), as.integer(c(dims[l + 1], dims[l])))
    expect_identical(dim(out$grads[[paste0("db", l)]]), as.integer(c(dims[l + 1], 1)))
  }
})

test_that("forward_backward uses matprod 'blas' inside and restores the caller's option", {
  pr <- blk_problem(c(5, 4, 1), 20)
  old <- options(matprod = "internal")
  on.exit(options(old), add = TRUE)
  blk_expect_matches(pr$X, pr$Y, pr$p, NULL)
  expect_identical(getOption("matprod"), "internal")
  options(matprod = "default")
  expect_error(forward_backward(pr$X, pr$Y[, 1:3, drop = FALSE], pr$p))
  expect_identical(getOption("matprod"), "default") # restored on error too
})

test_that("NaN in X propagates as with the step-by-step functions (no BLAS NaN shortcut)", {
  pr <- blk_problem(c(5, 4, 1), 10)
  pr$X[3, 4] <- NaN
  ref <- blk_reference(pr$X, pr$Y, pr$p)
  out <- forward_backward(pr$X, pr$Y, pr$p, 4)
  expect_true(is.nan(out$cost) && is.nan(ref$cost))
  for (k in names(ref$grads)) expect_identical(is.na(out$grads[[k]]), is.na(ref$grads[[k]]), label = k)
})

test_that("Y may be a plain vector of m labels", {
  pr <- blk_problem(c(4, 3, 1), 9)
  a <- forward_backward(pr$X, pr$Y, pr$p)
  b <- forward_backward(pr$X, as.vector(pr$Y), pr$p)
  expect_identical(a, b)
})

test_that("block_size must be NULL or a positive integer; other argument errors", {
  pr <- blk_problem(c(4, 3, 1), 9)
  for (bad in list(0, -3, 2.5, NA, "8", c(2, 3))) {
    expect_error(forward_backward(pr$X, pr$Y, pr$p, bad), "block_size must be a positive integer",
                 class = "nnscratch_value_error")
  }
  expect_error(forward_backward(pr$X, pr$Y[, 1:5, drop = FALSE], pr$p), "Y must have shape")
  expect_error(forward_backward(pr$X[1:3, , drop = FALSE], pr$Y, pr$p), "W1 has shape")
  expect_error(forward_backward(pr$X[, 0, drop = FALSE], pr$Y[, 0, drop = FALSE], pr$p), "at least one column")
})

test_that("default_block_size: 4 MiB blocks, a multiple of 32, at least 32 (as in Python)", {
  expect_identical(default_block_size(3072), 160L)
  expect_identical(default_block_size(3072, "double"), 160L)
  expect_identical(default_block_size(3072, "float32"), 320L)
  for (n0 in c(1, 7, 100, 3072, 12288, 1e6)) {
    k <- default_block_size(n0)
    expect_true(k >= 32L && k %% 32L == 0L)
  }
  expect_identical(default_block_size(1e6), 32L)
  expect_error(default_block_size(0), "n0 must be a positive integer")
  expect_error(default_block_size(10, "int"), "dtype must be")
})

test_that("relu_backprop_fast gives relu_backprop's result, NaN/Inf and signed zeros included", {
  set.seed(5)
  Z <- matrix(rnorm(40), 4)
  dA <- matrix(rnorm(40), 4)
  expect_identical(relu_backprop_fast(dA, Z), relu_backprop(dA, Z))
  Z[1, 1:6] <- c(NaN, 0, -1, 2, -3, NA)
  dA[1, 1:6] <- c(1, Inf, -Inf, NaN, -2, 3)
  got <- relu_backprop_fast(dA, Z)
  expect_identical(got, relu_backprop(dA, Z))
  Z <- matrix(c(-1, -2, 3), 1)
  dA <- matrix(c(-5, 5, -1), 1)
  expect_identical(1 / relu_backprop_fast(dA, Z)[1:2], c(Inf, Inf)) # +0, not -0
})

test_that("forward_backward_output is forward_backward plus the AL of its pass", {
  # The epochs engine's helper: cost and gradients identical to forward_backward's, and AL
  # equal to deep_model's within 1e-12 (Z1 by another product orientation).
  gen <- numpy_random_state(2)
  X <- matrix(numpy_randn(gen, 64 * 70), 64, 70, byrow = TRUE)
  Y <- matrix(as.numeric(X[1, ] > 0), 1)
  p <- init_param(c(64, 7, 5, 1), seed = 3)
  for (block_size in list(NULL, 32)) {
    out <- forward_backward_output(X, Y, p, block_size)
    fb <- forward_backward(X, Y, p, block_size)
    expect_identical(out$cost, fb$cost)
    expect_identical(out$grads, fb$grads)
    expect_identical(dim(out$AL), c(1L, 70L))
    expect_equal(out$AL, deep_model(X, p)$AL, tolerance = 1e-12)
  }
})
