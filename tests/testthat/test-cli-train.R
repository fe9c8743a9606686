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

# -- issue 12, part A: saving and training runs --------------------------------------------

SMALL <- c("train", "--quiet", "--size", "8", "--hidden", "4", "--iterations", "20")

# save_model sends SIGINT (Ctrl-C) to this process when it starts writing a file named target.
interrupt_while_saving <- function(target, env = parent.frame()) {
  real <- save_model
  calls <- new.env()
  calls$n <- 0L
  local_replace("save_model", function(path, parameters, meta) {
    if (endsWith(path, target)) {
      calls$n <- calls$n + 1L
      tools::pskill(Sys.getpid(), tools::SIGINT)
    }
    real(path, parameters, meta)
  }, env = env)
  calls
}

test_that("an unusable --out is refused before anything is loaded", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(2)
  f <- tempfile("afile-")
  writeLines("x", f)
  cases <- c("/dev/null" = "--out '/dev/null' is a file, not a folder",
             "/dev/full" = "--out '/dev/full' is a file, not a folder",
             "/proc/self/nope" = "--out '/proc/self/nope' cannot be created (No such file or directory)")
  cases[[f]] <- sprintf("--out '%s' is a file, not a folder", f)
  for (out in names(cases)) {
    r <- run_cli(c(SMALL, "--data", data, "--out", out))
    expect_identical(r$status, 2L)
    expect_identical(r$out, character(0)) # nothing was loaded
    expect_identical(r$err, paste("nnscratch: error:", cases[[out]]))
  }
  expect_identical(run_cli(c(SMALL, "--data", data, "--out", ""))$err, "nnscratch: error: --out must not be empty")
})

test_that("an unwritable --out, or one below a read-only folder, is refused before loading", {
  d <- local_tmpfs(ro = TRUE)
  r <- run_cli(c(SMALL, "--out", d))
  expect_identical(r$status, 2L)
  expect_identical(r$out, character(0))
  expect_identical(r$err, sprintf("nnscratch: error: --out '%s' is not writable (Read-only file system)", d))
  r <- run_cli(c(SMALL, "--out", file.path(d, "below")))
  expect_identical(r$err, sprintf("nnscratch: error: --out '%s/below' cannot be created (Read-only file system)", d))
})

test_that("--iterations is bounded, with the sentence of the Python twin", {
  out <- tempfile("o-")
  r <- run_cli(c("train", "--quiet", "--iterations", "1000000001", "--out", out))
  expect_identical(r$status, 2L)
  expect_identical(r$err, "nnscratch: error: argument --iterations: must be at most 1000000000; got 1000000001")
  expect_false(file.exists(out))
})

test_that("a second training into the same --out is refused; a stale lock is taken over", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(3)
  out <- tempfile("locked-")
  lock <- file.path(out, ".nnscratch-lock")
  dir.create(lock, recursive = TRUE)
  writeLines("1", file.path(lock, "pid")) # held by a live process (init)
  r <- run_cli(c(SMALL, "--data", data, "--out", out))
  expect_identical(r$status, 2L)
  expect_identical(r$err, sprintf(paste0("nnscratch: error: --out '%s' is in use by another training (process 1); wait ",
                                         "for it to end or choose another --out (if no training runs there, remove '%s')"),
                                  out, lock))
  dead <- system2("sh", c("-c", shQuote("echo $$")), stdout = TRUE) # the pid of a process that has ended
  writeLines(dead, file.path(lock, "pid"))
  r <- run_cli(c(SMALL, "--data", data, "--out", out))
  expect_identical(r$status, 0L)
  expect_identical(sort(list.files(out, all.files = TRUE, no.. = TRUE)), c("cost_curve.png", "costs.csv", "model.txt"))
})

test_that("Ctrl-C while the final model is written: every output is completed, then status 130", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(3)
  out <- tempfile("final-")
  calls <- interrupt_while_saving("model.txt")
  r <- run_cli(c(SMALL, "--data", data, "--out", out))
  expect_identical(calls$n, 1L)
  expect_identical(r$status, 130L)
  expect_identical(r$err, "nnscratch: interrupted")
  expect_identical(r$out[length(r$out)], sprintf("wrote %s/model.txt, %s/costs.csv, %s/cost_curve.png", out, out, out))
  expect_identical(load_model(file.path(out, "model.txt"))$meta$iterations, 20L)
  expect_identical(sort(list.files(out, all.files = TRUE, no.. = TRUE)), c("cost_curve.png", "costs.csv", "model.txt"))
})

test_that("a second Ctrl-C while the checkpoint is written still leaves the checkpoint", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(3)
  out <- tempfile("ck-")
  calls <- interrupt_while_saving("checkpoint.txt")
  r <- run_cli(c(SMALL, "--data", data, "--checkpoint-every", "5", "--out", out))
  expect_identical(calls$n, 2L) # the periodic checkpoint, then the interruption's
  expect_identical(r$status, 130L)
  expect_match(r$err[length(r$err)], sprintf("^interrupted after 5 iterations; saved %s/checkpoint.txt", out))
  ck <- load_model(file.path(out, "checkpoint.txt"))
  expect_identical(ck$meta$iterations, 5L)
  expect_length(ck$meta$costs, 1L)
})

test_that("--resume takes data and test size from the checkpoint and refuses a contradicting flag", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(6)
  out <- tempfile("res-")
  expect_identical(run_cli(c(SMALL, "--data", data, "--test-size", "0.25", "--out", out))$status, 0L)
  ck <- file.path(out, "model.txt")
  m <- load_model(ck)$meta
  expect_identical(m$data, absolute_path(data))
  expect_identical(m$test_size, 0.25)
  withr::local_dir(tempdir()) # the recorded path is absolute
  r <- run_cli(c("train", "--quiet", "--iterations", "30", "--resume", ck, "--out", out))
  expect_identical(r$status, 0L)
  expect_match(r$out[1L], sprintf("^data: %s: 12 images", absolute_path(data)))
  expect_identical(r$out[3L], "split: 9 train, 3 test (test_size 0.25, random_state 1)")
  ck <- file.path(out, "model.txt") # now at 30 iterations
  conflicts <- list(c("--lr", "0.07", "0.02"), c("--seed", "5", "1"), c("--size", "16", "8"), c("--init", "xavier", "he"),
                    c("--hidden", "7", "4"), c("--labels", "Cat=0,Dog=1", "Cat=1,Dog=0"), c("--test-size", "0.3", "0.25"),
                    c("--cost-every", "5", "10"))
  for (cf in conflicts) {
    r <- run_cli(c("train", "--quiet", "--iterations", "40", "--resume", ck, "--out", out, cf[1L], cf[2L]))
    expect_identical(r$status, 2L)
    expect_identical(r$err, sprintf("nnscratch: error: --resume: %s %s conflicts with %s, which has %s %s; leave %s out to continue that run",
                                    cf[1L], cf[2L], ck, cf[1L], cf[3L], cf[1L]))
  }
  r <- run_cli(c("train", "--quiet", "--iterations", "40", "--resume", ck, "--out", out, "--data", sample_dir()))
  expect_match(r$err, sprintf("^nnscratch: error: --resume: --data '.*' conflicts with %s, which has --data '%s'", ck,
                              absolute_path(data)))
})

test_that("--resume refuses a typed default that contradicts the checkpoint and accepts typed agreeing flags", {
  # regression: a flag counted as given only when it differed from its default, so typing the default against
  # a checkpoint trained otherwise was not noticed
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(6)
  out <- tempfile("typed-")
  expect_identical(run_cli(c(SMALL, "--data", data, "--lr", "0.03", "--seed", "5", "--cost-every", "5",
                             "--optimizer", "momentum", "--out", out))$status, 0L)
  ck <- file.path(out, "model.txt")
  conflicts <- list(c("--lr", "0.02", "0.03"), c("--seed", "1", "5"), c("--hidden", "16,8", "4"),
                    c("--cost-every", "10", "5"), c("--optimizer", "gd", "momentum"))
  for (cf in conflicts) {
    r <- run_cli(c("train", "--quiet", "--iterations", "30", "--resume", ck, "--out", out, cf[1L], cf[2L]))
    expect_identical(r$status, 2L, info = cf[1L])
    expect_identical(r$err, sprintf("nnscratch: error: --resume: %s %s conflicts with %s, which has %s %s; leave %s out to continue that run",
                                    cf[1L], cf[2L], ck, cf[1L], cf[3L], cf[1L]))
  }
  r <- run_cli(c("train", "--quiet", "--iterations", "30", "--resume", ck, "--out", tempfile("b-"), "--lr", "0.03",
                 "--seed", "5", "--hidden", "4", "--optimizer", "momentum"))
  expect_identical(r$status, 0L, info = paste(r$err, collapse = "\n"))
  expect_true(sprintf("resuming from %s at iteration 20", ck) %in% r$out)
  # a full-batch checkpoint continues full-batch without --iterations (to 600 in total), refuses --epochs
  r <- run_cli(c("train", "--quiet", "--resume", ck, "--out", tempfile("c-")))
  expect_identical(r$status, 0L, info = paste(r$err, collapse = "\n"))
  expect_true("network: [192, 4, 1], init he, seed 5, learning rate 0.03, 600 iterations, optimizer momentum (beta 0.9)" %in% r$out)
  r <- run_cli(c("train", "--quiet", "--resume", ck, "--epochs", "3", "--out", tempfile("d-")))
  expect_identical(r$err, sprintf("nnscratch: error: --resume: %s was trained full-batch (--iterations); leave --epochs and --batch-size out to continue it", ck))
})

test_that("an old checkpoint without data and test_size resumes with the flags' values", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(6)
  out <- tempfile("old-")
  expect_identical(run_cli(c(SMALL, "--data", data, "--out", out))$status, 0L)
  m <- load_model(file.path(out, "model.txt"))
  old <- file.path(out, "old.txt")
  save_model(old, m$parameters, m$meta[setdiff(names(m$meta), c("data", "test_size"))])
  r <- run_cli(c("train", "--quiet", "--iterations", "30", "--data", data, "--test-size", "0.5", "--resume", old, "--out", out))
  expect_identical(r$status, 0L)
  expect_identical(r$out[3L], "split: 6 train, 6 test (test_size 0.5, random_state 1)")
})

test_that("--resume refuses a checkpoint whose cost history disagrees with its iterations, or with init bogus", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(3)
  out <- tempfile("bad-")
  expect_identical(run_cli(c(SMALL, "--data", data, "--out", out))$status, 0L)
  m <- load_model(file.path(out, "model.txt"))
  ck <- file.path(out, "ck.txt")
  save_model(ck, m$parameters, utils::modifyList(m$meta, list(iterations = 40)))
  r <- run_cli(c("train", "--quiet", "--iterations", "50", "--resume", ck, "--out", out))
  expect_identical(r$err, sprintf("nnscratch: error: %s: the cost history has 2 costs, but 40 iterations with cost_every 10 record 4", ck))
  save_model(ck, m$parameters, utils::modifyList(m$meta, list(init = "bogus")))
  r <- run_cli(c("train", "--quiet", "--iterations", "50", "--resume", ck, "--out", out))
  expect_identical(r$status, 2L)
  expect_identical(r$err, sprintf("nnscratch: error: %s: bad value for 'init': 'bogus' (one of 'scaled', 'xavier', 'he')", ck))
})

test_that("a refused run leaves no --out folder behind (only the empty folder it created itself)", {
  base <- tempfile("refused-")
  dir.create(base)
  new <- file.path(base, "out")
  r <- run_cli(c("train", "--quiet", "--out", new, "--resume"))
  expect_identical(r$status, 2L)
  expect_true(sprintf("nnscratch: error: --resume: no checkpoint at %s/checkpoint.txt", new) %in% r$err)
  expect_false(dir.exists(new))
  r <- run_cli(c("train", "--quiet", "--out", base, "--resume"))
  expect_identical(r$status, 2L)
  expect_true(dir.exists(base))
})
