# Formatting helpers for messages and printed lines: C printf formats shared
# with Python (docs/ "Printed numbers and messages"), no emulation of Python's
# repr. Language-only helpers (Python formats these inline with f-strings).
#
# Shared file: the data/io/cli helpers add theirs below (append only).

#' A vector as a bracketed list, as Python prints one: c(3072, 16, 1) -> "[3072, 16, 1]"
#' @noRd
fmt_vec <- function(x) {
  # each entry on its own: format() of a whole vector pads to a common width (3.0, 2.5)
  items <- vapply(x, function(v) format(v, scientific = FALSE), character(1))
  paste0("[", paste(items, collapse = ", "), "]")
}

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

#' A string quoted for a message, the same in both languages (Python's
#' quote_text): 'text', with backslash, tab, newline and CR written as \\\\,
#' \\t, \\n, \\r, other control characters as \\xNN; "text" when the text has a
#' single quote and no double quote, else inner single quotes become \\'.
#' @noRd
quote_text <- function(x) {
  x <- gsub("\\", "\\\\", as.character(x), fixed = TRUE)
  if (grepl("[\001-\037\177]", x, useBytes = TRUE)) {
    x <- gsub("\t", "\\t", x, fixed = TRUE)
    x <- gsub("\n", "\\n", x, fixed = TRUE)
    x <- gsub("\r", "\\r", x, fixed = TRUE)
    for (code in c(1:31, 127)) {
      ch <- rawToChar(as.raw(code))
      if (grepl(ch, x, fixed = TRUE)) x <- gsub(ch, sprintf("\\x%02x", code), x, fixed = TRUE)
    }
  }
  if (grepl("'", x, fixed = TRUE) && !grepl("\"", x, fixed = TRUE)) return(paste0("\"", x, "\""))
  paste0("'", gsub("'", "\\'", x, fixed = TRUE), "'")
}

#' Whole numbers as "%d" would print them, also beyond the int range
#' (4294967295 -> "4294967295"); anything else "%.17g", NaN and infinities as
#' C and Python print them ("nan", "inf", "-inf"; R's sprintf writes "NaN", "Inf")
#' @noRd
fmt_whole <- function(x) {
  x <- as.numeric(x)
  out <- ifelse(is.finite(x) & x == round(x), sprintf("%.0f", x), sprintf("%.17g", x))
  special <- is.nan(x) | is.infinite(x)
  out[special] <- tolower(trimws(format(x[special])))
  out
}
