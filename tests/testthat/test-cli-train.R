# nnscratch train (R/cli-train.R): printed lines, output files, resume, checkpoints.

test_that("train runs end to end on the sample data and prints the lines of the Python twin", {
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

  expect_identical(m$meta$update_rule, "gd")
  expect_null(m$meta$rule_state) # gd has no state
})

test_that("a run resumed from a checkpoint ends identical to an uninterrupted run", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  data <- small_data(6)
  args <- c("train", "--data", data, "--size", "8", "--hidden", "4", "--lr", "0.05", "--cost-every", "5", "--quiet")
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

test_that("a diverging run saves the last good parameters in OUT/checkpoint.txt and gives status 3", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout (data/ is not in the package build)")
  data <- small_data(4)
  out <- tempfile("diverge-")
  r <- run_cli(c("train", "--data", data, "--size", "4", "--hidden", "3", "--lr", "5000", "--iterations", "200",
                 "--cost-every", "1", "--out", out, "--quiet"))
  expect_identical(r$status, 3L)
  expect_match(r$err[length(r$err)], paste0("^nnscratch: error: training diverged at iteration [0-9]+: .* try a lower ",
                                            "learning rate than 5000; the last good parameters \\(iteration [0-9]+\\) are in "))
  ck <- load_model(file.path(out, "checkpoint.txt"))
  expect_identical(ck$meta$update_rule, "gd")
  expect_identical(ck$meta$learning_rate, 5000)
  expect_length(ck$meta$costs, ck$meta$iterations)
  expect_true(all(vapply(ck$parameters, function(p) all(is.finite(p)), NA)))
  expect_false(file.exists(file.path(out, "model.txt")))
})

test_that("resume_settings takes the run's settings from the checkpoint", {
  f <- file.path(tempfile("ck-"), "checkpoint.txt")
  save_model(f, init_param(c(12, 4, 1), seed = 3), list(architecture = c(12, 4, 1), init = "xavier", seed = 3,
             learning_rate = 0.5, iterations = 7, image_size = 2, labels = c(A = 1, B = 0), cost_every = 5,
             costs = c(0.7, 0.6)))
  s <- resume_settings("", dirname(f))
  expect_identical(s$path, f)
  expect_identical(s$settings, list(hidden = 4, seed = 3, init = "xavier", lr = 0.5, cost_every = 5L, size = 2L,
                                    labels = c(A = 1L, B = 0L), update_rule = "gd"))
  save_model(f, init_param(c(12, 1), seed = 3), list(architecture = c(12, 1), seed = 1))
  expect_error(resume_settings(f, "out"), "is a model without 'init'; it cannot be resumed")
  expect_error(resume_settings("", tempfile()), "--resume: no checkpoint at ", class = "nnscratch_file_not_found")
})

test_that("SIGTERM through inst/nnscratch-r saves the checkpoint and exits with status 130", {
  launcher <- normalizePath(test_path("..", "..", "inst", "nnscratch-r"), mustWork = FALSE)
  skip_if_not(file.exists(launcher), "inst/nnscratch-r only in a checkout")
  skip_if(.Platform$OS.type != "unix", "the launcher is a POSIX sh script")
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(2)
  out <- tempfile("sigterm-")
  run <- tempfile("run-")
  dir.create(run)
  # the launcher in the background; its pid and, at the end, its status in files
  script <- sprintf("%s train --data %s --size 4 --hidden 2 --iterations 100000000 --checkpoint-every 50 --out %s --quiet >%s 2>%s & echo $! >%s; wait $!; echo $? >%s",
                    shQuote(launcher), shQuote(data), shQuote(out), shQuote(file.path(run, "out")),
                    shQuote(file.path(run, "err")), shQuote(file.path(run, "pid")), shQuote(file.path(run, "status")))
  system2("sh", c("-c", shQuote(script)), wait = FALSE)
  ckpt <- file.path(out, "checkpoint.txt")
  deadline <- Sys.time() + 60
  while (!file.exists(ckpt) && Sys.time() < deadline) Sys.sleep(0.1)
  expect_true(file.exists(ckpt))
  tools::pskill(as.integer(readLines(file.path(run, "pid"))), tools::SIGTERM)
  deadline <- Sys.time() + 60
  while (!file.exists(file.path(run, "status")) && Sys.time() < deadline) Sys.sleep(0.1)
  expect_identical(readLines(file.path(run, "status")), "130")
  err <- readLines(file.path(run, "err"))
  expect_match(err[length(err)], sprintf("^interrupted after [0-9]+ iterations; saved %s \\(continue with: nnscratch train --resume --out %s --iterations 100000000\\)$",
                                         ckpt, out))
  done <- as.numeric(sub("^interrupted after ([0-9]+) .*$", "\\1", err[length(err)]))
  ck <- load_model(ckpt)
  expect_identical(as.numeric(ck$meta$iterations), done)
  expect_identical(ck$meta$update_rule, "gd")
})
