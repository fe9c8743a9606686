# random_mini_batches: numpy's permutation (R/utils-rng.R), the cut into batches, the generator.
# The same values as python/tests/test_batches.py.

columns <- function(m, n0 = 2) {
  # column j (0-based) holds j in row 1 and 10 + j in row 2; Y its parity
  X <- t(sapply(seq_len(n0) - 1, function(i) (seq_len(m) - 1) + 10 * i))
  if (m == 1 || n0 == 1) X <- matrix(X, n0, m)
  list(X = X, Y = matrix(as.double((seq_len(m) - 1) %% 2), 1))
}

test_that("the permutation of numpy's RandomState(0) for m = 5 is 2 0 1 3 4", {
  d <- columns(5)
  batches <- random_mini_batches(d$X, d$Y, mini_batch_size = 2, seed = 0)
  expect_length(batches, 3L)
  expect_null(names(batches))
  expect_identical(batches[[1]]$X, matrix(c(2, 12, 0, 10), 2))
  expect_identical(batches[[2]]$X, matrix(c(1, 11, 3, 13), 2))
  expect_identical(batches[[3]]$X, matrix(c(4, 14), 2))
  expect_identical(batches[[1]]$Y, matrix(c(0, 0), 1))
  expect_identical(batches[[2]]$Y, matrix(c(1, 1), 1))
  expect_identical(batches[[3]]$Y, matrix(0, 1, 1))
  for (b in batches) expect_identical(names(b), c("X", "Y"))
})

test_that("labels stay with their samples", {
  d <- columns(37)
  for (b in random_mini_batches(d$X, d$Y, mini_batch_size = 8, seed = 3)) {
    expect_identical(as.vector(b$Y), as.vector(b$X[1, ] %% 2))
    expect_identical(b$X[2, ], b$X[1, ] + 10)
  }
})

test_that("the last smaller batch is kept", {
  d <- columns(10)
  batches <- random_mini_batches(d$X, d$Y, mini_batch_size = 4, seed = 1)
  expect_identical(lapply(batches, function(b) dim(b$X)), list(c(2L, 4L), c(2L, 4L), c(2L, 2L)))
  expect_identical(lapply(batches, function(b) dim(b$Y)), list(c(1L, 4L), c(1L, 4L), c(1L, 2L)))
  # numpy.random.RandomState(1).permutation(10) is 2 9 6 4 0 3 1 7 8 5
  expect_identical(do.call(cbind, lapply(batches, function(b) b$X))[1, ], c(2, 9, 6, 4, 0, 3, 1, 7, 8, 5))
})

test_that("a size dividing m gives no empty batch", {
  d <- columns(6)
  expect_identical(vapply(random_mini_batches(d$X, d$Y, 3, 0), function(b) ncol(b$X), 1L), c(3L, 3L))
})

test_that("batch size 1 is one sample per batch in the permutation's order", {
  d <- columns(5)
  batches <- random_mini_batches(d$X, d$Y, mini_batch_size = 1, seed = 0)
  expect_identical(vapply(batches, function(b) b$X[1, 1], 1), c(2, 0, 1, 3, 4))
  for (b in batches) {
    expect_identical(dim(b$X), c(2L, 1L))
    expect_identical(dim(b$Y), c(1L, 1L))
  }
})

test_that("a batch size of m or more is one shuffled batch", {
  d <- columns(5)
  for (size in c(5, 6, 64, 1e6)) {
    batches <- random_mini_batches(d$X, d$Y, mini_batch_size = size, seed = 0)
    expect_length(batches, 1L)
    expect_identical(batches[[1]]$X, d$X[, c(3, 1, 2, 4, 5)])
    expect_identical(batches[[1]]$Y, d$Y[, c(3, 1, 2, 4, 5), drop = FALSE])
  }
})

test_that("one sample gives one batch of it", {
  d <- columns(1, n0 = 3)
  batches <- random_mini_batches(d$X, d$Y, mini_batch_size = 64, seed = 7)
  expect_identical(batches, list(list(X = d$X, Y = d$Y)))
})

test_that("the defaults are size 64 and seed 0", {
  d <- columns(130)
  batches <- random_mini_batches(d$X, d$Y)
  expect_identical(vapply(batches, function(b) ncol(b$X), 1L), c(64L, 64L, 2L))
  perm <- numpy_permutation(numpy_random_state(0), 130) + 1L
  expect_identical(do.call(cbind, lapply(batches, function(b) b$X)), d$X[, perm])
})

test_that("a generator is used and advanced (the caller sees it move)", {
  d <- columns(5)
  gen <- numpy_random_state(0)
  first <- random_mini_batches(d$X, d$Y, mini_batch_size = 5, seed = gen)
  second <- random_mini_batches(d$X, d$Y, mini_batch_size = 5, seed = gen)
  expect_identical(first[[1]]$X[1, ], c(2, 0, 1, 3, 4))
  expect_identical(second[[1]]$X[1, ], c(0, 2, 1, 4, 3)) # numpy's second permutation from RandomState(0)
  ref <- numpy_random_state(0)
  numpy_permutation(ref, 5)
  numpy_permutation(ref, 5)
  expect_identical(numpy_random_sample(gen, 1), numpy_random_sample(ref, 1))
})

test_that("results are double matrices for double inputs; inputs are untouched", {
  d <- columns(5)
  X0 <- d$X
  batches <- random_mini_batches(d$X, d$Y, 2, 0)
  for (b in batches) {
    expect_type(b$X, "double")
    expect_type(b$Y, "double")
    expect_true(is.matrix(b$X) && is.matrix(b$Y))
  }
  expect_identical(d$X, X0)
})

test_that("no samples gives no batches", {
  d <- columns(0)
  expect_identical(random_mini_batches(matrix(0, 2, 0), matrix(0, 1, 0), 4, 0), list())
})

test_that("errors name the argument (Python's sentences)", {
  d <- columns(5)
  expect_error(random_mini_batches(d$X, d$Y, mini_batch_size = 0), "mini_batch_size must be a positive integer; got 0",
               fixed = TRUE)
  expect_error(random_mini_batches(d$X, d$Y, mini_batch_size = 2.5),
               "mini_batch_size must be a positive integer; got 2.5", fixed = TRUE)
  expect_error(random_mini_batches(d$X, d$Y, seed = -1), "seed must be an integer in [0, 4294967295]; got -1",
               fixed = TRUE)
  expect_error(random_mini_batches(d$X, d$Y, seed = 2^32),
               "seed must be an integer in [0, 4294967295]; got 4294967296", fixed = TRUE)
  expect_error(random_mini_batches(d$X, d$Y[, 1:4, drop = FALSE]), "X and Y must have the same number of samples",
               fixed = TRUE)
  expect_error(random_mini_batches(d$X, d$X), "Y must have shape (1, m)", fixed = TRUE)
})
