# create_dataset: skip rules, order, RGB, shapes, and the sample data.

sample_dir <- function() testthat::test_path("..", "..", "data", "sample")

solid <- function(h, w, rgb) array(rep(rgb, each = h * w), c(h, w, 3)) / 255

make_folder <- function() {
  root <- tempfile("petimages")
  cat_dir <- file.path(root, "Cat")
  dog_dir <- file.path(root, "Dog")
  dir.create(cat_dir, recursive = TRUE)
  dir.create(dog_dir)
  dir.create(file.path(root, "Other"))                 # unmapped: ignored
  dir.create(file.path(cat_dir, "sub"))                # not visited
  png::writePNG(solid(4, 4, c(255, 0, 0)), file.path(cat_dir, "sub", "deep.png"))
  set.seed(7)
  colour <- array(sample(0:255, 20 * 30 * 3, TRUE), c(20, 30, 3))
  alpha <- matrix(sample(0:255, 20 * 30, TRUE), 20, 30)
  png::writePNG(solid(10, 12, c(255, 0, 0)), file.path(cat_dir, "red.png"))
  png::writePNG(array(c(colour, alpha), c(20, 30, 4)) / 255, file.path(cat_dir, "rgba.png"))
  jpeg::writeJPEG(colour / 255, file.path(cat_dir, "colour.jpg"), quality = 0.95)
  whole <- readBin(file.path(cat_dir, "colour.jpg"), "raw", 1e6)
  writeBin(whole[seq_len(length(whole) %/% 2)], file.path(cat_dir, "truncated.jpg"))
  writeBin(raw(0), file.path(cat_dir, "empty.jpg"))
  jpeg::writeJPEG(colour[, , 1] / 255, file.path(cat_dir, "gray.jpg"))
  png::writePNG(colour[, , 1] / 255, file.path(cat_dir, "gray.png"))
  png::writePNG(array(c(colour[, , 1], alpha), c(20, 30, 2)) / 255, file.path(cat_dir, "gray_alpha.png"))
  writeLines("hello, I am not a JPEG", file.path(cat_dir, "text.jpg"))
  writeBin(as.raw(c(0x42, 0x4D, rep(0, 60))), file.path(cat_dir, "picture.bmp"))
  jpeg::writeJPEG(solid(40, 20, c(0, 0, 255)), file.path(dog_dir, "1.jpg"), quality = 0.95)
  png::writePNG(solid(5, 5, c(0, 255, 0)), file.path(dog_dir, "10.png"))
  png::writePNG(solid(64, 64, c(0, 0, 0)), file.path(dog_dir, "2.png"))
  p <- tempfile(fileext = ".png")
  png::writePNG(solid(8, 8, c(1, 2, 3)), p)
  bytes <- readBin(p, "raw", 1e6)
  writeBin(bytes[seq_len(length(bytes) - 12L)], file.path(dog_dir, "cut.png"))  # IEND cut off
  list(root = root, colour = colour)
}

expected_files <- c("Cat/colour.jpg", "Cat/red.png", "Cat/rgba.png", "Dog/1.jpg", "Dog/10.png", "Dog/2.png")
expected_skipped <- data.frame(
  file = c("Cat/empty.jpg", "Cat/gray.jpg", "Cat/gray.png", "Cat/gray_alpha.png",
           "Cat/picture.bmp", "Cat/text.jpg", "Cat/truncated.jpg", "Dog/cut.png"),
  reason = c("empty file (0 bytes)", "grayscale image (JPEG, 1 component)", "grayscale image (PNG, gray)",
             "grayscale image (PNG, gray+alpha)", "not a JPEG or PNG file", "not a JPEG or PNG file",
             "truncated JPEG (no end-of-image marker)", "truncated PNG (no IEND chunk)"),
  stringsAsFactors = FALSE)

load_quietly <- function(...) suppressWarnings(create_dataset(...))

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

test_that("RGB order, alpha dropped, resized with INTER_AREA", {
  f <- make_folder()
  d <- load_quietly(f$root)
  red <- d$X[match("Cat/red.png", d$files), , , ]
  expect_true(all(red[, , 1] == 1) && all(red[, , 2:3] == 0))
  blue <- d$X[match("Dog/1.jpg", d$files), , , ]
  expect_true(min(blue[, , 3]) > 0.95 && max(blue[, , 1:2]) < 0.05)
  green <- d$X[match("Dog/10.png", d$files), , , ]
  expect_true(all(green[, , 2] == 1) && all(green[, , c(1, 3)] == 0))
  rgba <- read_image_rgb(file.path(f$root, "Cat", "rgba.png"))
  expect_identical(rgba, array(as.integer(f$colour), dim(f$colour)))
  expect_equal(d$X[match("Cat/rgba.png", d$files), , , ], resize_area(f$colour, 32) / 255)
  black <- load_quietly(f$root, size = 64)
  expect_true(all(black$X[match("Dog/2.png", black$files), , , ] == 0))
})

test_that("read_image_rgb signals the skip reason", {
  f <- make_folder()
  for (case in list(c("empty.jpg", "empty file (0 bytes)"), c("text.jpg", "not a JPEG or PNG file"),
                    c("gray.jpg", "grayscale image (JPEG, 1 component)"),
                    c("truncated.jpg", "truncated JPEG (no end-of-image marker)"))) {
    e <- tryCatch(read_image_rgb(file.path(f$root, "Cat", case[1])), nnscratch_skipped_image = function(e) e)
    expect_s3_class(e, "nnscratch_skipped_image")
    expect_identical(e$reason, case[2])
    expect_match(conditionMessage(e), case[1], fixed = TRUE)
  }
})

test_that("files and classes in byte order, whatever the locale", {
  root <- tempfile("order")
  dir.create(file.path(root, "Cat"), recursive = TRUE)
  dir.create(file.path(root, "Dog"))
  nms <- c("b.png", "10.png", "2.png", "1.png", "B.png", "a.png", "_.png")
  for (i in seq_along(nms)) png::writePNG(solid(4, 4, c(i - 1, 0, 0)), file.path(root, "Dog", nms[i]))
  png::writePNG(solid(4, 4, c(255, 0, 0)), file.path(root, "Cat", "z.png"))
  d <- create_dataset(root)
  expect_identical(d$files, c("Cat/z.png", "Dog/1.png", "Dog/10.png", "Dog/2.png", "Dog/B.png",
                              "Dog/_.png", "Dog/a.png", "Dog/b.png"))
  expect_identical(round(d$X[-1, 1, 1, 1] * 255), match(sub("Dog/", "", d$files[-1]), nms) - 1)
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

test_that("a header claiming a huge image is skipped before decoding", {
  png_claiming <- function(w, h) {
    be32 <- function(x) as.raw(c(x %/% 2^24, (x %/% 2^16) %% 256, (x %/% 2^8) %% 256, x %% 256))
    c(as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)), be32(13), charToRaw("IHDR"),
      be32(w), be32(h), as.raw(c(8, 2, 0, 0, 0)), be32(0), be32(0), charToRaw("IEND"), be32(0))
  }
  chk <- check_image_bytes(png_claiming(20000, 20000))
  expect_identical(chk$reason, "image too large (20000 x 20000 pixels; the limit is 50,000,000)")
  expect_null(check_image_bytes(png_claiming(7000, 7000))$reason)
})
