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

#' Byte-order sort of file names as the system gives them (enc2utf8 would turn
#' a byte that is not UTF-8 into "<e9>" in a non-UTF-8 locale)
#' @noRd
sort_names_bytes <- function(x) {
  if (all(validUTF8(x))) return(sort_bytes(x))
  key <- vapply(x, function(s) paste(as.character(charToRaw(s)), collapse = ""), "", USE.NAMES = FALSE)
  x[order(key, method = "radix")]
}

#' A file name as reports and the cache manifest show it: bytes that are not
#' UTF-8 become \\xNN (Python: display_name)
#' @noRd
display_name <- function(x) {
  bad <- !validUTF8(x)
  if (any(bad)) {
    shown <- iconv(x[bad], "UTF-8", "UTF-8", sub = "byte") # invalid byte -> "<e9>"
    x[bad] <- gsub("<([0-9a-f]{2})>", "\\\\x\\1", shown)
  }
  x
}

#' The names in a folder, or an error naming it when it cannot be listed
#' (list.files() gives character(0) for an unreadable folder)
#' @noRd
scan_folder <- function(folder) {
  if (file.access(folder, 4L) != 0L || file.access(folder, 1L) != 0L) {
    nn_abort(sprintf("create_dataset: cannot read the folder %s (Permission denied)", quote_text(folder)),
             class = "nnscratch_unreadable_folder")
  }
  list.files(folder, all.files = TRUE, no.. = TRUE)
}

#' TRUE for folders and links to folders (never visited); FALSE when stat fails
#' @noRd
is_folder <- function(paths) {
  d <- file.info(paths, extra_cols = FALSE)$isdir
  !is.na(d) & d
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
#'   order (C locale); every entry of a class folder that is not a folder is
#'   listed (regular files, links to files, and what read_image_rgb skips with
#'   a reason: named pipes, sockets, devices, broken or looping links, names
#'   that are not UTF-8, shown with \\xNN and flagged in column bad_name);
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
  top <- scan_folder(path)
  top <- top[validUTF8(top) & !(top %in% c(classes, IMAGE_CACHE_DIRNAME))]
  ignored <- sort_bytes(top[is_folder(file.path(path, top))])
  files <- character(0)
  lab <- integer(0)
  bad <- logical(0)
  for (cls in classes) {
    names_all <- scan_folder(file.path(path, cls))
    ok <- validUTF8(names_all)
    keep <- !ok
    keep[ok] <- !is_folder(file.path(path, cls, names_all[ok]))
    real <- sort_names_bytes(names_all[keep])
    nm <- display_name(real)
    files <- c(files, if (length(nm)) paste0(cls, "/", nm) else character(0))
    lab <- c(lab, rep(labels[[cls]], length(nm)))
    bad <- c(bad, !validUTF8(real))
  }
  list(entries = data.frame(file = files, label = lab, bad_name = bad, stringsAsFactors = FALSE),
       ignored_folders = ignored)
}

#' Every file below a folder, for predict: relative names ("a/b.jpg") in byte order
#'
#' The rule of list_image_files, one level deeper each time: every entry that is
#' not a folder is listed (read_image_rgb skips named pipes, broken or looping
#' links, names that are not UTF-8 (shown with \\xNN) with a reason), folders
#' are visited but symbolic links to folders never are (no loops), and names
#' starting with "." (the image cache among them) are left out. Python twin:
#' list_tree_files in python/nnscratch/data/files.py.
#' @noRd
list_tree_files <- function(target) {
  if (!is.character(target) || length(target) != 1L || is.na(target) || !nzchar(target)) {
    nn_abort("the folder name is empty")
  }
  if (!file.exists(target)) {
    nn_abort(sprintf("no such file or folder: %s", quote_text(target)), class = "nnscratch_file_not_found")
  }
  if (!dir.exists(target)) nn_abort(sprintf("not a folder: %s", quote_text(target)), class = "nnscratch_file_not_found")
  out <- character(0)
  todo <- ""
  while (length(todo)) {
    sub <- todo[1L]
    todo <- todo[-1L]
    folder <- if (nzchar(sub)) file.path(target, sub) else target
    nm <- scan_folder(folder)
    nm <- nm[!startsWith(nm, ".")]
    ok <- validUTF8(nm)
    rel <- if (nzchar(sub)) paste0(sub, "/", nm) else nm # the real names (a name that is not UTF-8 stays so)
    dirs <- rep(FALSE, length(nm))
    dirs[ok] <- is_folder(file.path(folder, nm[ok]))
    links <- rep(FALSE, length(nm))
    links[dirs] <- nzchar(Sys.readlink(file.path(folder, nm[dirs])))
    todo <- c(todo, rel[dirs & !links])
    out <- c(out, rel[!dirs])
  }
  out[order(display_name(out), method = "radix")] # byte order of the names as shown
}
