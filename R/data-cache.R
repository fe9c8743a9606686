# Cache of decoded images for create_dataset, shared with Python (twin of
# python/nnscratch/data/cache.py): a cache written by either language is read
# by the other. Where it lives (<images>/.nnscratch-cache, else the per-user
# cache folder), its files (images_S.npy, labels_S.npy, manifest_S.txt), when
# it is stale (rebuilt silently) or corrupt (rebuilt with a warning of class
# "nnscratch_cache_warning"), and why modification times are compared to
# within 1 us: docs/formats.md. Writes: manifest removed first, each file
# written with atomic_write, manifest last.

#' Version of the decode + resize pipeline, part of the image cache key.
#' Bump it (and LOADER_VERSION in python/nnscratch/data/cache.py) whenever
#' decoding, the skip rules or resizing change.
#' @noRd
IMAGE_LOADER_VERSION <- 1L
IMAGE_CACHE_FORMAT_VERSION <- 2L # 2: MD5 checksums of the arrays; unreadable files re-checked
IMAGE_CACHE_MAGIC <- "nnscratch-image-cache"
IMAGE_CACHE_DIRNAME <- ".nnscratch-cache"
IMAGE_CACHE_MTIME_TOLERANCE_NS <- 1000
IMAGE_CACHE_KEPT <- "ok"

# -- where ------------------------------------------------------------------------------

#' $XDG_CACHE_HOME/nnscratch (if absolute) or ~/.cache/nnscratch
#' @noRd
user_cache_root <- function() {
  xdg <- Sys.getenv("XDG_CACHE_HOME", "")
  base <- if (nzchar(xdg) && substr(xdg, 1L, 1L) == "/") xdg else file.path(path.expand("~"), ".cache")
  file.path(base, "nnscratch")
}

#' The per-user cache folder of an image folder: user_cache_root()/md5(realpath)[1:16]
#' @noRd
user_cache_dir <- function(path) {
  real <- normalizePath(path, winslash = "/", mustWork = TRUE)
  tmp <- tempfile("nnscratch-path")
  on.exit(unlink(tmp))
  writeBin(charToRaw(enc2utf8(real)), tmp)
  file.path(user_cache_root(), substr(unname(tools::md5sum(tmp)), 1L, 16L))
}

#' path/.nnscratch-cache if it is (or can be made) a writable folder, else user_cache_dir(path)
#' @noRd
default_cache_dir <- function(path) {
  local <- file.path(path, IMAGE_CACHE_DIRNAME)
  if (!dir.exists(local)) suppressWarnings(dir.create(local, showWarnings = FALSE))
  if (dir.exists(local) && file.access(local, 2L) == 0L && file.access(local, 1L) == 0L) return(local)
  user_cache_dir(path)
}

#' The cache folder for create_dataset(path, cache = cache), or NULL when off
#' @noRd
resolve_cache_dir <- function(path, cache) {
  if (is.null(cache) || isFALSE(cache)) return(NULL)
  if (isTRUE(cache)) return(default_cache_dir(path))
  if (is.character(cache) && length(cache) == 1L && !is.na(cache) && nzchar(cache)) return(cache)
  nn_abort(sprintf("cache must be TRUE, FALSE or a folder path; got %s", paste(format(cache), collapse = ", ")))
}

#' Paths of the cache files for side `size`
#' @noRd
image_cache_files <- function(dir, size) {
  list(images = file.path(dir, sprintf("images_%d.npy", size)),
       labels = file.path(dir, sprintf("labels_%d.npy", size)),
       manifest = file.path(dir, sprintf("manifest_%d.txt", size)))
}

# -- the key ----------------------------------------------------------------------------

#' Backslash, tab, newline, CR -> \\, \t, \n, \r (vectorised; Python: escape_field)
#' @noRd
escape_field <- function(x) {
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  x <- gsub("\t", "\\t", x, fixed = TRUE)
  x <- gsub("\n", "\\n", x, fixed = TRUE)
  gsub("\r", "\\r", x, fixed = TRUE)
}

#' The inverse of escape_field for one string
#' @noRd
unescape_field <- function(s) {
  if (!grepl("\\", s, fixed = TRUE)) return(s)
  ch <- strsplit(s, "", fixed = TRUE)[[1L]]
  out <- character(0)
  i <- 1L
  while (i <= length(ch)) {
    if (ch[i] == "\\" && i < length(ch)) {
      nx <- ch[i + 1L]
      out <- c(out, switch(nx, t = "\t", n = "\n", r = "\r", "\\" = "\\", paste0("\\", nx)))
      i <- i + 2L
    } else {
      out <- c(out, ch[i])
      i <- i + 1L
    }
  }
  paste(out, collapse = "")
}

#' The key of a folder: side, labels, and each listed file's name, size and mtime
#'
#' @param root The image folder; files: names relative to it as shown
#'   (display_name), create_dataset's order; bad_name: TRUE for a name that is
#'   not UTF-8 (never stat'ed: -1 and 0, as when stat fails).
#' @return list(size, labels, names, sizes (double, -1 if gone), mtimes (double
#'   seconds, 0 if gone), root).
#' @noRd
image_cache_key <- function(root, files, size, labels, bad_name = rep(FALSE, length(files))) {
  sizes <- rep(-1, length(files))
  mtimes <- rep(0, length(files))
  ok <- !bad_name
  if (any(ok)) {
    fi <- file.info(file.path(root, files[ok]), extra_cols = FALSE)
    gone <- is.na(fi$size)
    sizes[ok] <- ifelse(gone, -1, fi$size)
    mtimes[ok] <- ifelse(gone, 0, as.numeric(fi$mtime))
  }
  list(size = as.integer(size), labels = labels, names = files, sizes = sizes, mtimes = mtimes, root = root)
}

#' The manifest text of a key; statuses: NA (kept) or the skip reason, per file
#' @noRd
image_cache_manifest <- function(key, statuses, checksums = c("", "")) {
  cls <- sort_bytes(names(key$labels))
  mt <- sprintf("%.0f", key$mtimes * 1e9)
  st <- ifelse(is.na(statuses), IMAGE_CACHE_KEPT, escape_field(statuses))
  lines <- c(sprintf("%s\t%d", IMAGE_CACHE_MAGIC, IMAGE_CACHE_FORMAT_VERSION),
             sprintf("loader_version\t%d", IMAGE_LOADER_VERSION),
             sprintf("size\t%d", key$size),
             sprintf("images_md5\t%s", checksums[1L]),
             sprintf("labels_md5\t%s", checksums[2L]),
             sprintf("label\t%s\t%d", escape_field(cls), key$labels[cls]),
             sprintf("files\t%d", length(key$names)),
             sprintf("kept\t%d", sum(is.na(statuses))),
             if (length(key$names)) paste("f", sprintf("%.0f", key$sizes), mt, st, escape_field(key$names), sep = "\t"),
             "end")
  paste0(paste(lines, collapse = "\n"), "\n")
}

cache_condition <- function(class, msg) {
  stop(structure(class = c(class, "error", "condition"), list(message = msg, call = NULL)))
}
cache_corrupt <- function(msg) cache_condition("nnscratch_cache_corrupt", msg)
cache_stale <- function(msg) cache_condition("nnscratch_cache_stale", msg)

#' Parse a whole-number field strictly (digits, optional leading minus)
#' @noRd
parse_whole <- function(x, what) {
  if (length(x) == 0L) return(numeric(0))
  if (!all(grepl("^-?[0-9]+$", x))) cache_corrupt(sprintf("manifest: bad %s '%s'", what, x[!grepl("^-?[0-9]+$", x)][1L]))
  as.numeric(x)
}

#' Check a manifest file against a key
#'
#' @return list(kept = names of the kept files, skipped = data.frame(file, reason)).
#'   Signals "nnscratch_cache_corrupt" (malformed) or "nnscratch_cache_stale" (another key).
#' @noRd
check_image_manifest <- function(path, key) {
  n <- file.size(path)
  bytes <- tryCatch(suppressWarnings(readBin(path, "raw", n)), error = function(e) NULL)
  if (is.na(n) || is.null(bytes)) cache_corrupt(sprintf("cannot read %s", basename(path)))
  if (length(bytes) != n) cache_corrupt("manifest: short read")
  if (any(bytes == as.raw(0L))) cache_corrupt("manifest contains NUL bytes")
  if (n < 4L || bytes[n] != as.raw(0x0AL)) cache_corrupt("manifest truncated (no 'end' line)")
  lines <- strsplit(rawToChar(bytes), "\n", fixed = TRUE)[[1L]]
  if (lines[length(lines)] != "end") cache_corrupt("manifest truncated (no 'end' line)")
  lines <- lines[-length(lines)]
  head <- strsplit(lines[1L], "\t", fixed = TRUE)[[1L]]
  if (length(head) != 2L || head[1L] != IMAGE_CACHE_MAGIC) cache_corrupt("manifest: bad first line (not an nnscratch image cache)")
  if (head[2L] != as.character(IMAGE_CACHE_FORMAT_VERSION)) {
    cache_stale(sprintf("cache format version %s, expected %d", head[2L], IMAGE_CACHE_FORMAT_VERSION))
  }
  is_f <- startsWith(lines, "f\t")
  first_f <- if (any(is_f)) which(is_f)[1L] else length(lines) + 1L
  fields <- list()
  sums <- list()
  lab_names <- character(0)
  lab_values <- numeric(0)
  for (i in seq_len(first_f - 1L)[-1L]) {
    p <- strsplit(lines[i], "\t", fixed = TRUE)[[1L]]
    if (length(p) == 2L && p[1L] %in% c("images_md5", "labels_md5") && is.null(sums[[p[1L]]])) {
      if (!grepl("^[0-9a-f]{32}$", p[2L])) cache_corrupt(sprintf("manifest: bad %s '%s'", p[1L], substr(p[2L], 1L, 40L)))
      sums[[p[1L]]] <- p[2L]
    } else if (length(p) == 3L && p[1L] == "label") {
      lab_names <- c(lab_names, p[2L])
      lab_values <- c(lab_values, parse_whole(p[3L], "label"))
    } else if (length(p) == 2L && p[1L] %in% c("loader_version", "size", "files", "kept") && is.null(fields[[p[1L]]])) {
      fields[[p[1L]]] <- parse_whole(p[2L], p[1L])
    } else {
      cache_corrupt(sprintf("manifest: unexpected line %d: '%s'", i, substr(lines[i], 1L, 60L)))
    }
  }
  missing <- setdiff(c("loader_version", "size", "images_md5", "labels_md5", "files", "kept"),
                     c(names(fields), names(sums)))
  if (length(missing)) cache_corrupt(sprintf("manifest: missing %s", paste(missing, collapse = ", ")))
  rec <- lines[seq_len(length(lines) - first_f + 1L) + first_f - 1L]
  if (length(rec) != fields$files) cache_corrupt(sprintf("manifest: %d file lines, header says %.0f", length(rec), fields$files))
  parts <- strsplit(rec, "\t", fixed = TRUE)
  if (length(parts) && (any(lengths(parts) != 5L) || !all(startsWith(rec, "f\t")))) cache_corrupt("manifest: malformed file line")
  mat <- matrix(unlist(parts, use.names = FALSE), nrow = 5L)
  sizes <- parse_whole(mat[2L, ], "file size")
  mtimes <- parse_whole(mat[3L, ], "modification time")
  statuses <- mat[4L, ]
  stored <- mat[5L, ]
  if (sum(statuses == IMAGE_CACHE_KEPT) != fields$kept) cache_corrupt("manifest: kept count does not match the file lines")

  if (fields$loader_version != IMAGE_LOADER_VERSION) {
    cache_stale(sprintf("loader version %.0f, expected %d", fields$loader_version, IMAGE_LOADER_VERSION))
  }
  if (fields$size != key$size) cache_stale(sprintf("image size %.0f, expected %d", fields$size, key$size))
  cls <- sort_bytes(names(key$labels))
  if (!identical(lab_names, escape_field(cls)) || !identical(lab_values, as.numeric(key$labels[cls]))) {
    cache_stale("label mapping differs")
  }
  names_now <- escape_field(key$names)
  if (length(stored) != length(names_now) || any(stored != names_now)) {
    added <- setdiff(names_now, stored)
    removed <- setdiff(stored, names_now)
    eg <- c(added, removed)
    cache_stale(sprintf("file list changed (%d new, %d removed%s)", length(added), length(removed),
                        if (length(eg)) paste0(", e.g. ", eg[1L]) else ""))
  }
  bad <- which(sizes != key$sizes)
  if (length(bad)) cache_stale(sprintf("%s: size changed (%.0f -> %.0f bytes)", key$names[bad[1L]], sizes[bad[1L]], key$sizes[bad[1L]]))
  bad <- which(abs(mtimes - key$mtimes * 1e9) > IMAGE_CACHE_MTIME_TOLERANCE_NS)
  if (length(bad)) cache_stale(sprintf("%s: modified", key$names[bad[1L]]))
  kept <- statuses == IMAGE_CACHE_KEPT
  reasons <- vapply(statuses[!kept], unescape_field, "", USE.NAMES = FALSE)
  if (!is.null(key$root)) {
    again <- key$names[!kept][is_transient_reason(reasons)]
    now <- again[readable_now(file.path(key$root, again))]
    if (length(now)) cache_stale(sprintf("%s: readable now", now[1L]))
  }
  list(kept = key$names[kept],
       skipped = data.frame(file = key$names[!kept], reason = reasons, stringsAsFactors = FALSE),
       checksums = c(sums$images_md5, sums$labels_md5))
}

#' Regular files this process may read (access(), no open: a named pipe must not block)
#' @noRd
readable_now <- function(paths) {
  if (length(paths) == 0L) return(logical(0))
  fi <- file.info(paths, extra_cols = FALSE)
  ok <- !is.na(fi$isdir) & !fi$isdir & file.access(paths, 4L) == 0L
  for (i in which(ok & fi$size == 0)) ok[i] <- file_kind(paths[i]) == "regular"
  ok
}

#' Read one cache array, checking dtype and shape; corrupt on any problem
#' @noRd
read_cache_npy <- function(path, descrs, shape, md5 = NULL) {
  h <- tryCatch(npy_read_data(path), nnscratch_error = function(e) {
    cache_corrupt(if (!file.exists(path)) sprintf("%s missing", basename(path))
                  else sub(path, basename(path), conditionMessage(e), fixed = TRUE))
  })
  if (!(h$descr %in% descrs)) cache_corrupt(sprintf("%s: dtype '%s', expected '%s'", basename(path), h$descr, descrs[1L]))
  if (length(h$shape) != length(shape) || any(h$shape != shape) || h$fortran_order) {
    cache_corrupt(sprintf("%s: shape (%s)%s, expected (%s)", basename(path), paste(h$shape, collapse = ", "),
                          if (h$fortran_order) " Fortran order" else "", paste(shape, collapse = ", ")))
  }
  if (!is.null(md5) && !identical(unname(tools::md5sum(path)), md5)) {
    cache_corrupt(sprintf("%s: MD5 checksum differs from the manifest's (contents changed)", basename(path)))
  }
  h$data
}

#' (mtime, size, ctime) of a file, NULL when missing: a replaced manifest has others
#' @noRd
file_identity <- function(path) {
  fi <- suppressWarnings(file.info(path, extra_cols = FALSE))
  if (is.na(fi$size)) return(NULL)
  c(as.numeric(fi$mtime), fi$size, as.numeric(fi$ctime))
}

#' Read the image cache of a key
#'
#' @return list(hit, miss): hit = NULL or list(X (m, S, S, 3) double = uint8 / 255,
#'   y integer, files, skipped data.frame); miss = NULL on a hit, else "absent",
#'   "stale (...)" or "corrupt (...)".
#' @noRd
load_image_cache <- function(dir, key) {
  f <- image_cache_files(dir, key$size)
  before <- file_identity(f$manifest)
  if (is.null(before)) return(list(hit = NULL, miss = "absent"))
  corrupt <- function(msg) {
    # writers remove the manifest before touching the arrays: a manifest gone or
    # replaced since it was read means another process is rewriting the cache
    if (!identical(file_identity(f$manifest), before)) {
      return(list(hit = NULL, miss = "absent (being rewritten by another process)"))
    }
    list(hit = NULL, miss = sprintf("corrupt (%s)", msg))
  }
  tryCatch({
    man <- check_image_manifest(f$manifest, key)
    m <- length(man$kept)
    S <- key$size
    y <- read_cache_npy(f$labels, "<i8", m)
    expected <- unname(key$labels[sub("/.*$", "", man$kept)])
    if (!identical(as.numeric(y), as.numeric(expected))) cache_corrupt(sprintf("%s: labels do not match the label mapping", basename(f$labels)))
    y <- read_cache_npy(f$labels, "<i8", m, man$checksums[2L])
    v <- read_cache_npy(f$images, c("|u1", "<u1"), c(m, S, S, 3), man$checksums[1L])
    X <- as.double(c_order_to_r(v, c(m, S, S, 3L))) / 255 # C order -> R's column-major, see R/data-npy.R
    dim(X) <- c(m, S, S, 3L)
    list(hit = list(X = X, y = as.integer(y), files = man$kept, skipped = man$skipped), miss = NULL)
  },
  nnscratch_cache_stale = function(e) list(hit = NULL, miss = sprintf("stale (%s)", conditionMessage(e))),
  nnscratch_cache_corrupt = function(e) corrupt(conditionMessage(e)),
  error = function(e) corrupt(conditionMessage(e)))
}

#' Write the image cache of a key
#'
#' @param images Integer matrix (S * S * 3, m): column i is kept image i as
#'   as.vector() of its (S, S, 3) R array (R order); y: its labels;
#'   statuses: per listed file, NA (kept) or the skip reason.
#' @noRd
save_image_cache <- function(dir, key, images, y, statuses) {
  f <- image_cache_files(dir, key$size)
  if (!dir.exists(dir) && !dir.create(dir, recursive = TRUE, showWarnings = FALSE)) {
    nn_abort(sprintf("cannot create folder '%s'", dir), class = "nnscratch_io_error")
  }
  unlink(f$manifest) # no warning when a concurrent writer removed it first
  S <- key$size
  m <- length(y)
  # per image, R order (h fastest) -> C order (channel fastest): rows reordered
  perm <- as.vector(aperm(array(seq_len(S * S * 3L), c(3L, S, S)), 3:1))
  npy_write_c(f$images, "|u1", c(m, S, S, 3L), as.raw(images[order(perm), , drop = FALSE]))
  npy_write_c(f$labels, "<i8", m, int64_to_raw(y))
  txt <- image_cache_manifest(key, statuses, unname(tools::md5sum(c(f$images, f$labels))))
  atomic_write(f$manifest, function(tmp) writeBin(charToRaw(txt), tmp))
}
