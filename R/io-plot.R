# Cost history output: a CSV file and a cost-curve PNG made with base graphics
# (twin of python/nnscratch/plot.py). Both files are written atomically.

#' The lines of the cost CSV (header included)
#' @noRd
costs_to_csv_lines <- function(costs, cost_every, start = 0) {
  costs <- as.double(costs)
  its <- start + (seq_along(costs) - 1) * cost_every
  c("iteration,cost", if (length(costs)) paste0(fmt_whole(its), ",", sprintf("%.17g", costs)))
}

#' Write the cost history as CSV
#'
#' Header \code{iteration,cost}, then one row per recorded cost, at iterations
#' \code{start, start + cost_every, ...}; costs are written with
#' \code{sprintf("\%.17g")}, so they read back exactly. The same bytes as the
#' Python twin's \code{write_costs_csv}.
#'
#' @param path CSV file to write (atomically).
#' @param costs Numeric vector, the \code{costs} of \code{\link{dense_nn}}.
#' @param cost_every Iterations between two recorded costs.
#' @param start Iteration of the first cost (default 0).
#' @return \code{path}, invisibly.
#' @export
write_costs_csv <- function(path, costs, cost_every, start = 0) {
  atomic_write_lines(path, costs_to_csv_lines(costs, cost_every, start))
}

#' Plot the cost curve to a PNG file
#'
#' Cost against iteration, 600 x 400 pixels, drawn with base graphics
#' (\code{grDevices::png}, Cairo when available: no display needed). The
#' image is drawn into a temporary file of the same folder, then renamed.
#'
#' @inheritParams write_costs_csv
#' @param path PNG file to write.
#' @param title Plot title.
#' @return \code{path}, invisibly.
#' @export
write_cost_curve <- function(path, costs, cost_every, title = "nnscratch: training cost", start = 0) {
  path <- as.character(path)
  folder <- dirname(path)
  if (!dir.exists(folder)) dir.create(folder, recursive = TRUE, showWarnings = FALSE)
  tmp <- tempfile(pattern = paste0(".tmp-", sub("[.]png$", "", basename(path)), "-"),
                  tmpdir = folder, fileext = ".png")
  done <- FALSE
  on.exit(if (!done && file.exists(tmp)) unlink(tmp), add = TRUE)
  costs <- as.double(costs)
  its <- start + (seq_along(costs) - 1) * cost_every
  dev_args <- list(filename = gsub("%", "%%", tmp, fixed = TRUE), width = 600, height = 400, res = 100,
                   pointsize = 10)
  if (capabilities("cairo")) dev_args$type <- "cairo"
  do.call(grDevices::png, dev_args)
  dev <- grDevices::dev.cur()
  ok <- FALSE
  tryCatch({
    old <- graphics::par(mar = c(4, 4.5, 2.5, 1))
    if (length(costs)) {
      graphics::plot(its, costs, type = "l", col = "#1f77b4", lwd = 1.5,
                     xlab = "iteration", ylab = "cross-entropy cost", main = title)
    } else {
      graphics::plot.new()
      graphics::title(main = title, xlab = "iteration", ylab = "cross-entropy cost")
    }
    graphics::grid(col = "grey85", lty = 1)
    if (length(costs)) graphics::lines(its, costs, col = "#1f77b4", lwd = 1.5)
    graphics::par(old)
    ok <- TRUE
  }, finally = grDevices::dev.off(dev))
  if (!ok || !file.exists(tmp)) nn_abort(sprintf("could not draw the cost curve %s", py_quote(path)))
  if (!file.rename(tmp, path)) {
    nn_abort(sprintf("cannot write %s (rename of the temporary file %s failed)", py_quote(path), py_quote(tmp)))
  }
  done <- TRUE
  invisible(path)
}
