# Helpers shared by the sub-commands (R/cli-common.R).

test_that("checkout_root finds the checkout from the nnscratch.root option or the working folder", {
  root <- normalizePath(test_path("..", ".."), mustWork = FALSE)
  skip_if_not(dir.exists(file.path(root, "data", "sample")), "sample data only in a checkout")
  old_opts <- options(nnscratch.root = root)
  on.exit(options(old_opts), add = TRUE)
  expect_identical(checkout_root(), normalizePath(root))
  expect_identical(default_data_dir(), file.path(normalizePath(root), "data", "sample"))
  expect_identical(resolve_data(NULL), default_data_dir())
  options(nnscratch.root = NULL)
  old <- setwd(file.path(root, "R"))
  on.exit(setwd(old), add = TRUE)
  expect_identical(checkout_root(), normalizePath(root))
  setwd(tempdir())
  expect_null(checkout_root())
  expect_null(default_data_dir())
  expect_error(resolve_data(NULL), "no --data given and no sample data found")
})

test_that("resolve_data keeps the folder as given; path_join joins like os.path.join", {
  expect_identical(resolve_data("./some//folder/"), "./some//folder/")
  expect_identical(path_join("out", "model.txt"), "out/model.txt")
  expect_identical(path_join("out/", "model.txt"), "out/model.txt")
  expect_identical(path_join("/", "x"), "/x")
})

test_that("label_name: the last class mapped to a value, else the value", {
  expect_identical(label_name(c(Cat = 1, Dog = 0), 0), "Dog")
  expect_identical(label_name(c(A = 1, B = 1), 1), "B")
  expect_identical(label_name(c(Cat = 1), 0), "0")
})

test_that("resolve_data refuses an empty name and a file (issue 12)", {
  expect_error(resolve_data(""), "--data must not be empty", fixed = TRUE)
  f <- tempfile()
  writeLines("x", f)
  expect_error(resolve_data(f), sprintf("--data '%s' is a file, not a folder", f), fixed = TRUE)
  expect_identical(resolve_data(tempdir()), tempdir())
})
