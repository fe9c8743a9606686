# nnscratch_sample (R/api-sample.R)

test_that("nnscratch_sample is the sample image folder create_dataset loads (357 images, 4 skipped)", {
  path <- nnscratch_sample()
  expect_true(dir.exists(path))
  expect_identical(sort(list.files(path)), c("Cat", "Dog"))
  d <- create_dataset(path, size = 4, warn = FALSE, cache = FALSE)
  expect_identical(dim(d$X), c(357L, 4L, 4L, 3L))
  expect_identical(sum(d$y), 183L)
  expect_identical(d$skipped$file, c("Cat/183.jpg", "Cat/184.jpg", "Dog/174.jpg", "Dog/175.jpg"))
})

test_that("from a checkout it is the checkout's data/sample; installed, the package's extdata/sample", {
  path <- nnscratch_sample()
  if (isNamespaceLoaded("nnscratch") && identical(environmentName(environment(nnscratch_sample)), "nnscratch")) {
    expect_identical(path, system.file("extdata", "sample", package = "nnscratch"))
  } else {
    expect_identical(normalizePath(path), normalizePath(testthat::test_path("..", "..", "data", "sample")))
  }
})

test_that("the installed copy is the same files as data/sample (inst/extdata/sample links to it)", {
  link <- testthat::test_path("..", "..", "inst", "extdata", "sample")
  repo <- testthat::test_path("..", "..", "data", "sample")
  if (dir.exists(repo)) { # a checkout (R CMD check's copy has only inst/)
    expect_identical(normalizePath(link), normalizePath(repo))
  }
  expect_length(list.files(nnscratch_sample(), recursive = TRUE), 361L) # 357 images and 4 files that are skipped
})
