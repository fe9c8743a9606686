# User-facing argument checks shared by the public steps (twin of
# python/nnscratch/utils/validation.py, same wording). Each failure is an error
# of class c("nnscratch_error", "error", "condition") whose message names the
# argument and the expected shape or range.
#
# R-only helpers: nn_abort (Python raises ValueError/TypeError/KeyError) and
# list_entry (Python's dict lookup raises KeyError by itself).

#' Signal an nnscratch argument error
#'
#' @param msg The message (names the argument and what was expected).
#' @param class Extra condition class, e.g. "nnscratch_value_error".
#' @return Does not return; signals an error condition.
#' @keywords internal
#' @noRd
nn_abort <- function(msg, class = "nnscratch_value_error") {
  stop(structure(
    class = c(class, "nnscratch_error", "error", "condition"),
    list(message = msg, call = NULL)
  ))
}

#' A single finite whole number (TRUE for 3 and 3.0, FALSE for 2.5, NA, Inf, "3")
#' @noRd
is_integral <- function(x) {
  is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == floor(x)
}

check_layers_dims <- function(layers_dims) {
  if (length(layers_dims) < 2L) {
    nn_abort(sprintf("layers_dims must have at least 2 entries (input width, ..., output width); got %s",
                     fmt_vec(layers_dims)))
  }
  for (i in seq_along(layers_dims)) {
    d <- layers_dims[[i]]
    if (!is_integral(d) || d < 1) {
      nn_abort(sprintf("layers_dims must be positive integers; entry %d is %s", i, format(d))) # 1-based: layers_dims[i]
    }
  }
  as.numeric(layers_dims)
}

#' Entry of a named list of parameters or gradients, with an error if missing
#'
#' \code{x[[name]]} is NULL for a missing name, and NULL propagates silently
#' through arithmetic (\code{W - 0.1 * NULL} is \code{numeric(0)}); Python
#' raises KeyError. This raises instead.
#'
#' @param x Named list (parameters or gradients).
#' @param name Entry name, e.g. "W2".
#' @param what Name of \code{x} for the message.
#' @return \code{x[[name]]}.
#' @noRd
list_entry <- function(x, name, what) {
  value <- x[[name]]
  if (is.null(value)) {
    nn_abort(sprintf("%s has no entry '%s'", what, name), "nnscratch_key_error")
  }
  value
}

check_seed <- function(seed) {
  if (!is_integral(seed) || seed < 0 || seed > 4294967295) {
    nn_abort(sprintf("seed must be an integer in [0, 4294967295]; got %s",
                     if (is.numeric(seed) && length(seed) == 1L) format(seed, scientific = FALSE) else deparse(seed)))
  }
  as.numeric(seed)
}

check_init <- function(init) {
  if (!is.character(init) || length(init) != 1L || !(init %in% c("scaled", "xavier", "he"))) {
    nn_abort(sprintf("init must be one of 'scaled', 'xavier', 'he'; got %s", quote_text(paste(init, collapse = ","))))
  }
  init
}

check_activation <- function(activation) {
  if (!is.character(activation) || length(activation) != 1L || !(activation %in% c("relu", "sigmoid"))) {
    nn_abort(sprintf("activation must be 'relu' or 'sigmoid'; got %s", quote_text(paste(activation, collapse = ","))))
  }
  activation
}

# --- training arguments ---

check_matrix <- function(name, a, what = "one sample per column") {
  if (!is.numeric(a) && !is.logical(a)) {
    nn_abort(sprintf("%s must be a numeric matrix (n, m) with %s; got %s", name, what, class(a)[1]),
             "nnscratch_type_error")
  }
  if (!is.matrix(a)) {
    nn_abort(sprintf("%s must be a 2-D array (n, m) with %s; got shape %s", name, what, fmt_shape(a)))
  }
  a
}

check_finite <- function(name, a) {
  # Fast path, no logical temporaries as large as a: NaN and +-Inf propagate into a sum, so a finite
  # sum proves every element finite (integers and logicals can only be NA). A sum that is not finite
  # (a bad value, or finite values overflowing) searches for the first bad element.
  if (if (is.double(a)) is.finite(sum(a)) else !anyNA(a)) return(invisible(NULL))
  bad <- which(!is.finite(a), arr.ind = TRUE)
  if (length(bad)) {
    # "first" in reading order, row by row, as numpy's argwhere (which() goes column by column);
    # 1-based, as R indexes: a[row, column] (Python's message gives the 0-based position).
    first <- bad[order(bad[, 1L], bad[, 2L])[1L], ]
    nn_abort(sprintf("%s holds NaN or infinite values (first at row %d, column %d)",
                     name, first[[1L]], first[[2L]]))
  }
}

check_X_Y <- function(X, Y) {
  check_matrix("X", X)
  check_finite("X", X)
  check_matrix("Y", Y, what = "the labels of the m samples")
  if (nrow(Y) != 1L) nn_abort(sprintf("Y must have shape (1, m); got %s", fmt_shape(Y)))
  if (ncol(Y) != ncol(X)) {
    nn_abort(sprintf("X and Y must have the same number of samples (columns): X has %d, Y has %d",
                     ncol(X), ncol(Y)))
  }
  bad <- which(!(Y %in% c(0, 1)))
  if (length(bad)) {
    v <- Y[bad[1]]
    nn_abort(sprintf("Y must hold labels 0 or 1; found %s at column %d",
                     if (is.finite(v) && v == floor(v)) sprintf("%.1f", v) else format(v), bad[1])) # 1-based Y[1, column]
  }
}

check_learning_rate <- function(learning_rate) {
  if (!is.numeric(learning_rate) || length(learning_rate) != 1L || !is.finite(learning_rate) ||
      learning_rate <= 0) {
    shown <- if (is.numeric(learning_rate) && length(learning_rate) == 1L) fmt_g6(learning_rate) else deparse(learning_rate)
    nn_abort(sprintf("learning_rate must be a positive number; got %s", shown))
  }
  learning_rate
}

check_positive_int <- function(name, value, allow_zero = FALSE) {
  low <- if (allow_zero) 0 else 1
  if (!is_integral(value) || value < low) {
    nn_abort(sprintf("%s must be %s; got %s", name,
                     if (allow_zero) "a non-negative integer" else "a positive integer", format(value)))
  }
  value
}

check_parameters <- function(parameters, n0 = NULL) {
  if (!is.list(parameters) || length(parameters) < 2L || length(parameters) %% 2L) {
    nn_abort("parameters must be a named list with W1, b1, ..., WL, bL")
  }
  L <- length(parameters) %/% 2L
  prev <- n0
  for (l in seq_len(L)) {
    for (key in paste0(c("W", "b"), l)) {
      if (is.null(parameters[[key]])) nn_abort(sprintf("parameters has no entry '%s'", key), "nnscratch_key_error")
    }
    W <- parameters[[paste0("W", l)]]
    b <- parameters[[paste0("b", l)]]
    check_matrix(paste0("W", l), W, what = "n_l rows and n_(l-1) columns")
    if (!is.null(prev) && ncol(W) != prev) {
      what <- if (l == 1L) "the number of rows of X" else sprintf("the rows of W%d", l - 1L)
      nn_abort(sprintf("W%d has shape %s: its %d columns must match %s (%d)", l, fmt_shape(W), ncol(W), what, prev))
    }
    if (!is.matrix(b) || !identical(as.integer(dim(b)), c(nrow(W), 1L))) {
      nn_abort(sprintf("b%d must have shape (%d, 1); got %s", l, nrow(W), fmt_shape(b)))
    }
    prev <- nrow(W)
  }
  if (prev != 1L) {
    nn_abort(sprintf("the output layer W%d must have 1 row (one probability per sample); got %d", L, prev))
  }
  L
}

check_training_args <- function(X, Y, layers_dims, learning_rate, num_iterations) {
  check_X_Y(X, Y)
  dims <- check_layers_dims(layers_dims)
  if (dims[1] != nrow(X)) {
    nn_abort(sprintf("layers_dims[1] must equal the number of rows of X (%d); got %s", nrow(X), format(dims[1])))
  }
  if (dims[length(dims)] != 1) {
    nn_abort(sprintf("the last entry of layers_dims must be 1 (one output probability); got %s",
                     format(dims[length(dims)])))
  }
  check_learning_rate(learning_rate)
  check_positive_int("num_iterations", num_iterations)
  dims
}
