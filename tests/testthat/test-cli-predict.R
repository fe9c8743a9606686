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

# -- issue 12: crafted model files, model files that are not files, names that are not UTF-8 ----------------

# A model for size x size images whose header gets the labels line given as text
model_with_labels <- function(labels_text, size = 2) {
  f <- file.path(tempfile("model-"), "model.txt")
  save_model(f, init_param(c(size * size * 3, 1), seed = 1), list(architecture = c(size * size * 3, 1), image_size = size))
  lines <- readLines(f)
  writeLines(append(lines, paste("labels", labels_text), after = 3L), f)
  f
}

test_that("a model's labels must map two class folders to 1 and 0; the error names the file", {
  sentence <- "the model's labels must map two class folders (sub-folder names) to 1 and 0, e.g. Cat=1,Dog=0"
  for (l in c("Cat=2,Dog=0", "Cat=-1,Dog=0", "Cat=1,Cat=0", "Cat=1,Dog=1", "Cat=1", "..=1,Dog=0", "Cat=1,Dog=0,Cow=0")) {
    f <- model_with_labels(l)
    expect_error(model_and_size(f), paste0(f, ": ", sentence), fixed = TRUE)
    r <- run_cli(c("evaluate", "--model", f, "--data", tempdir()))
    expect_identical(r$status, 2L)
    expect_identical(r$err, sprintf("nnscratch: error: %s: %s", f, sentence))
  }
  expect_identical(model_and_size(model_with_labels("Dog=0,Cat=1"))$labels, c(Dog = 0L, Cat = 1L))
})

test_that("a model's image_size must be 1 to 512 (image_size -8 skipped every image)", {
  f <- model_with_labels("Cat=1,Dog=0", size = 8)
  writeLines(sub("^image_size 8$", "image_size -8", readLines(f)), f) # 192 = (-8)^2 * 3 inputs
  r <- run_cli(c("predict", "--model", f, tempdir()))
  expect_identical(r$status, 2L)
  expect_identical(r$err, sprintf("nnscratch: error: %s: image_size must be from 1 to 512; got -8", f))
})

test_that("a model file that is not a regular file or is larger than 1 GiB is refused before it is read", {
  skip_if(.Platform$OS.type != "unix", "/dev/zero and FIFOs are POSIX")
  expect_error(check_model_file("/dev/zero"), "/dev/zero: not an nnscratch model file (not a regular file)", fixed = TRUE)
  fifo <- tempfile("fifo-")
  skip_if(system2("mkfifo", fifo) != 0L, "no mkfifo")
  r <- run_cli(c("predict", "--model", fifo, tempdir()))
  expect_identical(r$err, sprintf("nnscratch: error: %s: not an nnscratch model file (not a regular file)", fifo))
  big <- tempfile("big-")
  skip_if(system2("truncate", c("-s", "1073741825", big)) != 0L, "no truncate")
  expect_error(check_model_file(big), sprintf("%s: not an nnscratch model file (1073741825 bytes; a model file is at most 1 GiB)", big),
               fixed = TRUE)
  expect_null(check_model_file(file.path(tempdir(), "missing"))) # left to load_model
  expect_null(check_model_file(tempdir()))
})

test_that("evaluate --data naming a file is refused", {
  f <- tempfile(fileext = ".jpg")
  writeLines("x", f)
  r <- run_cli(c("evaluate", "--model", tiny_model(), "--data", f))
  expect_identical(r$status, 2L)
  expect_identical(r$err, sprintf("nnscratch: error: --data '%s' is a file, not a folder", f))
})

test_that("image_files keeps names that are not UTF-8 as the file system gave them", {
  root <- tempfile("imgs")
  dir.create(root)
  name <- rawToChar(as.raw(c(0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x70, 0x67))) # caf\xe9.jpg
  odd <- paste0(root, "/", name) # file.path() would refuse to translate it
  writeLines("x", odd)
  skip_if_not(file.exists(odd), "this file system refuses names that are not UTF-8")
  writeLines("x", file.path(root, "a.jpg"))
  writeLines("x", file.path(root, "ok.jpg"))
  files <- image_files(root)
  expect_identical(lapply(files, charToRaw), lapply(c(file.path(root, "a.jpg"), odd, file.path(root, "ok.jpg")), charToRaw))
  expect_true(all(file.exists(files))) # sort_bytes (enc2utf8) made "caf<e9>.jpg", a file that does not exist
})

test_that("image_files never loops, lists a pipe (read_image_rgb skips it) and leaves the cache out (issue 12)", {
  root <- tempfile("imgs")
  dir.create(file.path(root, "Cat"), recursive = TRUE)
  writeLines("x", file.path(root, "Cat", "a.jpg"))
  file.symlink(".", file.path(root, "loop"))
  file.symlink("../Cat", file.path(root, "Cat", "loopdir"))
  skip_if_not(system2("mkfifo", file.path(root, "pipe.jpg")) == 0L, "mkfifo is not available")
  dir.create(file.path(root, ".nnscratch-cache"))
  writeLines("x", file.path(root, ".nnscratch-cache", "x.npy"))
  expect_identical(image_files(root), c(paste0(root, "/Cat/a.jpg"), paste0(root, "/pipe.jpg")))
  r <- run_cli(c("predict", "--model", tiny_model(), root))
  expect_identical(r$status, 1L) # the only file is "x", not an image: nothing predicted, nothing hangs
  expect_identical(r$err, c(sprintf("skipped %s/Cat/a.jpg: not a JPEG or PNG file", root),
                            sprintf("skipped %s/pipe.jpg: not a regular file (named pipe)", root),
                            "0 images predicted, 2 skipped"))
})

# -- issue 13: a model trained with --standardize -------------------------------------------------------

test_that("predict and evaluate standardize X with the model's standardizer", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  # The same function for standardized inputs: W1' = W1 * std^T, b1' = b1 + W1 %*% mean, so that
  # W1' (x - mean) / std + b1' = W1 x + b1 (see the Python test standardized_twin).
  base <- tiny_model()
  m <- load_model(base)
  set.seed(5)
  s <- list(mean = matrix(runif(3072, 0.2, 0.8)), std = matrix(runif(3072, 0.05, 0.3)))
  twin <- m$parameters
  twin$W1 <- sweep(m$parameters$W1, 2L, as.vector(s$std), `*`)
  twin$b1 <- m$parameters$b1 + m$parameters$W1 %*% s$mean
  std_model <- file.path(tempfile("model-"), "model.txt")
  raw_model <- file.path(tempfile("model-"), "model.txt")
  save_model(std_model, twin, c(m$meta, list(standardizer = s)))
  save_model(raw_model, twin, m$meta)
  expect_identical(model_and_size(std_model)$standardizer, s)
  expect_null(model_and_size(base)$standardizer)
  data <- small_data(3)
  probs <- function(model) {
    r <- run_cli(c("predict", "--model", model, data))
    expect_identical(r$status, 0L)
    as.numeric(vapply(strsplit(r$out, "\t", fixed = TRUE), `[`, "", 2L))
  }
  p0 <- probs(base)
  expect_lte(max(abs(probs(std_model) - p0)), 1.5e-6)
  expect_gt(max(abs(probs(raw_model) - p0)), 0.01) # the weights alone, without the standardizer, differ
  e0 <- run_cli(c("evaluate", "--model", base, "--data", data))$out
  expect_identical(run_cli(c("evaluate", "--model", std_model, "--data", data))$out, e0)
})

test_that("model_inputs standardizes only with a standardizer", {
  X <- matrix(c(0, 1, 0.5, 0.25), 2)
  expect_identical(model_inputs(X, NULL), X)
  s <- list(mean = matrix(c(0.5, 0.25)), std = matrix(c(0.5, 0.25)))
  expect_identical(model_inputs(X, s), matrix(c(-1, 3, 0, 0), 2))
})
