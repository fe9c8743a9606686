# The flag tables and their checks (R/cli-flags.R): parsing with optparse,
# generated usage and help, argparse's usage-error sentences.

test_that("flags are parsed as --flag value, --flag=value and unique prefixes", {
  o <- cli_parse("train", c("--lr=0.1", "--hidden", "7,5", "--quiet", "--iter", "20", "--labels", "A=1,B=0",
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
  expect_identical(cli_parse("train", c("--resume", "ck.txt"))$resume, "ck.txt")
  expect_identical(cli_parse("train", c("--hidden", "16,,8"))$hidden, c(16, 8))
  p <- cli_parse("predict", c("--model", "m.txt", "img.jpg"))
  expect_identical(p$model, "m.txt")
  expect_identical(p$positional, "img.jpg")
  expect_true(cli_parse("evaluate", "--help")$help)
  expect_true(cli_parse("train", c("--lr", "x", "-h"))$help) # help wins, as in argparse
  # flags not typed are NULL (so that typing a default counts as given); fill_train_defaults gives the
  # defaults of the mode, converted by the same checks as typed values
  d <- cli_parse("train", character(0))
  for (key in c(CLI_TYPED, "standardize", "no_standardize")) expect_null(d[[key]], info = key)
  expect_identical(d[c("out", "checkpoint_every", "quiet", "no_cache")],
                   list(out = "out", checkpoint_every = 0, quiet = FALSE, no_cache = FALSE))
  e <- fill_train_defaults(d, full_batch = FALSE)
  expect_identical(e[c("hidden", "lr", "seed", "init", "optimizer", "batch_size", "epochs", "standardize", "size",
                       "test_size", "labels")],
                   list(hidden = c(16, 8), lr = 0.001, seed = 1, init = "he", optimizer = "adam", batch_size = 128,
                        epochs = 20, standardize = TRUE, size = 32, test_size = 0.15, labels = c(Cat = 1, Dog = 0)))
  expect_null(e$iterations)
  expect_null(e$cost_every)
  f <- fill_train_defaults(cli_parse("train", c("--iterations", "600")), full_batch = TRUE)
  expect_identical(f[c("lr", "iterations", "optimizer", "standardize", "cost_every")],
                   list(lr = 0.02, iterations = 600, optimizer = "gd", standardize = FALSE, cost_every = 10))
  expect_null(f$epochs)
  expect_null(f$batch_size)
  g <- fill_train_defaults(cli_parse("train", c("--no-standardize", "--lr", "0.02")), full_batch = FALSE)
  expect_identical(g[c("standardize", "lr", "optimizer")], list(standardize = FALSE, lr = 0.02, optimizer = "adam"))
  expect_null(d$resume)
  expect_null(d$data)
  # "--" ends the flags; a negative number is a value
  e <- cli_parse("predict", c("--model", "m.txt", "--", "--odd-name.jpg"))
  expect_identical(e$positional, "--odd-name.jpg")
  n <- cli_parse("train", c("--seed", "-7", "--test-size", ".25"))
  expect_identical(c(n$test_size, n$seed), c(0.25, -7))
  # read as a value, then refused by the check (issue 12)
  expect_usage_error(c("train", "--test-size=-1e-3"), "argument --test-size: must be a number in the (0, 1) range; got -0.001")
  # argparse reads "-1e-3" after a flag as another flag (its negative numbers are -5, -.5, -0.5 only): so does R now
  expect_usage_error(c("train", "--test-size", "-1e-3"), "argument --test-size: expected one argument")
})

test_that("cli_normalize_args gives optparse full names joined to their values", {
  n <- cli_normalize_args("train", c("--lr", "-0.5", "--qui", "--resume", "--out=o", "x", "--ch", "3"))
  expect_identical(n$flags, c("--lr=-0.5", "--quiet", "--resume=", "--out=o", "--checkpoint-every=3"))
  expect_identical(n$positional, "x")
  expect_identical(cli_normalize_args("train", c("--resume", "ck.txt"))$flags, "--resume=ck.txt")
})

test_that("usage and help are generated from the flag table", {
  expect_identical(cli_usage("predict"), "usage: nnscratch predict --model MODEL target")
  expect_identical(cli_usage("evaluate"), "usage: nnscratch evaluate --model MODEL [--data DIR] [--no-cache]")
  expect_identical(cli_usage("train"), paste(
    "usage: nnscratch train [--data DIR] [--labels Cat=1,Dog=0] [--hidden 16,8] [--lr LR] [--iterations N]",
    "[--seed S] [--init {scaled,xavier,he}] [--optimizer {gd,momentum,rmsprop,adam}] [--batch-size N] [--epochs N]",
    "[--beta1 B] [--beta2 B] [--epsilon E] [--lr-schedule {constant,step,inverse,exponential}] [--lr-decay D]",
    "[--lr-interval N] [--l2 LAMBDA] [--dropout P] [--standardize] [--no-standardize] [--val-size F] [--patience N]",
    "[--size SIZE] [--test-size F] [--cost-every N] [--out DIR] [--quiet]",
    "[--no-cache] [--checkpoint-every N] [--threads N] [--resume [CHECKPOINT]]"))
  help <- utils::capture.output(optparse::print_help(cli_parser("train")))
  expect_identical(help[1L], cli_usage("train"))
  for (name in cli_flag_names("train")) expect_true(any(startsWith(help, paste0("  ", name, " "))), info = name)
  expect_true(sprintf("  %-30s %s", "--lr LR", "learning rate (default 0.001 by epochs, 0.02 with --iterations)") %in% help)
  expect_true(sprintf("  %-30s %s", "--quiet", "no progress bar (by epochs: no line per epoch)") %in% help)
  expect_identical(vapply(cli_flags("train"), function(f) f$option@dest, "")[c(24L, 29L)], c("test_size", "checkpoint_every"))
})

test_that("value checks give argparse's sentences", {
  msg <- function(expr) tryCatch(expr, nnscratch_usage_error = conditionMessage)
  expect_identical(msg(flag_positive_float("--lr", "0")), "argument --lr: must be a positive number; got 0")
  expect_identical(msg(flag_positive_float("--lr", "1e999")), "argument --lr: invalid float value: '1e999'")
  expect_identical(msg(flag_positive_int("--size", "-3")), "argument --size: must be a positive integer; got -3")
  expect_identical(msg(flag_non_negative_int("--checkpoint-every", "x")), "argument --checkpoint-every: invalid int value: 'x'")
  expect_identical(flag_float("--test-size", " 0.25 "), 0.25)
  expect_identical(parse_labels("--labels", "Cats=0, Dogs=1"), c(Cats = 0, ` Dogs` = 1)) # names as typed
  expect_identical(msg(parse_labels("--labels", "A=1,B=0,A=3")),
                   "argument --labels: --labels must map two class folders to 1 and 0, e.g. Cat=1,Dog=0; got 'A=1,B=0,A=3'")
  expect_identical(msg(flag_size("--size", "513")), "argument --size: must be at most 512; got 513")
  expect_identical(flag_size("--size", "512"), 512)
  expect_identical(msg(flag_fraction("--test-size", "1")), "argument --test-size: must be a number in the (0, 1) range; got 1")
  expect_identical(msg(flag_non_empty("--data", "")), "argument --data: must not be empty")
  expect_identical(msg(flag_int("--seed", "9007199254740992")), "argument --seed: invalid int value: '9007199254740992'")
  expect_identical(flag_int("--seed", "9007199254740991"), 9007199254740991)
  expect_identical(msg(flag_init("--init", "zeros")), "argument --init: invalid choice: 'zeros' (choose from 'scaled', 'xavier', 'he')")
})

test_that("usage errors name the flag, print nnscratch: error: and give status 2", {
  expect_usage_error(character(0), "the following arguments are required: command")
  expect_usage_error("fit", "argument command: invalid choice: 'fit'")
  expect_usage_error(c("train", "--bogus", "1"), "unrecognized arguments: --bogus")
  expect_usage_error(c("train", "extra"), "unrecognized arguments: extra")
  expect_usage_error(c("train", "--lr", "fast"), "argument --lr: invalid float value: 'fast'")
  expect_usage_error(c("train", "--lr", "-0.1"), "argument --lr: must be a positive number; got -0.1")
  expect_usage_error(c("train", "--lr", "0"), "argument --lr: must be a positive number; got 0")
  expect_usage_error(c("train", "--lr"), "argument --lr: expected one argument")
  expect_usage_error(c("train", "--lr", "--quiet"), "argument --lr: expected one argument")
  expect_usage_error(c("train", "--iterations", "1.5"), "argument --iterations: invalid int value: '1.5'")
  expect_usage_error(c("train", "--iterations", "0"), "argument --iterations: must be a positive integer")
  expect_usage_error(c("train", "--cost-every=0"), "argument --cost-every: must be a positive integer")
  expect_usage_error(c("train", "--threads", "0"), "argument --threads: must be a positive integer; got 0")
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

test_that("issue 12: --labels, --size, --test-size, --data, --model, the target and huge integers are checked", {
  two <- "--labels must map two class folders to 1 and 0, e.g. Cat=1,Dog=0; got "
  names <- "--labels must name sub-folders of --data (not empty, '.', '..' or a path); got "
  for (l in c("Cat=1,Dog=1", "Cat=1", "Cat=1,Cat=0", "Cat=2,Dog=0", "Cat=-1,Dog=0", "A=1,B=0,C=0")) {
    expect_usage_error(c("train", "--labels", l), paste0("argument --labels: ", two, quote_text(l)))
  }
  for (l in c("..=1,Dog=0", "Cat=1,.=0", "=1,Dog=0", "a/b=1,Dog=0", "a\\b=1,Dog=0")) {
    expect_usage_error(c("train", "--labels", l), paste0("argument --labels: ", names, quote_text(l)))
  }
  big <- paste0("1", strrep("0", 5000))
  expect_usage_error(c("train", "--labels", paste0("Cat=", big)), "--labels must look like Cat=1,Dog=0")
  expect_usage_error(c("train", "--seed", big), sprintf("argument --seed: invalid int value: '%s'", big))
  expect_usage_error(c("train", "--iterations", "99999999999999999999999"),
                     "argument --iterations: invalid int value: '99999999999999999999999'")
  expect_usage_error(c("train", "--hidden", big), "argument --hidden: --hidden must be comma-separated positive integers")
  expect_usage_error(c("train", "--size", "100000"), "argument --size: must be at most 512; got 100000")
  expect_usage_error(c("train", "--size", "0"), "argument --size: must be a positive integer; got 0")
  for (t in c("0", "1", "1.5")) {
    expect_usage_error(c("train", "--test-size", t), sprintf("argument --test-size: must be a number in the (0, 1) range; got %s", t))
  }
  expect_usage_error(c("train", "--data", ""), "argument --data: must not be empty")
  expect_usage_error(c("train", "--data="), "argument --data: must not be empty")
  expect_usage_error(c("evaluate", "--model", "m.txt", "--data", ""), "argument --data: must not be empty")
  expect_usage_error(c("predict", "--model", "", "x.jpg"), "argument --model: must not be empty")
  r <- expect_usage_error(c("predict", "--model", "m.txt", ""), "argument target: must not be empty")
  expect_identical(r$err[1L], cli_usage("predict"))
})

test_that("issue 13 item 7: the defaults are the measured recipe, kept in CLI_DEFAULTS", {
  expect_identical(CLI_DEFAULTS[c("optimizer", "lr", "batch_size", "epochs", "standardize", "hidden", "init",
                                  "optimizer_full_batch", "lr_full_batch", "standardize_full_batch", "iterations",
                                  "beta1", "beta2", "epsilon", "lr_schedule", "lr_decay", "lr_interval", "l2",
                                  "dropout", "val_size", "patience")],
                   list(optimizer = "adam", lr = "0.001", batch_size = "128", epochs = "20", standardize = TRUE,
                        hidden = "16,8", init = "he", optimizer_full_batch = "gd", lr_full_batch = "0.02",
                        standardize_full_batch = FALSE, iterations = "600", beta1 = "0.9", beta2 = "0.999",
                        epsilon = "1e-08", lr_schedule = "constant", lr_decay = "0", lr_interval = "10", l2 = "0",
                        dropout = "0", val_size = "0", patience = "0"))
  g <- cli_parse("train", c("--optimizer", "adam", "--batch-size", "32", "--epochs", "5", "--beta1", "0.8",
                            "--beta2", "0.99", "--epsilon", "1e-7", "--lr-schedule", "step", "--lr-decay", "0.5",
                            "--lr-interval", "2", "--l2", "0.7", "--dropout", "0.25", "--standardize",
                            "--val-size", "0.2", "--patience", "3"))
  expect_identical(g[c("optimizer", "batch_size", "epochs", "beta1", "beta2", "epsilon", "lr_schedule", "lr_decay",
                       "lr_interval", "l2", "dropout", "standardize", "val_size", "patience")],
                   list(optimizer = "adam", batch_size = 32, epochs = 5, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-7,
                        lr_schedule = "step", lr_decay = 0.5, lr_interval = 2, l2 = 0.7, dropout = 0.25,
                        standardize = TRUE, val_size = 0.2, patience = 3))
  help <- utils::capture.output(optparse::print_help(cli_parser("train")))
  expect_true(sprintf("  %-30s %s", "--epsilon E", "RMSprop's and Adam's epsilon (default 1e-08)") %in% help)
  expect_true(sprintf("  %-30s %s", "--lr LR", "learning rate (default 0.001 by epochs, 0.02 with --iterations)") %in% help)
  expect_true(sprintf("  %-30s %s", "--optimizer {gd,momentum,rmsprop,adam}",
                      "update rule (default adam by epochs, gd with --iterations)") %in% help)
  expect_true(sprintf("  %-30s %s", "--no-standardize", "train on the unscaled pixel values (the default with --iterations)") %in% help)
})

test_that("issue 13: the recipe flags' ranges and combinations give Python's sentences", {
  full <- "not used with --iterations (full-batch training); leave --iterations out to train by epochs"
  unused <- "not used with --epochs or --batch-size (mini-batch training runs --epochs epochs and records the cost of each)"
  needs <- "needs --iterations (full-batch training); training by epochs records the cost of each epoch"
  cases <- list(
    list(c("--optimizer", "sgd"), "argument --optimizer: invalid choice: 'sgd' (choose from 'gd', 'momentum', 'rmsprop', 'adam')"),
    list(c("--batch-size", "0"), "argument --batch-size: must be a positive integer; got 0"),
    list(c("--batch-size", "2.5"), "argument --batch-size: invalid int value: '2.5'"),
    list(c("--epochs", "0"), "argument --epochs: must be a positive integer; got 0"),
    list(c("--epochs", "1000000001"), "argument --epochs: must be at most 1000000000; got 1000000001"),
    list(c("--beta1", "1"), "argument --beta1: must be a number in the [0, 1) range; got 1"),
    list(c("--beta1", "-0.1"), "argument --beta1: must be a number in the [0, 1) range; got -0.1"),
    list(c("--beta2", "nan"), "argument --beta2: invalid float value: 'nan'"),
    list(c("--epsilon", "0"), "argument --epsilon: must be a positive number; got 0"),
    list(c("--lr-schedule", "cosine"), "argument --lr-schedule: invalid choice: 'cosine' (choose from 'constant', 'step', 'inverse', 'exponential')"),
    list(c("--lr-decay", "-1"), "argument --lr-decay: must be a non-negative number; got -1"),
    list(c("--lr-interval", "0"), "argument --lr-interval: must be a positive integer; got 0"),
    list(c("--l2", "-0.5"), "argument --l2: must be a non-negative number; got -0.5"),
    list(c("--l2", "inf"), "argument --l2: invalid float value: 'inf'"),
    list(c("--dropout", "1"), "argument --dropout: must be a number in the [0, 1) range; got 1"),
    list(c("--dropout", "-0.2"), "argument --dropout: must be a number in the [0, 1) range; got -0.2"),
    list(c("--val-size", "1"), "argument --val-size: must be a number in the [0, 1) range; got 1"),
    list(c("--patience", "-1"), "argument --patience: must be a non-negative integer; got -1"),
    list(c("--standardize=yes"), "argument --standardize: ignored explicit argument 'yes'"),
    list(c("--epsilon", "-1e-8"), "argument --epsilon: expected one argument"), # argparse: not a negative number
    list(c("--epochs", "3", "--patience", "2"), "argument --patience: needs --val-size (early stopping watches the validation cost)"),
    list(c("--iterations", "5", "--l2", "0.1"), paste("argument --l2:", full)),
    list(c("--iterations", "5", "--dropout", "0.5"), paste("argument --dropout:", full)),
    list(c("--iterations", "5", "--val-size", "0.2"), paste("argument --val-size:", full)),
    list(c("--iterations", "5", "--lr-schedule", "step"), paste("argument --lr-schedule:", full)),
    list(c("--iterations", "5", "--standardize"), paste("argument --standardize:", full)),
    # typed at their defaults: still given (regression: they counted only when not at their default)
    list(c("--iterations", "600", "--l2", "0"), paste("argument --l2:", full)),
    list(c("--iterations", "600", "--epochs", "20"), paste("argument --iterations:", unused)),
    list(c("--batch-size", "8", "--iterations", "50"), paste("argument --iterations:", unused)),
    list(c("--epochs", "2", "--cost-every", "5"), paste("argument --cost-every:", needs)),
    list(c("--cost-every", "10"), paste("argument --cost-every:", needs)),
    list(c("--standardize", "--no-standardize"), "argument --no-standardize: not allowed with argument --standardize"),
    list(c("--no-standardize=x"), "argument --no-standardize: ignored explicit argument 'x'")
  )
  for (case in cases) {
    r <- expect_usage_error(c("train", case[[1L]]), case[[2L]])
    expect_identical(r$err[length(r$err)], paste("nnscratch: error:", case[[2L]]), info = paste(case[[1L]], collapse = " "))
    expect_identical(r$err[1L], cli_usage("train"))
  }
  ok <- list(character(0), c("--optimizer", "adam"), c("--epochs", "1", "--standardize"), c("--epochs", "2"),
             c("--l2", "0.1"), c("--standardize"), c("--no-standardize"),
             c("--batch-size", "16", "--l2", "0.1", "--dropout", "0.1", "--val-size", "0.2", "--patience", "2",
               "--lr-schedule", "inverse", "--lr-decay", "1"),
             c("--iterations", "600"),
             c("--iterations", "5", "--no-standardize", "--optimizer", "adam", "--beta1", "0.8", "--cost-every", "1"),
             c("--resume", "--l2", "0.1"), c("--resume", "--iterations", "5", "--epochs", "2"))
  for (flags in ok) expect_null(train_flags_problem(cli_parse("train", flags)), info = paste(flags, collapse = " "))
  expect_true(epochs_mode(cli_parse("train", c("--optimizer", "adam"))))
  expect_true(epochs_mode(cli_parse("train", c("--batch-size", "1"))))
  expect_true(epochs_mode(cli_parse("train", character(0))))
  expect_false(epochs_mode(cli_parse("train", c("--iterations", "600"))))
})
