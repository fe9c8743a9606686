# dense_nn

toy_problem <- function(m = 8) {
  # Separable: label 1 when x1 + x2 > 0.
  x1 <- c(1, -1, 2, -2, 0.5, -0.5, 1.5, -1.5)[seq_len(m)]
  x2 <- c(0.5, -0.2, -1, 1, 1, -1, 0.3, -0.1)[seq_len(m)]
  list(X = rbind(x1, x2, deparse.level = 0), Y = matrix(as.numeric(x1 + x2 > 0), 1))
}

test_that("dense_nn returns parameters and costs at iterations 0, 100, 200, ...", {
  d <- toy_problem()
  out <- dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 250)
  expect_named(out, c("parameters", "costs"))
  expect_named(out$parameters, c("W1", "b1", "W2", "b2"))
  expect_type(out$costs, "double")
  expect_length(out$costs, 3) # iterations 0, 100, 200
  expect_null(dim(out$costs))
  expect_length(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 201)$costs, 3)
  expect_length(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 200)$costs, 2)
  expect_length(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 1)$costs, 1)
})

test_that("costs[1] is the cost of the initial parameters (before the first step)", {
  d <- toy_problem()
  p0 <- init_param(c(2, 3, 1), seed = 4, init = "xavier")
  out <- dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 3, seed = 4, init = "xavier")
  expect_identical(out$costs, cost_computation(deep_model(d$X, p0)$AL, d$Y))
  # With 0.01-scaled weights every output is about 0.5, so the cost is about log(2).
  expect_equal(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 1)$costs, log(2), tolerance = 1e-3)
})

test_that("one iteration is forward, cost, backward (no input gradient), update", {
  d <- toy_problem()
  p0 <- init_param(c(2, 4, 3, 1), seed = 1, init = "he")
  fwd <- deep_model(d$X, p0)
  grads <- deep_model_back(fwd$AL, d$Y, fwd$caches, input_grad = FALSE)
  expected <- update_parameters(p0, grads, 0.3)
  out <- dense_nn(d$X, d$Y, c(2, 4, 3, 1), learning_rate = 0.3, num_iterations = 1, init = "he")
  expect_identical(out$parameters, expected)
})

test_that("the seed and init reach init_param; bad arguments are refused before training", {
  d <- toy_problem()
  p0 <- init_param(c(2, 3, 1), seed = 9, init = "he")
  fwd <- deep_model(d$X, p0)
  one <- update_parameters(p0, deep_model_back(fwd$AL, d$Y, fwd$caches, input_grad = FALSE), 0.0075)
  expect_identical(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 1, seed = 9, init = "he")$parameters, one)
  expect_false(identical(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 1, seed = 8, init = "he")$parameters, one))
  expect_error(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 0),
               "num_iterations must be a positive integer; got 0", class = "nnscratch_value_error")
  expect_error(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 1, init = "glorot"),
               "init must be one of 'scaled', 'xavier', 'he'; got 'glorot'", class = "nnscratch_value_error")
})

test_that("print_cost prints 'Cost after iteration %d: %f' at recorded iterations only", {
  d <- toy_problem()
  printed <- capture.output(out <- dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 201, print_cost = TRUE,
                                            init = "he"))
  expect_identical(printed, sprintf("Cost after iteration %d: %f", c(0L, 100L, 200L), out$costs))
  expect_match(printed[1], "^Cost after iteration 0: [0-9]+\\.[0-9]{6}$")
  expect_silent(dense_nn(d$X, d$Y, c(2, 3, 1), num_iterations = 5))
})

test_that("dense_nn takes only the notebook's arguments (the engine's are engine_fit's)", {
  expect_identical(names(formals(dense_nn)),
                   c("X", "Y", "layers_dims", "learning_rate", "num_iterations", "print_cost", "seed", "init"))
  expect_identical(formals(dense_nn)$learning_rate, 0.0075)
  expect_identical(formals(dense_nn)$num_iterations, 5000)
})

test_that("training lowers the cost and fits a separable toy problem", {
  d <- toy_problem()
  out <- dense_nn(d$X, d$Y, c(2, 4, 1), learning_rate = 0.5, num_iterations = 300, init = "he")
  expect_length(out$costs, 3)
  expect_true(all(diff(out$costs) < 0))
  expect_lt(out$costs[3], 0.1)
  expect_identical(predict_labels(d$X, d$Y, out$parameters)$accuracy, 1)
})

test_that("dense_nn keeps matrices with one-unit layers and one sample", {
  d <- toy_problem()
  for (dims in list(c(2, 1, 1), c(2, 1))) {
    for (m in c(1, 4)) {
      X <- d$X[, seq_len(m), drop = FALSE]
      Y <- d$Y[, seq_len(m), drop = FALSE]
      out <- dense_nn(X, Y, dims, learning_rate = 0.1, num_iterations = 3, init = "he")
      expect_length(out$costs, 1)
      expect_true(is.finite(out$costs))
      for (l in seq_len(length(dims) - 1)) {
        expect_identical(dim(out$parameters[[paste0("W", l)]]), as.integer(c(dims[l + 1], dims[l])))
        expect_identical(dim(out$parameters[[paste0("b", l)]]), c(as.integer(dims[l + 1]), 1L))
      }
    }
  }
})
