# nn_fit and the nnscratch_model methods (R/api-model.R)

# 12 samples (rows), 3 features; class "yes" where a + b > 1
api_data <- function() {
  a <- c(0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.05, 0.95, 0.4, 0.6, 0.15, 0.85)
  b <- c(0.2, 0.7, 0.1, 0.9, 0.4, 0.6, 0.30, 0.80, 0.2, 0.9, 0.25, 0.50)
  c3 <- c(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1)
  data.frame(a = a, b = b, c3 = c3, kind = factor(ifelse(a + b > 1, "yes", "no")))
}
api_x <- function(df = api_data()) as.matrix(df[, c("a", "b", "c3")])

test_that("nn_fit trains exactly what engine_fit trains on the transposed rows (second level = label 1)", {
  df <- api_data()
  x <- api_x(df)
  fit <- nn_fit(x, df$kind, hidden_layer_sizes = c(4, 3), learning_rate = 0.3, num_iterations = 40, seed = 7)
  Y <- matrix(as.numeric(df$kind == "yes"), nrow = 1)
  ref <- engine_fit(unname(t(x)), Y, c(3, 4, 3, 1), learning_rate = 0.3, num_iterations = 40, seed = 7, init = "he",
                    rule = update_rule("gd", 0.3), cost_every = 10)
  expect_identical(coef(fit), ref$parameters)
  expect_identical(fit$costs, ref$costs)
  expect_identical(fit$cost_every, 10)
  expect_identical(fit$levels, c("no", "yes"))
  expect_identical(fit$layers_dims, c(3, 4, 3, 1))
  AL <- deep_model(unname(t(x)), ref$parameters)$AL
  expect_identical(unname(fit$fitted.values), as.vector(AL))
  expect_identical(fit$cost, cost_computation(AL, Y))
  expect_identical(fit$accuracy, predict_labels(unname(t(x)), Y, ref$parameters)$accuracy)
  expect_identical(fit$n_samples, 12L)
})

test_that("the defaults are the command line's (and NNClassifier's)", {
  f <- formals(nn_fit.default)
  expect_identical(eval(f$hidden_layer_sizes), c(16, 8))
  expect_identical(f$learning_rate, 0.02)
  expect_identical(f$num_iterations, 600)
  expect_identical(f$init, "he")
  expect_identical(f$seed, 1)
  expect_identical(f$optimizer, "gd")
  expect_null(f$epochs)
  expect_null(f$batch_size)
  expect_identical(c(f$beta1, f$beta2, f$epsilon, f$l2, f$dropout), c(0.9, 0.999, 1e-8, 0, 0))
  expect_false(f$standardize)
  expect_identical(names(f), c("x", "y", "hidden_layer_sizes", "learning_rate", "num_iterations", "init", "seed",
                               "optimizer", "epochs", "batch_size", "beta1", "beta2", "epsilon", "l2", "dropout",
                               "standardize", "..."))
})

test_that("the formula and the matrix interfaces give the same network", {
  df <- api_data()
  f1 <- nn_fit(kind ~ a + b + c3, data = df, hidden_layer_sizes = 3, num_iterations = 30, learning_rate = 0.2)
  f2 <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 3, num_iterations = 30, learning_rate = 0.2)
  f3 <- nn_fit(api_x(df), df$kind, hidden_layer_sizes = 3, num_iterations = 30, learning_rate = 0.2)
  expect_identical(coef(f1), coef(f3))
  expect_identical(coef(f2), coef(f3))
  expect_identical(f1$response, "kind")
  expect_identical(f1$feature_names, c("a", "b", "c3"))
  expect_identical(deparse(f1$call), deparse(quote(nn_fit(formula = kind ~ a + b + c3, data = df,
                                                             hidden_layer_sizes = 3, num_iterations = 30,
                                                             learning_rate = 0.2))))
  expect_identical(unname(predict(f1, df)), predict(f3, api_x(df)))
  expect_identical(names(predict(f1, df)), as.character(1:12)) # the data.frame's row names
})

test_that("factor, 0/1 numeric, logical and character responses: levels kept, the second is label 1", {
  df <- api_data()
  x <- api_x(df)
  one <- df$kind == "yes"
  args <- list(hidden_layer_sizes = 2, num_iterations = 15, learning_rate = 0.3)
  ref <- do.call(nn_fit, c(list(x, as.numeric(one)), args))
  expect_identical(ref$levels, c("0", "1"))
  lg <- do.call(nn_fit, c(list(x, one), args))
  expect_identical(lg$levels, c("FALSE", "TRUE"))
  expect_identical(coef(lg), coef(ref))
  # a factor whose FIRST level is "yes": label 1 is then "no"
  rev_f <- factor(as.character(df$kind), levels = c("yes", "no"))
  fr <- do.call(nn_fit, c(list(x, rev_f), args))
  expect_identical(fr$levels, c("yes", "no"))
  expect_identical(coef(fr), coef(do.call(nn_fit, c(list(x, as.numeric(!one)), args))))
  expect_identical(levels(predict(fr, x)), c("yes", "no"))
  # unused factor levels are dropped
  f3 <- factor(as.character(df$kind), levels = c("no", "maybe", "yes"))
  expect_identical(do.call(nn_fit, c(list(x, f3), args))$levels, c("no", "yes"))
  # character: sorted by bytes, as numpy's np.unique ("B" < "b")
  ch <- ifelse(one, "b", "B")
  fc <- do.call(nn_fit, c(list(x, ch), args))
  expect_identical(fc$levels, c("B", "b"))
  expect_identical(coef(fc), coef(ref))
  # a 0/1 integer and a (m, 1) matrix response
  expect_identical(coef(do.call(nn_fit, c(list(x, matrix(as.integer(one), ncol = 1)), args))), coef(ref))
})

test_that("more or fewer than two classes is an error naming the response and the classes", {
  expect_error(nn_fit(Species ~ ., data = iris, num_iterations = 1),
               "response 'Species' must have exactly two classes (nn_fit is a binary classifier); got 3: 'setosa', 'versicolor', 'virginica'",
               fixed = TRUE, class = "nnscratch_value_error")
  x <- matrix(1:4, 2)
  expect_error(nn_fit(x, c(1, 1)), "response 'y' must have exactly two classes (nn_fit is a binary classifier); got 1: '1'",
               fixed = TRUE)
  expect_error(nn_fit(x, c(0, 2)), "response 'y' must be a factor, a logical or numeric 0/1; got the value 2", fixed = TRUE)
  expect_error(nn_fit(x, list(1, 0)), "response 'y' must be a factor, a logical or numeric 0/1; got list", fixed = TRUE,
               class = "nnscratch_type_error")
})

test_that("missing values: the formula drops rows with na.action (glm's default), the matrix interface refuses them", {
  df <- api_data()
  df$a[3] <- NA
  fit <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 2, num_iterations = 5)
  expect_identical(fit$n_samples, 11L)
  expect_identical(as.vector(fit$na.action), 3L)
  expect_s3_class(fit$na.action, "omit")
  expect_identical(coef(fit), coef(nn_fit(api_x(df)[-3, ], df$kind[-3], hidden_layer_sizes = 2, num_iterations = 5)))
  expect_length(predict(fit), 11L) # na.omit: the complete rows
  fx <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 2, num_iterations = 5, na.action = na.exclude)
  p <- predict(fx, type = "prob")
  expect_length(p, 12L) # na.exclude: NA in place
  expect_true(is.na(p[[3]]))
  # newdata with a missing value: NA for that row only
  pn <- predict(fit, df, type = "prob")
  expect_true(is.na(pn[[3]]))
  expect_identical(sum(is.na(pn)), 1L)
  expect_error(nn_fit(kind ~ ., data = df, na.action = na.fail), "missing values")
  x <- api_x(api_data())
  x[2, 3] <- NA
  expect_error(nn_fit(x, api_data()$kind), "x has a missing value (NA) at row 2, column 3 ('c3')", fixed = TRUE)
  x[2, 3] <- Inf
  expect_error(nn_fit(x, api_data()$kind), "x has a non-finite value (Inf) at row 2, column 3 ('c3')", fixed = TRUE)
  expect_error(nn_fit(api_x(), c(NA, rep(0:1, length.out = 11))), "y has a missing value (NA) at position 1", fixed = TRUE)
})

test_that("predict: class gives a factor of the response's levels, prob the probability of the second level", {
  df <- api_data()
  fit <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 3, num_iterations = 200, learning_rate = 0.5)
  new <- data.frame(a = c(0.9, 0.1), b = c(0.9, 0.1), c3 = c(0, 1), row.names = c("r1", "r2"))
  p <- predict(fit, new, type = "prob")
  ref <- as.vector(deep_model(t(as.matrix(new)), coef(fit))$AL)
  expect_identical(unname(p), ref)
  expect_identical(names(p), c("r1", "r2"))
  cls <- predict(fit, new)
  expect_s3_class(cls, "factor")
  expect_identical(levels(cls), c("no", "yes"))
  expect_identical(as.character(cls), ifelse(ref > 0.5, "yes", "no"))
  expect_identical(as.character(cls), c("yes", "no"))
  expect_identical(predict(fit, type = "prob"), fit$fitted.values) # no newdata: the training rows
  expect_error(predict(fit, new, type = "raw"), "should be one of")
  expect_error(predict(fit, as.matrix(new)), "newdata must be a data.frame with the formula's predictors", fixed = TRUE)
  fm <- nn_fit(api_x(df), df$kind, hidden_layer_sizes = 3, num_iterations = 5)
  expect_error(predict(fm, c(0.9, 0.9, 0)), paste("newdata must be a matrix with one sample per row; got a vector of",
                                                  "length 3 (one sample: matrix(v, nrow = 1); one feature:",
                                                  "matrix(v, ncol = 1))"), fixed = TRUE)
  expect_error(predict(fm, matrix(0, 1, 2)), "newdata has 2 columns (features) but the model takes 3", fixed = TRUE)
  bad <- api_x(df)
  colnames(bad)[2] <- "B"
  expect_error(predict(fm, bad), "column 2 is 'B', was 'b'", fixed = TRUE)
  expect_identical(predict(fm, matrix(c(0.9, 0.9, 0), nrow = 1), type = "prob"),
                   as.vector(deep_model(matrix(c(0.9, 0.9, 0)), coef(fm))$AL))
})

test_that("factor predictors are encoded by model.matrix without the intercept column, and predict reuses the coding", {
  df <- api_data()
  df$g <- factor(rep(c("u", "v", "w"), 4))
  fit <- nn_fit(kind ~ a + g, data = df, hidden_layer_sizes = 2, num_iterations = 5)
  expect_identical(fit$feature_names, c("a", "gv", "gw")) # treatment contrasts, as nnet
  expect_identical(fit$xlevels, list(g = c("u", "v", "w")))
  p <- predict(fit, data.frame(a = 0.5, g = "v"), type = "prob")
  expect_identical(unname(p), as.vector(deep_model(matrix(c(0.5, 1, 0)), coef(fit))$AL))
  expect_error(predict(fit, data.frame(a = 0.5, g = "z")), "new level")
})

test_that("print and summary show the architecture, settings, final cost and training accuracy", {
  x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2)
  y <- c(FALSE, TRUE, TRUE, TRUE)
  fit <- nn_fit(x, y, hidden_layer_sizes = 2, num_iterations = 20)
  out <- capture.output(print(fit))
  expect_identical(out, c(
    "nnscratch_model: a 2-2-1 network (ReLU hidden layers, sigmoid output)",
    "Call: nn_fit(x = x, y = y, hidden_layer_sizes = 2, num_iterations = 20)",
    "Classes: 'FALSE' (label 0), 'TRUE' (label 1)",
    "Training: full batch, 20 iterations of gd, learning rate 0.02",
    sprintf("Training cost %.6f, accuracy %.6f on 4 samples", fit$cost, fit$accuracy)))
  s <- summary(fit)
  expect_s3_class(s, "summary.nnscratch_model")
  expect_identical(s$n_parameters, 9) # W1 2x2, b1 2, W2 1x2, b2 1
  expect_identical(s$accuracy, fit$accuracy)
  out <- capture.output(print(s))
  expect_identical(out[4], "Architecture: 2-2-1 (ReLU hidden layers, sigmoid output), 9 weights and biases")
  expect_identical(out[5], "Response: 'y': 'FALSE' (label 0), 'TRUE' (label 1)")
  expect_identical(out[6:20], c("Settings:", "  hidden_layer_sizes 2", "  learning_rate      0.02",
                                "  num_iterations     20", "  init               he", "  seed               1",
                                "  optimizer          gd", "  epochs             NULL", "  batch_size         NULL",
                                "  beta1              0.9", "  beta2              0.999", "  epsilon            1e-08",
                                "  l2                 0", "  dropout            0", "  standardize        FALSE"))
  expect_identical(out[21:23], c("Training samples: 4", sprintf("Final cost: %.6f", fit$cost),
                                 sprintf("Training accuracy: %.6f", fit$accuracy)))
})

test_that("coef gives W1, b1, ... in the core's shapes; plot draws the cost curve", {
  fit <- nn_fit(api_x(), api_data()$kind, hidden_layer_sizes = c(5, 4), num_iterations = 25)
  w <- coef(fit)
  expect_identical(names(w), c("W1", "b1", "W2", "b2", "W3", "b3"))
  expect_identical(lapply(w, dim), list(W1 = c(5L, 3L), b1 = c(5L, 1L), W2 = c(4L, 5L), b2 = c(4L, 1L),
                                        W3 = c(1L, 4L), b3 = c(1L, 1L)))
  expect_length(fit$costs, 3L) # iterations 0, 10, 20
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_invisible(plot(fit))
  expect_identical(plot(fit), fit)
})

test_that("settings are checked, naming the argument; l2 and dropout need the epochs engine", {
  x <- api_x()
  y <- api_data()$kind
  expect_error(nn_fit(x, y, hidden_layer_sizes = c(4, 0)), "hidden_layer_sizes must be positive whole numbers", fixed = TRUE)
  expect_error(nn_fit(x, y, learning_rate = 0), "learning_rate must be a number > 0; got 0", fixed = TRUE)
  expect_error(nn_fit(x, y, optimizer = "sgd"), "optimizer must be one of 'gd', 'momentum', 'rmsprop', 'adam'; got 'sgd'",
               fixed = TRUE)
  expect_error(nn_fit(x, y, init = "zeros"), "init must be one of 'scaled', 'xavier', 'he'; got 'zeros'", fixed = TRUE)
  expect_error(nn_fit(x, y, dropout = 1, epochs = 1), "dropout must be a number >= 0 and < 1; got 1", fixed = TRUE)
  expect_error(nn_fit(x, y, l2 = 0.1), "l2 and dropout are applied by the epochs engine: give epochs or batch_size",
               fixed = TRUE)
  expect_error(nn_fit(x, y, iterations = 5), "nn_fit: unknown argument(s) 'iterations'", fixed = TRUE,
               class = "nnscratch_type_error")
  expect_error(nn_fit(kind ~ ., data = api_data(), lr = 1), "unknown argument(s) 'lr'", fixed = TRUE)
  expect_error(nn_fit(x, y[-1]), "x and y must have the same number of samples (rows of x): x has 12, y has 11", fixed = TRUE)
  expect_error(nn_fit(data.frame(a = 1:2, g = c("u", "v")), c(0, 1)), "column 'g' of the data.frame is character", fixed = TRUE)
})

test_that("epochs or batch_size train with engine_fit_epochs (the other takes the command line's default)", {
  x <- api_x()
  y <- api_data()$kind
  fit <- nn_fit(x, y, hidden_layer_sizes = 3, epochs = 4, optimizer = "momentum", l2 = 0.05, dropout = 0.25, seed = 3)
  ref <- engine_fit_epochs(unname(t(x)), matrix(as.numeric(y == "yes"), 1), c(3, 3, 1),
                           rule = update_rule("momentum", 0.02, beta = 0.9), epochs = 4, batch_size = 128, seed = 3,
                           init = "he", l2 = 0.05, keep_prob = 0.75)
  expect_identical(coef(fit), ref$parameters)
  expect_identical(fit$history, ref$history)
  expect_identical(fit$settings$batch_size, 128) # the command line's default (CLI_DEFAULTS)
  expect_null(fit$costs)
  fb <- nn_fit(x, y, hidden_layer_sizes = 3, batch_size = 5)
  expect_identical(fb$settings$epochs, 20)
  expect_length(fb$history$cost, 20L)
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  expect_identical(plot(fb), fb)
})

test_that("standardize = TRUE trains on standardized columns and predict applies the same standardizer", {
  x <- api_x()
  x[, 1] <- x[, 1] * 100 + 50
  y <- api_data()$kind
  fit <- nn_fit(x, y, hidden_layer_sizes = 3, num_iterations = 20, standardize = TRUE)
  s <- fit_standardizer(unname(t(x)))
  expect_identical(fit$standardizer, s)
  ref <- engine_fit(standardize(unname(t(x)), s), matrix(as.numeric(y == "yes"), 1), c(3, 3, 1), learning_rate = 0.02,
                    num_iterations = 20, seed = 1, init = "he", rule = update_rule("gd", 0.02), cost_every = 10)
  expect_identical(coef(fit), ref$parameters)
  new <- matrix(c(70, 0.5, 1), nrow = 1)
  expect_identical(predict(fit, new, type = "prob"),
                   as.vector(deep_model(standardize(t(new), s), ref$parameters)$AL))
})

test_that("model_parts and as_nnscratch_model: save_model / load_model round trip, labels name the levels", {
  df <- api_data()
  fit <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 3, num_iterations = 30, optimizer = "adam", standardize = TRUE)
  parts <- model_parts(fit)
  expect_identical(parts$parameters, coef(fit))
  expect_identical(parts$meta$labels, c(no = 0, yes = 1))
  expect_identical(parts$meta$optimizer_hyper, list(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8))
  f <- tempfile(fileext = ".txt")
  on.exit(unlink(f))
  with(parts, save_model(f, parameters, meta))
  lines <- readLines(f)
  expect_true(all(c("architecture 3,3,1", "init he", "seed 1", "iterations 30", "labels no=0,yes=1", "created_by r",
                    "update_rule adam", "cost_every 10") %in% lines))
  expect_true("image_size 1" %in% lines) # 3 inputs are 1 x 1 x 3 pixels (NNClassifier writes the same)
  back <- as_nnscratch_model(f)
  expect_s3_class(back, "nnscratch_model")
  expect_identical(back$levels, c("no", "yes"))
  expect_identical(coef(back), coef(fit))
  expect_identical(back$standardizer, fit$standardizer)
  expect_identical(back$settings[c("optimizer", "num_iterations", "standardize")],
                   list(optimizer = "adam", num_iterations = 30, standardize = TRUE))
  expect_identical(back$costs, fit$costs)
  x <- api_x(df)
  expect_identical(predict(back, x), unname(predict(fit, df)))
  expect_identical(predict(back, x, type = "prob"), unname(predict(fit, df, type = "prob")))
  expect_identical(as_nnscratch_model(load_model(f))$parameters, coef(fit))
  expect_error(predict(back), "this model has no training rows (it was loaded from a file): give newdata", fixed = TRUE)
  expect_output(print(back), "Classes: 'no' (label 0), 'yes' (label 1)", fixed = TRUE)
  # a command-line model file: Cat=1,Dog=0 -> levels Dog, Cat; no labels -> "0", "1"
  p <- init_param(c(2, 3, 1), seed = 1, init = "he")
  save_model(f, p, list(architecture = c(2, 3, 1), labels = c(Cat = 1, Dog = 0)))
  expect_identical(as_nnscratch_model(f)$levels, c("Dog", "Cat"))
  save_model(f, p, list(architecture = c(2, 3, 1)))
  expect_identical(as_nnscratch_model(f)$levels, c("0", "1"))
  save_model(f, p, list(architecture = c(2, 3, 1), labels = c(Cat = 1, Dog = 2)))
  expect_error(as_nnscratch_model(f), "the model's labels must map two classes to 0 and 1", fixed = TRUE)
  expect_error(model_parts(list()), "object must be an nnscratch_model (from nn_fit); got list", fixed = TRUE)
  bad <- nn_fit(api_x(df), factor(ifelse(df$kind == "yes", "a,b", "c")), hidden_layer_sizes = 2, num_iterations = 2)
  expect_error(model_parts(bad), "cannot be written in a model file", fixed = TRUE)
})

test_that("an epochs model keeps its history through a model file", {
  fit <- nn_fit(api_x(), api_data()$kind, hidden_layer_sizes = 2, epochs = 3, batch_size = 4)
  f <- tempfile(fileext = ".txt")
  on.exit(unlink(f))
  with(model_parts(fit), save_model(f, parameters, meta))
  back <- as_nnscratch_model(f)
  expect_identical(back$history$cost, fit$history$cost)
  expect_identical(back$settings[c("epochs", "batch_size")], list(epochs = 3, batch_size = 4))
  expect_false(any(startsWith(readLines(f), "iterations")))
})
