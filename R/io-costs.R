# The cost history as CSV (twin of python/nnscratch/io/costs.py): header
# "iteration,cost", then one row per recorded cost, "%.17g" values; the same
# bytes in both languages.

#' The lines of the cost CSV (header included)
#' @noRd
costs_to_csv_lines <- function(costs, cost_every) {
  costs <- as.double(costs)
  its <- (seq_along(costs) - 1) * cost_every
  c("iteration,cost", if (length(costs)) paste0(fmt_whole(its), ",", sprintf("%.17g", costs)))
}

#' Write the cost history as CSV
#'
#' Header \code{iteration,cost}, then one row per recorded cost, at iterations
#' \code{0, cost_every, 2 * cost_every, ...}; costs are written with
#' \code{sprintf("\%.17g")}, so they read back exactly. The same bytes as the
#' Python twin's \code{write_costs_csv}.
#'
#' @param path CSV file to write (atomically).
#' @param costs Numeric vector, the \code{costs} of \code{\link{dense_nn}}.
#' @param cost_every Iterations between two recorded costs.
#' @return \code{path}, invisibly.
#' @export
write_costs_csv <- function(path, costs, cost_every) {
  bytes <- charToRaw(paste0(paste(costs_to_csv_lines(costs, cost_every), collapse = "\n"), "\n"))
  atomic_write(path, function(tmp) writeBin(bytes, tmp))
}
