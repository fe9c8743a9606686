# The cost curve as a PNG drawn with base graphics (twin of
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
write_cost_curve <- function(path, costs, cost_every) {
  title <- "nnscratch: training cost"
  costs <- as.double(costs)
  its <- (seq_along(costs) - 1) * cost_every
  atomic_write(path, function(tmp) {
    dev_args <- list(filename = gsub("%", "%%", tmp, fixed = TRUE), width = 600, height = 400, res = 100,
                     pointsize = 10)
    if (capabilities("cairo")) dev_args$type <- "cairo"
    do.call(grDevices::png, dev_args)
    dev <- grDevices::dev.cur()
    on.exit(grDevices::dev.off(dev))
    graphics::par(mar = c(4, 4.5, 2.5, 1))
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
