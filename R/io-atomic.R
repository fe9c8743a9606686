# One atomic file write, used by every writer: model files (R/io-model.R), the
# image cache and .npy files (R/data-cache.R, R/data-npy.R), the costs CSV
# (R/io-costs.R) and the cost-curve PNG (R/io-plot.R). Twin of
# python/nnscratch/io/atomic.py.

#' Write a file atomically
#'
#' \code{write(tmp)} fills a temporary file in the destination folder (it gets
#' the temporary file's path, so it can use \code{writeBin(x, tmp)}, a
#' connection of its own or a graphics device); the file is then flushed to
#' disk and renamed over \code{path}. Readers see the old file or the complete
#' new one, never a partial one.
#'
#' Any warning while writing (R reports a failed flush, e.g. a full disk, as a
#' warning of \code{close()}, \code{writeBin()} or \code{writeLines()}) is
#' turned into an error: a file whose final flush failed must never be renamed
#' into place. On any error the temporary file is removed and \code{path} is
#' left as it was.
#'
#' @param path Destination file; its folder is created when missing.
#' @param write Function of one argument, the temporary file's path.
#' @return \code{path}, invisibly.
#' @noRd
atomic_write <- function(path, write) {
  path <- as.character(path)
  folder <- dirname(path)
  if (!dir.exists(folder)) dir.create(folder, recursive = TRUE, showWarnings = FALSE)
  if (!dir.exists(folder)) {
    nn_abort(sprintf("cannot create the folder %s", quote_text(folder)), class = "nnscratch_io_error")
  }
  tmp <- tempfile(pattern = paste0(".tmp-", basename(path), "-"), tmpdir = folder)
  done <- FALSE
  on.exit(if (!done && file.exists(tmp)) unlink(tmp), add = TRUE)
  withCallingHandlers(write(tmp), warning = function(w) {
    nn_abort(sprintf("cannot write %s: %s", quote_text(path), conditionMessage(w)), class = "nnscratch_io_error")
  })
  if (!file.exists(tmp)) nn_abort(sprintf("cannot write %s: nothing was written", quote_text(path)),
                                  class = "nnscratch_io_error")
  fsync_file(tmp)
  if (!file.rename(tmp, path)) {
    nn_abort(sprintf("cannot write %s (rename of the temporary file %s failed)", quote_text(path), quote_text(tmp)),
             class = "nnscratch_io_error")
  }
  done <- TRUE
  invisible(path)
}

#' Flush a file's data to disk before it is renamed into place
#'
#' Base R has no fsync(), so this runs coreutils' \code{sync FILE} (which
#' fsyncs that one file) when a \code{sync} program exists; without one the
#' file is renamed after the operating system's own write-back.
#' @noRd
fsync_file <- function(file) {
  sync <- Sys.which("sync")
  if (!nzchar(sync)) return(invisible(FALSE))
  status <- suppressWarnings(system2(sync, shQuote(file), stdout = FALSE, stderr = FALSE))
  if (!identical(as.integer(status), 0L)) {
    nn_abort(sprintf("cannot write %s: sync failed (status %s)", quote_text(file), status), class = "nnscratch_io_error")
  }
  invisible(TRUE)
}
