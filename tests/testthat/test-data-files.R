# list_image_files, check_labels, sort_bytes (R/data-files.R).

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

test_that("list_image_files lists every file of the mapped class folders, with labels", {
  f <- make_folder()
  got <- list_image_files(f$root, c(Dog = 0, Cat = 1))
  expect_identical(got$entries$file, c("Cat/colour.jpg", "Cat/empty.jpg", "Cat/gray.jpg", "Cat/gray.png",
                                       "Cat/gray_alpha.png", "Cat/picture.bmp", "Cat/red.png", "Cat/rgba.png",
                                       "Cat/text.jpg", "Cat/truncated.jpg", "Dog/1.jpg", "Dog/10.png",
                                       "Dog/2.png", "Dog/cut.png"))
  expect_identical(got$entries$label, c(rep(1L, 10), rep(0L, 4)))
  expect_identical(got$ignored_folders, "Other") # Cat/sub is not listed, nor visited
  dir.create(file.path(f$root, IMAGE_CACHE_DIRNAME))
  expect_identical(list_image_files(f$root)$ignored_folders, "Other")
})

test_that("check_labels returns a named integer vector or names the problem", {
  expect_identical(check_labels(c(Cat = 1, Dog = 0)), c(Cat = 1L, Dog = 0L))
  expect_identical(check_labels(list(A = 3, B = -2)), c(A = 3L, B = -2L))
  expect_identical(DEFAULT_LABELS, c(Cat = 1L, Dog = 0L))
  expect_error(check_labels(c(1, 0)), "non-empty named vector")
  expect_error(check_labels(c(A = 1, A = 0)), "labels names must be distinct folder names; got 'A', 'A'")
  expect_error(check_labels(c("a/b" = 1)), "distinct folder names")
  expect_error(check_labels(c(Cat = 0.5)), "labels must map to integers; 'Cat' maps to 0.5")
})

test_that("sort_bytes sorts as bytes (C locale)", {
  expect_identical(sort_bytes(c("b", "B", "_", "a", "10", "2", "\u00e9")), c("10", "2", "B", "_", "a", "b", "\u00e9"))
  expect_identical(sort_bytes(character(0)), character(0))
})

test_that("links to folders are never visited, names that are not UTF-8 are listed and shown with \\xNN (issue 12)", {
  root <- tempfile("links")
  dir.create(file.path(root, "Cat"), recursive = TRUE)
  dir.create(file.path(root, "Dog"))
  png::writePNG(solid(4, 4, c(255, 0, 0)), file.path(root, "Cat", "a.png"))
  png::writePNG(solid(4, 4, c(255, 0, 0)), file.path(root, "Dog", "a.png"))
  file.symlink(".", file.path(root, "Cat", "loop"))
  file.symlink("../Cat", file.path(root, "Cat", "loopdir"))
  writeBin(as.raw(1), paste0(root, "/Dog/caf", rawToChar(as.raw(0xe9)), ".jpg"))
  l <- list_image_files(root)
  expect_identical(l$entries$file, c("Cat/a.png", "Dog/a.png", "Dog/caf\\xe9.jpg"))
  expect_identical(l$entries$bad_name, c(FALSE, FALSE, TRUE))
  expect_identical(display_name(list_tree_files(root)), c("Cat/a.png", "Dog/a.png", "Dog/caf\\xe9.jpg"))
  d <- suppressWarnings(create_dataset(root, size = 4, cache = FALSE))
  expect_identical(d$skipped$reason, "file name is not valid UTF-8")
  expect_error(list_tree_files(""), "the folder name is empty")
})
