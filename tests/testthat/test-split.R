# R/split.R: train_test_split reproduces sklearn's split index for index
# (expected values printed by scikit-learn 1.9 for
# train_test_split(np.arange(1, n + 1), test_size=..., random_state=...)),
# and flatten_images reproduces numpy's images.reshape(m, -1).T order.
testthat::local_edition(3)

test_that("train_test_split picks sklearn's samples in sklearn's order", {
  expect_identical(train_test_split(1:20, random_state = 1),
                   list(c(11L, 3L, 15L, 5L, 18L, 8L, 2L, 14L, 1L, 20L, 19L, 10L, 16L, 9L, 13L, 12L, 6L),
                        c(4L, 17L, 7L)))
  expect_identical(train_test_split(1:7, random_state = 42), list(c(6L, 3L, 5L, 4L, 7L), c(1L, 2L)))
  expect_identical(train_test_split(1:2, random_state = 0), list(1L, 2L))
  expect_identical(train_test_split(1:10, test_size = 0.3, random_state = 4294967295),
                   list(c(2L, 9L, 1L, 8L, 5L, 3L, 4L), c(7L, 10L, 6L)))
  # default random_state = 1
  expect_identical(train_test_split(as.numeric(1:20)), lapply(train_test_split(1:20, random_state = 1), as.numeric))
})

test_that("all arrays are split along the first dimension with the same indices", {
  m <- 20
  x <- matrix(seq_len(m * 3), nrow = m)         # (m, 3)
  imgs <- array(seq_len(m * 2 * 3 * 3), c(m, 2, 3, 3))
  y <- seq_len(m) * 10
  parts <- train_test_split(x, imgs, y, random_state = 1)
  expect_length(parts, 6)
  train <- c(11L, 3L, 15L, 5L, 18L, 8L, 2L, 14L, 1L, 20L, 19L, 10L, 16L, 9L, 13L, 12L, 6L)
  test <- c(4L, 17L, 7L)
  expect_identical(parts[[1]], x[train, , drop = FALSE])
  expect_identical(parts[[2]], x[test, , drop = FALSE])
  expect_identical(parts[[3]], imgs[train, , , , drop = FALSE])
  expect_identical(parts[[4]], imgs[test, , , , drop = FALSE])
  expect_identical(dim(parts[[4]]), c(3L, 2L, 3L, 3L))
  expect_identical(parts[[5]], y[train])
  expect_identical(parts[[6]], y[test])
  # a single test sample keeps its matrix / array dims
  small <- train_test_split(matrix(1:6, nrow = 3), array(1:12, c(3, 2, 2, 1)), random_state = 0)
  expect_identical(dim(small[[2]]), c(1L, 2L))
  expect_identical(dim(small[[4]]), c(1L, 2L, 2L, 1L))
})

test_that("train_test_split validates its arguments", {
  x <- 1:10
  y <- 1:9
  expect_error(train_test_split(x, y), "argument 1 (x) has 10 but argument 2 (y) has 9", fixed = TRUE)
  expect_error(train_test_split(x, test_size = 1), "test_size must be a number in the (0, 1) range", fixed = TRUE)
  expect_error(train_test_split(x, test_size = 0), "test_size must be a number in the (0, 1) range", fixed = TRUE)
  expect_error(train_test_split(x, random_state = -1),
               "seed must be an integer in [0, 4294967295]; got -1", fixed = TRUE)
  expect_error(train_test_split(x, random_state = 1.5),
               "seed must be an integer in [0, 4294967295]; got 1.5", fixed = TRUE)
  expect_error(train_test_split(1), "the resulting train set will be empty", fixed = TRUE)
  expect_error(train_test_split(), "at least one array", fixed = TRUE)
})

test_that("flatten_images follows numpy's C-order reshape(m, -1).T", {
  m <- 2; H <- 3; W <- 4; C <- 2
  imgs <- array(runif(m * H * W * C), c(m, H, W, C))
  flat <- flatten_images(imgs)
  expect_identical(dim(flat), as.integer(c(H * W * C, m)))
  expect_type(flat, "double")
  for (i in seq_len(m)) for (h in 0:(H - 1)) for (w in 0:(W - 1)) for (cc in 0:(C - 1)) {
    expect_identical(flat[(h * W + w) * C + cc + 1, i], imgs[i, h + 1, w + 1, cc + 1])
  }
  # m = 1 and C = 1 keep their dimensions
  one <- array(1:12, c(1, 3, 4, 1))
  expect_identical(flatten_images(one), matrix(as.numeric(t(one[1, , , 1])), ncol = 1))
  expect_identical(dim(flatten_images(array(0, c(5, 2, 2, 1)))), c(4L, 5L))
  expect_error(flatten_images("a"), "images must be a numeric array", fixed = TRUE)
})

test_that("labels_to_row gives a 1 x m double matrix", {
  expect_identical(labels_to_row(c(1L, 0L, 1L)), matrix(c(1, 0, 1), nrow = 1))
  expect_identical(labels_to_row(matrix(c(1, 0), ncol = 1)), matrix(c(1, 0), nrow = 1))
  expect_identical(dim(labels_to_row(5)), c(1L, 1L))
  expect_error(labels_to_row(matrix(1:4, 2)), "y must be a vector of labels", fixed = TRUE)
})
