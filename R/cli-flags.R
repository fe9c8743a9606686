# The flags of the command line (twin of python/nnscratch/cli/flags.py): one
# table per sub-command, a list of optparse options from which the usage line
# and --help are generated, each with the check that converts its text. The
# checks give argparse's sentences ("argument --lr: invalid float value: 'x'",
# "argument --iterations: must be a positive integer; got 0"), so both command
# lines report a bad flag alike.
#
# getopt (under optparse) reads a value that starts with "-" ("--seed -1") as
# another flag and knows no optional values or abbreviations, which argparse
# has; cli_normalize_args() therefore rewrites the arguments as "--flag=value"
# (full flag names, "--resume" alone as "--resume=") before optparse parses
# them, and sets the positional arguments aside.

#' Defaults of the train flags, as text (each is converted by its flag's check)
#'
#' Two training modes (cli/flags.py DEFAULTS, the same keys): without --iterations, training by
#' epochs with the recipe measured in bench/README.md ("Default recipe": Adam, lr 0.001, batches
#' of 128, 20 epochs, standardized inputs); with --iterations N, the notebook's full-batch loop,
#' whose defaults are the "_full_batch" entries (gd, lr 0.02, no standardization). Numbers are
#' written as Python's "%g" prints them ("1e-08"): --help shows this text.
#' @noRd
CLI_DEFAULTS <- list(hidden = "16,8", lr = "0.001", lr_full_batch = "0.02", iterations = "600", seed = "1",
                     init = "he", size = "32", test_size = "0.15", cost_every = "10", out = "out",
                     labels = "Cat=1,Dog=0", checkpoint_every = "0",
                     optimizer = "adam", optimizer_full_batch = "gd", batch_size = "128", epochs = "20",
                     beta1 = "0.9", beta2 = "0.999",
                     epsilon = "1e-08", lr_schedule = "constant", lr_decay = "0", lr_interval = "10", l2 = "0",
                     dropout = "0", val_size = "0", patience = "0", standardize = TRUE, standardize_full_batch = FALSE)
INIT_CHOICES <- c("scaled", "xavier", "he")
#' --optimizer: the update rules of R/engine-rules.R (cli/flags.py OPTIMIZERS)
#' @noRd
OPTIMIZER_CHOICES <- c("gd", "momentum", "rmsprop", "adam")
#' --lr-schedule: LR_SCHEDULES of R/schedules.R (cli/flags.py LR_SCHEDULES)
#' @noRd
SCHEDULE_CHOICES <- c("constant", "step", "inverse", "exponential")
#' Flags of training by epochs only: refused (when typed) with --iterations (full-batch training);
#' --no-standardize is accepted there (it is that mode's default)
#' @noRd
CLI_EPOCHS_ONLY <- c("lr_schedule", "lr_decay", "lr_interval", "l2", "dropout", "standardize", "val_size", "patience")
#' Flags of full-batch training only (--iterations itself aside): refused without --iterations
#' @noRd
CLI_FULL_BATCH_ONLY <- c("cost_every")
#' The train flags that are NULL when not typed (cli/flags.py TYPED): fill_train_defaults gives their
#' defaults once the mode is known and a checkpoint's settings are taken. A flag counts as given when it
#' is typed, even at its default value.
#' @noRd
CLI_TYPED <- c("labels", "hidden", "lr", "iterations", "seed", "init", "optimizer", "batch_size", "epochs", "beta1",
               "beta2", "epsilon", "lr_schedule", "lr_decay", "lr_interval", "l2", "dropout", "val_size", "patience",
               "size", "test_size", "cost_every")
#' Largest --epochs (cli/flags.py EPOCHS_MAX)
#' @noRd
CLI_EPOCHS_MAX <- 1e9
#' Largest --size (and image_size of a model file): 512 x 512 x 3 = 786,432
#' inputs, 6 MiB of doubles per image (cli/flags.py MAX_SIZE)
#' @noRd
CLI_MAX_SIZE <- 512
#' Largest model file predict/evaluate read: 1 GiB (cli/flags.py MAX_MODEL_BYTES)
#' @noRd
CLI_MAX_MODEL_BYTES <- 2^30
#' Largest integer a flag takes (2^53 - 1, held exactly by a double; the same in Python)
#' @noRd
CLI_INT_MAX <- 2^53 - 1

#' A usage error (bad flag or value): class "nnscratch_usage_error"
#' @noRd
usage_abort <- function(msg, command = NULL) {
  stop(structure(
    class = c("nnscratch_usage_error", "nnscratch_error", "error", "condition"),
    list(message = msg, call = NULL, command = command)
  ))
}

# -- value checks (argparse's type= functions) ------------------------------------------

flag_invalid <- function(flag, kind, value) {
  usage_abort(sprintf("argument %s: invalid %s value: %s", flag, kind, quote_text(value)))
}

flag_text <- function(flag, value) value

flag_int <- function(flag, value) {
  v <- parse_int_strict(value, CLI_INT_MAX)
  if (is.na(v)) flag_invalid(flag, "int", value)
  v
}

flag_positive_int <- function(flag, value) {
  v <- flag_int(flag, value)
  if (v < 1) usage_abort(sprintf("argument %s: must be a positive integer; got %s", flag, fmt_whole(v)))
  v
}

flag_non_negative_int <- function(flag, value) {
  v <- flag_int(flag, value)
  if (v < 0) usage_abort(sprintf("argument %s: must be a non-negative integer; got %s", flag, fmt_whole(v)))
  v
}

flag_size <- function(flag, value) {
  v <- flag_positive_int(flag, value)
  if (v > CLI_MAX_SIZE) {
    usage_abort(sprintf("argument %s: must be at most %s; got %s", flag, fmt_whole(CLI_MAX_SIZE), fmt_whole(v)))
  }
  v
}

#' --data, --model and predict's target: a file or folder name, not ""
#' @noRd
flag_non_empty <- function(flag, value) {
  if (!nzchar(value)) usage_abort(sprintf("argument %s: must not be empty", flag))
  value
}

flag_float <- function(flag, value) {
  v <- parse_float_strict(trimws(value))
  if (is.na(v) || !is.finite(v)) flag_invalid(flag, "float", value) # nan, inf, 1e999 included
  v
}

flag_positive_float <- function(flag, value) {
  v <- flag_float(flag, value)
  if (v <= 0) usage_abort(sprintf("argument %s: must be a positive number; got %g", flag, v))
  v
}

#' --test-size: a fraction strictly between 0 and 1
#' @noRd
flag_fraction <- function(flag, value) {
  v <- flag_float(flag, value)
  if (!(v > 0 && v < 1)) usage_abort(sprintf("argument %s: must be a number in the (0, 1) range; got %g", flag, v))
  v
}

#' --beta1, --beta2, --dropout, --val-size: a number in [0, 1)
#' @noRd
flag_unit <- function(flag, value) {
  v <- flag_float(flag, value)
  if (!(v >= 0 && v < 1)) usage_abort(sprintf("argument %s: must be a number in the [0, 1) range; got %g", flag, v))
  v
}

#' --lr-decay, --l2: a number >= 0
#' @noRd
flag_non_negative_float <- function(flag, value) {
  v <- flag_float(flag, value)
  if (v < 0) usage_abort(sprintf("argument %s: must be a non-negative number; got %g", flag, v))
  v
}

#' --epochs: a positive integer, at most CLI_EPOCHS_MAX
#' @noRd
flag_epochs <- function(flag, value) {
  v <- flag_positive_int(flag, value)
  if (v > CLI_EPOCHS_MAX) {
    usage_abort(sprintf("argument %s: must be at most %s; got %s", flag, fmt_whole(CLI_EPOCHS_MAX), fmt_whole(v)))
  }
  v
}

#' "16,8" -> c(16, 8) (parse_hidden in Python)
#' @noRd
parse_hidden <- function(flag, value) {
  items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
  dims <- parse_int_strict(items[trimws(items) != ""], CLI_INT_MAX)
  if (anyNA(dims) || any(dims < 1)) {
    usage_abort(sprintf("argument %s: --hidden must be comma-separated positive integers, e.g. 7,5; got %s",
                        flag, quote_text(value)))
  }
  dims
}

#' Why a class folder -> label mapping is unusable, or NULL (labels_problem in Python)
#'
#' It must name exactly two different sub-folders (not empty, ".", ".." or a
#' path) and map them to 1 and 0. Returns "names" or "values".
#' @param labels Named numeric vector (names may repeat).
#' @noRd
labels_problem <- function(labels) {
  nm <- names(labels)
  if (is.null(nm) || any(is.na(nm) | nm %in% c("", ".", "..") | grepl("[/\\\\]", nm))) return("names")
  if (length(labels) != 2L || anyDuplicated(nm) || !identical(sort(as.numeric(labels)), c(0, 1))) return("values")
  NULL
}

#' "Cat=1,Dog=0" -> c(Cat = 1, Dog = 0): two class folders labelled 1 and 0 (parse_labels in Python)
#' @noRd
parse_labels <- function(flag, value) {
  bad <- function(why) usage_abort(sprintf("argument %s: %s; got %s", flag, why, quote_text(value)))
  items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
  if (length(items) == 0L || !all(grepl("=", items, fixed = TRUE))) bad("--labels must look like Cat=1,Dog=0")
  eq <- regexpr("=", items, fixed = TRUE)
  lab <- parse_int_strict(substring(items, eq + 1L), CLI_INT_MAX)
  if (anyNA(lab)) bad("--labels must look like Cat=1,Dog=0")
  labels <- stats::setNames(lab, substr(items, 1L, eq - 1L))
  problem <- labels_problem(labels)
  if (identical(problem, "names")) bad("--labels must name sub-folders of --data (not empty, '.', '..' or a path)")
  if (identical(problem, "values")) bad("--labels must map two class folders to 1 and 0, e.g. Cat=1,Dog=0")
  labels
}

flag_choice <- function(choices) {
  function(flag, value) {
    if (!(value %in% choices)) {
      usage_abort(sprintf("argument %s: invalid choice: %s (choose from %s)", flag, quote_text(value),
                          paste(vapply(choices, quote_text, ""), collapse = ", ")))
    }
    value
  }
}

flag_init <- flag_choice(INIT_CHOICES)
flag_optimizer <- flag_choice(OPTIMIZER_CHOICES)
flag_schedule <- flag_choice(SCHEDULE_CHOICES)

#' Does this train run train by epochs? Yes unless --iterations is typed (epochs_mode in Python)
#' @noRd
epochs_mode <- function(opts) is.null(opts$iterations)

#' The usage error of a combination of typed train flags, or NULL (train_flags_problem in Python)
#'
#' Reads the flags as parsed (NULL: not typed), before fill_train_defaults. --patience needs
#' --val-size; --standardize and --no-standardize exclude each other. Without --resume: with
#' --iterations (full-batch training) --epochs, --batch-size and the flags of training by epochs
#' (CLI_EPOCHS_ONLY) are refused; without it (training by epochs) --cost-every is. A typed flag
#' counts even at its default value ("--iterations 600" selects full-batch training).
#' @noRd
train_flags_problem <- function(opts) {
  flag_of <- function(key) paste0("--", gsub("_", "-", key, fixed = TRUE))
  if (!is.null(opts$patience) && opts$patience > 0 && (is.null(opts$val_size) || opts$val_size == 0)) {
    return("argument --patience: needs --val-size (early stopping watches the validation cost)")
  }
  if (isTRUE(opts$standardize) && isTRUE(opts$no_standardize)) {
    return("argument --no-standardize: not allowed with argument --standardize")
  }
  if (!is.null(opts$resume)) return(NULL) # the mode and the recipe come from the checkpoint
  if (!epochs_mode(opts)) {
    if (!is.null(opts$epochs) || !is.null(opts$batch_size)) {
      return(paste("argument --iterations: not used with --epochs or --batch-size (mini-batch training runs",
                   "--epochs epochs and records the cost of each)"))
    }
    for (key in CLI_EPOCHS_ONLY) {
      if (!is.null(opts[[key]])) {
        return(sprintf("argument %s: not used with --iterations (full-batch training); leave --iterations out to train by epochs",
                       flag_of(key)))
      }
    }
    return(NULL)
  }
  for (key in CLI_FULL_BATCH_ONLY) {
    if (!is.null(opts[[key]])) {
      return(sprintf("argument %s: needs --iterations (full-batch training); training by epochs records the cost of each epoch",
                     flag_of(key)))
    }
  }
  NULL
}

#' The default of a train flag (opts entry key) in a mode, converted by the flag's check (default_value in Python)
#' @noRd
default_value <- function(key, full_batch) {
  d <- CLI_DEFAULTS
  text <- if (full_batch && !is.null(d[[paste0(key, "_full_batch")]])) d[[paste0(key, "_full_batch")]] else d[[key]]
  if (is.logical(text)) return(text)
  flag <- paste0("--", gsub("_", "-", key, fixed = TRUE))
  f <- cli_flags("train")[[match(flag, cli_flag_names("train"))]]
  f$check(flag, text)
}

#' Give every train flag that was not typed (still NULL) its default in the mode (fill_train_defaults in Python)
#'
#' By epochs (full_batch FALSE) the recipe of CLI_DEFAULTS, leaving --iterations and --cost-every
#' NULL; full-batch the "_full_batch" entries, leaving --epochs and --batch-size NULL. Called after a
#' checkpoint's settings are taken. --no-standardize makes standardize FALSE.
#' @return opts, completed.
#' @noRd
fill_train_defaults <- function(opts, full_batch) {
  unused <- if (full_batch) c("epochs", "batch_size") else c("iterations", "cost_every")
  for (key in setdiff(CLI_TYPED, unused)) {
    if (is.null(opts[[key]])) opts[[key]] <- default_value(key, full_batch)
  }
  if (is.null(opts$standardize)) {
    opts$standardize <- if (isTRUE(opts$no_standardize)) FALSE else default_value("standardize", full_batch)
  }
  opts
}

# -- the tables -----------------------------------------------------------------------

#' One row of a flag table: an optparse option taking a value, with its check
#'
#' required: the flag must be given; optional_value: the value may be left out
#' ("" then, argparse's nargs = "?").
#' @noRd
flag <- function(name, check = flag_text, default = NULL, metavar = NULL, help = "",
                 required = FALSE, optional_value = FALSE) {
  if (is.null(metavar)) metavar <- toupper(sub("^--", "", name))
  list(option = optparse::make_option(name, type = "character", dest = flag_dest(name), default = default,
                                      metavar = metavar, help = help),
       check = check, required = required, optional_value = optional_value)
}

#' "--test-size" -> "test_size"
#' @noRd
flag_dest <- function(name) gsub("-", "_", sub("^--", "", name), fixed = TRUE)

#' A flag without a value (store_true); default NULL: absent when not typed
#' @noRd
switch_flag <- function(name, help, default = FALSE) {
  list(option = optparse::make_option(name, action = "store_true", dest = flag_dest(name), default = default, help = help),
       check = NULL, required = FALSE, optional_value = FALSE)
}

#' The flag table of a sub-command
#' @noRd
cli_flags <- function(command) {
  d <- CLI_DEFAULTS
  data_flag <- flag("--data", flag_non_empty, metavar = "DIR", help = "folder with one sub-folder per class (default: data/sample of this checkout)")
  no_cache <- switch_flag("--no-cache", "decode every image again (no .nnscratch-cache)")
  model <- flag("--model", flag_non_empty, required = TRUE, help = "model file written by train")
  switch(command,
    train = list( # the flags of CLI_TYPED and the two switches are NULL when not typed (fill_train_defaults)
      data_flag,
      flag("--labels", parse_labels, NULL, "Cat=1,Dog=0", sprintf("class folder to label (default %s)", d$labels)),
      flag("--hidden", parse_hidden, NULL, "16,8", sprintf("hidden layer widths (default %s)", d$hidden)),
      flag("--lr", flag_positive_float, NULL, "LR",
           sprintf("learning rate (default %s by epochs, %s with --iterations)", d$lr, d$lr_full_batch)),
      flag("--iterations", flag_positive_int, NULL, "N",
           sprintf(paste("train full-batch (the notebook's loop) for N gradient steps in total; without it: by epochs",
                         "(default %s when resuming a full-batch checkpoint)"), d$iterations)),
      flag("--seed", flag_int, NULL, "S", sprintf("seed of the initial weights and of the train/test split (default %s)", d$seed)),
      flag("--init", flag_init, NULL, "{scaled,xavier,he}",
           sprintf("weight init recipe (default %s; the notebook's is scaled)", d$init)),
      flag("--optimizer", flag_optimizer, NULL, "{gd,momentum,rmsprop,adam}",
           sprintf("update rule (default %s by epochs, %s with --iterations)", d$optimizer, d$optimizer_full_batch)),
      flag("--batch-size", flag_positive_int, NULL, "N",
           sprintf("mini-batch size (default %s; not with --iterations)", d$batch_size)),
      flag("--epochs", flag_epochs, NULL, "N",
           sprintf("passes over the training set (default %s; not with --iterations)", d$epochs)),
      flag("--beta1", flag_unit, NULL, "B", sprintf("momentum's beta and Adam's beta1 (default %s)", d$beta1)),
      flag("--beta2", flag_unit, NULL, "B", sprintf("RMSprop's and Adam's beta2 (default %s)", d$beta2)),
      flag("--epsilon", flag_positive_float, NULL, "E", sprintf("RMSprop's and Adam's epsilon (default %s)", d$epsilon)),
      flag("--lr-schedule", flag_schedule, NULL, "{constant,step,inverse,exponential}",
           sprintf("learning rate per epoch (default %s)", d$lr_schedule)),
      flag("--lr-decay", flag_non_negative_float, NULL, "D",
           sprintf("decay rate of the learning-rate schedule (default %s)", d$lr_decay)),
      flag("--lr-interval", flag_positive_int, NULL, "N", sprintf("epochs per step of the step schedule (default %s)", d$lr_interval)),
      flag("--l2", flag_non_negative_float, NULL, "LAMBDA", sprintf("L2 regularization strength (default %s)", d$l2)),
      flag("--dropout", flag_unit, NULL, "P", sprintf("probability of dropping a hidden unit, in [0, 1) (default %s)", d$dropout)),
      switch_flag("--standardize", "scale each input feature by the mean and std of the training split (the default by epochs)",
                  default = NULL),
      switch_flag("--no-standardize", "train on the unscaled pixel values (the default with --iterations)", default = NULL),
      flag("--val-size", flag_unit, NULL, "F",
           sprintf("fraction of the training split held out for validation (default %s: none)", d$val_size)),
      flag("--patience", flag_non_negative_int, NULL, "N",
           sprintf("stop after N epochs without a lower validation cost, keep the best epoch (default %s: no early stopping; needs --val-size)",
                   d$patience)),
      flag("--size", flag_size, NULL, "SIZE",
           sprintf("images are resized to SIZE x SIZE, at most %s (default %s)", fmt_whole(CLI_MAX_SIZE), d$size)),
      flag("--test-size", flag_fraction, NULL, "F", sprintf("fraction held out for testing (default %s)", d$test_size)),
      flag("--cost-every", flag_positive_int, NULL, "N",
           sprintf("record the cost every N iterations, with --iterations (default %s)", d$cost_every)),
      flag("--out", flag_text, d$out, "DIR", "output folder for model.txt, costs.csv (history.csv by epochs), cost_curve.png (default %default)"),
      switch_flag("--quiet", "no progress bar (by epochs: no line per epoch)"),
      no_cache,
      flag("--checkpoint-every", flag_non_negative_int, d$checkpoint_every, "N",
           "write OUT/checkpoint.txt every N iterations, or epochs by epochs (default %default: only on interruption)"),
      flag("--threads", flag_positive_int, NULL, "N",
           "threads for training (default: automatic: the free cores, one on a busy machine)"),
      flag("--resume", metavar = "[CHECKPOINT]", optional_value = TRUE,
           help = paste("continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations (by epochs:",
                        "--epochs, default the checkpoint's) in total; the network, seed, init, learning rate",
                        "and training recipe come from the checkpoint"))
    ),
    predict = list(model),
    evaluate = list(model, flag("--data", flag_non_empty, metavar = "DIR", help = "folder with one sub-folder per class (default: data/sample)"),
                    no_cache)
  )
}

#' The flag names of a sub-command ("--data", ...)
#' @noRd
cli_flag_names <- function(command) vapply(cli_flags(command), function(f) f$option@long_flag, "")

#' Positional arguments of a sub-command: name -> help
#' @noRd
cli_positionals <- function(command) {
  if (command == "predict") c(target = "an image file or a folder of images") else character(0)
}

#' The usage line of a sub-command (or of the command), generated from its table
#' @noRd
cli_usage <- function(command = NULL) {
  if (is.null(command)) return("usage: nnscratch {train,predict,evaluate} ...")
  parts <- vapply(cli_flags(command), function(f) {
    o <- f$option
    s <- if (o@action == "store_true") o@long_flag else paste(o@long_flag, o@metavar)
    if (f$required) s else sprintf("[%s]", s)
  }, "")
  paste(c("usage: nnscratch", command, parts, names(cli_positionals(command))), collapse = " ")
}

#' optparse formatter: argparse-like help (usage, description, one line per flag, epilogue)
#' @noRd
cli_help_formatter <- function(object) {
  line <- function(left, help) sprintf("  %-30s %s", left, help)
  flags <- vapply(object@options, function(o) {
    left <- if (!is.na(o@short_flag)) paste0(o@short_flag, ", ", o@long_flag) else o@long_flag
    if (o@action != "store_true") left <- paste(left, o@metavar)
    default <- if (is.null(o@default)) "" else paste(o@default, collapse = ",")
    line(left, sub("%default", default, o@help, fixed = TRUE))
  }, "")
  cat(sub("^Usage: ", "usage: ", object@usage), "", sep = "\n")
  if (nzchar(object@description)) cat(object@description, "", sep = "\n")
  cat(flags, sep = "\n")
  if (nzchar(object@epilogue)) cat("", object@epilogue, sep = "\n")
  invisible(NULL)
}

#' The optparse parser of a sub-command
#' @noRd
cli_parser <- function(command) {
  pos <- cli_positionals(command)
  optparse::OptionParser(
    usage = sub("^usage: ", "", cli_usage(command)), prog = "nnscratch",
    option_list = lapply(cli_flags(command), `[[`, "option"), formatter = cli_help_formatter,
    description = paste(line_pad(names(pos), pos), collapse = "\n"),
    epilogue = if (command == "train") paste(cli_signals_help(), collapse = "\n") else ""
  )
}

line_pad <- function(left, help) if (length(left)) sprintf("  %-30s %s", left, help) else character(0)

#' How training is stopped without losing work (printed by --help)
#' @noRd
cli_signals_help <- function() {
  c("Stopping: Ctrl-C (SIGINT) during training saves OUT/checkpoint.txt and exits with status 130;",
    "continue with: train --resume --out OUT --iterations N. A diverging run saves the last good",
    "parameters there too (status 3). R cannot catch SIGTERM (kill, timeout, systemd, batch",
    "schedulers), so Rscript would end at once (status 143) and lose the iterations since the last",
    "--checkpoint-every: start the R command line as inst/nnscratch-r (same arguments; a POSIX sh",
    "launcher that turns SIGTERM into SIGINT for R) to have SIGTERM save the checkpoint as well.")
}

# -- parsing --------------------------------------------------------------------------

#' Rewrite the arguments for optparse: list(flags = "--flag=value" / "--flag"
#' tokens with full names, positional = the other arguments). Like argparse:
#' unique prefixes of a flag are accepted, "--" ends the flags, a value may
#' start with "-" when it is a number ("--seed -1").
#' @noRd
cli_normalize_args <- function(command, args) {
  table <- cli_flags(command)
  longs <- cli_flag_names(command)
  flags <- character(0)
  positional <- character(0)
  # argparse's rule: a negative number (its pattern: "-5", "-.5", "-0.5"; not "-1e-8") or a text with a blank
  is_value <- function(a) !startsWith(a, "-") || a == "-" || grepl("^-[0-9]+$|^-[0-9]*[.][0-9]+$", a) || grepl(" ", a, fixed = TRUE)
  i <- 1L
  while (i <= length(args)) {
    a <- args[[i]]
    i <- i + 1L
    if (a == "--") {
      positional <- c(positional, args[seq_len(length(args) - i + 1L) + i - 1L])
      break
    }
    if (is_value(a)) {
      positional <- c(positional, a)
      next
    }
    if (a %in% c("-h", "--help")) {
      flags <- c(flags, "--help")
      next
    }
    name <- sub("=.*$", "", a)
    inline <- if (grepl("=", a, fixed = TRUE)) sub("^[^=]*=", "", a) else NULL
    hits <- if (name %in% longs) name else if (startsWith(name, "--")) longs[startsWith(longs, name)] else character(0)
    if (length(hits) > 1L) {
      usage_abort(sprintf("ambiguous option: %s could match %s", name, paste(hits, collapse = ", ")), command)
    }
    if (length(hits) == 0L) { # optparse refuses it (cli_parse translates the message)
      flags <- c(flags, a)
      next
    }
    f <- table[[match(hits, longs)]]
    if (is.null(f$check)) {
      if (!is.null(inline)) usage_abort(sprintf("argument %s: ignored explicit argument %s", hits, quote_text(inline)), command)
      flags <- c(flags, hits)
      next
    }
    if (is.null(inline)) {
      if (i <= length(args) && is_value(args[[i]])) {
        inline <- args[[i]]
        i <- i + 1L
      } else if (f$optional_value) {
        inline <- ""
      } else {
        usage_abort(sprintf("argument %s: expected one argument", hits), command)
      }
    }
    flags <- c(flags, paste0(hits, "=", inline))
  }
  list(flags = flags, positional = positional)
}

#' Parse the arguments after the sub-command
#'
#' @return A named list: one entry per flag (dest -> the checked value, NULL
#'   when a flag without default was not given), \code{positional}
#'   (character) and \code{help} (TRUE when -h/--help was given).
#' @noRd
cli_parse <- function(command, args) {
  norm <- cli_normalize_args(command, args)
  parsed <- tryCatch(
    optparse::parse_args(cli_parser(command), args = norm$flags, print_help_and_exit = FALSE),
    error = function(e) {
      msg <- conditionMessage(e)
      # optparse refuses the flags it does not know ("no such option: --x"); argparse lists them
      unknown <- norm$flags[!(sub("=.*$", "", norm$flags) %in% c(cli_flag_names(command), "--help"))]
      usage_abort(if (length(unknown)) sprintf("unrecognized arguments: %s", paste(unknown, collapse = " "))
                  else trimws(sub("^.*: ", "", msg)), command)
    })
  out <- list(positional = norm$positional, help = isTRUE(parsed$help))
  if (out$help) return(out)
  table <- cli_flags(command)
  # check the flags in the order given (argparse stops at the first bad one), then the defaults
  given <- unique(sub("=.*$", "", norm$flags))
  longs <- cli_flag_names(command)
  order <- c(match(intersect(given, longs), longs), setdiff(seq_along(table), match(given, longs)))
  for (f in table[order]) {
    dest <- f$option@dest
    value <- parsed[[dest]]
    if (!is.null(value) && !is.null(f$check)) value <- tryCatch(f$check(f$option@long_flag, value),
      nnscratch_usage_error = function(e) usage_abort(conditionMessage(e), command))
    if (!is.null(value)) out[[dest]] <- value
  }
  missing <- c(longs[vapply(table, function(f) f$required && is.null(out[[f$option@dest]]), NA)],
               if (length(norm$positional) < length(cli_positionals(command))) "target")
  if (length(missing)) {
    usage_abort(sprintf("the following arguments are required: %s", paste(missing, collapse = ", ")), command)
  }
  if (length(cli_positionals(command)) && !nzchar(norm$positional[[1L]])) {
    usage_abort("argument target: must not be empty", command) # predict "" would list the working folder
  }
  extra <- norm$positional[-seq_along(cli_positionals(command))]
  if (length(cli_positionals(command)) == 0L) extra <- norm$positional
  if (length(extra)) usage_abort(sprintf("unrecognized arguments: %s", paste(extra, collapse = " ")), command)
  out
}
