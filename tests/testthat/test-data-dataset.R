# create_dataset: skip rules, order, shapes, errors, and the sample data (R/data-dataset.R).

test_that("kept and skipped files, labels, shapes", {
  f <- make_folder()
  d <- load_quietly(f$root)
  expect_identical(d$files, expected_files)
  expect_identical(d$skipped, expected_skipped)
  expect_identical(d$ignored_folders, "Other")
  expect_identical(d$y, c(1L, 1L, 1L, 0L, 0L, 0L))
  expect_identical(dim(d$X), c(6L, 32L, 32L, 3L))
  expect_type(d$X, "double")
  expect_true(all(d$X >= 0 & d$X <= 1))
  expect_true(all(d$X * 255 == round(d$X * 255)))
})

test_that("one warning naming the skipped files and reasons", {
  f <- make_folder()
  expect_warning(create_dataset(f$root), "skipped 8 of 14 files", class = "nnscratch_skipped_files_warning")
  expect_warning(create_dataset(f$root), "Cat/empty.jpg: empty file \\(0 bytes\\)")
  expect_silent(create_dataset(f$root, warn = FALSE))
})

test_that("labels: custom mapping, subsets, bad values", {
  f <- make_folder()
  d <- load_quietly(f$root, labels = c(Dog = 7, Cat = 3))
  expect_identical(d$y, c(3L, 3L, 3L, 7L, 7L, 7L))
  d <- load_quietly(f$root, labels = c(Dog = 1))
  expect_identical(d$files, c("Dog/1.jpg", "Dog/10.png", "Dog/2.png"))
  expect_identical(d$ignored_folders, c("Cat", "Other"))
  expect_error(create_dataset(f$root, labels = c(Cat = 0.5)), "labels must map to integers")
  expect_error(create_dataset(f$root, labels = c(1, 0)), "named vector")
})

test_that("missing folders and empty results", {
  root <- tempfile("missing")
  expect_error(create_dataset(root), "folder not found", class = "nnscratch_file_not_found")
  dir.create(file.path(root, "Cat"), recursive = TRUE)
  expect_error(create_dataset(root), "class folder 'Dog' not found in", class = "nnscratch_file_not_found")
  dir.create(file.path(root, "Dog"))
  expect_error(create_dataset(root), "no readable images in", class = "nnscratch_value_error")
  writeBin(raw(0), file.path(root, "Dog", "x.jpg"))
  expect_error(create_dataset(root), "1 skipped")
  png::writePNG(solid(3, 3, c(255, 0, 0)), file.path(root, "Dog", "y.png"))
  # Cat empty, Dog has one image: one class only is an error naming the empty class
  e <- tryCatch(load_quietly(root), nnscratch_value_error = function(e) e)
  expect_identical(conditionMessage(e), sprintf(paste0(
    "create_dataset: class 'Cat' has no readable images: folder '%s' is empty. Every class in labels ",
    "needs at least one image (add images, or leave 'Cat' out of labels)"), file.path(root, "Cat")))
  d <- load_quietly(root, labels = c(Dog = 0))         # a one-class mapping is the caller's choice
  expect_identical(d$files, "Dog/y.png")
  expect_identical(d$y, 0L)
  expect_error(create_dataset(root, size = 0), "size must be a positive integer")
})

test_that("a class whose files are all unreadable is an error naming it (cold and cached)", {
  root <- tempfile("oneclass")
  dir.create(file.path(root, "Cat"), recursive = TRUE)
  dir.create(file.path(root, "Dog"))
  png::writePNG(solid(3, 3, c(255, 0, 0)), file.path(root, "Cat", "a.png"))
  set.seed(3)
  jpeg::writeJPEG(array(runif(60 * 80 * 3), c(60, 80, 3)), file.path(root, "Dog", "whole.jpg"))
  whole <- readBin(file.path(root, "Dog", "whole.jpg"), "raw", 1e6)
  writeBin(whole[seq_len(length(whole) %/% 2)], file.path(root, "Dog", "cut.jpg"))
  file.remove(file.path(root, "Dog", "whole.jpg"))
  writeBin(raw(0), file.path(root, "Dog", "zero.jpg"))
  writeLines("I am text", file.path(root, "Dog", "words.jpg"))
  for (cache in c(TRUE, TRUE, FALSE)) {
    e <- tryCatch(load_quietly(root, cache = cache), nnscratch_value_error = function(e) e)
    expect_identical(conditionMessage(e), sprintf(paste0(
      "create_dataset: class 'Dog' has no readable images: all 3 files in '%s' were skipped ",
      "(e.g. Dog/cut.jpg: truncated JPEG (no end-of-image marker)). Every class in labels needs at least ",
      "one image (add images, or leave 'Dog' out of labels)"), file.path(root, "Dog")))
  }
})

test_that("truncated JPEG, zero-byte file, text named .jpg: skipped, counted, the load goes on", {
  root <- tempfile("bad")
  set.seed(4)
  for (cls in c("Cat", "Dog")) {
    dir.create(file.path(root, cls), recursive = TRUE)
    for (i in 0:2) jpeg::writeJPEG(array(runif(60 * 80 * 3), c(60, 80, 3)), file.path(root, cls, sprintf("%d.jpg", i)))
  }
  whole <- readBin(file.path(root, "Cat", "0.jpg"), "raw", 1e6)
  writeBin(whole[seq_len(length(whole) - 100L)], file.path(root, "Cat", "truncated.jpg"))
  writeBin(raw(0), file.path(root, "Cat", "zero.jpg"))
  writeLines("shopping list", file.path(root, "Dog", "notes.jpg"))
  for (workers in 1:2) {
    w <- NULL
    d <- withCallingHandlers(create_dataset(root, workers = workers, cache = FALSE),
                             nnscratch_skipped_files_warning = function(c) {
                               w <<- conditionMessage(c)
                               invokeRestart("muffleWarning")
                             })
    expect_true(startsWith(w, sprintf("create_dataset: skipped 3 of 9 files in '%s' (see $skipped): ", root)))
    for (part in c("Cat/truncated.jpg: truncated JPEG (no end-of-image marker)", "Cat/zero.jpg: empty file (0 bytes)",
                   "Dog/notes.jpg: not a JPEG or PNG file")) {
      expect_true(grepl(part, w, fixed = TRUE), info = part)
    }
    expect_length(d$files, 6L)
    expect_identical(nrow(d$skipped), 3L)
  }
})

test_that("missing folder: the message names it", {
  root <- tempfile("PetImages")
  e <- tryCatch(create_dataset(root), nnscratch_file_not_found = function(e) e)
  expect_identical(conditionMessage(e), sprintf("create_dataset: folder not found: '%s'", root))
})

test_that("workers and the cache do not change the result", {
  f <- make_folder()
  ref <- load_quietly(f$root, cache = FALSE, workers = 1)
  for (args in list(list(workers = 2, cache = FALSE), list(workers = 2), list(), list(workers = 1))) {
    d <- do.call(load_quietly, c(list(f$root), args))
    expect_identical(d[c("X", "y", "files", "skipped", "ignored_folders")],
                     ref[c("X", "y", "files", "skipped", "ignored_folders")])
  }
  expect_identical(d$cache$status, "hit")
  expect_identical(d$ignored_folders, "Other")
  expect_error(create_dataset(f$root, workers = 0), "workers must be NULL or a positive integer")
  expect_error(create_dataset(f$root, cache = 3), "cache must be TRUE, FALSE or a folder path")
})

test_that("the sample data: 357 images, 4 skipped files", {
  # data/ is left out of the package tarball (.Rbuildignore): runs from a checkout only
  skip_if_not(dir.exists(sample_dir()), "data/sample not found (R CMD check runs without it)")
  expect_warning(d <- create_dataset(sample_dir(), cache = FALSE), "skipped 4 of 361 files")
  expect_identical(dim(d$X), c(357L, 32L, 32L, 3L))
  expect_identical(d$y, c(rep(1L, 183), rep(0L, 174)))
  expect_identical(d$skipped, data.frame(
    file = c("Cat/183.jpg", "Cat/184.jpg", "Dog/174.jpg", "Dog/175.jpg"),
    reason = c("truncated JPEG (no end-of-image marker)", "empty file (0 bytes)",
               "grayscale image (JPEG, 1 component)", "not a JPEG or PNG file"),
    stringsAsFactors = FALSE))
  expect_identical(d$files[1:5], c("Cat/0.jpg", "Cat/1.jpg", "Cat/10.png", "Cat/100.jpg", "Cat/101.jpg"))
  expect_true("Cat/7.png" %in% d$files)
  expect_true(all(d$X >= 0 & d$X <= 1))
})

test_that("create_dataset on tiny folders of such files gives a dataset or an nnscratch_error", {
  set.seed(20240609)
  dir <- tempfile("fuzz-data-")
  dir.create(dir)
  bases <- fuzz_image_bases(dir)
  args <- list(size = 3, warn = FALSE, cache = FALSE, workers = 1L)
  blob <- function() {
    b <- bases[[sample(length(bases), 1L)]]
    switch(sample(4L, 1L, prob = c(0.55, 0.15, 0.15, 0.15)),
           b,
           b[seq_len(sample(0:length(b), 1L))],
           byte_change(b, sample(length(b), 1L), sample(1:255, 1L)),
           as.raw(sample(0:255, sample(0:200, 1L), replace = TRUE)))
  }
  n_folders <- 60L
  n_ok <- 0L
  problems <- character(0)
  for (k in seq_len(n_folders)) {
    folder <- file.path(dir, sprintf("d%d", k))
    n_files <- 0L
    for (cls in c("Cat", "Dog")) {
      dir.create(file.path(folder, cls), recursive = TRUE)
      n <- sample(0:3, 1L, prob = c(0.1, 0.3, 0.3, 0.3))
      for (j in seq_len(n)) writeBin(blob(), file.path(folder, cls, sprintf("%d.jpg", j)))
      n_files <- n_files + n
    }
    if (k %% 5L == 0L) dir.create(file.path(folder, "Other")) # a folder labels does not map
    r <- fuzz_run(do.call(create_dataset, c(list(folder), args)))
    problem <- fuzz_problem(r)
    if (is.null(problem) && is.null(r$condition)) {
      ds <- r$value
      reasons_ok <- all(ds$skipped$reason %in% fuzz_image_reasons |
                          grepl("^(unsupported JPEG \\([0-9]+ components\\)|image too large \\([0-9]+ x [0-9]+ pixels; the limit is 50,000,000\\))$", ds$skipped$reason))
      if (!identical(dim(ds$X)[-1L], c(3L, 3L, 3L)) || !all(ds$X >= 0 & ds$X <= 1) ||
          length(ds$y) != dim(ds$X)[1L] || length(ds$files) + nrow(ds$skipped) != n_files || !reasons_ok) {
        problem <- "an inconsistent dataset"
      }
      n_ok <- n_ok + 1L
    } else if (is.null(problem)) {
      e <- r$condition
      if (!inherits(e, "nnscratch_error") || inherits(e, "nnscratch_skipped_image") ||
          !grepl("create_dataset", conditionMessage(e), fixed = TRUE)) {
        problem <- sprintf("%s: %s", class(e)[1L], conditionMessage(e))
      }
    }
    if (!is.null(problem)) problems <- c(problems, sprintf("folder %d: %s", k, problem))
    unlink(folder, recursive = TRUE)
  }
  expect_identical(problems, character(0))
  expect_error(do.call(create_dataset, c(list(file.path(dir, "nope")), args)), "folder not found", class = "nnscratch_error")
  message(sprintf("create_dataset fuzz cases: %d folders (%d loaded, %d refused with an nnscratch_error)",
                  n_folders, n_ok, n_folders - n_ok))
  expect_gt(n_ok, 5L)
})
