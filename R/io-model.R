# Model files: a small text format both languages read and write exactly
# (twin of python/nnscratch/model_io.py, same layout, same error wording).
#
#     nnscratch-model 1
#     architecture 3072,16,8,1
#     init he
#     seed 1
#     learning_rate 0.050000000000000003
#     iterations 1500
#     image_size 32
#     labels Cat=1,Dog=0
#     created_by r
#     cost_every 10
#     costs 0.69314718055994529,0.68123...     (optional: the cost history)
#     W1 16 3072
#     <16 lines of 3072 values, row by row>
#     b1 16 1
#     <16 lines of 1 value>
#     ...
#     end
#
# Values are written with sprintf("%.17g"), which round-trips a double exactly
# in R (as.numeric) and in Python (float), so a model trained in one language
# predicts identically in the other. Files are written atomically (temporary
# file in the same folder, then file.rename).

nn_model_magic <- "nnscratch-model"
nn_model_format_version <- 1L
# Header keys, in the order they are written. `iterations` is the number of
# gradient steps done; `cost_every` and `costs` (optional) hold the cost history,
# so that a checkpoint can be resumed to exactly the uninterrupted result.
nn_model_meta_keys <- c("architecture", "init", "seed", "learning_rate", "iterations",
                        "image_size", "labels", "created_by", "cost_every", "costs")

#' Signal a model file error (class "nnscratch_model_error")
#' @noRd
model_abort <- function(msg, class = NULL) {
  nn_abort(msg, class = c(class, "nnscratch_model_error"))
}

#' Python-like quoting of a string in messages: 'text' (Python's repr() for
#' text of printable characters; backslashes and control characters are
#' escaped, \\ \\t \\n \\r \\xNN, other characters kept as they are: the
#' Python twin nnscratch.model_io.quote() does the same)
#' @noRd
py_quote <- function(x) {
  x <- as.character(x)
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  if (grepl("[\001-\037\177]", x, useBytes = TRUE)) {
    x <- gsub("\t", "\\t", x, fixed = TRUE)
    x <- gsub("\n", "\\n", x, fixed = TRUE)
    x <- gsub("\r", "\\r", x, fixed = TRUE)
    for (code in c(1:31, 127)) {
      ch <- rawToChar(as.raw(code))
      if (grepl(ch, x, fixed = TRUE)) x <- gsub(ch, sprintf("\\x%02x", code), x, fixed = TRUE)
    }
  }
  if (grepl("'", x, fixed = TRUE) && !grepl("\"", x, fixed = TRUE)) {
    return(paste0("\"", x, "\""))
  }
  paste0("'", gsub("'", "\\'", x, fixed = TRUE), "'")
}

#' Whole numbers as digits (no exponent, no ".0"), e.g. 4294967295 -> "4294967295"
#' @noRd
fmt_whole <- function(x) {
  x <- as.numeric(x)
  ifelse(is.finite(x) & x == round(x), sprintf("%.0f", x), sprintf("%.17g", x))
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

# Integers in a model file are at most 2^53 - 1 (exact as doubles; the Python
# twin refuses larger ones too).
nn_model_int_max <- 2^53 - 1

#' Write text lines atomically: a temporary file in the same folder, then rename.
#'
#' @param path Destination file; its folder is created when missing.
#' @param lines Character vector, written as UTF-8 with "\n" after each line.
#' @return \code{path}, invisibly.
#' @noRd
atomic_write_lines <- function(path, lines) {
  path <- as.character(path)
  folder <- dirname(path)
  if (!dir.exists(folder)) dir.create(folder, recursive = TRUE, showWarnings = FALSE)
  if (!dir.exists(folder)) nn_abort(sprintf("cannot create the folder %s", py_quote(folder)))
  tmp <- tempfile(pattern = paste0(".tmp-", basename(path), "-"), tmpdir = folder)
  done <- FALSE
  on.exit(if (!done && file.exists(tmp)) unlink(tmp), add = TRUE)
  con <- file(tmp, open = "wb")
  tryCatch(
    writeLines(enc2utf8(as.character(lines)), con, sep = "\n", useBytes = TRUE),
    finally = close(con)
  )
  if (!file.rename(tmp, path)) {
    nn_abort(sprintf("cannot write %s (rename of the temporary file %s failed)", py_quote(path), py_quote(tmp)))
  }
  done <- TRUE
  invisible(path)
}

#' One meta value as text (the Python twin's _format_meta_value)
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
  if (is.double(value)) return(sprintf("%.17g", value))
  as.character(value)
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
  out <- vector("list", 2L * L + 2L)
  header <- sprintf("%s %d", nn_model_magic, nn_model_format_version)
  for (key in nn_model_meta_keys) {
    if (!is.null(meta[[key]])) header <- c(header, paste(key, format_meta_value(key, meta[[key]])))
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
      nr <- nrow(a)
      nc <- ncol(a)
      need <- if (startsWith(name, "W")) c(dims[[l + 1L]], dims[[l]]) else c(dims[[l + 1L]], 1)
      if (nr != need[1L] || nc != need[2L]) {
        nn_abort(sprintf("parameters$%s has shape (%d, %d) but meta$architecture %s needs (%s, %s)",
                         name, nr, nc, fmt_vec(dims), fmt_whole(need[1L]), fmt_whole(need[2L])))
      }
      txt <- matrix(sprintf("%.17g", as.double(a)), nrow = nr, ncol = nc)
      rows <- if (nc == 1L) txt[, 1L] else do.call(paste, c(lapply(seq_len(nc), function(j) txt[, j]), sep = " "))
      k <- k + 1L
      out[[k]] <- c(sprintf("%s %d %d", name, nr, nc), rows)
    }
  }
  out[[k + 1L]] <- "end"
  unlist(out, use.names = FALSE)
}

#' Write a model file
#'
#' Writes \code{parameters} and \code{meta} in the text format shared with
#' the Python twin (\code{nnscratch.model_io.save_model}): a file written by
#' either language loads in the other to identical doubles. The write is
#' atomic: a temporary file in the destination folder, then
#' \code{file.rename}, so a crash never leaves a half-written model.
#'
#' @param path File to write (its folder is created when missing).
#' @param parameters Named list \code{W1, b1, ..., WL, bL} of matrices, as
#'   returned by \code{\link{dense_nn}} or \code{\link{init_param}}.
#' @param meta Named list with any of \code{architecture} (integer vector,
#'   e.g. \code{c(3072, 16, 8, 1)}; required to load the file back),
#'   \code{init}, \code{seed}, \code{learning_rate}, \code{iterations},
#'   \code{image_size}, \code{labels} (named vector, e.g.
#'   \code{c(Cat = 1, Dog = 0)}), \code{created_by} (e.g. "r"),
#'   \code{cost_every} and \code{costs} (the cost history, numeric vector).
#'   Other entries are ignored; they are written in that order.
#' @return \code{path}, invisibly.
#' @export
#' @examples
#' p <- init_param(c(4, 3, 1), seed = 1, init = "he")
#' f <- tempfile(fileext = ".txt")
#' save_model(f, p, list(architecture = c(4, 3, 1), init = "he", seed = 1, created_by = "r"))
#' identical(load_model(f)$parameters, p)
save_model <- function(path, parameters, meta) {
  atomic_write_lines(path, model_to_lines(parameters, meta))
}

#' Parse one meta value (the Python twin's _parse_meta)
#' @noRd
parse_meta_value <- function(key, value, path) {
  bad <- function() model_abort(sprintf("%s: bad value for %s: %s", path, py_quote(key), py_quote(value)))
  if (key == "architecture") {
    v <- parse_int_strict(strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]], nn_model_int_max)
    if (length(v) == 0L || anyNA(v)) bad()
    return(if (all(abs(v) <= .Machine$integer.max)) as.integer(v) else v)
  }
  if (key %in% c("seed", "iterations", "image_size", "cost_every")) {
    v <- parse_int_strict(value, nn_model_int_max)
    if (is.na(v)) bad()
    return(if (key != "seed" && abs(v) <= .Machine$integer.max) as.integer(v) else v)
  }
  if (key == "costs") {
    if (!nzchar(value)) return(numeric(0))
    v <- parse_float_tokens(trimws(strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]))
    if (anyNA(v[!is.nan(v)])) bad()
    return(v)
  }
  if (key == "learning_rate") {
    v <- parse_float_tokens(trimws(value))
    if (is.na(v) && !is.nan(v)) bad()
    return(v)
  }
  if (key == "labels") {
    items <- strsplit(paste0(value, ","), ",", fixed = TRUE)[[1L]]
    m <- regexpr("=[^=]*$", items) # rsplit("=", 1)
    if (length(items) == 0L || any(m < 0L)) bad()
    nm <- substr(items, 1L, m - 1L)
    lab <- parse_int_strict(substring(items, m + 1L), nn_model_int_max)
    if (anyNA(lab)) bad()
    lab <- as.integer(lab)
    names(lab) <- nm
    return(lab)
  }
  value
}

#' Parse number tokens like Python's float(): decimal numbers, and nan / inf /
#' infinity in any case (as NaN / Inf); NA (not NaN) for anything else.
#' @noRd
parse_float_tokens <- function(tok) {
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

#' Read a model file
#'
#' Reads a file written by \code{\link{save_model}} or by the Python twin
#' (\code{nnscratch.model_io.save_model}); the doubles are identical to the
#' ones that were written.
#'
#' @param path A model file.
#' @return A list with \code{parameters}, the named list \code{W1, b1, ...,
#'   WL, bL} of double matrices (\code{b<l>} is (n_l, 1)), and \code{meta},
#'   a named list of the header entries found: \code{architecture} (integer
#'   vector), \code{init}, \code{seed} (double), \code{learning_rate},
#'   \code{iterations}, \code{image_size}, \code{labels} (named integer
#'   vector), \code{created_by}, \code{cost_every} (integer), \code{costs}
#'   (double vector).
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
load_model <- function(path) {
  path <- as.character(path)
  if (length(path) != 1L || is.na(path)) nn_abort("path must be one file name", class = "nnscratch_type_error")
  if (!file.exists(path)) {
    model_abort(sprintf("model file not found: %s", py_quote(path)), class = "nnscratch_file_not_found")
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
  not_model <- function() {
    model_abort(sprintf("%s: not an nnscratch model file (first line should be '%s %d')",
                        path, nn_model_magic, nn_model_format_version))
  }
  if (any(bytes == as.raw(0L))) {
    text <- rawToChar(bytes[bytes != as.raw(0L)])
    if (!validUTF8(text)) model_abort(sprintf("%s: not an nnscratch model file (not UTF-8 text)", path))
    model_abort(sprintf("%s: not an nnscratch model file (not text: NUL bytes)", path))
  }
  text <- rawToChar(bytes)
  if (!validUTF8(text)) model_abort(sprintf("%s: not an nnscratch model file (not UTF-8 text)", path))
  Encoding(text) <- "UTF-8"
  text <- gsub("\r\n?", "\n", text, useBytes = TRUE) # Python's universal newlines
  # The lines of the text; the empty piece after the final "\n" is not a line (strsplit
  # drops it), so a file cut after a complete row reads as "truncated", not "corrupt".
  lines <- strsplit(text, "\n", fixed = TRUE)[[1L]]
  if (length(lines) == 0L) lines <- ""
  n_lines <- length(lines)

  head <- strsplit(paste0(lines[1L], " "), " ", fixed = TRUE)[[1L]]
  if (length(head) != 2L || head[1L] != nn_model_magic) not_model()
  if (head[2L] != as.character(nn_model_format_version)) {
    model_abort(sprintf("%s: model format version %s is not supported (this nnscratch reads version %d)",
                        path, py_quote(head[2L]), nn_model_format_version))
  }
  meta <- list()
  i <- 2L # R index of the current line (Python's i + 1)
  while (i <= n_lines) {
    key <- sub(" .*$", "", lines[i])
    if (!(key %in% nn_model_meta_keys)) break
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
      if (i > n_lines || !nzchar(lines[i])) model_abort(sprintf("%s: truncated: %s is missing", path, name))
      fields <- strsplit(paste0(lines[i], " "), " ", fixed = TRUE)[[1L]]
      if (fields[1L] != name || length(fields) != 3L) {
        model_abort(sprintf("%s: line %d: expected the header of %s, got %s",
                            path, i, name, py_quote(substr(lines[i], 1L, 40L))))
      }
      got <- parse_int_strict(fields[2:3], nn_model_int_max)
      if (anyNA(got)) model_abort(sprintf("%s: line %d: bad shape for %s", path, i, name))
      if (any(got != shape)) {
        model_abort(sprintf("%s: %s has shape (%s, %s) but the architecture %s needs (%s, %s)",
                            path, name, fmt_whole(got[1L]), fmt_whole(got[2L]), fmt_vec(dims),
                            fmt_whole(shape[1L]), fmt_whole(shape[2L])))
      }
      nr <- shape[1L]
      nc <- shape[2L]
      if (i + nr > n_lines) model_abort(sprintf("%s: truncated inside %s", path, name))
      rows <- lines[i + seq_len(nr)]
      # Python's row.split(" "): keep empty pieces (double or trailing blanks are corrupt).
      tokens <- strsplit(paste0(rows, " "), " ", fixed = TRUE)
      counts <- lengths(tokens)
      values <- parse_float_tokens(unlist(tokens, use.names = FALSE))
      if (anyNA(values[!is.nan(values)])) model_abort(sprintf("%s: corrupt numbers in %s", path, name))
      if (any(counts != nc)) {
        model_abort(sprintf("%s: %s: a row does not have %s values (truncated or corrupt)", path, name, fmt_whole(nc)))
      }
      if (!all(is.finite(values))) model_abort(sprintf("%s: %s holds NaN or infinite values", path, name))
      parameters[[name]] <- matrix(values, nrow = nr, ncol = nc, byrow = TRUE)
      i <- i + 1L + nr
    }
  }
  if (i > n_lines || lines[i] != "end") {
    model_abort(sprintf("%s: truncated or corrupt: no 'end' line after the last parameter", path))
  }
  list(parameters = parameters, meta = meta)
}
