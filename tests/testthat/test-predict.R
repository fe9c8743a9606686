# predict_labels

one_layer <- list(W1 = matrix(c(1, -1), 1), b1 = matrix(0, 1, 1))
# X columns (2, 1), (1, 2), (1, 1): Z = 1, -1, 0, AL = 0.73, 0.27, 0.5
X3 <- matrix(c(2, 1, 1, 2, 1, 1), 2)

test_that("predict_labels labels AL > 0.5 as 1 (0.5 itself is 0) and computes the accuracy", {
  out <- predict_labels(X3, matrix(c(1, 1, 0), 1), one_layer)
  expect_named(out, c("p", "accuracy"))
  expect_identical(out$p, matrix(c(1, 0, 0), 1))
  expect_type(out$p, "double")
  expect_identical(out$accuracy, 2 / 3)
})

test_that("predict_labels accepts labels as a vector, integers or logicals", {
  expect_identical(predict_labels(X3, c(1, 1, 0), one_layer)$accuracy, 2 / 3)
  expect_identical(predict_labels(X3, c(1L, 0L, 0L), one_layer)$accuracy, 1)
  expect_identical(predict_labels(X3, c(FALSE, TRUE, TRUE), one_layer)$accuracy, 0)
  expect_error(predict_labels(X3, c(1, 0), one_layer))
})

test_that("predict_labels with y = NULL keeps an accuracy entry that is NULL", {
  out <- predict_labels(X3, NULL, one_layer)
  expect_named(out, c("p", "accuracy"))
  expect_null(out$accuracy)
  expect_identical(out$p, matrix(c(1, 0, 0), 1))
})

test_that("predict_labels prints nothing", {
  expect_silent(predict_labels(X3, c(1, 1, 0), one_layer))
})

test_that("predict_labels keeps a (1, m) matrix for one sample and one-unit layers", {
  p <- list(W1 = matrix(c(1, 1, 1), 1), b1 = matrix(-1, 1, 1))
  out <- predict_labels(matrix(c(1, 1, 1), 3), 1, p)
  expect_identical(out$p, matrix(1, 1, 1))
  expect_identical(out$accuracy, 1)
  deep <- init_param(c(4, 1, 1), seed = 3, init = "he")
  expect_identical(dim(predict_labels(matrix(1, 4, 1), NULL, deep)$p), c(1L, 1L))
  expect_identical(dim(predict_labels(matrix(1, 4, 5), NULL, deep)$p), c(1L, 5L))
})

test_that("predict_labels agrees with deep_model", {
  p <- init_param(c(3, 4, 1), seed = 5, init = "he")
  X <- matrix(seq(-2, 2, length.out = 12), 3)
  AL <- deep_model(X, p)$AL
  expect_identical(predict_labels(X, NULL, p)$p, matrix(as.numeric(AL > 0.5), 1))
})

test_that("the accuracy is rounded once, as Python's (115 right of 2051)", {
  m <- 2051
  X <- matrix(ifelse(seq_len(m) %% 3 == 1, 1, -1), nrow = 1)
  params <- list(W1 = matrix(1), b1 = matrix(0))
  p <- (X > 0) + 0
  y <- ifelse(seq_len(m) <= 115, p, 1 - p)
  acc <- predict_labels(X, y, params)$accuracy
  expect_identical(acc, 115 / 2051)
  expect_identical(sprintf("%.17g", acc), "0.056070209653827398")
})
