# dropout_masks, deep_model_with_dropout, deep_model_back_with_dropout: hand-computed values (the same
# as python/tests/test_dropout.py), the random stream, keep_prob = 1, validation, and a gradient check
# with a fixed mask.
#
# Gradient check: centered finite differences (eps = 1e-7) of
# cost_computation(deep_model_with_dropout(X, p, masks, keep_prob)$AL, Y) with the masks held fixed,
# against deep_model_back_with_dropout, with respect to every parameter and to X (dA0), on the Python
# test's small double networks (same numpy stream, same seeds), whose hidden Z stay at least 1e-3 away
# from ReLU's kink (checked). Passes when the relative difference is < 1e-7.

DO_EPS <- 1e-7
DO_TOL <- 1e-7

hand_network <- function() {
  # relu(Z1) = rows (2, 0), (0, 3); the masks drop unit 2 of sample 1 and unit 1 of sample 2.
  list(X = matrix(c(2, -3), 1),
       p = list(W1 = matrix(c(1, -1), 2), b1 = matrix(0, 2, 1), W2 = matrix(c(1.5, 1), 1), b2 = matrix(-6, 1, 1)),
       masks = list(D1 = matrix(c(1, 0, 0, 1), 2)))
}

min_abs_hidden_Z <- function(caches) {
  min(vapply(caches[seq_len(length(caches) - 1L)], function(c) min(abs(c$activation_cache)), numeric(1)), Inf)
}

# -- masks ------------------------------------------------------------------------------------------

test_that("dropout_masks: hand values for seed 1 (numpy fills rand(2, 3) row by row: byrow = TRUE)", {
  # RandomState(1).rand(2, 3) = rows (0.417, 0.720, 0.000114), (0.302, 0.147, 0.092)
  masks <- dropout_masks(c(3, 2, 1), 3, 0.5, seed = 1)
  expect_named(masks, "D1")
  expect_identical(masks$D1, matrix(c(1, 0, 1, 1, 1, 1), 2, byrow = TRUE))
  expect_identical(typeof(masks$D1), "double") # not logical
})

test_that("dropout_masks: names, shapes, 0/1 doubles; the output layer has no mask", {
  masks <- dropout_masks(c(6, 5, 4, 3, 1), 7, 0.8, seed = 2)
  expect_named(masks, c("D1", "D2", "D3"))
  expect_identical(lapply(masks, dim), list(D1 = c(5L, 7L), D2 = c(4L, 7L), D3 = c(3L, 7L)))
  for (D in masks) expect_true(is.double(D) && all(D %in% c(0, 1)))
  none <- dropout_masks(c(4, 1), 3, 0.5)
  expect_identical(none, structure(list(), names = character(0)))
})

test_that("dropout_masks draws layer by layer from one stream; seed 0 by default", {
  gen <- numpy_random_state(3)
  U1 <- matrix(numpy_random_sample(gen, 15), 3, 5, byrow = TRUE)
  U2 <- matrix(numpy_random_sample(gen, 10), 2, 5, byrow = TRUE)
  masks <- dropout_masks(c(4, 3, 2, 1), 5, 0.6, seed = 3)
  expect_identical(masks$D1, 1 * (U1 < 0.6))
  expect_identical(masks$D2, 1 * (U2 < 0.6))
  U0 <- matrix(numpy_random_sample(numpy_random_state(0), 15), 3, 5, byrow = TRUE)
  expect_identical(dropout_masks(c(4, 3, 2, 1), 5, 0.6)$D1, 1 * (U0 < 0.6))
})

test_that("dropout_masks uses a generator it is given and advances it", {
  gen <- numpy_random_state(5)
  first <- dropout_masks(c(4, 3, 2, 1), 5, 0.6, seed = gen)
  second <- dropout_masks(c(4, 3, 2, 1), 5, 0.6, seed = gen)
  ref <- numpy_random_state(5)
  draw <- function(n) 1 * (matrix(numpy_random_sample(ref, n * 5), n, 5, byrow = TRUE) < 0.6)
  expect_identical(first$D1, draw(3))
  expect_identical(first$D2, draw(2))
  expect_identical(second$D1, draw(3))
  expect_identical(second$D2, draw(2))
  expect_identical(numpy_random_sample(gen, 1), numpy_random_sample(ref, 1))
})

test_that("keep_prob = 1 gives all-ones masks and still advances the generator", {
  gen <- numpy_random_state(9)
  masks <- dropout_masks(c(3, 4, 2, 1), 6, 1, seed = gen)
  for (D in masks) expect_identical(D, matrix(1, nrow(D), 6))
  ref <- numpy_random_state(9)
  numpy_random_sample(ref, 4 * 6 + 2 * 6)
  expect_identical(numpy_random_sample(gen, 1), numpy_random_sample(ref, 1))
})

test_that("keep_prob must be a number in (0, 1] (Python's sentence)", {
  h <- hand_network()
  fwd <- deep_model_with_dropout(h$X, h$p, h$masks, 0.5)
  for (case in list(list(0, "0"), list(1.5, "1.5"), list(-0.2, "-0.2"), list(NaN, "nan"), list("0.5", "\"0.5\""))) {
    msg <- paste0("keep_prob must be a number in (0, 1]; got ", case[[2]])
    expect_error(dropout_masks(c(3, 2, 1), 3, case[[1]]), msg, fixed = TRUE, class = "nnscratch_error")
    expect_error(deep_model_with_dropout(h$X, h$p, h$masks, case[[1]]), msg, fixed = TRUE)
    expect_error(deep_model_back_with_dropout(fwd$AL, matrix(1, 1, 2), fwd$caches, h$masks, case[[1]]), msg,
                 fixed = TRUE)
  }
})

test_that("dropout_masks checks m, layers_dims and seed", {
  expect_error(dropout_masks(c(3, 2, 1), 0, 0.5), "m must be a positive integer; got 0", fixed = TRUE)
  expect_error(dropout_masks(c(3, 0, 1), 2, 0.5), "layers_dims must be positive integers; entry 2 is 0", fixed = TRUE)
  expect_error(dropout_masks(c(3, 2, 1), 2, 0.5, seed = -1), "seed must be an integer in [0, 4294967295]; got -1",
               fixed = TRUE)
})

test_that("masks must fit the network: names and shapes", {
  h <- hand_network()
  expect_error(deep_model_with_dropout(h$X, h$p, list(), 0.5), "masks has no entry 'D1'", fixed = TRUE)
  expect_error(deep_model_with_dropout(h$X, h$p, list(D1 = matrix(1, 2, 3)), 0.5),
               "D1 must have shape (2, 2); got (2, 3)", fixed = TRUE)
  expect_error(deep_model_with_dropout(h$X, h$p, c(h$masks, list(D2 = matrix(1, 1, 2))), 0.5),
               "masks has an unexpected entry 'D2': the 1 hidden layers have masks, the output layer never does",
               fixed = TRUE)
  expect_error(deep_model_with_dropout(h$X, h$p, list(h$masks$D1), 0.5),
               "masks must be a named list with D1, ..., D1; got list", fixed = TRUE)
  fwd <- deep_model_with_dropout(h$X, h$p, h$masks, 0.5)
  expect_error(deep_model_back_with_dropout(fwd$AL, matrix(1, 1, 2), fwd$caches, list(D1 = matrix(1, 2, 1)), 0.5),
               "D1 must have shape (2, 2); got (2, 1)", fixed = TRUE)
})

# -- forward and backward ----------------------------------------------------------------------------

test_that("deep_model_with_dropout: hand values", {
  h <- hand_network()
  out <- deep_model_with_dropout(h$X, h$p, h$masks, 0.5)
  # Z1 = rows (2, -3), (-2, 3); relu = rows (2, 0), (0, 3); * D1 / 0.5 = rows (4, 0), (0, 6)
  expect_identical(out$caches[[1]]$activation_cache, matrix(c(2, -2, -3, 3), 2))
  expect_identical(out$caches[[2]]$linear_cache$A, matrix(c(4, 0, 0, 6), 2))
  expect_identical(out$caches[[2]]$activation_cache, matrix(c(0, 0), 1)) # 1.5 * 4 - 6 and 6 - 6
  expect_identical(out$AL, matrix(c(0.5, 0.5), 1))
})

test_that("deep_model_back_with_dropout: hand values", {
  h <- hand_network()
  out <- deep_model_with_dropout(h$X, h$p, h$masks, 0.5)
  g <- deep_model_back_with_dropout(out$AL, matrix(c(1, 0), 1), out$caches, h$masks, 0.5)
  expect_named(g, c("dW2", "db2", "dA1", "dW1", "db1", "dA0"))
  expect_identical(g$dW2, matrix(c(-1, 1.5), 1)) # dZ2 = (-0.5, 0.5); dZ2 A1^T / 2
  expect_identical(g$db2, matrix(0, 1, 1))
  expect_identical(g$dA1, matrix(c(-1.5, 0, 0, 1), 2)) # W2^T dZ2 = rows (-0.75, 0.75), (-0.5, 0.5), * D1 / 0.5
  expect_identical(g$dW1, matrix(c(-1.5, -1.5), ncol = 1))
  expect_identical(g$db1, matrix(c(-0.75, 0.5), ncol = 1))
  expect_identical(g$dA0, matrix(c(-1.5, -1), 1))
  g2 <- deep_model_back_with_dropout(out$AL, matrix(c(1, 0), 1), out$caches, h$masks, 0.5, input_grad = FALSE)
  expect_false("dA0" %in% names(g2))
})

test_that("keep_prob = 1 with all-ones masks is exactly deep_model / deep_model_back", {
  for (dims in list(c(4, 3, 1), c(5, 4, 3, 1), c(3, 1), c(4, 1, 1), c(6, 5, 1, 2, 1))) {
    pr <- gradcheck_problem(dims, 6, seed = length(dims))
    masks <- dropout_masks(dims, 6, 1)
    out <- deep_model_with_dropout(pr$X, pr$p, masks, 1)
    ref <- deep_model(pr$X, pr$p)
    expect_identical(out, ref)
    for (input_grad in c(TRUE, FALSE)) {
      expect_identical(deep_model_back_with_dropout(out$AL, pr$Y, out$caches, masks, 1, input_grad = input_grad),
                       deep_model_back(ref$AL, pr$Y, ref$caches, input_grad = input_grad))
    }
  }
})

test_that("dropped units pass nothing forward or backward; inputs unchanged", {
  dims <- c(5, 6, 4, 1)
  pr <- gradcheck_problem(dims, 8, seed = 12)
  masks <- dropout_masks(dims, 8, 0.6, seed = 12)
  before <- list(pr, masks)
  out <- deep_model_with_dropout(pr$X, pr$p, masks, 0.6)
  g <- deep_model_back_with_dropout(out$AL, pr$Y, out$caches, masks, 0.6)
  for (l in 1:2) {
    D <- masks[[paste0("D", l)]]
    Z <- out$caches[[l]]$activation_cache
    A_next <- out$caches[[l + 1L]]$linear_cache$A
    expect_true(all(A_next[D == 0] == 0) && all(g[[paste0("dA", l)]][D == 0] == 0))
    expect_identical(A_next[D == 1], pmax(Z, 0)[D == 1] / 0.6)
  }
  expect_identical(list(pr, masks), before)
})

# -- gradient check with a fixed mask ------------------------------------------------------------------

test_that("gradient check with a fixed mask: parameters and X (rel. diff < 1e-7)", {
  # the Python test's cases: seeds chosen so that no hidden Z is within 1e-3 of 0 and some unit is dropped
  for (case in list(list(dims = c(4, 3, 2, 1), keep_prob = 0.7, seed = 12),
                    list(dims = c(3, 5, 4, 1), keep_prob = 0.5, seed = 14),
                    list(dims = c(4, 6, 1), keep_prob = 0.9, seed = 12))) {
    m <- 5
    pr <- gradcheck_problem(case$dims, m, case$seed)
    masks <- dropout_masks(case$dims, m, case$keep_prob, seed = case$seed)
    expect_true(any(unlist(masks) == 0))
    out <- deep_model_with_dropout(pr$X, pr$p, masks, case$keep_prob)
    expect_gt(min_abs_hidden_Z(out$caches), 1e-3)
    J <- function(p, X = pr$X) cost_computation(deep_model_with_dropout(X, p, masks, case$keep_prob)$AL, pr$Y)
    g <- deep_model_back_with_dropout(out$AL, pr$Y, out$caches, masks, case$keep_prob)
    numeric <- numeric_gradients(J, pr$p, DO_EPS)
    expect_lt(rel_diff(flat_grads(g, pr$p), flat_grads(numeric, pr$p)), DO_TOL)
    # dA0 is the gradient of the summed loss (dZL = AL - Y, 1/m only in dW, db): m times dJ/dX
    numeric_X <- numeric_gradients(function(q) J(pr$p, X = q$X), list(X = pr$X), DO_EPS)$dX
    expect_lt(rel_diff(as.vector(g$dA0) / m, as.vector(numeric_X)), DO_TOL)
    # the check can fail: the plain backward pass (no mask) does not match
    plain <- deep_model_back(out$AL, pr$Y, out$caches)
    expect_gt(rel_diff(flat_grads(plain, pr$p), flat_grads(numeric, pr$p)), 1e-3)
  }
})

test_that("gradient check with a fixed mask and L2 (rel. diff < 1e-7)", {
  dims <- c(4, 5, 3, 1)
  m <- 6
  pr <- gradcheck_problem(dims, m, 21)
  masks <- dropout_masks(dims, m, 0.75, seed = 21)
  out <- deep_model_with_dropout(pr$X, pr$p, masks, 0.75)
  expect_gt(min_abs_hidden_Z(out$caches), 1e-3)
  J <- function(p) cost_computation(deep_model_with_dropout(pr$X, p, masks, 0.75)$AL, pr$Y) + l2_cost(p, 0.4, m)
  g <- l2_grads(deep_model_back_with_dropout(out$AL, pr$Y, out$caches, masks, 0.75), pr$p, 0.4, m)
  expect_lt(rel_diff(flat_grads(g, pr$p), flat_grads(numeric_gradients(J, pr$p, DO_EPS), pr$p)), DO_TOL)
})
