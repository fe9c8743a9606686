# init_param, scale_weights

test_that("init_param returns W1, b1, ..., WL, bL with (n_l, n_prev) and (n_l, 1) shapes", {
  p <- init_param(c(5, 4, 3, 1))
  expect_named(p, c("W1", "b1", "W2", "b2", "W3", "b3"))
  expect_identical(dim(p$W1), c(4L, 5L))
  expect_identical(dim(p$W2), c(3L, 4L))
  expect_identical(dim(p$W3), c(1L, 3L))
  expect_identical(p$b1, matrix(0, 4, 1))
  expect_identical(p$b2, matrix(0, 3, 1))
  expect_identical(p$b3, matrix(0, 1, 1))
  for (x in p) expect_type(x, "double")
})

test_that("init_param reproduces numpy: W1 = randn(2, 3) * 0.01 filled row by row, then W2", {
  p <- init_param(c(3, 2, 1), seed = 1)
  # numpy.random.RandomState(1).randn(2, 3) * 0.01, then .randn(1, 2) * 0.01
  expect_identical(p$W1, matrix(c(0.01624345363663242, -0.006117564136500754, -0.005281717522634557,
                                  -0.010729686221561705, 0.008654076293246785, -0.02301538696880283),
                                nrow = 2, byrow = TRUE))
  expect_identical(p$W2, matrix(c(0.0174481176421648, -0.007612069008951028), nrow = 1))
  # seed 0
  expect_identical(init_param(c(2, 2, 1), seed = 0)$W1,
                   matrix(c(0.017640523459676642, 0.004001572083672233,
                            0.009787379841057393, 0.022408931992014578), nrow = 2, byrow = TRUE))
})

test_that("init_param's xavier and he recipes give numpy's bits", {
  x <- init_param(c(3, 2, 1), seed = 1, init = "xavier")
  expect_identical(x$W1, matrix(c(0.9378162329678932, -0.35319773009935107, -0.3049401033476625,
                                  -0.6194787228338869, 0.49964332774935905, -1.3287939861941718),
                                nrow = 2, byrow = TRUE))
  expect_identical(x$W2, matrix(c(1.2337682303715365, -0.5382545615089234), nrow = 1))
  h <- init_param(c(3, 2, 1), seed = 1, init = "he")
  expect_identical(h$W1, matrix(c(1.3262724356768405, -0.4994970201058942, -0.43125042986571754,
                                  -0.8760752114332464, 0.706602370452369, -1.879198476875605),
                                nrow = 2, byrow = TRUE))
  expect_identical(h$W2, matrix(c(1.74481176421648, -0.7612069008951028), nrow = 1))
})

test_that("scale_weights applies each recipe with Python's operator", {
  Z <- matrix(c(1.5, -2, 0.25, 3), 2)
  expect_identical(scale_weights(Z, 4, "scaled"), Z * 0.01)
  expect_identical(scale_weights(Z, 4, "xavier"), Z / 2)
  expect_identical(scale_weights(Z, 8, "he"), Z * 0.5)
  expect_identical(scale_weights(Z, 3, "xavier"), Z / sqrt(3))
  expect_identical(scale_weights(Z, 3, "he"), Z * sqrt(2 / 3))
  expect_error(scale_weights(Z, 3, "lecun"), class = "nnscratch_value_error")
})

test_that("init_param is reproducible and the seed matters", {
  expect_identical(init_param(c(4, 3, 1), seed = 7), init_param(c(4, 3, 1), seed = 7))
  expect_false(identical(init_param(c(4, 3, 1), seed = 7)$W1, init_param(c(4, 3, 1), seed = 8)$W1))
})

test_that("init_param leaves R's own random stream alone", {
  set.seed(42)
  before <- .Random.seed
  init_param(c(4, 3, 1), seed = 3)
  expect_identical(.Random.seed, before)
})

test_that("init_param keeps matrices for one-unit layers", {
  p <- init_param(c(4, 1, 1))
  expect_identical(dim(p$W1), c(1L, 4L))
  expect_identical(dim(p$b1), c(1L, 1L))
  expect_identical(dim(p$W2), c(1L, 1L))
  expect_identical(dim(p$b2), c(1L, 1L))
  q <- init_param(c(3, 1))
  expect_named(q, c("W1", "b1"))
  expect_identical(dim(q$W1), c(1L, 3L))
})

test_that("init_param rejects bad arguments with messages naming them", {
  expect_error(init_param(3), "layers_dims must have at least 2 entries", class = "nnscratch_value_error")
  expect_error(init_param(c(3, 0, 1)), "entry 2 is 0", class = "nnscratch_value_error")
  expect_error(init_param(c(3, 2.5, 1)), "layers_dims must be positive integers", class = "nnscratch_value_error")
  expect_error(init_param(c(3, 1), seed = -1), "seed must be an integer", class = "nnscratch_value_error")
  expect_error(init_param(c(3, 1), seed = 2^32), "seed must be an integer", class = "nnscratch_value_error")
  expect_error(init_param(c(3, 1), init = "zeros"), "init must be one of", class = "nnscratch_value_error")
})
