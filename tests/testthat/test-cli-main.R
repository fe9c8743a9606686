# The command line (R/cli-main.R): dispatch, help, failures and exit statuses,
# inst/nnscratch.R and the inst/nnscratch-r launcher.

test_that("help is printed with status 0", {
  r <- run_cli(c("train", "--help"))
  expect_identical(r$status, 0L)
  expect_match(r$out[1L], "^usage: nnscratch train")
  expect_true(any(grepl("--iterations N", r$out, fixed = TRUE)))
  expect_true(any(grepl("(default 600 when resuming a full-batch checkpoint)", r$out, fixed = TRUE)))
  expect_true(any(grepl("learning rate (default 0.001 by epochs, 0.02 with --iterations)", r$out, fixed = TRUE)))
  r <- run_cli("--help")
  expect_identical(r$status, 0L)
  expect_true(any(grepl("evaluate", r$out)))
})

test_that("train --help explains Ctrl-C, SIGTERM and the inst/nnscratch-r launcher", {
  r <- run_cli(c("train", "--help"))
  expect_true(any(grepl("Ctrl-C (SIGINT) during training saves OUT/checkpoint.txt", r$out, fixed = TRUE)))
  expect_true(any(grepl("inst/nnscratch-r", r$out, fixed = TRUE)))
  expect_true(any(grepl("inst/nnscratch-r", run_cli("--help")$out, fixed = TRUE)))
})

test_that("the inst/nnscratch-r launcher runs from any folder and passes R's exit status on", {
  launcher <- normalizePath(test_path("..", "..", "inst", "nnscratch-r"), mustWork = FALSE)
  skip_if_not(file.exists(launcher), "inst/nnscratch-r only in a checkout")
  skip_if(.Platform$OS.type != "unix", "the launcher is a POSIX sh script")
  expect_true(file.access(launcher, 1L) == 0L) # executable
  expect_identical(readLines(launcher, n = 1L), "#!/bin/sh")
  old <- setwd(tempdir())
  on.exit(setwd(old), add = TRUE)
  out <- suppressWarnings(system2(launcher, c("train", "--help"), stdout = TRUE, stderr = TRUE))
  expect_null(attr(out, "status"))
  expect_match(out[1L], "^usage: nnscratch train")
  err <- suppressWarnings(system2(launcher, c("train", "--lr", "0"), stdout = TRUE, stderr = TRUE))
  expect_identical(attr(err, "status"), 2L)
  expect_true("nnscratch: error: argument --lr: must be a positive number; got 0" %in% err)
  # through a symbolic link, from another folder
  link <- file.path(tempfile("bin-"), "nnscratch-r")
  dir.create(dirname(link))
  skip_if_not(file.symlink(launcher, link), "no symbolic links here")
  out <- suppressWarnings(system2(link, "--help", stdout = TRUE, stderr = TRUE))
  expect_null(attr(out, "status"))
  expect_match(out[1L], "^usage: nnscratch")
})

test_that("failures are reported as nnscratch: error: with status 2", {
  expect_usage_error(c("predict", "--model", file.path(tempdir(), "missing-model.txt"), "x.jpg"),
                     "model file not found")
  expect_usage_error(c("evaluate", "--model", file.path(tempdir(), "missing-model.txt")), "missing-model.txt")
  expect_usage_error(c("train", "--data", file.path(tempdir(), "no-such-folder"), "--quiet"), "no-such-folder")
  expect_usage_error("parity-report", "runs from Python only")
  f <- tempfile()
  writeLines("x", f)
  expect_usage_error(c("train", "--out", f, "--quiet"), "is a file, not a folder")
})

test_that("the command and the sub-command are checked before anything runs", {
  expect_usage_error(character(0), "the following arguments are required: command")
  r <- expect_usage_error("fit", "argument command: invalid choice: 'fit' (choose from 'train', 'predict', 'evaluate', 'parity-report', 'walkthrough', 'lab')")
  expect_identical(r$err[1L], "usage: nnscratch {train,predict,evaluate} ...")
  r <- expect_usage_error(c("evaluate", "--bogus"), "unrecognized arguments: --bogus")
  expect_identical(r$err[1L], cli_usage("evaluate"))
})

test_that("warnings are printed as nnscratch: warning: and the command goes on", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(2)
  dir.create(file.path(data, ".nnscratch-cache"), showWarnings = FALSE)
  writeLines(c("nnscratch-image-cache\t1", "garbage"), file.path(data, ".nnscratch-cache", "manifest_32.txt"))
  f <- file.path(tempfile("model-"), "model.txt")
  save_model(f, init_param(c(3072, 1), seed = 1), list(architecture = c(3072, 1), image_size = 32))
  r <- run_cli(c("evaluate", "--model", f, "--data", data))
  expect_identical(r$status, 0L)
  expect_true(any(startsWith(r$err, "nnscratch: warning: create_dataset: image cache in ")))
})

test_that("inst/nnscratch.R sources the R files of NNSCRATCH_R_DIR when it is set", {
  script <- normalizePath(test_path("..", "..", "inst", "nnscratch.R"), mustWork = FALSE)
  r_dir <- normalizePath(test_path("..", "..", "R"), mustWork = FALSE)
  skip_if_not(file.exists(script) && dir.exists(r_dir), "inst/nnscratch.R and R/ only in a checkout")
  copy <- tempfile("r-copy-")
  dir.create(copy)
  file.copy(list.files(r_dir, full.names = TRUE), copy)
  cat('nnscratch_main <- function(args) { cat("the copy\\n"); 5L }\n', file = file.path(copy, "zz-override.R"))
  rscript <- file.path(R.home("bin"), "Rscript")
  out <- suppressWarnings(system2(rscript, c(shQuote(script), "train", "--help"), stdout = TRUE, stderr = TRUE,
                                  env = paste0("NNSCRATCH_R_DIR=", copy)))
  expect_identical(as.vector(out), "the copy")
  expect_identical(attr(out, "status"), 5L)
  out <- suppressWarnings(system2(rscript, c(shQuote(script), "predict", "--help"), stdout = TRUE, stderr = TRUE))
  expect_identical(out[1L], "usage: nnscratch predict --model MODEL target")
  out <- suppressWarnings(system2(rscript, c(shQuote(script), "--help"), stdout = TRUE, stderr = TRUE,
                                  env = paste0("NNSCRATCH_R_DIR=", tempfile())))
  expect_identical(attr(out, "status"), 2L)
  expect_match(out[1L], "^nnscratch: error: no R files in ")
})

test_that("the Python-only commands (they run R from Python) say so and where to run them", {
  for (cmd in c("parity-report", "walkthrough", "lab")) {
    err <- capture.output(rc <- nnscratch_main(cmd), type = "message")
    expect_identical(rc, 2L)
    expect_match(paste(err, collapse = "\n"), sprintf("runs from Python only: nnscratch %s (.venv/bin/nnscratch)", cmd),
                 fixed = TRUE)
  }
})
