# nnscratch train --epochs / --batch-size (R/cli-train-epochs.R): printed lines, outputs, the recipe in the
# model file, interruption mid-epoch and --resume to the same bytes (the Python twin's tests:
# python/tests/test_cli_train_epochs.py).

EPOCHS_SMALL <- c("--quiet", "--size", "8", "--hidden", "4", "--batch-size", "8")

# SIGINT (Ctrl-C) to this process when the engine starts batch n (counted over the run).
interrupt_at_batch <- function(n, env = parent.frame()) {
  real <- batch_cost_grads
  calls <- new.env()
  calls$n <- 0L
  local_replace("batch_cost_grads", function(...) {
    calls$n <- calls$n + 1L
    if (calls$n == n) tools::pskill(Sys.getpid(), tools::SIGINT)
    real(...)
  }, env = env)
  calls
}

test_that("training by epochs prints each epoch and writes model.txt, history.csv and cost_curve.png", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(20)
  out <- tempfile("epochs-")
  r <- run_cli(c("train", "--data", data, "--size", "8", "--hidden", "4", "--epochs", "3", "--batch-size", "8",
                 "--optimizer", "adam", "--lr", "0.02", "--no-standardize", "--out", out))
  expect_identical(r$status, 0L)
  expect_identical(r$out[grepl("^(network|training):", r$out)], c(
    "network: [192, 4, 1], init he, seed 1",
    paste("training: optimizer adam (beta1 0.9, beta2 0.999, epsilon 1e-08), learning rate 0.02 (schedule constant,",
          "decay 0, interval 10), 3 epochs of batch size 8, l2 0, dropout 0, patience 0")))
  epochs <- r$out[startsWith(r$out, "epoch ")]
  expect_identical(sub(":.*$", "", epochs), c("epoch 1/3", "epoch 2/3", "epoch 3/3"))
  expect_match(epochs[1L], "^epoch 1/3: cost [0-9]+[.][0-9]{6}, accuracy [0-9][.][0-9]{4}$")
  expect_identical(r$out[length(r$out)], sprintf("wrote %s/model.txt, %s/history.csv, %s/cost_curve.png", out, out, out))
  expect_setequal(list.files(out), c("cost_curve.png", "history.csv", "model.txt"))
  rows <- readLines(file.path(out, "history.csv"))
  expect_identical(rows[1L], "epoch,cost,accuracy,val_cost,val_accuracy")
  expect_length(rows, 4L)
  expect_match(epochs[3L], sprintf("cost %.6f,", as.numeric(strsplit(rows[4L], ",")[[1L]][2L])), fixed = TRUE)
  m <- load_model(file.path(out, "model.txt"))$meta
  expect_identical(m$update_rule, "adam")
  expect_identical(as.numeric(c(m$batch_size, m$epochs, m$epoch, m$batch)), c(8, 3, 3, 0))
  expect_setequal(names(m$rule_state), c("vdW1", "vdb1", "vdW2", "vdb2", "sdW1", "sdb1", "sdW2", "sdb2", "t"))
  expect_null(m$iterations)
})

test_that("validation split, early stopping and standardize are printed and recorded", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(20)
  out <- tempfile("epochs-")
  r <- run_cli(c("train", "--data", data, EPOCHS_SMALL, "--epochs", "8", "--optimizer", "adam", "--dropout", "0.2",
                 "--val-size", "0.25", "--patience", "2", "--standardize", "--out", out))
  expect_identical(r$status, 0L)
  expect_true(any(grepl("^validation: [0-9]+ train, [0-9]+ validation \\(val_size 0.25 of the training split, random_state 1\\)$", r$out)))
  expect_true(any(grepl("^standardize: mean and std of 192 features from the [0-9]+ training images$", r$out)))
  expect_true(any(startsWith(r$out, "validation accuracy: ")))
  m <- load_model(file.path(out, "model.txt"))$meta
  expect_identical(dim(m$standardizer$mean), c(192L, 1L))
  expect_identical(m$dropout, 0.2)
  expect_false(any(startsWith(names(m$rule_state), "best_")))
  if (m$epoch < 8) expect_true(any(startsWith(r$out, "early stopping: no lower validation cost in the 2 epochs after epoch ")))
})

test_that("an interrupted run resumed gives the uninterrupted model.txt byte for byte, per optimizer", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(20)
  cases <- list(c("--optimizer", "gd"), c("--optimizer", "momentum", "--l2", "0.3"),
                c("--optimizer", "rmsprop", "--lr-schedule", "inverse", "--lr-decay", "0.5"),
                c("--optimizer", "adam", "--dropout", "0.3"),
                c("--optimizer", "adam", "--dropout", "0.3", "--val-size", "0.2", "--patience", "3", "--standardize"))
  for (extra in cases) {
    flags <- c("train", "--data", data, EPOCHS_SMALL, "--epochs", "4", "--lr", "0.01", extra)
    if (!("--standardize" %in% extra)) flags <- c(flags, "--no-standardize") # these runs were made unstandardized
    whole <- tempfile("whole-")
    cut <- tempfile("cut-")
    expect_identical(run_cli(c(flags, "--out", whole))$status, 0L)
    local({
      interrupt_at_batch(7)
      r <- run_cli(c(flags, "--out", cut, "--checkpoint-every", "1"))
      expect_identical(r$status, 130L, info = paste(extra, collapse = " "))
      expect_match(r$err[length(r$err)], sprintf("^interrupted in epoch 2 after [0-9]+ batches; saved %s/checkpoint.txt \\(continue with: nnscratch train --resume --out %s --epochs 4\\)$", cut, cut))
    })
    ck <- load_model(file.path(cut, "checkpoint.txt"))$meta
    expect_identical(as.numeric(ck$epoch), 1)
    expect_true(ck$batch > 0) # mid-epoch
    r <- run_cli(c("train", "--resume", "--out", cut))
    expect_identical(r$status, 0L, info = paste(c(extra, r$err), collapse = " "))
    expect_true(sprintf("resuming from %s/checkpoint.txt at epoch 1, batch %s", cut, fmt_whole(ck$batch)) %in% r$out)
    expect_identical(readBin(file.path(cut, "model.txt"), "raw", 1e6), readBin(file.path(whole, "model.txt"), "raw", 1e6),
                     info = paste(extra, collapse = " "))
    expect_identical(readLines(file.path(cut, "history.csv")), readLines(file.path(whole, "history.csv")))
    expect_false(file.exists(file.path(cut, "checkpoint.txt")))
  }
})

test_that("--resume refuses a conflicting recipe and a full-batch checkpoint by epochs", {
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  data <- small_data(20)
  out <- tempfile("epochs-")
  expect_identical(run_cli(c("train", "--data", data, EPOCHS_SMALL, "--optimizer", "momentum", "--lr", "0.02",
                             "--epochs", "2", "--no-standardize", "--out", out))$status, 0L)
  ck <- file.path(out, "model.txt")
  refuse <- function(flags, message) {
    r <- run_cli(c("train", "--resume", ck, "--out", tempfile("o-"), flags))
    expect_identical(r$status, 2L)
    expect_identical(r$err, paste("nnscratch: error:", message))
  }
  refuse(c("--optimizer", "adam"), sprintf("--resume: --optimizer adam conflicts with %s, which has --optimizer momentum; leave --optimizer out to continue that run", ck))
  refuse(c("--batch-size", "5"), sprintf("--resume: --batch-size 5 conflicts with %s, which has --batch-size 8; leave --batch-size out to continue that run", ck))
  refuse(c("--l2", "0.5"), sprintf("--resume: --l2 0.5 conflicts with %s, which has --l2 0; leave --l2 out to continue that run", ck))
  refuse("--standardize", sprintf("--resume: --standardize conflicts with %s, which was trained without it; leave --standardize out to continue that run", ck))
  refuse(c("--epochs", "2"), sprintf("--resume: %s has already done 2 epochs (--epochs is 2)", ck))
  # typed at their defaults against a checkpoint trained otherwise: refused (regression: a flag counted as given
  # only when it differed from its default); typed and agreeing: accepted (then: already done)
  refuse(c("--optimizer", "adam"), sprintf("--resume: --optimizer adam conflicts with %s, which has --optimizer momentum; leave --optimizer out to continue that run", ck))
  refuse(c("--batch-size", "128"), sprintf("--resume: --batch-size 128 conflicts with %s, which has --batch-size 8; leave --batch-size out to continue that run", ck))
  refuse(c("--lr", "0.001"), sprintf("--resume: --lr 0.001 conflicts with %s, which has --lr 0.02; leave --lr out to continue that run", ck))
  refuse(c("--optimizer", "momentum", "--batch-size", "8", "--lr", "0.02", "--l2", "0", "--no-standardize"),
         sprintf("--resume: %s has already done 2 epochs (--epochs is 2)", ck))
  refuse("--iterations=600", sprintf("--resume: %s was trained by epochs; leave --iterations out to continue it (--epochs gives the total)", ck))
  std <- tempfile("std-")
  expect_identical(run_cli(c("train", "--data", data, EPOCHS_SMALL, "--epochs", "1", "--out", std))$status, 0L)
  expect_false(is.null(load_model(file.path(std, "model.txt"))$meta$standardizer)) # on by default
  r <- run_cli(c("train", "--resume", file.path(std, "model.txt"), "--no-standardize", "--epochs", "2", "--out", tempfile("o-")))
  expect_identical(r$err, sprintf("nnscratch: error: --resume: --no-standardize conflicts with %s/model.txt, which was trained with --standardize; leave --no-standardize out to continue that run", std))
  # a finished model continues to more epochs: the same bytes as the longer run
  four <- tempfile("four-")
  expect_identical(run_cli(c("train", "--data", data, EPOCHS_SMALL, "--optimizer", "momentum", "--lr", "0.02",
                             "--epochs", "4", "--no-standardize", "--out", four))$status, 0L)
  expect_identical(run_cli(c("train", "--resume", ck, "--epochs", "4", "--out", out))$status, 0L)
  expect_identical(readBin(ck, "raw", 1e6), readBin(file.path(four, "model.txt"), "raw", 1e6))
  # full batch with an optimizer; its checkpoint is not continued by epochs
  fb <- tempfile("fb-")
  r <- run_cli(c("train", "--data", data, "--quiet", "--size", "8", "--hidden", "4", "--iterations", "20",
                 "--optimizer", "rmsprop", "--beta2", "0.99", "--out", fb))
  expect_identical(r$status, 0L)
  expect_true(any(endsWith(r$out, ", 20 iterations, optimizer rmsprop (beta2 0.99, epsilon 1e-08)")))
  m <- load_model(file.path(fb, "model.txt"))$meta
  expect_identical(m$update_rule, "rmsprop")
  expect_identical(m$optimizer_hyper$beta2, 0.99)
  r <- run_cli(c("train", "--resume", file.path(fb, "model.txt"), "--epochs", "3", "--out", tempfile("o-")))
  expect_identical(r$err, sprintf("nnscratch: error: --resume: %s/model.txt was trained full-batch (--iterations); leave --epochs and --batch-size out to continue it", fb))
})
