# Decoding and resizing (twin of python/nnscratch/data/decode.py): checked
# colour JPEG/PNG bytes decoded with jpeg::readJPEG / png::readPNG to integer
# RGB 0..255 (16-bit PNG: the high byte; alpha dropped, not composited; EXIF
# orientation not applied), then resize_area (R/data-resize.R); decode_files
# runs that on many files, in parallel processes when asked.

#' Decode checked JPEG/PNG bytes to an integer (H, W, 3) RGB array 0..255
#' @noRd
decode_rgb <- function(data, format) {
  reason <- if (format == "jpeg") DATASET_REASONS$jpeg_decode else DATASET_REASONS$png_decode
  img <- tryCatch({
    if (format == "jpeg") {
      x <- jpeg::readJPEG(data, native = FALSE)
      round(x * 255)
    } else {
      x <- png::readPNG(data, native = FALSE, info = TRUE)
      depth <- attr(x, "info")$bit.depth
      attr(x, "info") <- NULL
      if (!is.null(depth) && depth == 16) round(x * 65535) %/% 256 else round(x * 255)
    }
  }, error = function(e) NULL)
  if (is.null(img) || length(dim(img)) != 3L || !(dim(img)[3L] %in% c(3L, 4L))) skip_image(reason)
  img <- img[, , 1:3, drop = FALSE] # drop alpha
  storage.mode(img) <- "integer"
  img
}

#' Read one colour image as RGB
#'
#' @param path A JPEG or PNG file (the format is found from its bytes).
#' @return Integer array (H, W, 3), RGB, values 0..255. A skipped file signals
#'   a condition of class "nnscratch_skipped_image" whose \code{reason} is one
#'   of the skip reasons (see \code{create_dataset}).
#' @keywords internal
#' @noRd
read_image_rgb <- function(path) {
  size <- file.size(path)
  data <- tryCatch(readBin(path, "raw", n = max(size, 0)), error = function(e) NULL)
  if (is.na(size) || is.null(data)) skip_image("cannot read file", path)
  chk <- check_image_bytes(data)
  if (!is.null(chk$reason)) skip_image(chk$reason, path)
  tryCatch(decode_rgb(data, chk$format),
           nnscratch_skipped_image = function(e) skip_image(e$reason, path))
}

#' read_image_rgb then resize_area: integer (size, size, 3)
#' @noRd
load_image <- function(path, size) resize_area(read_image_rgb(path), size)

#' With workers = NULL, folders with fewer files than this are read in this process
#' @noRd
PARALLEL_MIN_FILES <- 100L

#' The number of processes for n_files files (1: this process)
#'
#' NULL: parallel::detectCores(), but 1 for fewer than PARALLEL_MIN_FILES files
#' or where forking is not available (Windows); k >= 1: k (capped at n_files).
#' @noRd
resolve_workers <- function(workers, n_files) {
  if (is.null(workers)) {
    if (n_files < PARALLEL_MIN_FILES) return(1L)
    workers <- parallel::detectCores()
    if (is.na(workers)) workers <- 1L
  } else if (!is.numeric(workers) || length(workers) != 1L || is.na(workers) || workers < 1 || workers != floor(workers)) {
    nn_abort(sprintf("workers must be NULL or a positive integer; got %s", paste(format(workers), collapse = ", ")))
  }
  if (.Platform$OS.type != "unix") return(1L)
  as.integer(max(1L, min(workers, n_files)))
}

#' load_image on every file, in order: a list of integer (size, size, 3) arrays or
#' skip reasons (character)
#'
#' workers > 1 forks that many processes (parallel::mclapply) on rounds of
#' workers * 32 files; results keep the order of `paths`, so the output equals
#' the serial one. progress: a utils::txtProgressBar on stderr, then a line
#' with the number of skipped files.
#' @noRd
decode_files <- function(paths, size, workers = 1L, progress = FALSE) {
  n <- length(paths)
  one <- function(p) {
    tryCatch(load_image(p, size), nnscratch_skipped_image = function(e) e$reason)
  }
  out <- vector("list", n)
  if (n == 0L) return(out)
  parallel_on <- workers > 1L && n > 1L
  step <- if (parallel_on) workers * 32L else if (progress) 1L else n
  bar <- if (isTRUE(progress)) utils::txtProgressBar(min = 0, max = n, style = 3, file = stderr()) else NULL
  if (!is.null(bar)) on.exit(close(bar), add = TRUE)
  for (start in seq(1L, n, by = step)) {
    idx <- start:min(n, start + step - 1L)
    res <- if (parallel_on) {
      parallel::mclapply(paths[idx], one, mc.cores = workers, mc.preschedule = TRUE)
    } else {
      lapply(paths[idx], one)
    }
    failed <- vapply(res, function(r) is.null(r) || inherits(r, "try-error"), logical(1))
    if (any(failed)) {
      k <- which(failed)[1L]
      why <- if (is.null(res[[k]])) "the worker process died (out of memory?)" else conditionMessage(attr(res[[k]], "condition"))
      nn_abort(sprintf("create_dataset: decoding %s failed: %s", paths[idx][k], why))
    }
    out[idx] <- res
    if (!is.null(bar)) utils::setTxtProgressBar(bar, max(idx))
  }
  if (!is.null(bar)) {
    close(bar)
    on.exit()
    used <- if (parallel_on) workers else 1L
    message(sprintf("decoded %d files with %d process%s: %d skipped", n, used, if (used > 1L) "es" else "",
                    sum(vapply(out, is.character, logical(1)))))
  }
  out
}
