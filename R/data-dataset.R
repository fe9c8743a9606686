# create_dataset: list the class folders, check and decode each image, resize
# it, stack (twin of python/nnscratch/data/dataset.py), with the image cache of
# R/data-cache.R.

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
#' Details: docs/formats.md.
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
#'   \item{X}{double array (m, size, size, 3) in \[0, 1\], RGB (integer value / 255).}
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
#' d <- create_dataset(nnscratch_sample(), size = 8, warn = FALSE, cache = FALSE)
#' dim(d$X) # 357 8 8 3
#' sum(d$y) # 183 cats
#' nrow(d$skipped) # 4 files skipped, each with its reason
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
    key <- image_cache_key(path, entries$file, size, labels, entries$bad_name)
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
    res <- vector("list", n)
    res[entries$bad_name] <- list(DATASET_REASONS$bad_name) # never opened: R cannot name such a file
    todo <- which(!entries$bad_name)
    res[todo] <- decode_files(file.path(path, entries$file[todo]), size, resolve_workers(workers, length(todo)), progress)
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
