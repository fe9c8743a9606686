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

# -- issue 13: training and validation cost per epoch --------------------------------------------------

traced_history_curve <- function(path, history) {
  seen <- new.env()
  seen$lines <- list()
  seen$legend <- list()
  suppressMessages(trace("lines", where = asNamespace("graphics"), print = FALSE,
                         tracer = bquote(assign("lines", c(get("lines", envir = .(seen)), list(list(x, ..1))), envir = .(seen)))))
  suppressMessages(trace("legend", where = asNamespace("graphics"), print = FALSE,
                         tracer = bquote(assign("legend", c(get("legend", envir = .(seen)), list(legend)), envir = .(seen)))))
  on.exit({
    suppressMessages(untrace("lines", where = asNamespace("graphics")))
    suppressMessages(untrace("legend", where = asNamespace("graphics")))
  })
  write_history_curve(path, history)
  as.list(seen)
}

test_that("write_history_curve draws training and validation cost with a legend", {
  d <- tempfile("curve-")
  f <- file.path(d, "cost_curve.png")
  devices <- grDevices::dev.list()
  seen <- traced_history_curve(f, list(epoch = 1:3, cost = c(0.7, 0.6, 0.5), val_cost = c(0.8, 0.65, 0.62)))
  expect_identical(seen$lines, list(list(c(1, 2, 3), c(0.7, 0.6, 0.5)), list(c(1, 2, 3), c(0.8, 0.65, 0.62))))
  expect_identical(seen$legend, list(c("training", "validation")))
  expect_identical(readBin(f, "raw", 8), as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)))
  expect_identical(list.files(d, all.files = TRUE, no.. = TRUE), "cost_curve.png")
  expect_identical(grDevices::dev.list(), devices)
})

test_that("write_history_curve without validation draws one line; an empty history is a blank plot", {
  d <- tempfile("curve-")
  seen <- traced_history_curve(file.path(d, "a.png"), list(epoch = 1:2, cost = c(0.7, 0.6), val_cost = c(NaN, NaN)))
  expect_length(seen$lines, 1L)
  expect_identical(seen$legend, list("training"))
  write_history_curve(file.path(d, "b.png"), list(epoch = 1:2, cost = c(0.7, 0.6)))
  write_history_curve(file.path(d, "c.png"), list(epoch = numeric(0), cost = numeric(0), val_cost = numeric(0)))
  expect_identical(sort(list.files(d)), c("a.png", "b.png", "c.png"))
  expect_error(write_history_curve(file.path(d, "e.png"), list(epoch = 1:2, cost = 0.7)), "same length")
})

test_that("a full disk while the history curve is written: an error naming the file, the old file stays", {
  d <- local_tmpfs()
  f <- file.path(d, "cost_curve.png")
  writeLines("old", f)
  fill_disk(d, 8192)
  expect_error(suppressWarnings(write_history_curve(f, list(epoch = 1:30, cost = exp(-(1:30) / 10), val_cost = exp(-(1:30) / 12)))),
               sprintf("^cannot write '%s': the PNG device wrote an incomplete file", f), class = "nnscratch_io_error")
  expect_identical(readLines(f), "old")
  expect_identical(sort(list.files(d, all.files = TRUE, no.. = TRUE)), c("cost_curve.png", "filler"))
})
