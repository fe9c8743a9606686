# atomic_write (R/io-atomic.R): the whole new file or the old one, never a part.

test_that("atomic_write writes through a temporary file and leaves nothing else", {
  dir <- file.path(tempfile("atomic-"), "sub") # the folder is created
  f <- file.path(dir, "a.txt")
  expect_identical(atomic_write(f, function(tmp) {
    expect_identical(dirname(tmp), dir) # same folder: the rename is atomic
    expect_false(file.exists(f))
    writeBin(charToRaw("one\n"), tmp)
  }), f)
  expect_identical(readLines(f), "one")
  atomic_write(f, function(tmp) writeBin(charToRaw("two\n"), tmp))
  expect_identical(readLines(f), "two")
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE), "a.txt")
})

test_that("an error while writing removes the temporary file and keeps the old one", {
  dir <- tempfile("atomic-")
  f <- file.path(dir, "a.txt")
  atomic_write(f, function(tmp) writeBin(charToRaw("old\n"), tmp))
  expect_error(atomic_write(f, function(tmp) {
    writeBin(charToRaw("half"), tmp)
    stop("disk on fire")
  }), "disk on fire")
  expect_identical(readLines(f), "old")
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE), "a.txt")
})

test_that("a warning while writing (a failed flush) is an error: nothing is renamed into place", {
  dir <- tempfile("atomic-")
  f <- file.path(dir, "a.txt")
  atomic_write(f, function(tmp) writeBin(charToRaw("old\n"), tmp))
  err <- expect_error(atomic_write(f, function(tmp) {
    writeBin(charToRaw("new, but not flushed\n"), tmp)
    warning("problem closing connection")
  }), class = "nnscratch_io_error")
  expect_identical(conditionMessage(err), sprintf("cannot write '%s': problem closing connection", f))
  expect_identical(readLines(f), "old")
  expect_identical(list.files(dir, all.files = TRUE, no.. = TRUE), "a.txt")
})

test_that("a write function that writes nothing is an error", {
  f <- file.path(tempfile("atomic-"), "a.txt")
  expect_error(atomic_write(f, function(tmp) NULL), "nothing was written", class = "nnscratch_io_error")
  expect_false(file.exists(f))
})

test_that("fsync_file runs sync on the file when the program exists", {
  f <- tempfile()
  writeLines("x", f)
  expect_identical(fsync_file(f), nzchar(Sys.which("sync")))
  skip_if_not(nzchar(Sys.which("sync")), "no sync program")
  expect_error(fsync_file(file.path(tempdir(), "no-such-file")), "sync failed", class = "nnscratch_io_error")
})

test_that("a full disk is an error naming the file: nothing is renamed into place (issue 12, a real tmpfs)", {
  d <- local_tmpfs()
  f <- file.path(d, "model.txt")
  writeLines("old", f)
  fill_disk(d, 8192)
  p <- init_param(c(3072, 16, 8, 1), seed = 1, init = "he") # about 1.5 MB of text
  expect_error(save_model(f, p, list(architecture = c(3072, 16, 8, 1))), sprintf("^cannot write '%s': ", f),
               class = "nnscratch_io_error")
  expect_identical(readLines(f), "old")
  expect_identical(sort(list.files(d, all.files = TRUE, no.. = TRUE)), c("filler", "model.txt"))
})

test_that("written files follow the umask", {
  old <- Sys.umask("027")
  on.exit(Sys.umask(old))
  f <- file.path(tempfile("umask-"), "m.txt")
  save_model(f, init_param(c(2, 1), seed = 1), list(architecture = c(2, 1)))
  write_cost_curve(file.path(dirname(f), "c.png"), c(0.7, 0.5), 10)
  expect_identical(as.character(file.info(c(f, file.path(dirname(f), "c.png")))$mode), c("640", "640"))
})
