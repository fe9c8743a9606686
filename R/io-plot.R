# The cost curves (write_cost_curve, write_history_curve) as PNGs drawn with base graphics (twin of
# python/nnscratch/io/plot.py, which uses matplotlib).

#' Plot the cost curve to a PNG file
#'
#' Cost against iteration, 600 x 400 pixels, drawn with base graphics
#' (\code{grDevices::png}, Cairo when available: no display needed), written
#' atomically (drawn into a temporary file of the same folder, then renamed).
#'
#' @inheritParams write_costs_csv
#' @param path PNG file to write.
#' @return \code{path}, invisibly.
#' @export
#' @examples
#' f <- tempfile(fileext = ".png")
#' write_cost_curve(f, costs = c(0.69, 0.42, 0.21, 0.03), cost_every = 100)
#' file.size(f) > 0 # TRUE
#' unlink(f)
write_cost_curve <- function(path, costs, cost_every) {
  title <- "nnscratch: training cost"
  costs <- as.double(costs)
  its <- (seq_along(costs) - 1) * cost_every
  write_png_plot(path, function() {
    if (length(costs)) {
      graphics::plot(its, costs, type = "l", col = "#1f77b4", lwd = 1.5,
                     xlab = "iteration", ylab = "cross-entropy cost", main = title)
    } else {
      graphics::plot.new()
      graphics::title(main = title, xlab = "iteration", ylab = "cross-entropy cost")
    }
    graphics::grid(col = "grey85", lty = 1)
    if (length(costs)) graphics::lines(its, costs, col = "#1f77b4", lwd = 1.5)
  })
}

#' Draw a 600 x 400 PNG with plot_fn() (no arguments) and put it at path atomically
#'
#' The device is closed before the file is checked (check_png_complete) and
#' renamed into place; shared by write_cost_curve and write_history_curve.
#' @noRd
write_png_plot <- function(path, plot_fn) {
  draw <- function(tmp) {
    dev_args <- list(filename = gsub("%", "%%", tmp, fixed = TRUE), width = 600, height = 400, res = 100,
                     pointsize = 10)
    if (capabilities("cairo")) dev_args$type <- "cairo"
    do.call(grDevices::png, dev_args)
    dev <- grDevices::dev.cur()
    on.exit(grDevices::dev.off(dev))
    graphics::par(mar = c(4, 4.5, 2.5, 1))
    plot_fn()
  }
  atomic_write(path, function(tmp) {
    draw(tmp)
    check_png_complete(tmp, path)
  })
}

#' Refuse a PNG file that does not end with its IEND chunk
#'
#' The png device reports a failed write (a full disk) only by printing
#' "Write Error" and leaves a cut file; atomic_write must not rename it into
#' place. A complete PNG starts with the 8-byte signature and ends with the
#' 12-byte IEND chunk.
#' @noRd
check_png_complete <- function(file, path) {
  size <- file.info(file)$size
  signature <- as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
  iend <- as.raw(c(0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82))
  ok <- !is.na(size) && size >= 20 && {
    con <- file(file, "rb")
    on.exit(close(con))
    head <- readBin(con, "raw", 8L)
    seek(con, size - 12)
    tail <- readBin(con, "raw", 12L)
    identical(head, signature) && identical(tail, iend)
  }
  if (!ok) {
    nn_abort(sprintf("cannot write %s: the PNG device wrote an incomplete file (%s bytes; is the disk full?)",
                     quote_text(path), fmt_whole(if (is.na(size)) 0 else size)), class = "nnscratch_io_error")
  }
  invisible(TRUE)
}

#' Plot the training and validation cost per epoch to a PNG file
#'
#' The epochs engine's training cost and, when there is one (not all NaN),
#' its validation cost against the epoch, with a legend; 600 x 400 pixels,
#' base graphics, written atomically and refused when the PNG is incomplete
#' (a full disk), as \code{\link{write_cost_curve}}. The twin of Python's
#' \code{write_history_curve} (matplotlib: the pictures differ, the points
#' do not).
#'
#' @param path PNG file to write.
#' @param history Named list of equal-length numeric vectors with at least
#'   \code{epoch} and \code{cost} (\code{val_cost} optional), as the
#'   \code{history} of the epochs engine.
#' @return \code{path}, invisibly.
#' @export
#' @examples
#' f <- tempfile(fileext = ".png")
#' write_history_curve(f, list(epoch = 1:3, cost = c(0.69, 0.4, 0.3), val_cost = c(0.7, 0.5, 0.45)))
#' file.size(f) > 0 # TRUE
#' unlink(f)
write_history_curve <- function(path, history) {
  epochs <- as.double(unlist(history$epoch))
  cost <- as.double(unlist(history$cost))
  val <- as.double(unlist(history$val_cost))
  if (length(cost) != length(epochs) || (length(val) && length(val) != length(epochs))) {
    nn_abort(sprintf("history epoch, cost and val_cost must have the same length; got %d, %d, %d",
                     length(epochs), length(cost), length(val)))
  }
  has_val <- any(!is.na(val))
  title <- if (has_val) "nnscratch: training and validation cost" else "nnscratch: training cost"
  write_png_plot(path, function() {
    finite <- c(cost, if (has_val) val)
    finite <- finite[is.finite(finite)]
    if (length(epochs) && length(finite)) {
      graphics::plot(range(epochs), range(finite), type = "n", xlab = "epoch", ylab = "cross-entropy cost", main = title)
    } else {
      graphics::plot.new()
      graphics::title(main = title, xlab = "epoch", ylab = "cross-entropy cost")
    }
    graphics::grid(col = "grey85", lty = 1)
    graphics::lines(epochs, cost, col = "#1f77b4", lwd = 1.5)
    if (has_val) graphics::lines(epochs, val, col = "#ff7f0e", lwd = 1.5)
    graphics::legend("topright", legend = c("training", if (has_val) "validation"),
                     col = c("#1f77b4", if (has_val) "#ff7f0e"), lwd = 1.5, bg = "white")
  })
}
