# The cost-curve PNG (R/io-plot.R).

test_that("write_cost_curve writes a PNG", {
  f <- file.path(tempfile("curve-"), "cost_curve.png")
  expect_identical(write_cost_curve(f, exp(-(0:50) / 10), 10), f)
  expect_identical(readBin(f, "raw", 8), as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)))
  expect_gt(file.size(f), 1000)
  expect_identical(list.files(dirname(f), all.files = TRUE, no.. = TRUE), "cost_curve.png")
})

test_that("write_cost_curve draws an empty history and leaves no open device", {
  f <- file.path(tempfile("curve-"), "empty.png")
  devices <- grDevices::dev.list()
  write_cost_curve(f, numeric(0), 10)
  expect_identical(readBin(f, "raw", 4), as.raw(c(0x89, 0x50, 0x4e, 0x47)))
  expect_identical(grDevices::dev.list(), devices)
})

test_that("a full disk while the PNG is written is an error naming the file; the old file stays (issue 12)", {
  d <- local_tmpfs()
  f <- file.path(d, "cost_curve.png")
  writeLines("old", f)
  fill_disk(d, 8192) # a curve is about 20 KB: the png device writes part of it, prints "Write Error", no error
  expect_error(suppressWarnings(write_cost_curve(f, exp(-(0:50) / 10), 10)),
               sprintf("^cannot write '%s': the PNG device wrote an incomplete file", f), class = "nnscratch_io_error")
  expect_identical(readLines(f), "old")
  expect_identical(sort(list.files(d, all.files = TRUE, no.. = TRUE)), c("cost_curve.png", "filler"))
})

test_that("check_png_complete refuses a PNG without its IEND chunk", {
  f <- tempfile(fileext = ".png")
  write_cost_curve(f, c(0.7, 0.5), 10)
  expect_true(check_png_complete(f, "x.png"))
  bytes <- readBin(f, "raw", file.size(f))
  writeBin(bytes[seq_len(length(bytes) - 100)], f)
  expect_error(check_png_complete(f, "x.png"), "^cannot write 'x.png': the PNG device wrote an incomplete file")
})
