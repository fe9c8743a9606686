# The cost history as CSV (twin of python/nnscratch/io/costs.py): header
# "iteration,cost", then one row per recorded cost, "%.17g" values; and the
# epochs engine's history (write_history_csv); the same
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
#' @examples
#' f <- tempfile(fileext = ".csv")
#' write_costs_csv(f, costs = c(0.693, 0.41859476, 0.02775008), cost_every = 100)
#' readLines(f) # "iteration,cost" "0,0.69299999999999995" "100,0.41859476000000001" ...
#' unlink(f)
write_costs_csv <- function(path, costs, cost_every) {
  bytes <- charToRaw(paste0(paste(costs_to_csv_lines(costs, cost_every), collapse = "\n"), "\n"))
  atomic_write(path, function(tmp) writeBin(bytes, tmp))
}

# The columns of the history CSV, in order (the engine's history keys).
HISTORY_COLUMNS <- c("epoch", "cost", "accuracy", "val_cost", "val_accuracy")

#' The lines of the history CSV (header included); Python's history_to_csv_lines
#' @noRd
history_to_csv_lines <- function(history) {
  missing <- setdiff(HISTORY_COLUMNS, names(history))
  if (length(missing)) {
    nn_abort(sprintf("history has no %s (it needs %s)", quote_text(missing[1L]), paste(HISTORY_COLUMNS, collapse = ", ")))
  }
  columns <- lapply(HISTORY_COLUMNS, function(k) as.double(unlist(history[[k]])))
  n <- lengths(columns)
  if (length(unique(n)) > 1L) {
    nn_abort(sprintf("history columns must have the same length; got %s",
                     paste(HISTORY_COLUMNS, fmt_whole(n), collapse = ", ")))
  }
  epoch <- columns[[1L]]
  if (any(!is.finite(epoch) | epoch != round(epoch))) {
    nn_abort(sprintf("history epochs must be whole numbers; got %s", fmt_g17(epoch[!is.finite(epoch) | epoch != round(epoch)][1L])))
  }
  rows <- if (n[1L]) do.call(paste, c(list(fmt_whole(epoch)), lapply(columns[-1L], fmt_g17), sep = ","))
  c(paste(HISTORY_COLUMNS, collapse = ","), rows)
}

#' Write the epochs engine's history as CSV
#'
#' Header \code{epoch,cost,accuracy,val_cost,val_accuracy}, then one row per
#' epoch: the epoch as a whole number, the others with
#' \code{sprintf("\%.17g")} (NaN, e.g. without a validation set, written
#' \code{nan} as Python writes it), so they read back exactly. The same bytes
#' as the Python twin's \code{write_history_csv}; written atomically.
#'
#' @param path CSV file to write.
#' @param history Named list of equal-length numeric vectors \code{epoch},
#'   \code{cost}, \code{accuracy}, \code{val_cost}, \code{val_accuracy} (the
#'   \code{history} of the epochs engine; other entries are ignored).
#' @return \code{path}, invisibly.
#' @export
#' @examples
#' f <- tempfile(fileext = ".csv")
#' h <- list(epoch = 1:2, cost = c(0.69, 0.5), accuracy = c(0.5, 0.75), val_cost = c(NaN, NaN),
#'           val_accuracy = c(NaN, NaN))
#' write_history_csv(f, h)
#' readLines(f) # "epoch,cost,accuracy,val_cost,val_accuracy" "1,0.68999999999999995,0.5,nan,nan" ...
#' unlink(f)
write_history_csv <- function(path, history) {
  bytes <- charToRaw(paste0(paste(history_to_csv_lines(history), collapse = "\n"), "\n"))
  atomic_write(path, function(tmp) writeBin(bytes, tmp))
}
