# User-facing argument checks shared by the public steps (twin of
# python/nnscratch/validation.py, same wording). Each failure is an error of
# class c("nnscratch_error", "error", "condition") whose message names the
# argument and the expected shape or range.

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

is_integral <- function(x) {
  is.numeric(x) && length(x) == 1L && !is.na(x) && is.finite(x) && x == floor(x)
}

# Python-like rendering of a vector in messages: [3, 0, 1]
fmt_vec <- function(x) paste0("[", paste(format(x, scientific = FALSE, trim = TRUE), collapse = ", "), "]")

check_layer_dims <- function(layer_dims) {
  if (length(layer_dims) < 2L) {
    nn_abort(sprintf("layer_dims must have at least 2 entries (input width, ..., output width); got %s",
                     fmt_vec(layer_dims)))
  }
  for (i in seq_along(layer_dims)) {
    d <- layer_dims[[i]]
    if (!is_integral(d) || d < 1) {
      nn_abort(sprintf("layer_dims must be positive integers; entry %d is %s", i - 1L, format(d)))
    }
  }
  as.numeric(layer_dims)
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
    nn_abort(sprintf("init must be one of 'scaled', 'xavier', 'he'; got '%s'", paste(init, collapse = ",")))
  }
  init
}

check_activation <- function(activation) {
  if (!is.character(activation) || length(activation) != 1L || !(activation %in% c("relu", "sigmoid"))) {
    nn_abort(sprintf("activation must be 'relu' or 'sigmoid'; got '%s'", paste(activation, collapse = ",")))
  }
  activation
}
