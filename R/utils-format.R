# Formatting helpers for messages and printed lines: C printf formats shared
# with Python (docs/ "Printed numbers and messages"), no emulation of Python's
# repr. Language-only helpers (Python formats these inline with f-strings).
#
# Shared file: the data/io/cli helpers add theirs below (append only).

#' A vector as a bracketed list, as Python prints one: c(3072, 16, 1) -> "[3072, 16, 1]"
#' @noRd
fmt_vec <- function(x) paste0("[", paste(format(x, scientific = FALSE, trim = TRUE), collapse = ", "), "]")

#' The shape of an array as Python prints a tuple: "(3, 4)"; a plain vector is "(n,)"
#' @noRd
fmt_shape <- function(x) {
  d <- dim(x)
  if (is.null(d)) d <- length(x)
  paste0("(", paste(d, collapse = ", "), if (length(d) == 1L) "," else "", ")")
}

#' "%.6g", with NaN and infinities written as C and Python print them ("nan", "inf", "-inf")
#' @noRd
fmt_g6 <- function(x) if (is.finite(x)) sprintf("%.6g", x) else tolower(format(x))
