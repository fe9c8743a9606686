# l2_cost, l2_grads: hand-computed values (the same as python/tests/test_regularization.py),
# validation, and a gradient check of the regularized cost.
#
# Gradient check: centered finite differences (J(theta + eps) - J(theta - eps)) / (2 eps), eps = 1e-7,
# of J = cost_computation(deep_model(X, p)$AL, Y) + l2_cost(p, lambd, m) against
# l2_grads(deep_model_back(...), p, lambd, m), on a small double network whose hidden Z stay at least
# 1e-3 away from ReLU's kink (checked). Passes when ||analytic - numeric|| / (||analytic|| + ||numeric||)
# < 1e-7 (rounding of J over 2 eps: about 1e-16 / 1e-7 = 1e-9 per component).

GC_EPS <- 1e-7
GC_TOL <- 1e-7

two_layers_l2 <- function() {
  list(
    parameters = list(W1 = matrix(c(1, 0, 2, -1), 2), b1 = matrix(5, 2, 1),
                      W2 = matrix(c(2, 0), 1), b2 = matrix(7, 1, 1)),
    grads = list(dW2 = matrix(c(0.5, -0.25), 1), db2 = matrix(3, 1, 1), dA1 = matrix(9, 2, 2),
                 dW1 = matrix(c(1, -1, 0, 0.5), 2), db1 = matrix(c(1, 2), ncol = 1), dA0 = matrix(1, 2, 2))
  )
}

# The gradient-check problem of the Python tests, drawn from the same numpy stream:

test_that("l2_cost: hand value, biases not penalized, a double of length 1", {
  x <- two_layers_l2()
  # sum of squares of the weights 1 + 4 + 0 + 1 + 4 + 0 = 10; (0.5 / (2 * 4)) * 10 = 0.625
  expect_identical(l2_cost(x$parameters, 0.5, 4), 0.625)
  expect_identical(l2_cost(x$parameters, 0, 4), 0)
  expect_identical(l2_cost(list(W1 = matrix(c(1, 2), 1), b1 = matrix(5, 1)), lambd = 0.5, m = 2), 0.625)
  expect_identical(l2_cost(x$parameters, 3L, 1L), (3 / 2) * 10)
})

test_that("l2_grads: hand values, every entry kept in its order, input unchanged", {
  x <- two_layers_l2()
  before <- x$grads
  out <- l2_grads(x$grads, x$parameters, 0.5, 4) # lambd / m = 0.125
  expect_named(out, names(x$grads))
  expect_identical(out$dW1, matrix(c(1.125, -1, 0.25, 0.375), 2))
  expect_identical(out$dW2, matrix(c(0.75, -0.25), 1))
  for (k in c("db1", "db2", "dA0", "dA1")) expect_identical(out[[k]], x$grads[[k]])
  expect_identical(x$grads, before)
  expect_identical(l2_grads(x$grads, x$parameters, 0, 4), x$grads)
})

test_that("l2_grads is the element-wise formula dW + (lambd / m) * W", {
  p <- init_param(c(5, 4, 1), seed = 3, init = "he")
  gen <- numpy_random_state(3) # leaves R's own random stream alone
  g <- lapply(p, function(v) matrix(numpy_randn(gen, length(v)), nrow(v)))
  names(g) <- paste0("d", names(p))
  out <- l2_grads(g, p, 0.7, 13)
  for (l in 1:2) {
    expect_identical(out[[paste0("dW", l)]], g[[paste0("dW", l)]] + (0.7 / 13) * p[[paste0("W", l)]])
  }
})

test_that("lambd must be a finite number >= 0, m a positive integer (Python's sentences)", {
  x <- two_layers_l2()
  for (case in list(list(-1, "-1"), list(NaN, "nan"), list(Inf, "inf"), list("a", "\"a\""))) {
    msg <- paste0("lambd must be a finite number >= 0; got ", case[[2]])
    expect_error(l2_cost(x$parameters, case[[1]], 4), msg, fixed = TRUE, class = "nnscratch_error")
    expect_error(l2_grads(x$grads, x$parameters, case[[1]], 4), msg, fixed = TRUE, class = "nnscratch_error")
  }
  for (m in list(0, -2, 2.5)) {
    msg <- paste0("m must be a positive integer; got ", format(m))
    expect_error(l2_cost(x$parameters, 0.1, m), msg, fixed = TRUE)
    expect_error(l2_grads(x$grads, x$parameters, 0.1, m), msg, fixed = TRUE)
  }
})

test_that("l2_grads names a missing or misshapen gradient", {
  x <- two_layers_l2()
  g <- x$grads
  g$dW2 <- NULL
  expect_error(l2_grads(g, x$parameters, 0.1, 4), "grads has no entry 'dW2'", fixed = TRUE)
  g$dW2 <- matrix(0, 2, 1)
  expect_error(l2_grads(g, x$parameters, 0.1, 4), "dW2 must have the shape of W2 (1, 2); got (2, 1)", fixed = TRUE)
})

test_that("gradient check: cost_computation + l2_cost against l2_grads(deep_model_back) (rel. diff < 1e-7)", {
  for (case in list(list(dims = c(4, 3, 2, 1), lambd = 0.7), list(dims = c(3, 5, 1), lambd = 2),
                    list(dims = c(4, 1), lambd = 0.3))) {
    m <- 5
    pr <- gradcheck_problem(case$dims, m, seed = sum(case$dims))
    fwd <- deep_model(pr$X, pr$p)
    hidden <- fwd$caches[seq_len(length(fwd$caches) - 1L)]
    expect_true(all(vapply(hidden, function(c) min(abs(c$activation_cache)) > 1e-3, logical(1))))
    J <- function(p) cost_computation(deep_model(pr$X, p)$AL, pr$Y) + l2_cost(p, case$lambd, m)
    analytic <- l2_grads(deep_model_back(fwd$AL, pr$Y, fwd$caches), pr$p, case$lambd, m)
    numeric <- numeric_gradients(J, pr$p, GC_EPS)
    expect_lt(rel_diff(flat_grads(analytic, pr$p), flat_grads(numeric, pr$p)), GC_TOL)
    # the check can fail: without the L2 term in the gradient it does
    plain <- deep_model_back(fwd$AL, pr$Y, fwd$caches)
    expect_gt(rel_diff(flat_grads(plain, pr$p), flat_grads(numeric, pr$p)), 1e-3)
  }
})
