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
