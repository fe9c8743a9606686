# predict_image (R/api-image.R)

# The sample at 8x8 (192 inputs) and a small model trained on it, built once
image_fixture <- local({
  made <- NULL
  function() {
    if (is.null(made)) {
      d <- create_dataset(nnscratch_sample(), size = 8, warn = FALSE, cache = FALSE)
      x <- t(flatten_images(d$X))
      y <- factor(d$y, levels = c(0, 1), labels = c("Dog", "Cat"))
      made <<- list(d = d, x = x, y = y,
                    fit = nn_fit(x, y, hidden_layer_sizes = 4, num_iterations = 40, learning_rate = 0.1),
                    files = file.path(nnscratch_sample(), d$files[c(1, 2, 200, 357)]))
    }
    made
  }
})

test_that("predict_image gives, per file, exactly what predict gives for that image's create_dataset row", {
  fx <- image_fixture()
  out <- predict_image(fx$fit, fx$files)
  expect_s3_class(out, "data.frame")
  expect_identical(names(out), c("file", "probability", "label"))
  expect_identical(out$file, fx$files)
  rows <- fx$x[c(1, 2, 200, 357), ]
  expect_identical(out$probability, unname(predict(fx$fit, rows, type = "prob")))
  expect_identical(out$label, unname(predict(fx$fit, rows)))
  expect_identical(levels(out$label), c("Dog", "Cat"))
  expect_identical(as.character(out$label), ifelse(out$probability > 0.5, "Cat", "Dog"))
  # one path: one row, the same numbers; a list of paths works too
  one <- predict_image(fx$fit, fx$files[3])
  expect_identical(nrow(one), 1L)
  # one column instead of four: BLAS may take another kernel (dgemv vs dgemm), summation order only
  expect_equal(one$probability, out$probability[3], tolerance = 1e-12)
  expect_identical(one$label, out$label[3])
  expect_identical(predict_image(fx$fit, as.list(fx$files)), out)
})

test_that("the model's standardizer is applied; a model file (path or load_model list) predicts the same", {
  fx <- image_fixture()
  fit <- nn_fit(fx$x, fx$y, hidden_layer_sizes = 3, num_iterations = 20, standardize = TRUE)
  out <- predict_image(fit, fx$files)
  expect_identical(out$probability, unname(predict(fit, fx$x[c(1, 2, 200, 357), ], type = "prob")))
  f <- tempfile(fileext = ".txt")
  on.exit(unlink(f))
  with(model_parts(fit), save_model(f, parameters, meta))
  expect_true("image_size 8" %in% readLines(f))
  expect_identical(predict_image(f, fx$files), out)
  expect_identical(predict_image(load_model(f), fx$files), out)
  expect_identical(predict_image(as_nnscratch_model(f), fx$files), out)
})

test_that("a model file without labels gives the labels 0 and 1; image_size comes from the file", {
  fx <- image_fixture()
  f <- tempfile(fileext = ".txt")
  on.exit(unlink(f))
  save_model(f, coef(fx$fit), list(architecture = c(192, 4, 1), image_size = 8))
  out <- predict_image(f, fx$files)
  expect_identical(levels(out$label), c("0", "1"))
  expect_identical(as.character(out$label), ifelse(out$probability > 0.5, "1", "0"))
  save_model(f, coef(fx$fit), list(architecture = c(192, 4, 1), image_size = 9))
  expect_error(predict_image(f, fx$files), "predict_image: the model takes 192 inputs, not 9x9x3 images (its image_size)",
               fixed = TRUE)
})

test_that("a missing file, a folder or a file create_dataset skips is an error naming it", {
  fx <- image_fixture()
  s <- nnscratch_sample()
  missing_file <- file.path(s, "Cat", "nope.jpg")
  expect_error(predict_image(fx$fit, c(fx$files[1], missing_file)),
               sprintf("predict_image: no such file: '%s'", missing_file), fixed = TRUE, class = "nnscratch_file_not_found")
  expect_error(predict_image(fx$fit, file.path(s, "Cat")), "is a folder, not an image file", fixed = TRUE)
  expect_error(predict_image(fx$fit, file.path(s, "Dog", "175.jpg")),
               sprintf("predict_image: '%s' is not an image it can read: not a JPEG or PNG file", file.path(s, "Dog", "175.jpg")),
               fixed = TRUE)
  expect_error(predict_image(fx$fit, file.path(s, "Dog", "174.jpg")), "grayscale image (JPEG, 1 component)", fixed = TRUE)
  expect_error(predict_image(fx$fit, file.path(s, "Cat", "184.jpg")), "empty file (0 bytes)", fixed = TRUE)
})

test_that("pixels are never taken for paths (a single image is not a batch); bad models are refused", {
  fx <- image_fixture()
  expect_error(predict_image(fx$fit, fx$d$X[1, , , ]),
               paste("predict_image: paths must be image file paths (a character vector); got a numeric array (8, 8, 3).",
                     "To predict from pixels, use predict(model, newdata) with one sample per row"),
               fixed = TRUE, class = "nnscratch_type_error")
  expect_error(predict_image(fx$fit, character(0)), "predict_image: paths is empty", fixed = TRUE)
  expect_error(predict_image(fx$fit, c(fx$files[1], NA)), "predict_image: paths has NA at position 2", fixed = TRUE)
  tab <- nn_fit(matrix(c(0, 1, 0, 1, 1, 0, 1, 0), 4), c(0, 1, 0, 1), hidden_layer_sizes = 2, num_iterations = 2)
  expect_error(predict_image(tab, fx$files[1]),
               "predict_image: the model takes 2 inputs, which are not the size x size x 3 pixels of an image", fixed = TRUE)
  expect_error(predict_image(42, fx$files[1]), "predict_image: model must be an nnscratch_model", fixed = TRUE)
})
