# NumPy .npy files (format 1.0; 2.0 headers are read) in base R: read_npy /
# write_npy, the array files of the image cache shared with Python
# (R/data-cache.R; twin of python/nnscratch/data/npy.py). Supported dtypes:
# '|u1' / '<u1' (uint8), '<i8' (int64), '<f8' (float64). NumPy's C order runs
# the last index fastest and R the first, so the data are reordered (a
# transpose and a column permutation), not just reshaped: dim(x) is the file's
# shape and x[i, j, ...] is numpy's a[i - 1, j - 1, ...]. write_npy writes the
# bytes numpy.save writes. Format details: docs/formats.md.

NPY_MAGIC <- as.raw(c(0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59))

#' Signal a malformed .npy file (class "nnscratch_npy_error")
#' @noRd
npy_abort <- function(path, what) {
  nn_abort(sprintf("%s: %s", path, what), class = c("nnscratch_npy_error", "nnscratch_value_error"))
}

#' Parse an .npy header dict string: list(descr, fortran_order, shape)
#' @noRd
npy_parse_header <- function(h, path) {
  h <- sub("[ \n]*$", "", h)
  if (!grepl("^\\{.*\\}$", h)) npy_abort(path, sprintf("bad .npy header (%s)", substr(h, 1L, 80L)))
  descr <- regmatches(h, regexec("'descr':\\s*'([^']*)'", h))[[1L]]
  fortran <- regmatches(h, regexec("'fortran_order':\\s*(True|False)", h))[[1L]]
  shape <- regmatches(h, regexec("'shape':\\s*\\(([0-9, ]*)\\)", h))[[1L]]
  if (length(descr) != 2L || length(fortran) != 2L || length(shape) != 2L) {
    npy_abort(path, sprintf("bad .npy header (%s)", substr(h, 1L, 80L)))
  }
  dims <- trimws(strsplit(shape[2L], ",", fixed = TRUE)[[1L]])
  dims <- dims[nzchar(dims)]
  if (any(!grepl("^[0-9]+$", dims))) npy_abort(path, sprintf("bad shape (%s)", shape[2L]))
  list(descr = descr[2L], fortran_order = fortran[2L] == "True", shape = as.numeric(dims))
}

#' Read an .npy header from an open binary connection
#'
#' @return list(descr, fortran_order, shape, offset): offset is the number of
#'   bytes before the data.
#' @noRd
npy_read_header <- function(con, path) {
  pre <- readBin(con, "raw", 10L)
  if (length(pre) < 10L || !identical(pre[1:6], NPY_MAGIC)) npy_abort(path, "not an .npy file (bad magic bytes)")
  major <- as.integer(pre[7L])
  if (major == 1L) {
    hlen <- as.integer(pre[9L]) + 256L * as.integer(pre[10L])
    offset <- 10L + hlen
  } else if (major == 2L) {
    more <- readBin(con, "raw", 2L)
    if (length(more) < 2L) npy_abort(path, "truncated .npy header")
    b <- as.numeric(c(pre[9:10], more))
    hlen <- sum(b * 256^(0:3))
    if (hlen > 1e6) npy_abort(path, "bad .npy header length")
    offset <- 12 + hlen
  } else {
    npy_abort(path, sprintf(".npy format version %d.%d not supported", major, as.integer(pre[8L])))
  }
  hdr <- readBin(con, "raw", hlen)
  if (length(hdr) < hlen) npy_abort(path, "truncated .npy header")
  if (any(hdr == as.raw(0L))) npy_abort(path, "bad .npy header (NUL bytes)")
  h <- npy_parse_header(rawToChar(hdr), path)
  if (!(h$descr %in% c("|u1", "<u1", "<i8", "<f8"))) {
    npy_abort(path, sprintf("dtype '%s' not supported ('|u1', '<i8', '<f8')", h$descr))
  }
  h$offset <- offset
  h
}

#' Bytes per item of a supported descr
#' @noRd
npy_itemsize <- function(descr) if (descr %in% c("|u1", "<u1")) 1L else 8L

#' Reorder a C-order data vector into an R array of dim `shape`
#'
#' Works on any atomic vector (raw, integer, double). 1-d: the vector itself;
#' 2-d: a transpose; k-d: transpose of (m, prod(rest)) then a column permutation.
#' @noRd
c_order_to_r <- function(v, shape) {
  k <- length(shape)
  if (k <= 1L) return(v)
  m <- shape[1L]
  rest <- shape[-1L]
  P <- prod(rest)
  # (m, P); column j = C-order position j of the rest
  tm <- t(matrix(v, nrow = P, ncol = m))
  if (k > 2L) {
    # perm[jR] = C-order position of the element at R (column-major) position jR
    perm <- as.vector(aperm(array(seq_len(P), rev(rest)), rev(seq_along(rest))))
    tm <- tm[, perm, drop = FALSE]
  }
  dim(tm) <- shape
  tm
}

#' The inverse of c_order_to_r: an R array (dim = shape) to its C-order data vector
#' @noRd
r_to_c_order <- function(x, shape) {
  k <- length(shape)
  if (k <= 1L) return(as.vector(x))
  m <- shape[1L]
  rest <- shape[-1L]
  P <- prod(rest)
  mat <- matrix(as.vector(x), nrow = m, ncol = P)
  if (k > 2L) {
    perm <- as.vector(aperm(array(seq_len(P), rev(rest)), rev(seq_along(rest))))
    mat <- mat[, order(perm), drop = FALSE] # column jC = the R column holding C position jC
  }
  as.vector(t(mat))
}

#' int64 little-endian bytes (raw, 8 per value) to doubles (exact up to 2^53)
#' @noRd
int64_from_raw <- function(b, path) {
  n <- length(b) %/% 8L
  if (n == 0L) return(numeric(0))
  w <- matrix(as.numeric(b), nrow = 8L)
  lo <- colSums(w[1:4, , drop = FALSE] * c(1, 256, 65536, 16777216))
  hi <- colSums(w[5:8, , drop = FALSE] * c(1, 256, 65536, 16777216))
  hi <- hi - (hi >= 2147483648) * 4294967296
  if (any(hi > 2097152 | hi < -2097152 | (hi == 2097152 & lo > 0))) {
    npy_abort(path, "int64 value beyond 2^53 (not exact in R)")
  }
  hi * 4294967296 + lo
}

#' Whole numbers (|x| < 2^53) to int64 little-endian bytes
#' @noRd
int64_to_raw <- function(x) {
  x <- as.numeric(x)
  if (length(x) == 0L) return(raw(0))
  hi <- floor(x / 4294967296)
  lo <- x - hi * 4294967296
  hi <- hi %% 4294967296
  b <- rbind(lo %% 256, (lo %/% 256) %% 256, (lo %/% 65536) %% 256, lo %/% 16777216,
             hi %% 256, (hi %/% 256) %% 256, (hi %/% 65536) %% 256, hi %/% 16777216)
  as.raw(as.vector(b))
}

#' Read the data of an .npy file as a C-order vector
#'
#' @return list(descr, fortran_order, shape, data): data is raw for uint8,
#'   double for int64 and float64, in file order.
#' @noRd
npy_read_data <- function(path) {
  if (!file.exists(path)) {
    nn_abort(sprintf("%s: file not found", path), class = c("nnscratch_file_not_found", "nnscratch_npy_error"))
  }
  con <- file(path, "rb")
  on.exit(close(con))
  h <- npy_read_header(con, path)
  n <- prod(h$shape)
  nbytes <- n * npy_itemsize(h$descr)
  actual <- file.size(path)
  expected <- h$offset + nbytes
  if (is.na(actual) || actual != expected) {
    npy_abort(path, sprintf("%s: %.0f bytes, header (%s) %s needs %.0f",
                            if (!is.na(actual) && actual > expected) "has trailing bytes" else "truncated",
                            actual, paste(h$shape, collapse = ", "), h$descr, expected))
  }
  data <- switch(h$descr,
    "|u1" = , "<u1" = readBin(con, "raw", n),
    "<f8" = readBin(con, "double", n, size = 8L, endian = "little"),
    "<i8" = int64_from_raw(readBin(con, "raw", nbytes), path)
  )
  if (length(data) != n) npy_abort(path, "truncated while reading")
  h$data <- data
  h
}

#' Read a NumPy .npy file
#'
#' Reads arrays written by \code{numpy.save}, Python's
#' \code{nnscratch.data.npy.write_npy} or \code{write_npy}: NumPy format
#' 1.0 (or 2.0), dtype uint8 (\code{'|u1'}/\code{'<u1'}), little-endian
#' int64 (\code{'<i8'}) or float64 (\code{'<f8'}), C or Fortran order.
#'
#' NumPy's C order stores the last index fastest, R the first: the data are
#' reordered (not merely reshaped) so that \code{dim(x)} is the file's shape
#' and \code{x[i, j, ...]} is numpy's \code{a[i - 1, j - 1, ...]}.
#'
#' @param path File name.
#' @return An array with \code{dim} = the file's shape (a plain vector for a
#'   1-d array): integer for uint8; integer for int64 when every value fits
#'   (else double, exact up to 2^53; larger values are an error); double for
#'   float64.
#' @seealso \code{\link{write_npy}}
#' @export
#' @examples
#' f <- tempfile(fileext = ".npy")
#' write_npy(f, matrix(1:6, 2, 3))
#' read_npy(f)
read_npy <- function(path) {
  h <- npy_read_data(path)
  v <- h$data
  if (is.raw(v)) v <- as.integer(v)
  if (h$descr == "<i8" && all(abs(v) <= .Machine$integer.max)) v <- as.integer(v)
  if (length(h$shape) <= 1L) return(v)
  if (h$fortran_order) return(array(v, h$shape))
  c_order_to_r(v, h$shape)
}

#' The .npy header numpy.save writes for (descr, shape), C order
#' @noRd
npy_header_bytes <- function(descr, shape) {
  shp <- if (length(shape) == 0L) "()" else if (length(shape) == 1L) sprintf("(%s,)", fmt_whole(shape))
         else sprintf("(%s)", paste(fmt_whole(shape), collapse = ", "))
  dict <- sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shp)
  # numpy >= 1.24 leaves room to grow the first axis in place (GROWTH_AXIS_MAX_DIGITS = 21)
  if (length(shape) > 0L) dict <- paste0(dict, strrep(" ", 21L - nchar(fmt_whole(shape[1L]))))
  hlen <- nchar(dict, type = "bytes") + 1L
  padlen <- 64L - ((10L + hlen) %% 64L)
  total <- hlen + padlen
  if (total > 65535L) nn_abort("write_npy: header too long for .npy format 1.0")
  c(NPY_MAGIC, as.raw(c(1L, 0L, total %% 256L, total %/% 256L)),
    charToRaw(dict), as.raw(rep(0x20L, padlen)), as.raw(0x0AL))
}

#' Write a NumPy .npy file
#'
#' Writes NumPy format 1.0 in C order, byte for byte what \code{numpy.save}
#' writes for the same array, atomically (a temporary file in the same folder
#' renamed over \code{path}).
#'
#' R arrays are column-major and NumPy's C order is row-major (last index
#' fastest): the data are reordered so that numpy's \code{a[i, j, ...]} is
#' \code{x[i + 1, j + 1, ...]} and \code{a.shape} is \code{dim(x)}. A vector
#' without \code{dim} is written as a 1-d array.
#'
#' @param path File name.
#' @param x A raw, logical, integer or double vector, matrix or array.
#' @param dtype \code{NULL} (default: raw -> \code{"|u1"}, integer and logical
#'   -> \code{"<i8"}, double -> \code{"<f8"}), or one of \code{"u1"},
#'   \code{"i8"}, \code{"f8"} (also \code{"uint8"}, \code{"int64"},
#'   \code{"float64"}, \code{"|u1"}, \code{"<u1"}, \code{"<i8"},
#'   \code{"<f8"}). uint8 needs whole numbers in 0..255, int64 whole numbers
#'   (exact up to 2^53).
#' @return \code{path}, invisibly.
#' @seealso \code{\link{read_npy}}
#' @export
#' @examples
#' f <- tempfile(fileext = ".npy")
#' write_npy(f, matrix(c(0.5, 1, 2, 4, 8, 16), nrow = 2)) # numpy.load(f) gives [[0.5, 2, 8], [1, 4, 16]]
#' readBin(f, "raw", 8) # 93 4e 55 4d 50 59 01 00: the byte 0x93, "NUMPY", format 1.0
#' read_npy(f)
#' write_npy(f, c(3, 200), dtype = "u1") # uint8, a 1-d array of shape (2,)
#' read_npy(f) # 3 200, integer
#' unlink(f)
write_npy <- function(path, x, dtype = NULL) {
  if (!(is.raw(x) || is.numeric(x) || is.logical(x))) nn_abort("write_npy: x must be a raw, logical, integer or double array")
  if (is.null(dtype)) {
    dtype <- if (is.raw(x)) "|u1" else if (is.double(x)) "<f8" else "<i8"
  } else {
    map <- c(u1 = "|u1", uint8 = "|u1", "|u1" = "|u1", "<u1" = "|u1",
             i8 = "<i8", int64 = "<i8", "<i8" = "<i8", f8 = "<f8", float64 = "<f8", "<f8" = "<f8")
    if (!is.character(dtype) || length(dtype) != 1L || !(dtype %in% names(map))) {
      nn_abort(sprintf("write_npy: dtype must be one of 'u1', 'i8', 'f8'; got %s", paste(format(dtype), collapse = ", ")))
    }
    dtype <- map[[dtype]]
  }
  shape <- if (is.null(dim(x))) length(x) else dim(x)
  v <- r_to_c_order(x, shape)
  data <- switch(dtype,
    "|u1" = {
      if (!is.raw(v)) {
        if (any(is.na(v) | v < 0 | v > 255 | v != floor(v))) nn_abort("write_npy: uint8 needs whole numbers in 0..255")
        v <- as.raw(v)
      }
      v
    },
    "<i8" = {
      if (is.raw(v)) v <- as.integer(v)
      if (any(is.na(v) | v != floor(v) | abs(v) > 2^53)) nn_abort("write_npy: int64 needs whole numbers (|x| <= 2^53)")
      int64_to_raw(v)
    },
    "<f8" = as.double(if (is.raw(v)) as.integer(v) else v)
  )
  npy_write_c(path, dtype, shape, data)
}

#' Write an .npy file from data already in C order (raw for '|u1', double for
#' '<f8', raw int64 bytes for '<i8'), atomically
#' @noRd
npy_write_c <- function(path, descr, shape, data) {
  header <- npy_header_bytes(descr, shape)
  atomic_write(path, function(tmp) {
    con <- file(tmp, "wb")
    on.exit(close(con))
    writeBin(header, con)
    if (is.raw(data)) writeBin(data, con) else writeBin(data, con, size = 8L, endian = "little")
  })
}
