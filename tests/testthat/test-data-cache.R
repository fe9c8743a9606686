# The image cache of create_dataset (R/data-cache.R): hits, stale and corrupt caches.

cache_folder <- function(n = 4L, seed = 1L) {
  root <- tempfile("pets")
  set.seed(seed)
  for (cls in c("Cat", "Dog")) {
    dir.create(file.path(root, cls), recursive = TRUE)
    for (i in seq_len(n) - 1L) {
      h <- sample(20:50, 1)
      w <- sample(20:50, 1)
      jpeg::writeJPEG(array(runif(h * w * 3), c(h, w, 3)), file.path(root, cls, sprintf("%d.jpg", i)), quality = 0.9)
    }
  }
  writeBin(raw(0), file.path(root, "Cat", "empty.jpg"))
  writeLines("not a picture", file.path(root, "Dog", "text.jpg"))
  root
}

quiet <- function(...) {
  withCallingHandlers(create_dataset(...), nnscratch_skipped_files_warning = function(w) invokeRestart("muffleWarning"))
}

same_data <- function(a, b) {
  expect_identical(a[c("X", "y", "files", "skipped", "ignored_folders")], b[c("X", "y", "files", "skipped", "ignored_folders")])
}

cdir <- function(root) file.path(root, ".nnscratch-cache")

test_that("the second load reads the cache and gives identical data", {
  root <- cache_folder()
  cold <- quiet(root)
  expect_identical(cold$cache, list(dir = cdir(root), status = "written", miss = "absent"))
  expect_identical(sort(list.files(cdir(root))), c("images_32.npy", "labels_32.npy", "manifest_32.txt"))
  warm <- quiet(root)
  expect_identical(warm$cache$status, "hit")
  expect_identical(warm$cache$miss, NA_character_)
  same_data(cold, warm)
  same_data(quiet(root, cache = FALSE), warm)
  expect_identical(warm$ignored_folders, character(0))
  expect_identical(dim(read_npy(file.path(cdir(root), "images_32.npy"))), c(8L, 32L, 32L, 3L))
  expect_identical(read_npy(file.path(cdir(root), "labels_32.npy")), c(1L, 1L, 1L, 1L, 0L, 0L, 0L, 0L))
  expect_warning(create_dataset(root), "skipped 2 of 10 files", class = "nnscratch_skipped_files_warning")
})

test_that("cache = FALSE, a cache folder, separate sides", {
  root <- cache_folder()
  d <- quiet(root, cache = FALSE)
  expect_identical(d$cache, list(dir = NA_character_, status = "off", miss = NA_character_))
  expect_false(dir.exists(cdir(root)))
  where <- file.path(tempfile("elsewhere"), "cache")
  expect_identical(quiet(root, cache = where)$cache$status, "written")
  expect_identical(quiet(root, cache = where)$cache$status, "hit")
  expect_false(dir.exists(cdir(root)))
  quiet(root, size = 8)
  quiet(root, size = 16)
  expect_identical(quiet(root, size = 8)$cache$status, "hit")
  expect_identical(dim(quiet(root, size = 16)$X), c(8L, 16L, 16L, 3L))
})

test_that("the user cache folder when the image folder cannot hold one", {
  root <- cache_folder()
  xdg <- tempfile("xdg")
  old <- Sys.getenv("XDG_CACHE_HOME", NA)
  Sys.setenv(XDG_CACHE_HOME = xdg)
  on.exit(if (is.na(old)) Sys.unsetenv("XDG_CACHE_HOME") else Sys.setenv(XDG_CACHE_HOME = old))
  writeLines("a file where the cache folder would go", cdir(root))
  d <- quiet(root)
  expect_identical(d$cache$dir, user_cache_dir(root))
  expect_identical(dirname(d$cache$dir), file.path(xdg, "nnscratch"))
  expect_identical(nchar(basename(d$cache$dir)), 16L)
  expect_identical(quiet(root)$cache$status, "hit")
})

test_that("a cache that cannot be written: a warning, the load goes on", {
  root <- cache_folder()
  blocker <- tempfile("plain")
  writeLines("x", blocker)
  expect_warning(d <- quiet(root, cache = file.path(blocker, "sub")), "cannot write the image cache in",
                 class = "nnscratch_cache_warning")
  expect_identical(d$cache$status, "not written")
  expect_identical(dim(d$X), c(8L, 32L, 32L, 3L))
})

rebuilt <- function(root, miss_start, ...) {
  d <- withCallingHandlers(quiet(root, ...), nnscratch_cache_warning = function(w) stop("unexpected cache warning"))
  expect_identical(d$cache$status, "written")
  expect_true(startsWith(d$cache$miss, miss_start), info = d$cache$miss)
  same_data(d, quiet(root, cache = FALSE, ...))
  expect_identical(quiet(root, ...)$cache$status, "hit")
  d
}

test_that("stale caches are rebuilt silently", {
  root <- cache_folder()
  quiet(root)
  f <- file.path(root, "Cat", "1.jpg")
  Sys.setFileTime(f, file.info(f)$mtime + 5)
  rebuilt(root, "stale (Cat/1.jpg: modified)")
  file.copy(file.path(root, "Dog", "0.jpg"), file.path(root, "Dog", "new.jpg"))
  rebuilt(root, "stale (file list changed (1 new, 0 removed, e.g. Dog/new.jpg)")
  file.remove(file.path(root, "Cat", "0.jpg"))
  rebuilt(root, "stale (file list changed (0 new, 1 removed")
  file.copy(file.path(root, "Cat", "1.jpg"), file.path(root, "Cat", "empty.jpg"), overwrite = TRUE)
  d <- rebuilt(root, "stale (Cat/empty.jpg: size changed")
  expect_true("Cat/empty.jpg" %in% d$files)
  d <- rebuilt(root, "stale (label mapping differs)", labels = c(Cat = 0, Dog = 1))
  expect_identical(d$y, rep(0:1, c(sum(startsWith(d$files, "Cat/")), sum(startsWith(d$files, "Dog/")))))
})

test_that("a cache of another loader version is stale", {
  root <- cache_folder()
  quiet(root)
  man <- file.path(cdir(root), "manifest_32.txt")
  txt <- readLines(man)
  writeLines(sub("^loader_version\t.*$", "loader_version\t0", txt), man)
  rebuilt(root, "stale (loader version 0, expected 1)")
})

test_that("modification times are compared to within 1 microsecond", {
  root <- cache_folder()
  quiet(root)
  man <- file.path(cdir(root), "manifest_32.txt")
  txt <- readLines(man)
  shift <- function(ns) {
    out <- txt
    f <- startsWith(out, "f\t")
    p <- strsplit(out[f], "\t", fixed = TRUE)
    out[f] <- vapply(p, function(x) {
      x[3] <- sprintf("%.0f", as.numeric(x[3]) + ns)
      paste(x, collapse = "\t")
    }, "")
    writeLines(out, man)
  }
  shift(-500) # R's doubles hold ns times to +-128 ns at today's dates: stay clear of the 1000 ns edge
  expect_identical(quiet(root)$cache$status, "hit")
  shift(3000)
  expect_true(startsWith(quiet(root)$cache$miss, "stale (Cat/0.jpg: modified)"))
})

test_that("awkward file names survive the manifest", {
  root <- cache_folder()
  for (nm in c("tab\tname.jpg", "back\\slash.jpg", "new\nline.jpg", "sp ace.jpg")) {
    file.copy(file.path(root, "Cat", "0.jpg"), file.path(root, "Cat", nm))
  }
  cold <- quiet(root)
  warm <- quiet(root)
  expect_identical(warm$cache$status, "hit")
  same_data(cold, warm)
  expect_true(all(c("Cat/new\nline.jpg", "Cat/tab\tname.jpg", "Cat/back\\slash.jpg") %in% warm$files))
})

corrupt_case <- function(damage, why) {
  root <- cache_folder()
  good <- quiet(root)
  damage(cdir(root))
  expect_warning(d <- quiet(root), paste0("is corrupt \\(", why), class = "nnscratch_cache_warning")
  expect_identical(d$cache$status, "written")
  same_data(d, good)
  expect_identical(quiet(root)$cache$status, "hit")
}

cut_file <- function(f, keep) {
  b <- readBin(f, "raw", file.size(f))
  writeBin(b[seq_len(keep(length(b)))], f)
}

test_that("corrupt caches are rebuilt with a warning", {
  corrupt_case(function(d) cut_file(file.path(d, "images_32.npy"), function(n) n - 100L), "images_32.npy: truncated")
  corrupt_case(function(d) cut_file(file.path(d, "images_32.npy"), function(n) 30L), "images_32.npy: truncated .npy header")
  corrupt_case(function(d) writeLines("garbage", file.path(d, "images_32.npy")), "images_32.npy: not an .npy file")
  corrupt_case(function(d) file.remove(file.path(d, "images_32.npy")), "images_32.npy missing")
  corrupt_case(function(d) write_npy(file.path(d, "images_32.npy"), array(0L, c(7, 32, 32, 3)), "u1"),
               "images_32.npy: shape \\(7, 32, 32, 3\\), expected \\(8, 32, 32, 3\\)")
  corrupt_case(function(d) write_npy(file.path(d, "images_32.npy"), array(0, c(8, 32, 32, 3))),
               "images_32.npy: dtype '<f8'")
  corrupt_case(function(d) write_npy(file.path(d, "labels_32.npy"), 0:7), "labels_32.npy: labels do not match")
  corrupt_case(function(d) cut_file(file.path(d, "manifest_32.txt"), function(n) n - 20L), "manifest truncated")
  corrupt_case(function(d) writeBin(as.raw(c(0, 1, 2, 0x0A)), file.path(d, "manifest_32.txt")), "manifest contains NUL")
  corrupt_case(function(d) writeLines(c("hello", "end"), file.path(d, "manifest_32.txt")), "manifest: bad first line")
  corrupt_case(function(d) {
    f <- file.path(d, "manifest_32.txt")
    writeLines(sub("^kept\t8$", "kept\t7", readLines(f)), f)
  }, "manifest: kept count")
})

test_that("parallel decoding (mclapply) keeps the order and the pixels", {
  skip_on_os("windows")
  root <- cache_folder(n = 12L)
  ref <- quiet(root, cache = FALSE, workers = 1)
  same_data(quiet(root, cache = FALSE, workers = 2), ref)
  same_data(quiet(root, cache = FALSE, workers = 3), ref)
  expect_identical(resolve_workers(NULL, PARALLEL_MIN_FILES - 1L), 1L)
  expect_identical(resolve_workers(4, 3), 3L)
})

test_that("the progress bar goes to stderr and ends with the skipped count", {
  root <- cache_folder(n = 3L)
  out <- NULL
  err <- utils::capture.output(
    out <- utils::capture.output(invisible(quiet(root, cache = FALSE, workers = 2, progress = TRUE)), type = "output"),
    type = "message")
  expect_identical(out, character(0))
  expect_true(any(grepl("100%", err, fixed = TRUE)))
  expect_true(any(grepl("decoded 8 files with 2 processes: 2 skipped", err, fixed = TRUE)))
})

test_that("arrays edited with a consistent header are refused by their MD5 checksum (issue 12)", {
  root <- make_folder()$root
  good <- load_quietly(root, size = 8)
  img <- file.path(root, ".nnscratch-cache", "images_8.npy")
  x <- read_npy(img)
  write_npy(img, x[dim(x)[1]:1, , , , drop = FALSE], dtype = "u1")
  msgs <- character(0)
  d <- withCallingHandlers(create_dataset(root, size = 8, warn = FALSE), nnscratch_cache_warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
  expect_length(msgs, 1L)
  expect_match(msgs, "images_8.npy: MD5 checksum differs", fixed = TRUE)
  expect_identical(d$X, good$X)
})

test_that("a read error is re-checked, not remembered by the cache (issue 12)", {
  root <- make_folder()$root
  load_quietly(root, size = 8)
  man <- file.path(root, ".nnscratch-cache", "manifest_8.txt")
  txt <- readChar(man, file.size(man), useBytes = TRUE)
  txt <- sub("\tok\tCat/red.png\n", "\tcannot read file (Permission denied)\tCat/red.png\n", txt, fixed = TRUE)
  txt <- sub("kept\t6\n", "kept\t5\n", txt, fixed = TRUE)
  writeBin(charToRaw(txt), man)
  d <- load_quietly(root, size = 8)
  expect_identical(d$cache$miss, "stale (Cat/red.png: readable now)")
  expect_true("Cat/red.png" %in% d$files)
})
