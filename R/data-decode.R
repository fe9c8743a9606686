# Decoding and resizing (twin of python/nnscratch/data/decode.py): checked
# colour JPEG/PNG bytes decoded with jpeg::readJPEG / png::readPNG to integer
# RGB 0..255 (16-bit PNG: the high byte; alpha dropped, not composited; EXIF
# orientation not applied), then resize_area (R/data-resize.R); decode_files
# runs that on many files, in parallel processes when asked.

#' Run expr with R's message stream (where the jpeg and png packages print
#' libjpeg's warnings, without a newline) captured; list(value, lines)
#' @noRd
with_decoder_messages <- function(expr) {
  lines <- character(0)
  tc <- textConnection("lines", "w", local = TRUE)
  old <- sink.number(type = "message")
  sink(tc, type = "message")
  restore <- function() {
    if (old == 2L) sink(type = "message") else sink(getConnection(old), type = "message")
    close(tc) # flushes an unfinished last line (libjpeg's has no newline) into `lines`
  }
  value <- tryCatch(withCallingHandlers(expr, warning = function(w) {
    msg <- conditionMessage(w)
    if (grepl("16-bit channels", msg, fixed = TRUE)) invokeRestart("muffleWarning") # the high byte is the rule
  }), error = function(e) { restore(); stop(e) })
  restore()
  list(value = value, lines = lines)
}

#' The decoder's warning lines, cleaned (the jpeg package prefixes "JPEG decompression: "), once each
#' @noRd
decoder_warnings <- function(lines) {
  parts <- trimws(unlist(strsplit(gsub("JPEG decompression: ", "\n", paste(lines, collapse = "\n"), fixed = TRUE),
                                  "\n", fixed = TRUE)))
  unique(parts[nzchar(parts)])
}

#' Decode checked JPEG/PNG bytes to a native raster (integer matrix, one
#' packed RGBA value per pixel, row by row): 4 bytes a pixel, no doubles.
#' A JPEG the decoder warns about (libjpeg's "Corrupt JPEG data: ...") is kept,
#' as Python keeps it; each warning is printed to stderr on one line naming file.
#' pixels = TRUE (JPEG only): jpeg::readJPEG's double (H, W, 3) array of
#' values / 255 instead (the same decoded samples, already in channels), as
#' an (H, W * 3) matrix (reshaped as soon as it is made, while nothing else
#' refers to it: in place, not copied).
#' @noRd
decode_native <- function(data, format, file = NULL, pixels = FALSE) {
  reason <- if (format == "jpeg") DATASET_REASONS$jpeg_decode else DATASET_REASONS$png_decode
  pixels <- pixels && format == "jpeg"
  got <- tryCatch(with_decoder_messages(
    if (pixels) {
      x <- jpeg::readJPEG(data)
      d <- dim(x)
      if (is.double(x) && length(d) == 3L && d[3L] == 3L) dim(x) <- c(d[1L], d[2L] * 3L) else x <- NULL
      x
    } else if (format == "jpeg") jpeg::readJPEG(data, native = TRUE) else png::readPNG(data, native = TRUE)),
    error = function(e) NULL)
  img <- got$value
  if (is.null(img) || length(dim(img)) != 2L || !(if (pixels) is.double(img) else is.integer(img))) skip_image(reason)
  if (length(got$lines)) for (line in decoder_warnings(got$lines)) {
    cat(sprintf("%s: %s (image kept)\n", display_name(if (is.null(file)) "<bytes>" else file), line), file = stderr())
  }
  img
}

#' Channel k (1 R, 2 G, 3 B) of a native raster as an integer (H, W) matrix
#' (the readable statement of the packing; native_rgb does all three at once)
#' @noRd
native_channel <- function(nr, k) {
  d <- dim(nr)
  x <- bitwAnd(bitwShiftR(nr, 8L * (k - 1L)), 255L)
  x[is.na(x)] <- 0L # 0x80000000 (NA_integer_) is R = G = B = 0 with alpha 128
  dim(x) <- c(d[2L], d[1L]) # stored row by row
  t(x)
}

#' A native raster as an integer (H, W, 3) RGB array: its bytes, little-endian,
#' are R, G, B, A for each pixel, row by row (so NA_integer_ is 0, 0, 0, 128)
#' @noRd
native_rgb <- function(nr) {
  d <- dim(nr)
  b <- writeBin(as.vector(nr), raw(), endian = "little")
  dim(b) <- c(4L, d[2L] * d[1L])
  rgb <- as.integer(b[1:3, , drop = FALSE])
  aperm(array(rgb, c(3L, d[2L], d[1L])), c(3L, 2L, 1L))
}

#' Decode checked JPEG/PNG bytes to an integer (H, W, 3) RGB array 0..255
#' (16-bit PNG: the high byte; alpha dropped, not composited)
#' @noRd
decode_rgb <- function(data, format, file = NULL) {
  native_rgb(decode_native(data, format, file))
}

#' What a directory entry is, from its st_mode (the stat program: base R cannot
#' tell a named pipe from an empty file); "regular" when stat is unavailable
#' @noRd
file_kind <- function(path) {
  prog <- Sys.which("stat")
  if (!nzchar(prog)) return("regular")
  out <- suppressWarnings(tryCatch(system2(prog, c("-L", "-c", "%f", "--", shQuote(path)), stdout = TRUE, stderr = FALSE),
                                   error = function(e) character(0)))
  if (length(out) != 1L || !grepl("^[0-9a-f]+$", out)) return("regular")
  switch(as.character(bitwAnd(strtoi(out, 16L), 0xF000L)),
         "32768" = "regular", "4096" = "fifo", "49152" = "socket", "8192" = "char", "24576" = "block",
         "16384" = "dir", "other")
}

#' The system's message when a file cannot be opened (R gives it in a warning of file())
#' @noRd
open_error <- function(path) {
  msg <- NULL
  con <- withCallingHandlers(tryCatch(file(path, "rb"), error = function(e) NULL),
                             warning = function(w) { msg <<- conditionMessage(w); invokeRestart("muffleWarning") })
  if (!is.null(con)) close(con)
  if (is.null(msg)) "read error" else sub("^.*: ", "", msg)
}

#' The bytes of a regular file; a skip (with the reason) for anything else or a read error
#'
#' Only regular files are read (links to them are followed): a named pipe,
#' socket or device (size 0 to stat) is never opened, nor is a broken or
#' looping link.
#' @noRd
read_regular_file <- function(path) {
  R <- DATASET_REASONS
  info <- file.info(path, extra_cols = FALSE)
  if (is.na(info$size)) {
    if (nzchar(Sys.readlink(path))) skip_image(R$broken_link, path)
    skip_image(sprintf(R$cannot_read, open_error(path)), path)
  }
  if (isTRUE(info$isdir)) skip_image(sprintf(R$cannot_read, "Is a directory"), path)
  if (info$size == 0) {
    kind <- file_kind(path)
    if (kind != "regular") skip_image(sprintf(R$not_regular, FILE_KINDS[[kind]]), path)
    if (file.access(path, 4L) != 0L) skip_image(sprintf(R$cannot_read, open_error(path)), path)
    return(raw(0))
  }
  msg <- NULL
  data <- withCallingHandlers(tryCatch(readBin(path, "raw", n = info$size), error = function(e) NULL),
                              warning = function(w) { msg <<- conditionMessage(w); invokeRestart("muffleWarning") })
  if (is.null(data)) skip_image(sprintf(R$cannot_read, if (is.null(msg)) "read error" else sub("^.*: ", "", msg)), path)
  data
}

#' The checked native raster of one file (see read_image_rgb); pixels = TRUE:
#' a JPEG as readJPEG's double (H, W, 3) array of values / 255 (decode_native)
#' @noRd
read_image_native <- function(path, pixels = FALSE) {
  if (!validUTF8(path)) skip_image(DATASET_REASONS$bad_name, display_name(path))
  data <- read_regular_file(path)
  chk <- check_image_bytes(data)
  if (!is.null(chk$reason)) skip_image(chk$reason, path)
  tryCatch(decode_native(data, chk$format, path, pixels),
           nnscratch_skipped_image = function(e) skip_image(e$reason, path))
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
  native_rgb(read_image_native(path))
}

#' The pixels of one file as a double (H, W * 3) matrix of values / 255
#'
#' The (H, W, 3) RGB array with its last two dimensions merged (channel k in
#' columns (k - 1) * W + 1:W), the form resize_area_fast multiplies. A JPEG
#' comes straight from jpeg::readJPEG in that form (cheaper than splitting its
#' packed native raster); a PNG is its native raster split by native_rgb, / 255.
#' Same skips and values as read_image_rgb (/ 255).
#' @noRd
read_image_unit <- function(path) {
  img <- read_image_native(path, pixels = TRUE)
  if (is.double(img)) return(img)
  x <- native_rgb(img) / 255
  dim(x) <- c(nrow(img), ncol(img) * 3L) # a native raster is (H, W)
  x
}

#' read_image_rgb then resize_area: integer (size, size, 3)
#'
#' With the compiled routine (R/data-native.R), the decoder's native raster
#' (4 bytes a pixel) is resized in C, unpacked on the way; an upscaled axis
#' (a source smaller than size) runs R's reference on the unpacked pixels.
#' Without it, resize_area_fast works on all channels at once
#' (R/data-resize.R) on the decoded doubles, uncopied: a 50-megapixel image
#' (the limit, MAX_PIXELS) then needs 1.2 GB plus its rows' product. Both
#' give OpenCV's integers.
#' @noRd
load_image <- function(path, size) {
  if (is.null(native_symbol())) {
    return(resize_area_fast(read_image_unit(path), size, size, unit = 255, channels = 3L))
  }
  nr <- read_image_native(path)
  out <- native_area_resize(nr, size, size)
  if (is.null(out)) out <- resize_area_core(native_rgb(nr), size, size)
  out
}

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
#' workers * 1024 files (each round forks anew, and each process's first
#' garbage collection copies R's heap page by page, ~50-100 ms of CPU: rounds
#' of 32 files a process doubled the CPU time once a file took ~2 ms to load,
#' issue 16; rounds bound the results in transit from the workers);
#' results keep the order of `paths`, so the output equals
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
  # One BLAS thread while decoding: the resize's products are small (an image's rows), and OpenBLAS's
  # threads spin-wait between them (measured: twice the CPU time for the same images); the workers
  # are the parallelism here. The count before is restored, also on an error or interrupt.
  native_symbol() # found (or compiled) once here, before any worker is forked
  old_threads <- set_blas_threads(1L)
  if (!is.null(old_threads)) on.exit(set_blas_threads(old_threads), add = TRUE)
  parallel_on <- workers > 1L && n > 1L
  step <- if (parallel_on) workers * 1024L else if (progress) 1L else n
  bar <- if (isTRUE(progress)) utils::txtProgressBar(min = 0, max = n, style = 3, file = stderr()) else NULL
  if (!is.null(bar)) on.exit(if (!is.null(bar)) close(bar), add = TRUE) # (bar is NULL once closed below)
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
    bar <- NULL
    used <- if (parallel_on) workers else 1L
    message(sprintf("decoded %d files with %d process%s: %d skipped", n, used, if (used > 1L) "es" else "",
                    sum(vapply(out, is.character, logical(1)))))
  }
  out
}
