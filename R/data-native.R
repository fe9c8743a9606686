# The package's compiled routine (src/area_resize.c: OpenCV's INTER_AREA
# downscaling straight from a native raster), found the same way whether the
# package is installed or its R/ files are sourced from a checkout:
#
# * installed (R CMD INSTALL compiled src/): the routine registered by
#   useDynLib in the package's DLL;
# * sourced (tests, the parity session, inst/nnscratch.R from a checkout):
#   the C files of the folder named by the option nnscratch.src_dir (or the
#   environment variable NNSCRATCH_SRC_DIR, or the src/ of the checkout found
#   by checkout_root()) are compiled once with `R CMD SHLIB` into the user's
#   cache ($NNSCRATCH_NATIVE_CACHE, else tools::R_user_dir("nnscratch",
#   "cache"); a folder per checksum of
#   the sources and R version; built in a temporary folder and renamed into
#   place, so concurrent processes never see half a library) and loaded.
#
# Without a compiler or sources, or with options(nnscratch.native = FALSE),
# images are resized in R (resize_area_fast, R/data-resize.R): the same
# integers, about twice as slow per image (docs/performance.md).
# native_status() says which path is in use.

#' State of the compiled routine in this process (forked workers inherit it)
#' @noRd
NATIVE <- new.env(parent = emptyenv())

#' Is this code the installed package's namespace (not sourced files)?
#' @noRd
running_installed <- function() {
  identical(environmentName(topenv(environment(running_installed))), "nnscratch")
}

#' The folder of C sources for a sourced R/ (NULL when none is found)
#' @noRd
native_src_dir <- function() {
  candidates <- c(getOption("nnscratch.src_dir"), Sys.getenv("NNSCRATCH_SRC_DIR"))
  root <- tryCatch(checkout_root(), error = function(e) NULL)
  if (!is.null(root)) candidates <- c(candidates, file.path(root, "src"))
  for (d in candidates) {
    if (nzchar(d) && length(list.files(d, pattern = "[.]c$")) > 0L) return(normalizePath(d))
  }
  NULL
}

#' Compile the C files of src_dir with R CMD SHLIB (once per checksum) and load them
#'
#' Returns list(symbol, where) or list(error = reason).
#' @noRd
compile_native <- function(src_dir, cache = native_cache_dir()) {
  files <- sort(list.files(src_dir, pattern = "[.][ch]$", full.names = TRUE), method = "radix")
  sums <- c(unname(tools::md5sum(files)), basename(files), R.version.string, R.home())
  key <- substr(digest_text(paste(sums, collapse = "\n")), 1L, 16L)
  dir <- file.path(cache, paste0("native-", key))
  lib <- file.path(dir, paste0("nnscratch_", key, .Platform$dynlib.ext))
  if (!file.exists(lib)) {
    if (!dir.exists(cache) && !dir.create(cache, recursive = TRUE, showWarnings = FALSE)) {
      return(list(error = sprintf("cannot create the cache folder '%s'", cache)))
    }
    build <- tempfile("build-", tmpdir = cache)
    on.exit(unlink(build, recursive = TRUE), add = TRUE)
    dir.create(build)
    file.copy(files, build)
    c_files <- basename(files[grepl("[.]c$", files)])
    old_wd <- setwd(build)
    out <- suppressWarnings(system2(file.path(R.home("bin"), "R"),
                                    c("CMD", "SHLIB", "-o", basename(lib), shQuote(c_files)),
                                    stdout = TRUE, stderr = TRUE))
    setwd(old_wd)
    if (!is.null(attr(out, "status")) || !file.exists(file.path(build, basename(lib)))) {
      return(list(error = sprintf("R CMD SHLIB failed in %s: %s", src_dir, paste(utils::tail(out, 3L), collapse = " | "))))
    }
    # the finished library appears at once or not at all; a concurrent build that won the race is used as is
    if (!file.rename(build, dir) && !file.exists(lib)) {
      return(list(error = sprintf("cannot move the compiled library into '%s'", dir)))
    }
  }
  dll <- tryCatch(dyn.load(lib, local = TRUE, now = TRUE), error = function(e) e)
  if (inherits(dll, "error")) return(list(error = conditionMessage(dll)))
  list(symbol = getNativeSymbolInfo("nn_area_resize", dll), where = lib)
}

#' Where compiled libraries are kept: $NNSCRATCH_NATIVE_CACHE, else the user's
#' cache folder for nnscratch (tools::R_user_dir, which follows XDG_CACHE_HOME)
#' @noRd
native_cache_dir <- function() {
  d <- Sys.getenv("NNSCRATCH_NATIVE_CACHE")
  if (nzchar(d)) d else tools::R_user_dir("nnscratch", "cache")
}

#' MD5 of a string (tools::md5sum reads files; one temporary file)
#' @noRd
digest_text <- function(text) {
  f <- tempfile()
  on.exit(unlink(f))
  writeLines(text, f, useBytes = TRUE)
  unname(tools::md5sum(f))
}

#' The compiled area resize routine, or NULL (found once per process)
#' @noRd
native_symbol <- function() {
  if (isFALSE(getOption("nnscratch.native", TRUE))) return(NULL)
  if (is.null(NATIVE$status)) {
    got <- if (running_installed()) {
      tryCatch(list(symbol = getNativeSymbolInfo("nn_area_resize", PACKAGE = "nnscratch"), where = "package"),
               error = function(e) list(error = conditionMessage(e)))
    } else {
      src <- native_src_dir()
      if (is.null(src)) {
        list(error = "no C sources found (set options(nnscratch.src_dir = <checkout>/src))")
      } else {
        got <- compile_native(src)
        # an unwritable cache (a read-only home): this session's temporary folder instead
        if (!is.null(got$error)) got <- compile_native(src, cache = file.path(tempdir(), "nnscratch-native"))
        got
      }
    }
    NATIVE$symbol <- got$symbol
    NATIVE$status <- if (is.null(got$error)) got$where else paste("unavailable:", got$error)
  }
  NATIVE$symbol
}

#' Which resize load_image uses
#'
#' "package" (the installed package's DLL), the path of the library compiled
#' from a checkout's src/, "off" (options(nnscratch.native = FALSE)) or
#' "unavailable: <reason>" (images are then resized in R, same integers).
#' @noRd
native_status <- function() {
  if (isFALSE(getOption("nnscratch.native", TRUE))) return("off")
  native_symbol()
  NATIVE$status
}

#' OpenCV's INTER_AREA resize of a native raster, in C
#'
#' @param nr A native raster: integer (H, W) matrix stored row by row, each
#'   element R | G << 8 | B << 16 | A << 24 (jpeg::readJPEG(native = TRUE)).
#' @param out_h,out_w Output size (positive integers).
#' @return Integer (out_h, out_w, 3) RGB array 0..255, or NULL when the
#'   routine is unavailable or an axis is upscaled (the caller then runs R's
#'   reference, resize_area_core).
#' @noRd
native_area_resize <- function(nr, out_h, out_w) {
  symbol <- native_symbol()
  if (is.null(symbol)) return(NULL)
  .Call(symbol, nr, as.integer(out_h), as.integer(out_w))
}
