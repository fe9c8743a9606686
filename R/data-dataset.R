# Image loading: create_dataset (twin of python/nnscratch/dataset.py, same
# steps, rules, order and skip reasons):
#
#   list_image_files(path, labels)   -> files in a fixed order, with labels
#   read_image_rgb(file)             -> integer (H, W, 3) RGB 0..255, or an
#                                       "nnscratch_skipped_image" condition
#   resize_area(img, size)           -> (size, size, 3), OpenCV INTER_AREA (R/inter_area.R)
#   stack, / 255                     -> X (m, size, size, 3) double, y integer (m)
#
# Which files are kept: the format comes from the first bytes (FF D8 FF is JPEG,
# 89 50 4E 47 0D 0A 1A 0A is PNG; anything else is "not a JPEG or PNG file").
# JPEG: the frame header must give 3 components (1 = grayscale original,
# skipped; 4 = CMYK, skipped) and an end-of-image marker FF D9 must follow the
# first scan (else "truncated JPEG"). PNG: IHDR colour type 0 (gray) and 4
# (gray+alpha) are grayscale originals (skipped); 2, 3 (palette) and 6 are
# colour; the chunks must reach IEND (else "truncated PNG"). Colour files are
# decoded with jpeg::readJPEG / png::readPNG (values v / 255, or v / 65535 for
# 16-bit PNG), turned back into integers (round(x * 255); 16-bit: the high
# byte, round(x * 65535) %/% 256, like libpng's png_set_strip_16 in OpenCV),
# and the alpha channel, if any, is dropped (not composited). EXIF
# orientation is not applied (neither side does). A decoder error skips the
# file ("unreadable JPEG/PNG (decoder error)").

DATASET_REASONS <- list(
  empty = "empty file (0 bytes)",
  not_image = "not a JPEG or PNG file",
  jpeg_header = "corrupt JPEG (no frame header or scan)",
  jpeg_truncated = "truncated JPEG (no end-of-image marker)",
  jpeg_gray = "grayscale image (JPEG, 1 component)",
  jpeg_cmyk = "unsupported JPEG colour space (4 components, CMYK)",
  jpeg_decode = "unreadable JPEG (decoder error)",
  png_header = "corrupt PNG (no IHDR chunk)",
  png_truncated = "truncated PNG (no IEND chunk)",
  png_gray = "grayscale image (PNG, gray)",
  png_gray_alpha = "grayscale image (PNG, gray+alpha)",
  png_decode = "unreadable PNG (decoder error)"
)

# Images whose header claims more pixels than this are skipped before decoding
# (a 600-byte JPEG can claim 20000 x 20000 pixels: ~10 GB of doubles in R).
MAX_PIXELS <- 50000000

reason_too_large <- function(width, height) {
  sprintf("image too large (%.0f x %.0f pixels; the limit is %s)", width, height,
          format(MAX_PIXELS, big.mark = ",", scientific = FALSE))
}

JPEG_MAGIC <- as.raw(c(0xFF, 0xD8, 0xFF))
PNG_MAGIC <- as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))

#' Signal that a file is skipped (class "nnscratch_skipped_image", field reason)
#' @noRd
skip_image <- function(reason, file = NULL) {
  msg <- if (is.null(file)) reason else paste0(file, ": ", reason)
  stop(structure(
    class = c("nnscratch_skipped_image", "nnscratch_error", "error", "condition"),
    list(message = msg, call = NULL, reason = reason, file = file)
  ))
}

#' Byte-order (C locale) sort, independent of the user's locale
#' @noRd
sort_bytes <- function(x) {
  if (length(x) == 0L) return(character(0))
  sort(enc2utf8(as.character(x)), method = "radix")
}

#' Check create_dataset's labels: a named vector of integer labels
#' @noRd
check_labels <- function(labels) {
  if (is.list(labels)) labels <- unlist(labels)
  if (!is.numeric(labels) || length(labels) == 0L || is.null(names(labels))) {
    nn_abort("labels must be a non-empty named vector of folder name -> integer label, e.g. c(Cat = 1, Dog = 0)")
  }
  nm <- names(labels)
  if (any(is.na(nm) | !nzchar(nm) | grepl("[/\\\\]", nm)) || anyDuplicated(nm)) {
    nn_abort(sprintf("labels names must be distinct folder names; got %s", paste0("'", nm, "'", collapse = ", ")))
  }
  bad <- is.na(labels) | labels != floor(labels)
  if (any(bad)) {
    nn_abort(sprintf("labels must map to integers; '%s' maps to %s", nm[bad][1L], format(labels[bad][1L])))
  }
  stats::setNames(as.integer(labels), nm)
}

#' List the files of each mapped class folder, in a fixed order
#'
#' @param path Folder with one sub-folder per class (PetImages/Cat, PetImages/Dog).
#' @param labels Named integer vector, folder name -> label.
#' @return list(entries = data.frame(file, label), ignored_folders): files as
#'   "Cat/10.jpg" (relative to path, "/" separators), classes and files in byte
#'   order (C locale); every regular file of a class folder is listed;
#'   ignored_folders are sub-folders of path not in labels, sorted (the image
#'   cache folder ".nnscratch-cache" is not listed).
#' @noRd
list_image_files <- function(path, labels = c(Cat = 1, Dog = 0)) {
  labels <- check_labels(labels)
  if (!is.character(path) || length(path) != 1L || is.na(path)) {
    nn_abort("path must be a single folder name")
  }
  if (!file.exists(path)) {
    nn_abort(sprintf("create_dataset: folder not found: '%s'", path), class = "nnscratch_file_not_found")
  }
  if (!dir.exists(path)) {
    nn_abort(sprintf("create_dataset: not a folder: '%s'", path), class = "nnscratch_file_not_found")
  }
  classes <- sort_bytes(names(labels))
  missing <- classes[!dir.exists(file.path(path, classes))]
  if (length(missing) > 0L) {
    nn_abort(sprintf("create_dataset: class folder '%s' not found in '%s' (labels name the sub-folders %s; missing: %s)",
                     missing[1L], path, paste0("'", classes, "'", collapse = ", "),
                     paste0("'", missing, "'", collapse = ", ")),
             class = "nnscratch_file_not_found")
  }
  subdirs <- list.dirs(path, full.names = FALSE, recursive = FALSE)
  ignored <- sort_bytes(setdiff(subdirs, c(classes, IMAGE_CACHE_DIRNAME)))
  files <- character(0)
  lab <- integer(0)
  for (cls in classes) {
    names_all <- list.files(file.path(path, cls), all.files = TRUE, no.. = TRUE)
    is_file <- utils::file_test("-f", file.path(path, cls, names_all))
    nm <- sort_bytes(names_all[is_file])
    files <- c(files, if (length(nm)) paste0(cls, "/", nm) else character(0))
    lab <- c(lab, rep(labels[[cls]], length(nm)))
  }
  list(entries = data.frame(file = files, label = lab, stringsAsFactors = FALSE),
       ignored_folders = ignored)
}

# -- header checks (no decoding) ---------------------------------------------------

#' (n_components, offset after the first SOS header, width, height) of a JPEG,
#' 0-based, NA when missing (width and height 0 until a frame header is seen)
#' @noRd
jpeg_header <- function(b) {
  n <- length(b)
  byte <- function(i) b[i + 1L] # 0-based access
  i <- 2L
  ncomp <- NA_integer_
  size <- c(0L, 0L)
  while (i + 4L <= n) {
    if (byte(i) != 0xFF) return(c(ncomp, NA_integer_, size))
    m <- byte(i + 1L)
    if (m == 0xFF) { i <- i + 1L; next }
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) { i <- i + 2L; next }
    if (m == 0xD9) return(c(ncomp, NA_integer_, size))
    seglen <- byte(i + 2L) * 256L + byte(i + 3L)
    if (seglen < 2L) return(c(ncomp, NA_integer_, size))
    if (m >= 0xC0 && m <= 0xCF && !(m %in% c(0xC4, 0xC8, 0xCC)) && i + 9L < n) {
      ncomp <- byte(i + 9L)
      size <- c(byte(i + 7L) * 256L + byte(i + 8L), byte(i + 5L) * 256L + byte(i + 6L))
    }
    if (m == 0xDA) return(c(ncomp, i + 2L + seglen, size))
    i <- i + 2L + seglen
  }
  c(ncomp, NA_integer_, size)
}

#' (colour_type or NA, has_IEND) of a PNG
#' @noRd
png_header <- function(b) {
  n <- length(b)
  if (n < 33L || !identical(b[13:16], c(0x49L, 0x48L, 0x44L, 0x52L))) return(c(NA_integer_, 0L))
  colour_type <- b[26L]
  iend <- c(0x49L, 0x45L, 0x4EL, 0x44L)
  i <- 8L
  while (i + 8L <= n) {
    len <- ((b[i + 1L] * 256 + b[i + 2L]) * 256 + b[i + 3L]) * 256 + b[i + 4L]
    if (identical(b[(i + 5L):(i + 8L)], iend)) return(c(colour_type, 1L))
    i <- i + 12 + len
  }
  c(colour_type, 0L)
}

#' The skip reason for a file's bytes, from its magic bytes and header
#'
#' @param data Raw vector (the whole file).
#' @return list(format = "jpeg" / "png" / NA, reason = a DATASET_REASONS string or NULL)
#' @noRd
check_image_bytes <- function(data) {
  R <- DATASET_REASONS
  n <- length(data)
  if (n == 0L) return(list(format = NA_character_, reason = R$empty))
  if (n >= 3L && identical(data[1:3], JPEG_MAGIC)) {
    b <- as.integer(data)
    h <- jpeg_header(b)
    if (is.na(h[1L]) || is.na(h[2L])) return(list(format = "jpeg", reason = R$jpeg_header))
    scan <- h[2L] # 0-based offset where the search for FF D9 starts
    has_eoi <- FALSE
    if (scan + 2L <= n) {
      tail <- b[(scan + 1L):n]
      k <- length(tail)
      has_eoi <- k >= 2L && any(tail[-k] == 0xFF & tail[-1L] == 0xD9)
    }
    if (!has_eoi) return(list(format = "jpeg", reason = R$jpeg_truncated))
    if (h[1L] == 1L) return(list(format = "jpeg", reason = R$jpeg_gray))
    if (h[1L] != 3L) {
      return(list(format = "jpeg", reason = if (h[1L] == 4L) R$jpeg_cmyk
                  else sprintf("unsupported JPEG (%d components)", h[1L])))
    }
    if (as.numeric(h[3L]) * h[4L] > MAX_PIXELS) {
      return(list(format = "jpeg", reason = reason_too_large(h[3L], h[4L])))
    }
    return(list(format = "jpeg", reason = NULL))
  }
  if (n >= 8L && identical(data[1:8], PNG_MAGIC)) {
    h <- png_header(as.integer(data))
    if (is.na(h[1L])) return(list(format = "png", reason = R$png_header))
    if (h[2L] == 0L) return(list(format = "png", reason = R$png_truncated))
    if (h[1L] == 0L) return(list(format = "png", reason = R$png_gray))
    if (h[1L] == 4L) return(list(format = "png", reason = R$png_gray_alpha))
    b <- as.numeric(data[17:24]) # IHDR width and height, big-endian, bytes 16..23 (0-based)
    width <- sum(b[1:4] * 256^(3:0))
    height <- sum(b[5:8] * 256^(3:0))
    if (width * height > MAX_PIXELS) return(list(format = "png", reason = reason_too_large(width, height)))
    return(list(format = "png", reason = NULL))
  }
  list(format = NA_character_, reason = R$not_image)
}

# -- reading ---------------------------------------------------------------------------

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

# -- the loader ------------------------------------------------------------------------

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

#' Every mapped class needs at least one kept image
#' @noRd
check_classes <- function(path, labels, entries, files, skipped) {
  for (cls in sort_bytes(names(labels))) {
    prefix <- paste0(cls, "/")
    if (any(startsWith(files, prefix))) next
    listed <- entries$file[startsWith(entries$file, prefix)]
    folder <- file.path(path, cls)
    why <- if (length(listed)) {
      sprintf("all %d files in '%s' were skipped (e.g. %s: %s)", length(listed), folder, listed[1L],
              skipped$reason[match(listed[1L], skipped$file)])
    } else {
      sprintf("folder '%s' is empty", folder)
    }
    nn_abort(sprintf(paste0("create_dataset: class '%s' has no readable images: %s. Every class in labels ",
                            "needs at least one image (add images, or leave '%s' out of labels)"), cls, why, cls))
  }
  invisible(TRUE)
}

#' Load a folder of class sub-folders of images into arrays
#'
#' The R twin of Python's \code{nnscratch.create_dataset}: the same files, in
#' the same order, with the same labels, skip rules and pixels (decoding with
#' the jpeg and png packages, resizing with \code{resize_area}, an exact
#' reimplementation of OpenCV's INTER_AREA).
#'
#' Files are found by their first bytes, not their extension: JPEG and PNG
#' only. Skipped, each with a reason in \code{skipped}: empty files, other
#' formats and non-image files, truncated or undecodable JPEG/PNG, CMYK JPEG,
#' and grayscale originals (a 1-component JPEG, a gray or gray+alpha PNG).
#' Kept colour images lose their alpha channel (dropped, not composited);
#' 16-bit PNG samples keep their high byte; palettes are expanded.
#'
#' Decoded images are cached (\code{cache}), in a format shared with Python:
#' a second load of an unchanged folder reads one uint8 array instead of
#' decoding every file (25,000 images of 32x32 in about a second). The cache is
#' keyed on the list of files with their sizes and modification times, the
#' side, the labels and the loader version; a stale cache is rebuilt, a
#' corrupt one is rebuilt with a warning of class "nnscratch_cache_warning".
#' Details: R/image_cache.R and python/nnscratch/image_cache.py.
#'
#' @param path Folder laid out like Microsoft's PetImages: one sub-folder per
#'   class (\code{PetImages/Cat/*.jpg}, \code{PetImages/Dog/*.jpg}).
#' @param size Side of the square output images, a positive integer (default 32).
#' @param labels Named vector, class folder name -> integer label; default
#'   \code{c(Cat = 1, Dog = 0)}. Every named folder must exist and hold at
#'   least one readable image; other sub-folders are ignored (listed in
#'   \code{ignored_folders}). A mapping with one class is accepted.
#' @param warn Warn once (class "nnscratch_skipped_files_warning") when files
#'   were skipped.
#' @param cache \code{TRUE} (default): use and write the cache folder
#'   \code{path/.nnscratch-cache}, or \code{~/.cache/nnscratch/<hash>} when
#'   \code{path} is not writable; \code{FALSE}: no cache; a folder name: the
#'   cache folder to use.
#' @param workers Processes decoding the images: \code{NULL} (default) uses
#'   \code{parallel::detectCores()} (one process for fewer than 100 files),
#'   1 decodes in this process, k > 1 forks k processes with
#'   \code{parallel::mclapply} (Unix; one process on Windows). The result does
#'   not depend on it.
#' @param progress Show a text progress bar (on stderr) while decoding, then
#'   the number of skipped files.
#' @return A list:
#'   \describe{
#'   \item{X}{double array (m, size, size, 3) in [0, 1], RGB (integer value / 255).}
#'   \item{y}{integer vector (m) of labels.}
#'   \item{files}{character (m): the kept files, relative to \code{path}
#'     ("Cat/10.jpg"), in order; \code{X[i, , , ]} comes from \code{files[i]}.}
#'   \item{skipped}{data.frame(file, reason) of the files not loaded.}
#'   \item{ignored_folders}{sub-folders of \code{path} not in \code{labels}.}
#'   \item{cache}{list(dir, status, miss): the cache folder (NA when off);
#'     status "hit" (read from the cache), "written" (decoded, cache
#'     written), "not written" (decoded, the cache could not be written:
#'     warned) or "off"; miss: NA on a hit, else why the cache was not used
#'     ("absent", "stale (...)", "corrupt (...)").}
#'   }
#'   Order: classes by folder name, then files by name, both compared as bytes
#'   (C locale), so the result is the same on every system.
#'   Errors: a missing folder or class folder (class
#'   "nnscratch_file_not_found"), no readable image at all, or a class without
#'   readable images (class "nnscratch_value_error", naming the class).
#' @export
#' @examples
#' \dontrun{
#' d <- create_dataset("data/sample")
#' dim(d$X) # 357 32 32 3
#' d$skipped
#' d$cache$status # "written", then "hit" on the next call
#' }
create_dataset <- function(path, size = 32, labels = c(Cat = 1, Dog = 0), warn = TRUE,
                           cache = TRUE, workers = NULL, progress = FALSE) {
  if (!is.numeric(size) || length(size) != 1L || is.na(size) || size < 1 || size != floor(size)) {
    nn_abort(sprintf("size must be a positive integer; got %s", paste(format(size), collapse = ", ")))
  }
  size <- as.integer(size)
  labels <- check_labels(labels)
  resolve_workers(workers, PARALLEL_MIN_FILES) # validate before any work
  if (!(is.null(cache) || isTRUE(cache) || isFALSE(cache) ||
        (is.character(cache) && length(cache) == 1L && !is.na(cache) && nzchar(cache)))) {
    nn_abort(sprintf("cache must be TRUE, FALSE or a folder path; got %s", paste(format(cache), collapse = ", ")))
  }
  listing <- list_image_files(path, labels)
  entries <- listing$entries
  n <- nrow(entries)

  cache_dir <- resolve_cache_dir(path, cache)
  info <- list(dir = if (is.null(cache_dir)) NA_character_ else cache_dir, status = "off", miss = NA_character_)
  hit <- NULL
  if (!is.null(cache_dir)) {
    key <- image_cache_key(path, entries$file, size, labels)
    got <- load_image_cache(cache_dir, key)
    hit <- got$hit
    if (!is.null(got$miss)) info$miss <- got$miss
    if (!is.na(info$miss) && startsWith(info$miss, "corrupt")) {
      warning(structure(
        class = c("nnscratch_cache_warning", "warning", "condition"),
        list(message = sprintf("create_dataset: image cache in '%s' is %s; rebuilding it", cache_dir, info$miss),
             call = NULL)))
    }
  }

  if (!is.null(hit)) {
    info$status <- "hit"
    X <- hit$X
    y <- hit$y
    files <- hit$files
    skipped <- hit$skipped
  } else {
    res <- decode_files(file.path(path, entries$file), size, resolve_workers(workers, n), progress)
    is_reason <- vapply(res, is.character, logical(1))
    kept <- !is_reason
    reasons <- rep(NA_character_, n)
    reasons[is_reason] <- as.character(unlist(res[is_reason]))
    m <- sum(kept)
    files <- entries$file[kept]
    y <- as.integer(entries$label[kept])
    skipped <- data.frame(file = entries$file[!kept], reason = reasons[!kept], stringsAsFactors = FALSE)
    # column i: kept image i as as.vector() of its (size, size, 3) array
    images <- matrix(as.integer(unlist(res[kept], use.names = FALSE)), nrow = size * size * 3L, ncol = m)
    if (!is.null(cache_dir) && m > 0L) {
      info$status <- tryCatch({
        save_image_cache(cache_dir, key, images, y, reasons)
        "written"
      }, error = function(e) {
        warning(structure(
          class = c("nnscratch_cache_warning", "warning", "condition"),
          list(message = sprintf("create_dataset: cannot write the image cache in '%s' (%s); continuing without it",
                                 cache_dir, conditionMessage(e)), call = NULL)))
        "not written"
      })
    }
    X <- t(images) / 255 # (m, size * size * 3): row i is image i in R order -> (m, size, size, 3)
    dim(X) <- c(m, size, size, 3L)
  }

  if (length(files) == 0L) {
    nn_abort(sprintf("create_dataset: no readable images in '%s' (%d files in %s, %d skipped)",
                     path, n, paste0("['", paste(sort_bytes(names(labels)), collapse = "', '"), "']"),
                     nrow(skipped)))
  }
  check_classes(path, labels, entries, files, skipped)
  if (nrow(skipped) > 0L && isTRUE(warn)) {
    shown <- utils::head(paste0(skipped$file, ": ", skipped$reason), 5L)
    more <- if (nrow(skipped) > 5L) sprintf("; ... and %d more", nrow(skipped) - 5L) else ""
    warning(structure(
      class = c("nnscratch_skipped_files_warning", "warning", "condition"),
      list(message = sprintf("create_dataset: skipped %d of %d files in '%s' (see $skipped): %s%s",
                             nrow(skipped), n, path, paste(shown, collapse = "; "), more),
           call = NULL)))
  }
  list(X = X, y = y, files = files, skipped = skipped, ignored_folders = listing$ignored_folders,
       cache = info)
}
