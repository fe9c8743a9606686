# The command line (R/cli.R): flag parsing, errors and exit statuses, and a
# short train -> predict -> evaluate run on the sample data of a checkout.

# Runs nnscratch_main(args); returns its status and what it printed on stdout and stderr.
run_cli <- function(args) {
  out_file <- tempfile()
  err_file <- tempfile()
  out_con <- file(out_file, open = "w")
  err_con <- file(err_file, open = "w")
  sink(out_con)
  sink(err_con, type = "message")
  status <- tryCatch(nnscratch_main(args), finally = {
    sink(type = "message")
    sink()
    close(out_con)
    close(err_con)
  })
  list(status = status, out = readLines(out_file), err = readLines(err_file))
}

expect_usage_error <- function(args, pattern) {
  r <- run_cli(args)
  expect_identical(r$status, 2L)
  expect_length(r$out, 0L)
  expect_true(any(startsWith(r$err, "nnscratch: error: ")), info = paste(r$err, collapse = "\n"))
  expect_true(any(grepl(pattern, r$err, fixed = TRUE)), info = paste(r$err, collapse = "\n"))
  invisible(r)
}

sample_dir <- function() normalizePath(test_path("..", "..", "data", "sample"), mustWork = FALSE)

# A small class folder copied from the sample data: n JPEG/PNG files per class plus one unreadable file.
small_data <- function(n = 6) {
  dir <- tempfile("small-data-")
  for (cls in c("Cat", "Dog")) {
    dir.create(file.path(dir, cls), recursive = TRUE)
    src <- sort(list.files(file.path(sample_dir(), cls), pattern = "^[0-9]+[.](jpg|png)$", full.names = TRUE),
                method = "radix")[seq_len(n)]
    file.copy(src, file.path(dir, cls))
  }
  writeLines("not an image", file.path(dir, "Dog", "notes.txt"))
  dir
}

test_that("Python-style formatting of floats and paths", {
  expect_identical(py_float_repr(0.05), "0.05")
  expect_identical(py_float_repr(0.15), "0.15")
  expect_identical(py_float_repr(1), "1.0")
  expect_identical(py_float_repr(-0), "-0.0")
  expect_identical(py_float_repr(0.1 + 0.2), "0.30000000000000004")
  expect_identical(py_float_repr(1e-5), "1e-05")
  expect_identical(py_float_repr(0.0001), "0.0001")
  expect_identical(py_float_repr(1e15), "1000000000000000.0")
  expect_identical(py_float_repr(1e16), "1e+16")
  expect_identical(py_float_repr(123.456), "123.456")
  expect_identical(py_float_repr(2.5e-300), "2.5e-300")
  expect_identical(py_path_str("out/"), "out")
  expect_identical(py_path_str("./a//b/./c/"), "a/b/c")
  expect_identical(py_path_str("/"), "/")
  expect_identical(py_path_str("."), ".")
})

test_that("flags are parsed as --flag value, --flag=value and unique prefixes", {
  o <- parse_cli_args("train", c("--lr=0.1", "--hidden", "7,5", "--quiet", "--iter", "20", "--labels", "A=1,B=0",
                                 "--init", "scaled", "--test-size", "0.2", "--seed", "-1", "--resume"))
  expect_identical(o$lr, 0.1)
  expect_identical(o$hidden, c(7, 5))
  expect_true(o$quiet)
  expect_identical(o$iterations, 20)
  expect_identical(o$labels, c(A = 1, B = 0))
  expect_identical(o$init, "scaled")
  expect_identical(o$test_size, 0.2)
  expect_identical(o$seed, -1)
  expect_identical(o$resume, "")
  expect_identical(parse_cli_args("train", c("--resume", "ck.txt"))$resume, "ck.txt")
  expect_identical(parse_cli_args("train", c("--hidden", "16,,8"))$hidden, c(16, 8))
  p <- parse_cli_args("predict", c("--model", "m.txt", "img.jpg"))
  expect_identical(p$model, "m.txt")
  expect_identical(p$positional, "img.jpg")
  expect_true(parse_cli_args("evaluate", "--help")$help)
})

test_that("usage errors name the flag, print nnscratch: error: and give status 2", {
  expect_usage_error(character(0), "the following arguments are required: command")
  expect_usage_error("fit", "argument command: invalid choice: 'fit'")
  expect_usage_error(c("train", "--bogus", "1"), "unrecognized arguments: --bogus")
  expect_usage_error(c("train", "extra"), "unrecognized arguments: extra")
  expect_usage_error(c("train", "--lr", "fast"), "argument --lr: invalid float value: 'fast'")
  expect_usage_error(c("train", "--lr", "-0.1"), "argument --lr: must be a positive number")
  expect_usage_error(c("train", "--lr"), "argument --lr: expected one argument")
  expect_usage_error(c("train", "--lr", "--quiet"), "argument --lr: expected one argument")
  expect_usage_error(c("train", "--iterations", "1.5"), "argument --iterations: invalid int value: '1.5'")
  expect_usage_error(c("train", "--iterations", "0"), "argument --iterations: must be a positive integer")
  expect_usage_error(c("train", "--cost-every=0"), "argument --cost-every: must be a positive integer")
  expect_usage_error(c("train", "--checkpoint-every", "-2"), "argument --checkpoint-every: must be a non-negative integer")
  expect_usage_error(c("train", "--hidden", "16,x"), "--hidden must be comma-separated positive integers, e.g. 7,5; got '16,x'")
  expect_usage_error(c("train", "--hidden", "16,0"), "argument --hidden")
  expect_usage_error(c("train", "--labels", "Cat"), "--labels must look like Cat=1,Dog=0; got 'Cat'")
  expect_usage_error(c("train", "--labels", "Cat=one"), "argument --labels")
  expect_usage_error(c("train", "--init", "zeros"), "argument --init: invalid choice: 'zeros' (choose from 'scaled', 'xavier', 'he')")
  expect_usage_error(c("train", "--i", "3"), "ambiguous option: --i could match --iterations, --init")
  expect_usage_error(c("train", "--quiet=yes"), "argument --quiet: ignored explicit argument 'yes'")
  expect_usage_error("predict", "the following arguments are required: --model, target")
  expect_usage_error(c("predict", "--model", "m.txt"), "the following arguments are required: target")
  expect_usage_error(c("predict", "--model", "m.txt", "a.jpg", "b.jpg"), "unrecognized arguments: b.jpg")
  expect_usage_error("evaluate", "the following arguments are required: --model")
  r <- expect_usage_error(c("train", "--lr", "x"), "invalid float")
  expect_match(r$err[1L], "^usage: nnscratch train ")
})

test_that("help is printed with status 0", {
  r <- run_cli(c("train", "--help"))
  expect_identical(r$status, 0L)
  expect_match(r$out[1L], "^usage: nnscratch train")
  expect_true(any(grepl("--iterations N", r$out, fixed = TRUE)))
  expect_true(any(grepl("(default 600)", r$out, fixed = TRUE)))
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
  expect_true("nnscratch: error: argument --lr: must be a positive number; got 0.0" %in% err)
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

test_that("train, predict and evaluate run end to end on the sample data", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  out <- tempfile("cli-out-")
  r <- run_cli(c("train", "--iterations", "20", "--out", out, "--quiet"))
  expect_identical(r$status, 0L, info = paste(r$err, collapse = "\n"))
  # the same lines as the Python twin's cmd_train
  expect_match(r$out[1L], "^data: .*data/sample: [0-9]+ images \\(Cat: [0-9]+, Dog: [0-9]+\\), [0-9]+ skipped, loaded in [0-9.]+ s$")
  expect_true(any(grepl("^  skipped Cat/", r$out)))
  expect_true(any(grepl("^split: [0-9]+ train, [0-9]+ test \\(test_size 0.15, random_state 1\\)$", r$out)))
  expect_true("network: [3072, 16, 8, 1], init he, seed 1, learning rate 0.02, 20 iterations" %in% r$out)
  expect_true(any(grepl("^final cost: [0-9]+[.][0-9]{6} \\(recorded at iteration 10\\), training took [0-9.]+ s$", r$out)))
  expect_true(any(grepl("^train accuracy: [01][.][0-9]{4}$", r$out)))
  expect_true(any(grepl("^test accuracy: [01][.][0-9]{4}$", r$out)))
  files <- file.path(out, c("model.txt", "costs.csv", "cost_curve.png"))
  expect_identical(r$out[length(r$out)], paste("wrote", paste(files, collapse = ", ")))
  expect_true(all(file.exists(files)))
  expect_setequal(list.files(out, all.files = TRUE, no.. = TRUE), basename(files))
  m <- load_model(files[1L])
  expect_identical(m$meta$architecture, c(3072L, 16L, 8L, 1L))
  expect_identical(m$meta$created_by, "r")
  expect_identical(m$meta$iterations, 20L)
  expect_identical(m$meta$learning_rate, 0.02)
  expect_identical(m$meta$labels, c(Cat = 1L, Dog = 0L))
  expect_length(m$meta$costs, 2L)
  expect_identical(utils::read.csv(files[2L])$iteration, c(0L, 10L))
  expect_identical(utils::read.csv(files[2L])$cost, m$meta$costs)

  # predict: one line per readable image, sorted; unreadable files on stderr
  data <- small_data(3)
  r <- run_cli(c("predict", "--model", files[1L], data))
  expect_identical(r$status, 0L)
  expect_length(r$out, 6L)
  fields <- strsplit(r$out, "\t", fixed = TRUE)
  paths <- vapply(fields, `[`, "", 1L)
  expect_identical(paths, sort(paths, method = "radix"))
  expect_true(all(startsWith(paths, paste0(data, "/"))))
  expect_true(all(grepl("^[01][.][0-9]{6}$", vapply(fields, `[`, "", 2L))))
  expect_true(all(vapply(fields, `[`, "", 3L) %in% c("Cat", "Dog")))
  expect_identical(r$err, c(sprintf("skipped %s/Dog/notes.txt: not a JPEG or PNG file", data),
                            "6 images predicted, 1 skipped"))
  one <- run_cli(c("predict", "--model", files[1L], paths[1L]))
  expect_identical(one$out, r$out[1L])
  none <- run_cli(c("predict", "--model", files[1L], file.path(data, "Dog", "notes.txt")))
  expect_identical(none$status, 1L)
  expect_usage_error(c("predict", "--model", files[1L], file.path(data, "nothing")), "no such file or folder")

  # evaluate: accuracy and the confusion matrix (rows true label, columns predicted)
  r <- run_cli(c("evaluate", "--model", files[1L], "--data", data))
  expect_identical(r$status, 0L)
  expect_identical(r$out[1L], sprintf("data: %s: 6 images, 1 skipped", data))
  expect_match(r$out[2L], "^accuracy: [01][.][0-9]{4}$")
  expect_identical(r$out[3:4], c("            predicted", "true           Dog   Cat"))
  expect_match(r$out[5L], "^Dog   \\(0\\)   +[0-9]+ +[0-9]+$")
  expect_match(r$out[6L], "^Cat   \\(1\\)   +[0-9]+ +[0-9]+$")
  cells <- strsplit(trimws(substring(r$out[5:6], 13L)), " +")
  cm <- matrix(as.integer(unlist(cells)), 2L, 2L, byrow = TRUE)
  expect_identical(rowSums(cm), c(3, 3))
  acc <- as.numeric(sub("accuracy: ", "", r$out[2L]))
  expect_equal(acc, round(sum(diag(cm)) / 6, 4))
})

test_that("a run resumed from a checkpoint ends identical to an uninterrupted run", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  data <- small_data(6)
  args <- c("train", "--data", data, "--size", "8", "--hidden", "4", "--lr", "0.05", "--cost-every", "5", "--quiet")
  if (!all(c("start_iteration", "checkpoint", "checkpoint_every") %in% names(formals(dense_nn)))) {
    expect_usage_error(c(args, "--resume"), "need a dense_nn with start_iteration")
    skip("dense_nn (R/train.R) has no start_iteration/checkpoint arguments yet: --resume is refused")
  }
  full <- tempfile("full-")
  expect_identical(run_cli(c(args, "--iterations", "20", "--out", full))$status, 0L)
  part <- tempfile("part-")
  expect_identical(run_cli(c(args, "--iterations", "12", "--out", part))$status, 0L)
  file.copy(file.path(part, "model.txt"), file.path(part, "checkpoint.txt"))
  r <- run_cli(c("train", "--data", data, "--size", "8", "--resume", "--iterations", "20", "--out", part, "--quiet"))
  expect_identical(r$status, 0L, info = paste(r$err, collapse = "\n"))
  expect_true(sprintf("resuming from %s at iteration 12", file.path(part, "checkpoint.txt")) %in% r$out)
  expect_false(file.exists(file.path(part, "checkpoint.txt")))
  expect_identical(readLines(file.path(part, "model.txt")), readLines(file.path(full, "model.txt")))
  expect_identical(readLines(file.path(part, "costs.csv")), readLines(file.path(full, "costs.csv")))
  expect_usage_error(c("train", "--data", data, "--resume", file.path(part, "none.txt"), "--quiet"), "--resume: no checkpoint at")
})
