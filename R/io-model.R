# Model files: the text format both languages read and write byte for byte
# (twin of python/nnscratch/io/model.py). The layout (header keys, parameter
# blocks W1 b1 ... WL bL, optional rule-state blocks state.<key>, "end"), the
# "%.17g" numbers and the error messages are described in docs/formats.md.
# Files are written with atomic_write (R/io-atomic.R).

MODEL_MAGIC <- "nnscratch-model"
MODEL_FORMAT_VERSION <- 1L
# Header keys, in the order they are written (update_rule: absent means "gd").
MODEL_META_KEYS <- c("architecture", "init", "seed", "learning_rate", "iterations",
                     "image_size", "labels", "created_by", "cost_every", "costs", "update_rule",
                     "data", "test_size",
                     # the epochs engine (issue 13): its settings, then where a checkpoint stands
                     "optimizer_hyper", "batch_size", "epochs", "lr_schedule", "lr_decay", "lr_interval", "l2",
                     "dropout", "val_size", "patience", "epoch", "batch", "best_epoch", "wait",
                     "history_cost", "history_accuracy", "history_val_cost", "history_val_accuracy", "partial")
# Integer header keys and the smallest value each accepts (NA: any integer).
MODEL_INT_KEYS <- c(seed = NA, iterations = NA, image_size = NA, cost_every = NA,
                    batch_size = 1, epochs = 1, lr_interval = 1, patience = 0, epoch = 0, batch = 0,
                    best_epoch = 0, wait = 0)
# Float header keys and their range: low, high, high included (NULL: any float).
MODEL_FLOAT_KEYS <- list(learning_rate = NULL, test_size = NULL, lr_decay = c(0, Inf, 0), l2 = c(0, Inf, 0),
                         dropout = c(0, 1, 0), val_size = c(0, 1, 0))
# Header keys holding a comma-separated list of floats (nan and inf allowed).
MODEL_FLOAT_LIST_KEYS <- c("costs", "history_cost", "history_accuracy", "history_val_cost", "history_val_accuracy")
# The learning-rate schedules a model file may name (LR_SCHEDULES of R/schedules.R).
MODEL_LR_SCHEDULES <- c("constant", "step", "inverse", "exponential")
# Names of the two standardizer blocks (n0, 1), written after the parameters.
STANDARDIZER_BLOCKS <- c("standardizer.mean", "standardizer.std")
# The weight-init recipes a model file may name (init_param's).
MODEL_INITS <- c("scaled", "xavier", "he")
# Integers in a model file are at most 2^53 - 1 (exact as doubles).
MODEL_INT_MAX <- 2^53 - 1
# Names of rule-state blocks: "state." followed by this.
STATE_KEY_PATTERN <- "^[A-Za-z0-9_]+$"

#' Signal a model file error (class "nnscratch_model_error")
#' @noRd
model_abort <- function(msg, class = NULL) {
  nn_abort(msg, class = c(class, "nnscratch_model_error"))
}

#' Strict integer parsing ("12", "+3", "-1"; surrounding blanks allowed as in
#' Python's int()); NA for anything else, and for values beyond \code{max_abs}.
#' @noRd
parse_int_strict <- function(x, max_abs = Inf) {
  x <- trimws(x)
  ok <- grepl("^[+-]?[0-9]+$", x)
  out <- rep(NA_real_, length(x))
  out[ok] <- as.numeric(x[ok])
  out[!is.na(out) & abs(out) > max_abs] <- NA_real_
  out
}

#' Strict float parsing, vectorised: decimal numbers, and nan / inf / infinity
#' in any case (as NaN / Inf); NA (not NaN) for anything else (no hexadecimal,
#' no "_", no "NA").
#' @noRd
parse_float_strict <- function(tok) {
  out <- rep(NA_real_, length(tok))
  num <- grepl("^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$", tok)
  out[num] <- as.numeric(tok[num])
  if (!all(num)) {
    low <- tolower(tok[!num])
    special <- rep(NA_real_, length(low))
    special[grepl("^[+-]?nan$", low)] <- NaN
    special[grepl("^[+]?inf(inity)?$", low)] <- Inf
    special[grepl("^-inf(inity)?$", low)] <- -Inf
    out[!num] <- special
  }
  out
}

#' "%.17g" numbers written as Python writes them: nan, inf, -inf (R's sprintf gives NaN, Inf, NA)
#' @noRd
fmt_g17 <- function(x) {
  x <- as.double(x)
  out <- sprintf("%.17g", x)
  out[is.na(x)] <- "nan"
  out[is.infinite(x)] <- ifelse(x[is.infinite(x)] > 0, "inf", "-inf")
  out
}

#' One meta value as text
#' @noRd
format_meta_value <- function(key, value) {
  if (key == "architecture") return(paste(fmt_whole(value), collapse = ","))
  if (key == "labels") {
    nm <- names(value)
    if (is.null(nm) || any(!nzchar(nm))) {
      nn_abort("meta$labels must be a named vector of integer labels, e.g. c(Cat = 1, Dog = 0)")
    }
    return(paste0(nm, "=", fmt_whole(unlist(value)), collapse = ","))
  }
  if (key %in% c("seed", "iterations", "image_size", "cost_every")) return(fmt_whole(value))
  if (key == "costs") return(paste(sprintf("%.17g", as.double(value)), collapse = ","))
  if (key %in% MODEL_FLOAT_LIST_KEYS || key == "partial") return(paste(fmt_g17(unlist(value)), collapse = ","))
  if (key == "optimizer_hyper") {
    value <- unlist(value)
    if (!length(value)) return("")
    nm <- names(value)
    if (length(value) && (is.null(nm) || any(!grepl(STATE_KEY_PATTERN, nm)))) {
      bad <- if (is.null(nm)) "" else nm[!grepl(STATE_KEY_PATTERN, nm)][1L]
      nn_abort(sprintf("optimizer_hyper names must be letters, digits or '_'; got %s", quote_text(bad)))
    }
    return(paste0(nm, "=", fmt_g17(value), collapse = ","))
  }
  if (key %in% names(MODEL_INT_KEYS)) {
    if (!is.numeric(value) || length(value) != 1L || !is.finite(value) || value != round(value)) {
      nn_abort(sprintf("meta[[%s]] must be a whole number; got %s", quote_text(key), paste(format(value), collapse = " ")))
    }
    return(fmt_whole(value))
  }
  if (key %in% names(MODEL_FLOAT_KEYS)) return(fmt_g17(value))
  if (is.double(value)) return(sprintf("%.17g", value))
  as.character(value)
}

#' A matrix as a block: "<name> <rows> <cols>" then its rows, "%.17g" values
#' @noRd
matrix_block <- function(name, a) {
  nr <- nrow(a)
  nc <- ncol(a)
  txt <- matrix(sprintf("%.17g", as.double(a)), nrow = nr, ncol = nc)
  rows <- if (nc == 1L) txt[, 1L] else do.call(paste, c(lapply(seq_len(nc), function(j) txt[, j]), sep = " "))
  c(sprintf("%s %d %d", name, nr, nc), rows)
}

#' The blocks standardizer.mean and standardizer.std, each (n0, 1); std positive and finite
#' @noRd
standardizer_lines <- function(standardizer, n0) {
  if (!is.list(standardizer) || !setequal(names(standardizer), c("mean", "std")) || length(standardizer) != 2L) {
    nn_abort("meta$standardizer must be a list with mean and std (each (n0, 1))")
  }
  out <- character(0)
  for (key in c("mean", "std")) {
    a <- standardizer[[key]]
    if (!is.numeric(a)) nn_abort(sprintf("meta$standardizer$%s must be a numeric matrix", key), class = "nnscratch_type_error")
    if (is.null(dim(a))) a <- matrix(a, ncol = 1L)
    if (length(dim(a)) != 2L || nrow(a) != n0 || ncol(a) != 1L) {
      nn_abort(sprintf("meta$standardizer$%s must have shape (%s, 1) (n0 = architecture[1]); got %s", key,
                       fmt_whole(n0), fmt_shape(a)))
    }
    if (!all(is.finite(a)) || (key == "std" && !all(a > 0))) {
      nn_abort(sprintf("meta$standardizer$%s must hold finite values%s", key, if (key == "std") ", all positive" else ""))
    }
    out <- c(out, matrix_block(paste0("standardizer.", key), a))
  }
  out
}

#' The text lines of a model file (without the final newline)
#' @noRd
model_to_lines <- function(parameters, meta) {
  if (!is.list(parameters) || is.null(names(parameters)) || length(parameters) < 2L) {
    nn_abort("parameters must be a named list W1, b1, ..., WL, bL", class = "nnscratch_type_error")
  }
  if (!is.list(meta)) meta <- as.list(meta)
  L <- length(parameters) %/% 2L
  dims <- meta$architecture
  if (is.null(dims)) {
    nn_abort("meta must have an 'architecture' entry (the layer widths, e.g. c(3072, 16, 8, 1)): load_model needs it")
  }
  if (length(dims) != L + 1L) {
    nn_abort(sprintf("meta$architecture %s has %d layers but parameters has %d (W1, b1, ..., W%d, b%d)",
                     fmt_vec(dims), length(dims) - 1L, L, L, L))
  }
  state <- meta$rule_state
  if (is.null(state)) state <- list()
  if (!is.list(state) || (length(state) && is.null(names(state)))) {
    nn_abort("meta$rule_state must be a named list of matrices", class = "nnscratch_type_error")
  }
  bad_key <- names(state)[!grepl(STATE_KEY_PATTERN, names(state))]
  if (length(bad_key)) nn_abort(sprintf("rule state keys must be letters, digits or '_'; got %s", quote_text(bad_key[1L])))
  out <- vector("list", 2L * L + length(state) + 3L)
  header <- sprintf("%s %d", MODEL_MAGIC, MODEL_FORMAT_VERSION)
  for (key in MODEL_META_KEYS) {
    if (is.null(meta[[key]])) next
    text <- format_meta_value(key, meta[[key]])
    if (length(text) != 1L || grepl("[\r\n]", text)) {
      nn_abort(sprintf("meta[[%s]] must be one line of text; got %s", quote_text(key), quote_text(paste(text, collapse = " "))))
    }
    header <- c(header, paste(key, text))
  }
  out[[1L]] <- header
  k <- 1L
  for (l in seq_len(L)) {
    for (name in paste0(c("W", "b"), l)) {
      a <- parameters[[name]]
      if (is.null(a)) nn_abort(sprintf("parameters has no %s", name), class = "nnscratch_type_error")
      if (!is.numeric(a) && !is.logical(a)) {
        nn_abort(sprintf("parameters$%s must be a numeric matrix; got %s", name, class(a)[1L]),
                 class = "nnscratch_type_error")
      }
      if (is.null(dim(a))) a <- matrix(a, ncol = 1L) # a bias vector counts as (n, 1)
      if (length(dim(a)) != 2L) nn_abort(sprintf("parameters$%s must be a matrix", name), class = "nnscratch_type_error")
      need <- if (startsWith(name, "W")) c(dims[[l + 1L]], dims[[l]]) else c(dims[[l + 1L]], 1)
      if (nrow(a) != need[1L] || ncol(a) != need[2L]) {
        nn_abort(sprintf("parameters$%s has shape (%d, %d) but meta$architecture %s needs (%s, %s)",
                         name, nrow(a), ncol(a), fmt_vec(dims), fmt_whole(need[1L]), fmt_whole(need[2L])))
      }
      k <- k + 1L
      out[[k]] <- matrix_block(name, a)
    }
  }
  if (!is.null(meta$standardizer)) {
    k <- k + 1L
    out[[k]] <- standardizer_lines(meta$standardizer, dims[[1L]])
  }
  for (key in names(state)) {
    a <- state[[key]]
    if (!is.numeric(a)) nn_abort(sprintf("meta$rule_state$%s must be a numeric matrix", key), class = "nnscratch_type_error")
    if (is.null(dim(a))) a <- matrix(a, ncol = 1L)
    if (length(dim(a)) != 2L) nn_abort(sprintf("meta$rule_state$%s must be a matrix", key), class = "nnscratch_type_error")
    k <- k + 1L
    out[[k]] <- matrix_block(paste0("state.", key), a)
  }
  out[[k + 1L]] <- "end"
  unlist(out, use.names = FALSE)
}

#' The layer widths c(n0, n1, ..., nL) read from the shapes of W1, ..., WL
#' @noRd
architecture_of <- function(parameters) {
  L <- length(parameters) %/% 2L
  W <- lapply(seq_len(L), function(l) parameters[[paste0("W", l)]])
  if (L < 1L || any(vapply(W, function(w) !is.matrix(w), logical(1)))) {
    nn_abort("parameters must be a list of matrices W1, b1, ..., WL, bL")
  }
  c(ncol(W[[1L]]), vapply(W, nrow, integer(1)))
}

#' Write a model file
#'
#' Writes \code{parameters} and \code{meta} in the text format shared with
#' the Python twin (\code{nnscratch.io.model.save_model}; docs/formats.md): a
#' file written by either language loads in the other to identical doubles.
#' The write is atomic (a temporary file in the destination folder, flushed,
#' then renamed), so a crash never leaves a half-written model.
#'
#' @param path File to write (its folder is created when missing).
#' @param parameters Named list \code{W1, b1, ..., WL, bL} of matrices, as
#'   returned by \code{\link{dense_nn}} or \code{\link{init_param}}; or a
#'   fitted \code{nnscratch_model} from \code{\link{nn_fit}} (its parameters
#'   and settings are written; \code{meta} must then be \code{NULL}).
#'   \code{meta = NULL} with plain parameters writes only the architecture
#'   (read from the shapes of the weights).
#' @param meta Named list with any of \code{architecture} (integer vector,
#'   e.g. \code{c(3072, 16, 8, 1)}; required to load the file back),
#'   \code{init}, \code{seed}, \code{learning_rate}, \code{iterations},
#'   \code{image_size}, \code{labels} (named vector, e.g.
#'   \code{c(Cat = 1, Dog = 0)}), \code{created_by} (e.g. "r"),
#'   \code{cost_every}, \code{costs} (the cost history, numeric vector),
#'   \code{update_rule} (the update rule's name, e.g. "gd"), \code{data} (the
#'   training folder, absolute), \code{test_size}, then the epochs engine's
#'   keys (\code{optimizer_hyper}, a named list of numbers, \code{batch_size},
#'   \code{epochs}, \code{lr_schedule}, \code{lr_decay}, \code{lr_interval},
#'   \code{l2}, \code{dropout}, \code{val_size}, \code{patience},
#'   \code{epoch}, \code{batch}, \code{best_epoch}, \code{wait},
#'   \code{history_cost}, \code{history_accuracy}, \code{history_val_cost},
#'   \code{history_val_accuracy}, \code{partial}), written in that order;
#'   \code{standardizer}, \code{list(mean = , std = )} of (n0, 1) matrices,
#'   written as the blocks \code{standardizer.mean} and
#'   \code{standardizer.std} after the parameters;
#'   \code{rule_state}, a named list of matrices (the update rule's state,
#'   names of letters, digits and _), written as \code{state.<name>} blocks
#'   after the parameters. Other entries are ignored.
#' @return \code{path}, invisibly.
#' @export
#' @examples
#' p <- init_param(c(4, 3, 1), seed = 1, init = "he")
#' f <- tempfile(fileext = ".txt")
#' save_model(f, p, list(architecture = c(4, 3, 1), init = "he", seed = 1, created_by = "r"))
#' identical(load_model(f)$parameters, p)
save_model <- function(path, parameters, meta = NULL) {
  if (inherits(parameters, "nnscratch_model")) {
    if (!is.null(meta)) nn_abort("save_model(path, model): a fitted model carries its own meta; give no meta")
    parts <- model_parts(parameters)
    parameters <- parts$parameters
    meta <- parts$meta
  } else if (is.null(meta)) {
    meta <- list(architecture = architecture_of(parameters))
  }
  lines <- model_to_lines(parameters, meta)
  bytes <- charToRaw(enc2utf8(paste0(paste(lines, collapse = "\n"), "\n")))
  atomic_write(path, function(tmp) writeBin(bytes, tmp))
}

#' The range of a float key in words ("%g" numbers, as Python's "%g" writes them)
#' @noRd
range_text <- function(low, high, high_included) {
  if (is.infinite(high)) return(sprintf("a finite number, at least %g", low))
  sprintf("at least %g and %s %g", low, if (high_included) "at most" else "below", high)
}

#' Parse one meta value; out of its key's range is an error too
#' @noRd
parse_meta_value <- function(key, value, path) {
  bad <- function(why = NULL) {
    model_abort(sprintf("%s: bad value for %s: %s%s", path, quote_text(key), quote_text(value),
                        if (is.null(why)) "" else sprintf(" (%s)", why)))
  }
  if (key == "architecture") {
    v <- parse_int_strict(strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]], MODEL_INT_MAX)
    if (length(v) == 0L || anyNA(v)) bad()
    return(if (all(abs(v) <= .Machine$integer.max)) as.integer(v) else v)
  }
  if (key %in% names(MODEL_INT_KEYS)) {
    v <- parse_int_strict(value, MODEL_INT_MAX)
    if (is.na(v)) bad()
    low <- MODEL_INT_KEYS[[key]]
    if (!is.na(low) && v < low) bad(sprintf("at least %d", as.integer(low)))
    return(if (key != "seed" && abs(v) <= .Machine$integer.max) as.integer(v) else v)
  }
  if (key %in% MODEL_FLOAT_LIST_KEYS || key == "partial") {
    if (!nzchar(value) && key != "partial") return(numeric(0))
    v <- parse_float_strict(trimws(strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]))
    if (length(v) == 0L || anyNA(v[!is.nan(v)])) bad()
    if (key == "partial" && (length(v) != 3L || !all(is.finite(v)))) bad("3 finite numbers: cost sum, right count, samples seen")
    return(v)
  }
  if (key %in% names(MODEL_FLOAT_KEYS)) {
    v <- parse_float_strict(trimws(value))
    if (is.na(v) && !is.nan(v)) bad()
    rng <- MODEL_FLOAT_KEYS[[key]]
    if (!is.null(rng) && !isTRUE(rng[1L] <= v && (v < rng[2L] || (rng[3L] == 1 && v == rng[2L])))) {
      bad(range_text(rng[1L], rng[2L], rng[3L] == 1))
    }
    return(v)
  }
  if (key == "lr_schedule") {
    if (!(value %in% MODEL_LR_SCHEDULES)) {
      bad(paste("one of", paste(vapply(MODEL_LR_SCHEDULES, quote_text, ""), collapse = ", ")))
    }
    return(value)
  }
  if (key == "optimizer_hyper") {
    out <- list()
    items <- if (nzchar(value)) strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]] else character(0)
    for (item in items) {
      eq <- regexpr("=", item, fixed = TRUE)
      name <- if (eq > 0L) substr(item, 1L, eq - 1L) else item
      v <- if (eq > 0L) parse_float_strict(trimws(substring(item, eq + 1L))) else NA_real_
      if (eq < 0L || !grepl(STATE_KEY_PATTERN, name) || name %in% names(out) || !is.finite(v)) {
        bad("name=number pairs, finite numbers, each name once")
      }
      out[[name]] <- v
    }
    return(out)
  }
  if (key == "labels") {
    items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
    m <- regexpr("=[^=]*$", items) # rsplit("=", 1)
    if (length(items) == 0L || any(m < 0L)) bad()
    nm <- substr(items, 1L, m - 1L)
    lab <- parse_int_strict(substring(items, m + 1L), MODEL_INT_MAX)
    if (anyNA(lab)) bad()
    lab <- as.integer(lab)
    names(lab) <- nm
    return(lab)
  }
  value
}

#' What a checkpoint must hold to be continued (--resume), beyond what
#' load_model checks: an init of MODEL_INITS and, with iterations, cost_every
#' and costs, one cost per cost_every iterations from iteration 0
#' (ceiling(iterations / cost_every) costs). Python's check_run_meta, same
#' messages.
#' @noRd
check_run_meta <- function(meta, path) {
  if (!is.null(meta$init) && !(meta$init %in% MODEL_INITS)) {
    model_abort(sprintf("%s: bad value for 'init': %s (one of %s)", path, quote_text(meta$init),
                        paste(vapply(MODEL_INITS, quote_text, ""), collapse = ", ")))
  }
  if (is.null(meta$iterations) || is.null(meta$cost_every) || is.null(meta$costs)) return(invisible())
  iterations <- meta$iterations
  cost_every <- meta$cost_every
  if (iterations < 0 || cost_every < 1) {
    model_abort(sprintf("%s: bad value for %s", path, quote_text(if (iterations < 0) "iterations" else "cost_every")))
  }
  expected <- ceiling(iterations / cost_every)
  if (length(meta$costs) != expected) {
    model_abort(sprintf("%s: the cost history has %s costs, but %s iterations with cost_every %s record %s", path,
                        fmt_whole(length(meta$costs)), fmt_whole(iterations), fmt_whole(cost_every), fmt_whole(expected)))
  }
  invisible()
}

#' The text lines of a model file; refuses what is not UTF-8 text
#'
#' CR LF and CR count as line ends (Python's universal newlines); the empty
#' piece after the final "\\n" is not a line, so a file cut after a complete
#' row reads as "truncated", not "corrupt".
#' @noRd
read_model_lines <- function(path) {
  if (!file.exists(path)) {
    model_abort(sprintf("model file not found: %s", quote_text(path)), class = "nnscratch_file_not_found")
  }
  if (dir.exists(path)) model_abort(sprintf("%s: is a folder, not a model file", path))
  size <- file.info(path)$size
  bytes <- tryCatch(
    suppressWarnings(readBin(path, what = "raw", n = max(size, 0, na.rm = TRUE))),
    error = function(e) {
      why <- tryCatch(suppressWarnings({
        con <- file(path, "rb")
        close(con)
        "unknown error"
      }), warning = function(w) sub("^.*: ", "", conditionMessage(w)), error = function(e) conditionMessage(e))
      model_abort(sprintf("%s: cannot read the file (%s)", path, why))
    })
  if (any(bytes == as.raw(0L))) {
    text <- rawToChar(bytes[bytes != as.raw(0L)])
    if (!validUTF8(text)) model_abort(sprintf("%s: not an nnscratch model file (not UTF-8 text)", path))
    model_abort(sprintf("%s: not an nnscratch model file (not text: NUL bytes)", path))
  }
  text <- rawToChar(bytes)
  if (!validUTF8(text)) model_abort(sprintf("%s: not an nnscratch model file (not UTF-8 text)", path))
  Encoding(text) <- "UTF-8"
  text <- gsub("\r\n?", "\n", text, useBytes = TRUE)
  lines <- strsplit(text, "\n", fixed = TRUE)[[1L]]
  if (length(lines) == 0L) lines <- ""
  lines
}

#' Check the header line `name rows cols` of a matrix block at line i against the shape the
#' architecture dims gives (parameters and standardizer blocks); errors name the file and line
#' @noRd
check_block_header <- function(lines, i, name, shape, dims, path) {
  if (i > length(lines) || !nzchar(lines[i])) model_abort(sprintf("%s: truncated: %s is missing", path, name))
  fields <- strsplit(paste0(lines[i], " "), " ", fixed = TRUE)[[1L]]
  if (fields[1L] != name || length(fields) != 3L) {
    model_abort(sprintf("%s: line %d: expected the header of %s, got %s",
                        path, i, name, quote_text(substr(lines[i], 1L, 40L))))
  }
  got <- parse_int_strict(fields[2:3], MODEL_INT_MAX)
  if (anyNA(got)) model_abort(sprintf("%s: line %d: bad shape for %s", path, i, name))
  if (any(got != shape)) {
    model_abort(sprintf("%s: %s has shape (%s, %s) but the architecture %s needs (%s, %s)",
                        path, name, fmt_whole(got[1L]), fmt_whole(got[2L]), fmt_vec(dims),
                        fmt_whole(shape[1L]), fmt_whole(shape[2L])))
  }
}

#' The rows of one block (lines[i] is its header) as a (nr, nc) double matrix
#' @noRd
read_matrix_rows <- function(lines, i, name, nr, nc, path) {
  if (i + nr > length(lines)) model_abort(sprintf("%s: truncated inside %s", path, name))
  rows <- lines[i + seq_len(nr)]
  # Python's row.split(" "): keep empty pieces (double or trailing blanks are corrupt).
  tokens <- strsplit(paste0(rows, " "), " ", fixed = TRUE)
  values <- parse_float_strict(unlist(tokens, use.names = FALSE))
  if (anyNA(values[!is.nan(values)])) model_abort(sprintf("%s: corrupt numbers in %s", path, name))
  if (any(lengths(tokens) != nc)) {
    model_abort(sprintf("%s: %s: a row does not have %s values (truncated or corrupt)", path, name, fmt_whole(nc)))
  }
  if (!all(is.finite(values))) model_abort(sprintf("%s: %s holds NaN or infinite values", path, name))
  matrix(values, nrow = nr, ncol = nc, byrow = TRUE)
}

#' Read a model file
#'
#' Reads a file written by \code{\link{save_model}} or by the Python twin
#' (\code{nnscratch.io.model.save_model}); the doubles are identical to the
#' ones that were written. Files written before rule-state blocks existed load
#' as they always did.
#'
#' @param path A model file.
#' @return A list with \code{parameters}, the named list \code{W1, b1, ...,
#'   WL, bL} of double matrices (\code{b<l>} is (n_l, 1)), and \code{meta},
#'   a named list of the header entries found: \code{architecture} (integer
#'   vector), \code{init}, \code{seed} (double), \code{learning_rate},
#'   \code{iterations}, \code{image_size}, \code{labels} (named integer
#'   vector), \code{created_by}, \code{cost_every} (integer), \code{costs}
#'   (double vector), \code{update_rule} (when the file has it; absent means
#'   "gd"), \code{data} and \code{test_size} (when the file has them), the
#'   epochs engine's keys when present (\code{optimizer_hyper}, a named list
#'   of doubles; \code{batch_size}, \code{epochs}, \code{lr_interval},
#'   \code{patience}, \code{epoch}, \code{batch}, \code{best_epoch},
#'   \code{wait} integers; \code{lr_schedule} text; \code{lr_decay},
#'   \code{l2}, \code{dropout}, \code{val_size} doubles;
#'   \code{history_cost}, \code{history_accuracy}, \code{history_val_cost},
#'   \code{history_val_accuracy} double vectors, NaN allowed; \code{partial},
#'   3 doubles), \code{standardizer} (\code{list(mean = , std = )}, (n0, 1)
#'   matrices, when the file has the \code{standardizer.mean} and
#'   \code{standardizer.std} blocks), and
#'   \code{rule_state} (a named list of double matrices, only when
#'   the file has \code{state.<key>} blocks).
#' @section Errors: every problem is an error of class
#'   \code{"nnscratch_model_error"} (also \code{"nnscratch_error"}) whose
#'   message starts with the file name: a folder, not a model file (not UTF-8
#'   text, NUL bytes, another first line), another format version, a
#'   truncated file (a file cut after a complete line included), corrupt
#'   numbers (numbers are decimal: no hexadecimal, no "_", no "NA"; integers
#'   are ASCII digits up to 2^53 - 1), matrices whose shape does not match the
#'   architecture, NaN or infinite values. A missing file gives
#'   \code{model file not found: '<path>'} (also class
#'   \code{"nnscratch_file_not_found"}). Python's \code{load_model} refuses
#'   the same files with the same messages (parity_tests/test_model_files.py).
#' @export
#' @examples
#' p <- init_param(c(4, 3, 1), seed = 1, init = "he")
#' f <- tempfile(fileext = ".txt")
#' save_model(f, p, list(architecture = c(4, 3, 1), init = "he", seed = 1))
#' m <- load_model(f)
#' identical(m$parameters, p) # TRUE: the doubles read back exactly
#' m$meta$architecture # 4 3 1
#' unlink(f)
load_model <- function(path) {
  path <- as.character(path)
  if (length(path) != 1L || is.na(path)) nn_abort("path must be one file name", class = "nnscratch_type_error")
  lines <- read_model_lines(path)
  n_lines <- length(lines)

  head <- strsplit(paste0(lines[1L], " "), " ", fixed = TRUE)[[1L]]
  if (length(head) != 2L || head[1L] != MODEL_MAGIC) {
    model_abort(sprintf("%s: not an nnscratch model file (first line should be '%s %d')",
                        path, MODEL_MAGIC, MODEL_FORMAT_VERSION))
  }
  if (head[2L] != as.character(MODEL_FORMAT_VERSION)) {
    model_abort(sprintf("%s: model format version %s is not supported (this nnscratch reads version %d)",
                        path, quote_text(head[2L]), MODEL_FORMAT_VERSION))
  }
  meta <- list()
  i <- 2L # R index of the current line (Python's i + 1)
  while (i <= n_lines) {
    key <- sub(" .*$", "", lines[i])
    if (!(key %in% MODEL_META_KEYS)) break
    value <- if (grepl(" ", lines[i], fixed = TRUE)) sub("^[^ ]* ", "", lines[i]) else ""
    meta[[key]] <- parse_meta_value(key, value, path)
    i <- i + 1L
  }
  if (is.null(meta$architecture)) model_abort(sprintf("%s: the header has no 'architecture' line", path))
  dims <- meta$architecture
  if (length(dims) < 2L || any(dims < 1)) model_abort(sprintf("%s: bad architecture %s", path, fmt_vec(dims)))

  L <- length(dims) - 1L
  parameters <- vector("list", 2L * L)
  names(parameters) <- paste0(c("W", "b"), rep(seq_len(L), each = 2L))
  for (l in seq_len(L)) {
    for (name in paste0(c("W", "b"), l)) {
      shape <- if (startsWith(name, "W")) c(dims[l + 1L], dims[l]) else c(dims[l + 1L], 1)
      check_block_header(lines, i, name, shape, dims, path)
      parameters[[name]] <- read_matrix_rows(lines, i, name, shape[1L], shape[2L], path)
      i <- i + 1L + shape[1L]
    }
  }
  hist_keys <- intersect(MODEL_FLOAT_LIST_KEYS[-1L], names(meta))
  hist_keys <- MODEL_FLOAT_LIST_KEYS[MODEL_FLOAT_LIST_KEYS %in% hist_keys]
  hist_n <- vapply(hist_keys, function(k) length(meta[[k]]), 0)
  if (length(unique(hist_n)) > 1L) {
    model_abort(sprintf("%s: the history lists have different lengths (%s)", path,
                        paste(hist_keys, fmt_whole(hist_n), collapse = ", ")))
  }
  if (i <= n_lines && startsWith(lines[i], "standardizer.")) {
    standardizer <- list()
    for (name in STANDARDIZER_BLOCKS) {
      shape <- c(dims[1L], 1)
      check_block_header(lines, i, name, shape, dims, path)
      standardizer[[sub("standardizer.", "", name, fixed = TRUE)]] <- read_matrix_rows(lines, i, name, shape[1L], 1L, path)
      i <- i + 1L + shape[1L]
    }
    if (!all(standardizer$std > 0)) model_abort(sprintf("%s: standardizer.std holds values that are not positive", path))
    meta$standardizer <- standardizer
  }
  state <- list()
  while (i <= n_lines && startsWith(lines[i], "state.")) {
    fields <- strsplit(paste0(lines[i], " "), " ", fixed = TRUE)[[1L]]
    key <- substring(fields[1L], 7L)
    if (length(fields) != 3L || !grepl(STATE_KEY_PATTERN, key)) {
      model_abort(sprintf("%s: line %d: bad rule-state header %s", path, i, quote_text(substr(lines[i], 1L, 40L))))
    }
    if (!is.null(state[[key]])) model_abort(sprintf("%s: line %d: %s appears twice", path, i, fields[1L]))
    got <- parse_int_strict(fields[2:3], MODEL_INT_MAX)
    if (anyNA(got) || any(got < 1)) model_abort(sprintf("%s: line %d: bad shape for %s", path, i, fields[1L]))
    state[[key]] <- read_matrix_rows(lines, i, fields[1L], got[1L], got[2L], path)
    i <- i + 1L + got[1L]
  }
  if (i > n_lines || lines[i] != "end") {
    model_abort(sprintf("%s: truncated or corrupt: no 'end' line after the last parameter", path))
  }
  if (length(state)) meta$rule_state <- state
  list(parameters = parameters, meta = meta)
}
