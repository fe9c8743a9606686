# nnscratch predict and evaluate (R/cli-predict.R).

# A model for 32 x 32 images (3072 inputs) written as train would write it.
tiny_model <- function(labels = c(Cat = 1, Dog = 0)) {
  f <- file.path(tempfile("model-"), "model.txt")
  save_model(f, init_param(c(3072, 3, 1), seed = 2, init = "he"),
             list(architecture = c(3072, 3, 1), image_size = 32, labels = labels, created_by = "r"))
  f
}

test_that("predict and evaluate run end to end on a small folder", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  model <- tiny_model()
  # predict: one line per readable image, sorted; unreadable files on stderr
  data <- small_data(3)
  r <- run_cli(c("predict", "--model", model, data))
  expect_identical(r$status, 0L)
  expect_length(r$out, 6L)
  fields <- strsplit(r$out, "\t", fixed = TRUE)
  paths <- vapply(fields, `[`, "", 1L)
  expect_identical(paths, sort(paths, method = "radix"))
  expect_true(all(startsWith(paths, paste0(data, "/"))))
  expect_true(all(grepl("^[01][.][0-9]{6}$", vapply(fields, `[`, "", 2L))))
  expect_true(all(vapply(fields, `[`, "", 3L) %in% c("Cat", "Dog")))
  expect_identical(r$err, c(sprintf("skipped %s/Dog/notes.txt: not a JPEG or PNG file", data),
                            "6 images predicted, 1 skipped"))
  one <- run_cli(c("predict", "--model", model, paths[1L]))
  expect_identical(one$out, r$out[1L])
  none <- run_cli(c("predict", "--model", model, file.path(data, "Dog", "notes.txt")))
  expect_identical(none$status, 1L)
  expect_usage_error(c("predict", "--model", model, file.path(data, "nothing")), "no such file or folder")

  # evaluate: accuracy and the confusion matrix (rows true label, columns predicted)
  r <- run_cli(c("evaluate", "--model", model, "--data", data))
  expect_identical(r$status, 0L)
  expect_identical(r$out[1L], sprintf("data: %s: 6 images, 1 skipped", data))
  expect_match(r$out[2L], "^accuracy: [01][.][0-9]{4}$")
  expect_identical(r$out[3:4], c("            predicted", "true           Dog   Cat"))
  expect_match(r$out[5L], "^Dog   \\(0\\)   +[0-9]+ +[0-9]+$")
  expect_match(r$out[6L], "^Cat   \\(1\\)   +[0-9]+ +[0-9]+$")
  cells <- strsplit(trimws(substring(r$out[5:6], 13L)), " +")
  cm <- matrix(as.integer(unlist(cells)), 2L, 2L, byrow = TRUE)
  expect_identical(rowSums(cm), c(3, 3))
  acc <- as.numeric(sub("accuracy: ", "", r$out[2L]))
  expect_equal(acc, round(sum(diag(cm)) / 6, 4))
})

test_that("predict prints the model's probability and the class name of each image", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  model <- tiny_model()
  data <- small_data(1)
  f <- file.path(data, "Cat", list.files(file.path(data, "Cat")))
  mdl <- model_and_size(model)
  x <- flatten_images(array(as.double(load_image(f, 32)) / 255, c(1L, 32L, 32L, 3L)))
  prob <- deep_model(x, mdl$parameters)$AL[1L, 1L]
  r <- run_cli(c("predict", "--model", model, f))
  expect_identical(r$out, sprintf("%s\t%.6f\t%s", f, prob, if (prob > 0.5) "Cat" else "Dog"))
})

test_that("model_and_size checks the model against its image size; labels default to Cat=1,Dog=0", {
  m <- model_and_size(tiny_model(c(A = 0, B = 1)))
  expect_identical(m$size, 32L)
  expect_identical(m$labels, c(A = 0L, B = 1L))
  f <- file.path(tempfile("model-"), "model.txt")
  save_model(f, init_param(c(12, 1), seed = 1), list(architecture = c(12, 1)))
  expect_error(model_and_size(f), "the model takes 12 inputs, not 32x32x3 images")
  save_model(f, init_param(c(12, 1), seed = 1), list(architecture = c(12, 1), image_size = 2))
  expect_identical(model_and_size(f)[c("size", "labels")], list(size = 2L, labels = c(Cat = 1L, Dog = 0L)))
})

test_that("image_files: a file, or a folder's files recursively without dot files, in byte order", {
  root <- tempfile("imgs")
  dir.create(file.path(root, "b", "c"), recursive = TRUE)
  for (f in c("b/c/z.jpg", "b/B.png", "a.jpg", ".hidden.jpg", "b/.x")) writeLines("x", file.path(root, f))
  expect_identical(image_files(root), file.path(root, c("a.jpg", "b/B.png", "b/c/z.jpg")))
  expect_identical(image_files(paste0(root, "/")), paste0(root, "/", c("a.jpg", "b/B.png", "b/c/z.jpg")))
  expect_identical(image_files(file.path(root, "a.jpg")), file.path(root, "a.jpg"))
  expect_error(image_files(file.path(root, "none")), "no such file or folder", class = "nnscratch_file_not_found")
})

test_that("confusion_counts and format_confusion", {
  cm <- confusion_counts(c(0, 0, 1, 1, 1), matrix(c(0, 1, 1, 1, 0), 1))
  expect_identical(cm, matrix(c(1L, 1L, 1L, 2L), 2, 2))
  expect_error(confusion_counts(c(0, 2), c(0, 1)), "evaluate needs labels 0 and 1; got [2]", fixed = TRUE)
  expect_identical(format_confusion(cm, c(Cat = 1, Dog = 0)), c(
    "            predicted",
    "true           Dog   Cat",
    "Dog   (0)        1     1",
    "Cat   (1)        1     2"))
  expect_identical(format_confusion(cm, c(Kitten = 1, Dog = 0))[2:4], c(
    "true               Dog  Kitten",
    "Dog     (0)          1       1",
    "Kitten  (1)          1       2"))
})
