# Which files a dataset folder holds, in a fixed order (twin of
# python/nnscratch/data/files.py): class folders and files sorted as bytes (C
# locale), so every system lists them alike.

#' The labels of the notebook's data: Cat images 1, Dog images 0
#' @noRd
DEFAULT_LABELS <- c(Cat = 1L, Dog = 0L)

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
