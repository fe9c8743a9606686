# Shared by the gradient checks of test-regularization.R and test-dropout.R (and their Python twins in
# python/tests/test_regularization.py / test_dropout.py, drawn from the same numpy stream).

# A small problem: He weights, biases ~ N(0, 0.1^2), X and Y from numpy_random_state(seed).
gradcheck_problem <- function(dims, m, seed) {
  gen <- numpy_random_state(seed)
  p <- init_param(dims, seed = seed, init = "he")
  for (l in seq_len(length(dims) - 1L)) p[[paste0("b", l)]] <- matrix(numpy_randn(gen, dims[l + 1L]), ncol = 1) * 0.1
  X <- matrix(numpy_randn(gen, dims[1] * m), dims[1], m, byrow = TRUE)
  Y <- matrix(1 * (numpy_random_sample(gen, m) > 0.5), 1)
  list(X = X, Y = Y, p = p)
}

# Centered differences of J with respect to every entry of every parameter (a list like grads).
numeric_gradients <- function(J, p, eps) {
  out <- list()
  for (key in names(p)) {
    g <- p[[key]]
    for (i in seq_along(g)) {
      plus <- p
      minus <- p
      plus[[key]][i] <- plus[[key]][i] + eps
      minus[[key]][i] <- minus[[key]][i] - eps
      g[i] <- (J(plus) - J(minus)) / (2 * eps)
    }
    out[[paste0("d", key)]] <- g
  }
  out
}

flat_grads <- function(grads, p) unlist(lapply(names(p), function(k) as.vector(grads[[paste0("d", k)]])))
rel_diff <- function(a, b) sqrt(sum((a - b)^2)) / (sqrt(sum(a^2)) + sqrt(sum(b^2)))
