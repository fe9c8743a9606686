# Command line: nnscratch_main() behind `Rscript inst/nnscratch.R train | predict
# | evaluate` (twin of python/nnscratch/cli.py and cli_predict.py: same
# sub-commands, flags, defaults and printed lines). Flags are parsed by hand in
# base R, argparse style: `--flag value`, `--flag=value`, unique prefixes
# (`--iter 20`), `--` ends the flags. A usage error or a failure prints
# "nnscratch: error: <message>" on stderr and gives status 2.

#' Defaults of the train flags (python/nnscratch/cli.py DEFAULTS)
#' @noRd
nn_cli_defaults <- list(
  hidden = "16,8",
  lr = 0.02,
  iterations = 600,
  seed = 1,
  init = "he",
  size = 32,
  test_size = 0.15,
  cost_every = 10,
  out = "out",
  labels = "Cat=1,Dog=0"
)

nn_cli_commands <- c("train", "predict", "evaluate", "parity-report")

#' A usage error (bad flag or value): class "nnscratch_usage_error"
#' @noRd
usage_abort <- function(msg, command = NULL) {
  stop(structure(
    class = c("nnscratch_usage_error", "nnscratch_error", "error", "condition"),
    list(message = msg, call = NULL, command = command)
  ))
}

# -- formatting helpers (Python's str() of floats and paths) ------------------------

#' Python's repr()/str() of a float: shortest digits that read back exactly,
#' fixed notation for exponents -4..15, else d.ddde+XX; "1.0" keeps its ".0".
#' @noRd
py_float_repr <- function(x) {
  x <- as.double(x)
  if (is.nan(x)) return("nan")
  if (is.infinite(x)) return(if (x > 0) "inf" else "-inf")
  neg <- x < 0 || (x == 0 && 1 / x < 0)
  for (k in 1:17) {
    s <- sprintf("%.*e", k - 1L, abs(x))
    if (as.numeric(s) == abs(x)) break
  }
  e <- as.integer(sub("^.*e", "", s))
  digits <- gsub("[.]", "", sub("e.*$", "", s))
  nd <- nchar(digits)
  out <- if (e >= -4 && e < 16) {
    if (e >= 0) {
      int_part <- if (nd > e + 1L) substr(digits, 1L, e + 1L) else paste0(digits, strrep("0", e + 1L - nd))
      frac <- if (nd > e + 1L) substring(digits, e + 2L) else "0"
      paste0(int_part, ".", frac)
    } else {
      paste0("0.", strrep("0", -e - 1L), digits)
    }
  } else {
    mant <- if (nd > 1L) paste0(substr(digits, 1L, 1L), ".", substring(digits, 2L)) else digits
    sprintf("%se%s%02d", mant, if (e < 0) "-" else "+", abs(e))
  }
  if (neg) paste0("-", out) else out
}

#' str(pathlib.Path(p)): no repeated or trailing "/", no "." parts; "" is "."
#' @noRd
py_path_str <- function(p) {
  p <- as.character(p)
  parts <- strsplit(p, "/", fixed = TRUE)[[1L]]
  parts <- parts[nzchar(parts) & parts != "."]
  s <- paste(parts, collapse = "/")
  if (startsWith(p, "/")) s <- paste0("/", s)
  if (!nzchar(s)) s <- "."
  s
}

#' Python's str.ljust / str.rjust
#' @noRd
pad_right <- function(x, w) paste0(x, strrep(" ", pmax(0L, w - nchar(x))))
pad_left <- function(x, w) paste0(strrep(" ", pmax(0L, w - nchar(x))), x)

cat_err <- function(...) cat(..., file = stderr(), sep = "")

# -- flag parsing --------------------------------------------------------------------

#' Flags of each sub-command: name -> list(dest, type, help); type is one of
#' "string", "int", "float", "hidden", "labels", "init", "flag", "optional"
#' (a value that may be left out: "" then, like argparse's nargs="?", const="").
#' @noRd
nn_cli_spec <- function(command) {
  d <- nn_cli_defaults
  switch(command,
    train = list(
      "--data" = list(dest = "data", type = "string", metavar = "DIR", help = "folder with one sub-folder per class (default: data/sample of this checkout)"),
      "--labels" = list(dest = "labels", type = "labels", help = "class folder to label, e.g. Cat=1,Dog=0 (default)"),
      "--hidden" = list(dest = "hidden", type = "hidden", help = sprintf("hidden layer widths (default %s)", d$hidden)),
      "--lr" = list(dest = "lr", type = "float", help = sprintf("learning rate (default %s)", py_float_repr(d$lr))),
      "--iterations" = list(dest = "iterations", type = "int", metavar = "N", help = sprintf("gradient steps (default %s)", fmt_whole(d$iterations))),
      "--seed" = list(dest = "seed", type = "int", help = sprintf("seed of the initial weights and of the train/test split (default %s)", fmt_whole(d$seed))),
      "--init" = list(dest = "init", type = "init", help = sprintf("weight init recipe: scaled, xavier or he (default %s; the notebook's is scaled)", d$init)),
      "--size" = list(dest = "size", type = "int", help = sprintf("images are resized to SIZE x SIZE (default %s)", fmt_whole(d$size))),
      "--test-size" = list(dest = "test_size", type = "float", metavar = "F", help = sprintf("fraction held out for testing (default %s)", py_float_repr(d$test_size))),
      "--cost-every" = list(dest = "cost_every", type = "int", metavar = "N", help = sprintf("record the cost every N iterations (default %s)", fmt_whole(d$cost_every))),
      "--out" = list(dest = "out", type = "string", metavar = "DIR", help = sprintf("output folder for model.txt, costs.csv, cost_curve.png (default %s)", d$out)),
      "--quiet" = list(dest = "quiet", type = "flag", help = "no progress bar"),
      "--no-cache" = list(dest = "no_cache", type = "flag", help = "decode every image again (no .nnscratch-cache)"),
      "--checkpoint-every" = list(dest = "checkpoint_every", type = "int", metavar = "N",
                                  help = "write OUT/checkpoint.txt every N iterations (default 0: only on interruption)"),
      "--resume" = list(dest = "resume", type = "optional", metavar = "[CHECKPOINT]",
                        help = paste("continue from a checkpoint (default OUT/checkpoint.txt) up to --iterations in total;",
                                     "the network, seed, init and learning rate come from the checkpoint"))
    ),
    predict = list(
      "--model" = list(dest = "model", type = "string", help = "model file written by train")
    ),
    evaluate = list(
      "--model" = list(dest = "model", type = "string", help = "model file written by train"),
      "--data" = list(dest = "data", type = "string", metavar = "DIR", help = "folder with one sub-folder per class (default: data/sample)"),
      "--no-cache" = list(dest = "no_cache", type = "flag", help = "decode every image again (no .nnscratch-cache)")
    ),
    list()
  )
}

nn_cli_usage <- function(command = NULL) {
  if (is.null(command)) return("usage: nnscratch {train,predict,evaluate} ...")
  switch(command,
    train = paste("usage: nnscratch train [--data DIR] [--labels Cat=1,Dog=0] [--hidden 16,8] [--lr LR]",
                  "[--iterations N] [--seed S] [--init {scaled,xavier,he}] [--size SIZE] [--test-size F]",
                  "[--cost-every N] [--out DIR] [--quiet] [--no-cache] [--checkpoint-every N] [--resume [CHECKPOINT]]"),
    predict = "usage: nnscratch predict --model MODEL IMAGE_OR_DIR",
    evaluate = "usage: nnscratch evaluate --model MODEL [--data DIR] [--no-cache]",
    paste("usage: nnscratch", command)
  )
}

nn_cli_help <- function(command = NULL) {
  if (is.null(command)) {
    return(c(nn_cli_usage(), "",
             "A feed-forward neural network from scratch (R twin of the Python implementation).", "",
             "sub-commands:",
             "  train      train on an image folder (default: the embedded sample data)",
             "  predict    probability and label for an image or every image of a folder",
             "  evaluate   accuracy and confusion matrix of a model on an image folder",
             "", "nnscratch COMMAND --help shows the flags of a sub-command.",
             "", nn_cli_signals_help()))
  }
  spec <- nn_cli_spec(command)
  flags <- vapply(names(spec), function(f) {
    s <- spec[[f]]
    arg <- switch(s$type, flag = "", hidden = " 16,8", labels = " Cat=1,Dog=0", init = " {scaled,xavier,he}",
                  paste0(" ", if (is.null(s$metavar)) toupper(s$dest) else s$metavar))
    sprintf("  %-30s %s", paste0(f, arg), s$help)
  }, character(1))
  c(nn_cli_usage(command), "", if (command == "predict") "  IMAGE_OR_DIR                   an image file or a folder of images (searched recursively)",
    flags, "  -h, --help                     show this help",
    if (command == "train") c("", nn_cli_signals_help()))
}

#' How training is stopped without losing work (printed by --help)
#' @noRd
nn_cli_signals_help <- function() {
  c("Stopping: Ctrl-C (SIGINT) during training saves OUT/checkpoint.txt and exits with status 130;",
    "continue with: train --resume --out OUT --iterations N. A diverging run saves the last good",
    "parameters there too (status 3). R cannot catch SIGTERM (kill, timeout, systemd, batch",
    "schedulers), so Rscript would end at once (status 143) and lose the iterations since the last",
    "--checkpoint-every: start the R command line as inst/nnscratch-r (same arguments; a POSIX sh",
    "launcher that turns SIGTERM into SIGINT for R) to have SIGTERM save the checkpoint as well.")
}

#' Convert and check one flag value (argparse's type= functions)
#' @noRd
convert_flag_value <- function(flag, type, value) {
  invalid <- function(what) usage_abort(sprintf("argument %s: invalid %s value: %s", flag, what, py_quote(value)))
  switch(type,
    string = ,
    optional = value,
    int = {
      v <- parse_int_strict(value)
      if (is.na(v)) invalid("int")
      v
    },
    float = {
      v <- parse_float_tokens(trimws(value))
      if (is.na(v) || !is.finite(v)) invalid("float")
      v
    },
    hidden = {
      items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
      items <- items[trimws(items) != ""]
      dims <- parse_int_strict(items)
      if (anyNA(dims) || any(dims < 1)) {
        usage_abort(sprintf("argument %s: --hidden must be comma-separated positive integers, e.g. 7,5; got %s",
                            flag, py_quote(value)))
      }
      dims
    },
    labels = {
      items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
      bad <- function() usage_abort(sprintf("argument %s: --labels must look like Cat=1,Dog=0; got %s", flag, py_quote(value)))
      if (length(items) == 0L || !all(grepl("=", items, fixed = TRUE))) bad()
      eq <- regexpr("=", items, fixed = TRUE)
      lab <- parse_int_strict(substring(items, eq + 1L))
      if (anyNA(lab)) bad()
      nm <- substr(items, 1L, eq - 1L)
      lab <- lab[!duplicated(nm, fromLast = TRUE)] # a dict: the last value of a name wins
      names(lab) <- nm[!duplicated(nm, fromLast = TRUE)]
      lab
    },
    init = {
      if (!(value %in% c("scaled", "xavier", "he"))) {
        usage_abort(sprintf("argument %s: invalid choice: %s (choose from 'scaled', 'xavier', 'he')", flag, py_quote(value)))
      }
      value
    },
    nn_abort(sprintf("internal: unknown flag type %s", type))
  )
}

#' Parse the arguments after the sub-command
#'
#' @return A named list (dest -> value) plus \code{positional} (character) and
#'   \code{help} (TRUE when -h/--help was given).
#' @noRd
parse_cli_args <- function(command, args) {
  spec <- nn_cli_spec(command)
  out <- list(positional = character(0), help = FALSE)
  i <- 1L
  n <- length(args)
  only_positional <- FALSE
  looks_like_value <- function(a) !startsWith(a, "-") || grepl("^-[0-9.]", a) || a == "-"
  while (i <= n) {
    a <- args[[i]]
    i <- i + 1L
    if (only_positional || a == "-" || !startsWith(a, "-") || grepl("^-[0-9.]", a)) {
      out$positional <- c(out$positional, a)
      next
    }
    if (a == "--") {
      only_positional <- TRUE
      next
    }
    if (a %in% c("-h", "--help")) {
      out$help <- TRUE
      next
    }
    has_eq <- startsWith(a, "--") && grepl("=", a, fixed = TRUE)
    name <- if (has_eq) sub("=.*$", "", a) else a
    inline <- if (has_eq) sub("^[^=]*=", "", a) else NULL
    flag <- if (name %in% names(spec)) name else {
      hits <- names(spec)[startsWith(names(spec), name)]
      if (length(hits) > 1L && startsWith(name, "--")) {
        usage_abort(sprintf("ambiguous option: %s could match %s", name, paste(hits, collapse = ", ")), command)
      }
      if (length(hits) == 1L && startsWith(name, "--")) hits else NULL
    }
    if (is.null(flag)) usage_abort(sprintf("unrecognized arguments: %s", a), command)
    s <- spec[[flag]]
    if (s$type == "optional" && is.null(inline)) {
      take <- i <= n && !startsWith(args[[i]], "-")
      out[[s$dest]] <- if (take) args[[i]] else ""
      if (take) i <- i + 1L
      next
    }
    if (s$type == "flag") {
      if (!is.null(inline)) usage_abort(sprintf("argument %s: ignored explicit argument %s", flag, py_quote(inline)), command)
      out[[s$dest]] <- TRUE
      next
    }
    value <- inline
    if (is.null(value)) {
      if (i > n || !looks_like_value(args[[i]])) usage_abort(sprintf("argument %s: expected one argument", flag), command)
      value <- args[[i]]
      i <- i + 1L
    }
    out[[s$dest]] <- tryCatch(convert_flag_value(flag, s$type, value),
                              nnscratch_usage_error = function(e) usage_abort(conditionMessage(e), command))
  }
  out
}

# -- shared steps -------------------------------------------------------------------

#' The repository root of a checkout that has the sample data, or NULL.
#'
#' Looks at \code{getOption("nnscratch.root")} (set by inst/nnscratch.R when
#' it runs from a checkout), then at the working folder and its parents.
#' @noRd
nn_checkout_root <- function() {
  is_root <- function(d) {
    desc <- file.path(d, "DESCRIPTION")
    file.exists(desc) && dir.exists(file.path(d, "data", "sample")) &&
      isTRUE(tryCatch(read.dcf(desc, fields = "Package")[1L, 1L] == "nnscratch", error = function(e) FALSE))
  }
  opt <- getOption("nnscratch.root")
  if (!is.null(opt) && is_root(opt)) return(normalizePath(opt))
  d <- normalizePath(getwd(), mustWork = FALSE)
  repeat {
    if (is_root(d)) return(d)
    parent <- dirname(d)
    if (parent == d) return(NULL)
    d <- parent
  }
}

#' The --data folder, or the checkout's data/sample when none was given
#' @noRd
resolve_data <- function(arg) {
  if (!is.null(arg)) return(py_path_str(arg))
  root <- nn_checkout_root()
  if (is.null(root)) {
    nn_abort("no --data given and no sample data found (it ships with a checkout of nnscratch, in data/sample)")
  }
  file.path(root, "data", "sample")
}

#' create_dataset without its skipped-files warning (the caller reports them)
#' @noRd
load_dataset_quietly <- function(data, size, labels, cache = TRUE) {
  create_dataset(data, size = size, labels = labels, warn = FALSE, cache = cache)
}

#' The skipped files of a create_dataset result as a data.frame(file, reason)
#' @noRd
skipped_table <- function(ds) {
  s <- ds$skipped
  if (is.null(s) || length(s) == 0L) return(data.frame(file = character(0), reason = character(0)))
  if (is.data.frame(s)) return(s)
  if (is.list(s)) {
    return(data.frame(file = vapply(s, function(x) as.character(x[[1L]]), ""),
                      reason = vapply(s, function(x) as.character(x[[2L]]), "")))
  }
  data.frame(file = as.character(s), reason = "")
}

#' One image read and resized for predict: (size, size, 3) values 0..255
#' @noRd
load_one_image <- function(file, size) {
  if (exists("load_image", mode = "function")) return(load_image(file, size))
  resize_area(read_image_rgb(file), size)
}

#' The reason of a skipped image from the condition signalled by the reader
#' @noRd
skip_reason <- function(e) {
  r <- e$reason
  if (is.character(r) && length(r) == 1L) return(r)
  conditionMessage(e)
}

#' load_model plus the checks of predict/evaluate (cli_predict._model_and_size)
#' @noRd
model_and_size <- function(model_path) {
  m <- load_model(model_path)
  size <- if (is.null(m$meta$image_size)) 32L else m$meta$image_size
  n0 <- m$meta$architecture[[1L]]
  if (n0 != size * size * 3) {
    nn_abort(sprintf("%s: the model takes %s inputs, not %sx%sx3 images", model_path, fmt_whole(n0),
                     fmt_whole(size), fmt_whole(size)))
  }
  labels <- if (is.null(m$meta$labels)) c(Cat = 1L, Dog = 0L) else m$meta$labels
  list(parameters = m$parameters, size = size, labels = labels)
}

#' Name of label value v: the last class name mapped to it ({v: k} in Python), or v
#' @noRd
label_name <- function(labels, v) {
  hit <- names(labels)[labels == v]
  if (length(hit)) hit[length(hit)] else fmt_whole(v)
}

# -- sub-commands ---------------------------------------------------------------------

#' With --resume: read the checkpoint; the run's settings come from it
#' (cli.py _resume_settings). Returns list(path, parameters, meta, settings).
#' @noRd
resume_settings <- function(resume, out) {
  path <- if (nzchar(resume)) py_path_str(resume) else file.path(out, "checkpoint.txt")
  if (!file.exists(path) || dir.exists(path)) {
    nn_abort(sprintf("--resume: no checkpoint at %s", path), class = "nnscratch_file_not_found")
  }
  m <- load_model(path)
  for (key in c("seed", "init", "learning_rate", "iterations", "cost_every", "costs")) {
    if (is.null(m$meta[[key]])) nn_abort(sprintf("--resume: %s is a model without %s; it cannot be resumed", path, py_quote(key)))
  }
  arch <- m$meta$architecture
  list(path = path, parameters = m$parameters, meta = m$meta,
       settings = list(hidden = as.numeric(arch[-c(1L, length(arch))]), seed = m$meta$seed, init = m$meta$init,
                       lr = m$meta$learning_rate, cost_every = m$meta$cost_every, size = m$meta$image_size,
                       labels = m$meta$labels))
}

cmd_train <- function(opts) {
  d <- nn_cli_defaults
  get <- function(key) if (is.null(opts[[key]])) d[[key]] else opts[[key]]
  hidden <- if (is.null(opts$hidden)) convert_flag_value("--hidden", "hidden", d$hidden) else opts$hidden
  labels <- if (is.null(opts$labels)) convert_flag_value("--labels", "labels", d$labels) else opts$labels
  lr <- get("lr")
  iterations <- get("iterations")
  seed <- get("seed")
  init <- get("init")
  size <- get("size")
  test_size <- get("test_size")
  cost_every <- get("cost_every")
  checkpoint_every <- if (is.null(opts$checkpoint_every)) 0 else opts$checkpoint_every
  out <- py_path_str(get("out"))
  quiet <- isTRUE(opts$quiet)
  positive <- function(flag, v) {
    if (v < 1) usage_abort(sprintf("argument %s: must be a positive integer; got %s", flag, fmt_whole(v)), "train")
  }
  positive("--iterations", iterations)
  positive("--cost-every", cost_every)
  positive("--size", size)
  if (checkpoint_every < 0) {
    usage_abort(sprintf("argument --checkpoint-every: must be a non-negative integer; got %s", fmt_whole(checkpoint_every)), "train")
  }
  if (lr <= 0) usage_abort(sprintf("argument --lr: must be a positive number; got %s", py_float_repr(lr)), "train")
  if (file.exists(out) && !dir.exists(out)) nn_abort(sprintf("--out %s is a file, not a folder", py_quote(out)))
  resilient <- all(c("start_iteration", "checkpoint", "checkpoint_every") %in% names(formals(dense_nn)))
  if (!resilient && (checkpoint_every > 0 || !is.null(opts$resume))) {
    nn_abort("--checkpoint-every and --resume need a dense_nn with start_iteration, checkpoint and checkpoint_every (R/train.R)")
  }
  resume <- NULL
  if (!is.null(opts$resume)) {
    resume <- resume_settings(opts$resume, out)
    st <- resume$settings
    hidden <- st$hidden
    seed <- st$seed
    init <- st$init
    lr <- st$lr
    cost_every <- st$cost_every
    if (!is.null(st$size)) size <- st$size
    if (!is.null(st$labels)) labels <- st$labels
  }

  data <- resolve_data(opts$data)
  t0 <- proc.time()[["elapsed"]]
  ds <- load_dataset_quietly(data, size, labels, cache = !isTRUE(opts$no_cache))
  parts <- train_test_split(ds$X, ds$y, test_size = test_size, random_state = seed)
  X_train <- flatten_images(parts[[1L]])
  X_test <- flatten_images(parts[[2L]])
  Y_train <- labels_to_row(parts[[3L]])
  Y_test <- labels_to_row(parts[[4L]])
  y <- ds$y
  counts <- paste(sprintf("%s: %d", names(labels), vapply(labels, function(v) sum(y == v), integer(1))), collapse = ", ")
  skipped <- skipped_table(ds)
  cat(sprintf("data: %s: %d images (%s), %d skipped, loaded in %.2f s\n", data, length(y), counts,
              nrow(skipped), proc.time()[["elapsed"]] - t0))
  for (k in seq_len(nrow(skipped))) cat(sprintf("  skipped %s: %s\n", skipped$file[k], skipped$reason[k]))
  cat(sprintf("split: %d train, %d test (test_size %s, random_state %s)\n", ncol(X_train), ncol(X_test),
              py_float_repr(test_size), fmt_whole(seed)))
  layers <- c(nrow(X_train), hidden, 1)
  cat(sprintf("network: %s, init %s, seed %s, learning rate %s, %s iterations\n", fmt_vec(layers), init,
              fmt_whole(seed), py_float_repr(lr), fmt_whole(iterations)))

  if (!dir.exists(out)) dir.create(out, recursive = TRUE, showWarnings = FALSE)
  ckpt_path <- file.path(out, "checkpoint.txt")
  start <- 0
  prior_costs <- numeric(0)
  start_params <- NULL
  if (!is.null(resume)) {
    if (!identical(as.numeric(resume$meta$architecture), as.numeric(layers))) {
      nn_abort(sprintf("--resume: %s is for a network %s, the data gives %s", resume$path,
                       fmt_vec(resume$meta$architecture), fmt_vec(layers)))
    }
    start <- resume$meta$iterations
    prior_costs <- resume$meta$costs
    start_params <- resume$parameters
    cat(sprintf("resuming from %s at iteration %s\n", resume$path, fmt_whole(start)))
    if (start >= iterations) {
      nn_abort(sprintf("--resume: %s has already done %s iterations (--iterations is %s)", resume$path,
                       fmt_whole(start), fmt_whole(iterations)))
    }
  }
  run_meta <- function(done, costs) {
    list(architecture = layers, init = init, seed = seed, learning_rate = lr, iterations = done,
         image_size = size, labels = labels, created_by = "r", cost_every = cost_every, costs = costs)
  }
  save_checkpoint <- function(done, parameters, costs) {
    save_model(ckpt_path, parameters, run_meta(done, c(prior_costs, costs)))
  }

  callback <- NULL
  bar <- NULL
  if (!quiet) {
    bar <- utils::txtProgressBar(min = 0, max = iterations, initial = start, style = 3, file = "")
    callback <- function(i, cost) utils::setTxtProgressBar(bar, i + 1)
  }
  close_bar <- function() if (!is.null(bar)) close(bar)
  t1 <- proc.time()[["elapsed"]]
  train_args <- list(X_train, Y_train, layers, learning_rate = lr, num_iterations = iterations - start,
                     seed = seed, init = init, parameters = start_params, cost_every = cost_every, callback = callback)
  if (resilient) {
    train_args <- c(train_args, list(start_iteration = start, checkpoint = save_checkpoint,
                                     checkpoint_every = checkpoint_every))
  }
  # dense_nn's training faults, errors of class "nnscratch_interrupted" and
  # "nnscratch_diverged" (twins of Python's TrainingInterrupted and
  # TrainingDiverged), carry the fields iteration, parameters and costs.
  fit <- tryCatch(
    do.call(dense_nn, train_args),
    nnscratch_interrupted = function(e) {
      close_bar()
      save_checkpoint(e$iteration, e$parameters, e$costs)
      cat_err(sprintf("interrupted after %s iterations; saved %s (continue with: nnscratch train --resume --out %s --iterations %s)\n",
                      fmt_whole(e$iteration), ckpt_path, out, fmt_whole(iterations)))
      130L
    },
    nnscratch_diverged = function(e) {
      close_bar()
      save_checkpoint(e$iteration, e$parameters, e$costs)
      cat_err(sprintf("nnscratch: error: %s; the last good parameters (iteration %s) are in %s\n",
                      conditionMessage(e), fmt_whole(e$iteration), ckpt_path))
      3L
    },
    interrupt = function(e) {
      close_bar()
      cat_err("nnscratch: interrupted\n")
      130L
    }
  )
  if (is.integer(fit) && length(fit) == 1L) return(fit)
  close_bar()
  train_time <- proc.time()[["elapsed"]] - t1
  parameters <- fit$parameters
  costs <- c(prior_costs, fit$costs)
  acc_tr <- predict_labels(X_train, Y_train, parameters)$accuracy
  acc_te <- predict_labels(X_test, Y_test, parameters)$accuracy
  cat(sprintf("final cost: %.6f (recorded at iteration %s), training took %.2f s\n", costs[length(costs)],
              fmt_whole((length(costs) - 1) * cost_every), train_time))
  cat(sprintf("train accuracy: %.4f\n", acc_tr))
  cat(sprintf("test accuracy: %.4f\n", acc_te))

  files <- file.path(out, c("model.txt", "costs.csv", "cost_curve.png"))
  save_model(files[1L], parameters, run_meta(iterations, costs))
  write_costs_csv(files[2L], costs, cost_every)
  write_cost_curve(files[3L], costs, cost_every)
  if (file.exists(ckpt_path)) unlink(ckpt_path) # the finished model supersedes it
  cat(sprintf("wrote %s\n", paste(files, collapse = ", ")))
  0L
}

#' An image file, or every file of a folder (recursively, no dot files), sorted by bytes
#' @noRd
image_files <- function(target) {
  target <- py_path_str(target)
  if (file.exists(target) && !dir.exists(target)) return(target)
  if (!dir.exists(target)) nn_abort(sprintf("no such file or folder: %s", target), class = "nnscratch_file_not_found")
  rel <- list.files(target, recursive = TRUE, all.files = TRUE, no.. = TRUE)
  rel <- rel[!startsWith(basename(rel), ".")]
  files <- if (target == ".") rel else file.path(target, rel)
  files <- files[!dir.exists(files)]
  sort(files, method = "radix")
}

cmd_predict <- function(opts) {
  if (is.null(opts$model) || length(opts$positional) == 0L) {
    missing <- c(if (is.null(opts$model)) "--model", if (length(opts$positional) == 0L) "target")
    usage_abort(sprintf("the following arguments are required: %s", paste(missing, collapse = ", ")), "predict")
  }
  if (length(opts$positional) > 1L) {
    usage_abort(sprintf("unrecognized arguments: %s", paste(opts$positional[-1L], collapse = " ")), "predict")
  }
  mdl <- model_and_size(opts$model)
  n_ok <- 0L
  n_skipped <- 0L
  for (f in image_files(opts$positional[[1L]])) {
    img <- tryCatch(load_one_image(f, mdl$size), error = function(e) e)
    if (inherits(img, "error")) {
      cat_err(sprintf("skipped %s: %s\n", f, skip_reason(img)))
      n_skipped <- n_skipped + 1L
      next
    }
    x <- flatten_images(array(as.double(img) / 255, c(1L, dim(img))))
    prob <- deep_model(x, mdl$parameters)$AL[1L, 1L]
    label <- if (!is.na(prob) && prob > 0.5) 1 else 0
    cat(sprintf("%s\t%.6f\t%s\n", f, prob, label_name(mdl$labels, label)))
    n_ok <- n_ok + 1L
  }
  if (n_skipped > 0L) cat_err(sprintf("%d images predicted, %d skipped\n", n_ok, n_skipped))
  if (n_ok > 0L) 0L else 1L
}

#' 2x2 counts: rows are the true label (0, 1), columns the predicted label (0, 1)
#' @noRd
confusion_counts <- function(y_true, y_pred) {
  y_true <- as.vector(y_true)
  y_pred <- as.vector(y_pred)
  bad <- setdiff(unique(c(y_true, y_pred)), c(0, 1))
  if (length(bad)) nn_abort(sprintf("evaluate needs labels 0 and 1; got %s", fmt_vec(sort(bad))))
  cm <- matrix(0L, 2L, 2L)
  for (t in 0:1) for (p in 0:1) cm[t + 1L, p + 1L] <- sum(y_true == t & y_pred == p)
  cm
}

#' The confusion matrix as text lines (cli_predict.format_confusion)
#' @noRd
format_confusion <- function(cm, labels) {
  n0 <- label_name(labels, 0)
  n1 <- label_name(labels, 1)
  w <- max(nchar(n0), nchar(n1), 4L) + 2L
  c(paste0(strrep(" ", w + 6L), "predicted"),
    paste0(pad_right("true", w + 6L), pad_left(n0, w), pad_left(n1, w)),
    paste0(pad_right(n0, w), "(0)   ", pad_left(cm[1L, 1L], w), pad_left(cm[1L, 2L], w)),
    paste0(pad_right(n1, w), "(1)   ", pad_left(cm[2L, 1L], w), pad_left(cm[2L, 2L], w)))
}

cmd_evaluate <- function(opts) {
  if (is.null(opts$model)) usage_abort("the following arguments are required: --model", "evaluate")
  if (length(opts$positional)) {
    usage_abort(sprintf("unrecognized arguments: %s", paste(opts$positional, collapse = " ")), "evaluate")
  }
  mdl <- model_and_size(opts$model)
  data <- resolve_data(opts$data)
  ds <- load_dataset_quietly(data, mdl$size, mdl$labels, cache = !isTRUE(opts$no_cache))
  res <- predict_labels(flatten_images(ds$X), labels_to_row(ds$y), mdl$parameters)
  cat(sprintf("data: %s: %d images, %d skipped\n", data, length(ds$y), nrow(skipped_table(ds))))
  cat(sprintf("accuracy: %.4f\n", res$accuracy))
  cat(format_confusion(confusion_counts(ds$y, res$p), mdl$labels), sep = "\n")
  0L
}

#' The nnscratch command line
#'
#' \code{nnscratch_main(c("train", "--iterations", "500"))} does what
#' \code{Rscript inst/nnscratch.R train --iterations 500} (or the Python
#' \code{nnscratch train --iterations 500}) does. Sub-commands:
#' \describe{
#'   \item{\code{train}}{\code{[--data DIR] [--labels Cat=1,Dog=0]
#'     [--hidden 16,8] [--lr 0.02] [--iterations 600] [--seed 1]
#'     [--init he|xavier|scaled] [--size 32] [--test-size 0.15]
#'     [--cost-every 10] [--out out] [--quiet] [--checkpoint-every N]
#'     [--resume [CHECKPOINT]]}: loads the image folder (by default the
#'     sample data of a checkout), splits it, trains, prints the accuracies
#'     and writes \code{model.txt}, \code{costs.csv} and
#'     \code{cost_curve.png} into \code{--out}; \code{--resume} continues
#'     from \code{OUT/checkpoint.txt} (written every \code{--checkpoint-every}
#'     iterations and on interruption).}
#'   \item{\code{predict}}{\code{--model FILE IMAGE_OR_DIR}: prints
#'     \code{path<TAB>probability<TAB>label} per image (a folder is searched
#'     recursively, files sorted by bytes); unreadable files are reported on
#'     stderr.}
#'   \item{\code{evaluate}}{\code{--model FILE [--data DIR]}: accuracy and
#'     confusion matrix on an image folder.}
#' }
#' Flags are given as \code{--flag value} or \code{--flag=value}.
#'
#' @param args Character vector of command-line arguments, the sub-command
#'   first.
#' @return The exit status, invisibly: 0 on success, 1 when predict read no
#'   image, 3 when training diverged, 130 when interrupted (a checkpoint is
#'   saved when dense_nn supports it), 2 on a usage error or a failure (then
#'   \code{"nnscratch: error: <message>"} is printed on stderr). Nothing is
#'   signalled; the script inst/nnscratch.R passes the status to \code{quit()}.
#'   R cannot catch SIGTERM: started through the launcher
#'   \code{inst/nnscratch-r} (same arguments), a SIGTERM reaches R as SIGINT
#'   and a training run saves its checkpoint as it does on Ctrl-C.
#' @export
nnscratch_main <- function(args = commandArgs(trailingOnly = TRUE)) {
  args <- as.character(args)
  status <- tryCatch(
    withCallingHandlers(nn_dispatch(args), warning = function(w) {
      cat_err(sprintf("nnscratch: warning: %s\n", conditionMessage(w)))
      invokeRestart("muffleWarning")
    }),
    interrupt = function(e) {
      cat_err("nnscratch: interrupted\n")
      130L
    },
    nnscratch_usage_error = function(e) {
      cat_err(nn_cli_usage(e$command), "\n")
      cat_err(sprintf("nnscratch: error: %s\n", conditionMessage(e)))
      2L
    },
    error = function(e) {
      cat_err(sprintf("nnscratch: error: %s\n", conditionMessage(e)))
      2L
    }
  )
  invisible(as.integer(status))
}

nn_dispatch <- function(args) {
  if (length(args) == 0L) usage_abort("the following arguments are required: command")
  command <- args[[1L]]
  if (command %in% c("-h", "--help")) {
    cat(nn_cli_help(), sep = "\n")
    return(0L)
  }
  if (!(command %in% nn_cli_commands)) {
    usage_abort(sprintf("argument command: invalid choice: %s (choose from %s)", py_quote(command),
                        paste(vapply(nn_cli_commands, py_quote, ""), collapse = ", ")))
  }
  if (command == "parity-report") {
    nn_abort("parity-report compares Python with R and runs from Python only: nnscratch parity-report (.venv/bin/nnscratch)")
  }
  opts <- parse_cli_args(command, args[-1L])
  if (opts$help) {
    cat(nn_cli_help(command), sep = "\n")
    return(0L)
  }
  switch(command,
    train = {
      if (length(opts$positional)) {
        usage_abort(sprintf("unrecognized arguments: %s", paste(opts$positional, collapse = " ")), command)
      }
      cmd_train(opts)
    },
    predict = cmd_predict(opts),
    evaluate = cmd_evaluate(opts)
  )
}
