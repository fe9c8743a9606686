# read_npy / write_npy: NumPy format 1.0, C order, u1 / i8 / f8.

npy_bytes <- function(f) readBin(f, "raw", file.size(f))

test_that("round trips keep values, type and index order", {
  f <- tempfile(fileext = ".npy")
  cases <- list(
    array(as.integer(sample(0:255, 5 * 4 * 4 * 3, TRUE)), c(5, 4, 4, 3)),
    matrix(c(1.5, -2, 1e300, NaN, Inf, 0), 2, 3),
    array(seq(-1, 1, length.out = 24), c(2, 3, 4)),
    c(1L, -2L, .Machine$integer.max),
    c(2^40, -2^53, 3),
    array(integer(0), c(0, 2, 2, 3))
  )
  for (x in cases) {
    write_npy(f, x, dtype = if (is.integer(x) && length(dim(x)) == 4L) "u1" else NULL)
    expect_identical(read_npy(f), x)
  }
  write_npy(f, as.raw(c(0, 7, 255)))
  expect_identical(read_npy(f), c(0L, 7L, 255L))
  expect_false(any(grepl(".tmp-", list.files(dirname(f)), fixed = TRUE) &
                     startsWith(list.files(dirname(f)), basename(f))))
})

test_that("the bytes are what numpy.save writes (header, padding, C order)", {
  f <- tempfile(fileext = ".npy")
  # np.save(f, np.arange(6, dtype=np.uint8).reshape(2, 3)): a[0] = 0 1 2, a[1] = 3 4 5
  write_npy(f, matrix(c(0L, 3L, 1L, 4L, 2L, 5L), 2, 3), dtype = "u1")
  b <- npy_bytes(f)
  expect_identical(length(b), 128L + 6L)
  expect_identical(b[1:10], as.raw(c(0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 118, 0)))
  expect_identical(rawToChar(b[11:69]), "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }")
  expect_identical(b[128], as.raw(0x0A))
  expect_true(all(b[70:127] == as.raw(0x20)))
  expect_identical(as.integer(b[129:134]), 0:5)
  # 3-d: a[i, j, k] = 100 i + 10 j + k; bytes run k fastest
  x <- array(0, c(2, 3, 4))
  for (i in 1:2) for (j in 1:3) for (k in 1:4) x[i, j, k] <- 100 * (i - 1) + 10 * (j - 1) + (k - 1)
  write_npy(f, x)
  v <- readBin(utils::tail(npy_bytes(f), 24 * 8), "double", 24, size = 8, endian = "little")
  expect_identical(v, as.numeric(unlist(lapply(0:1, function(i) lapply(0:2, function(j) 100 * i + 10 * j + 0:3)))))
  # int64 little-endian, two's complement
  write_npy(f, c(1L, -1L))
  expect_identical(rawToChar(npy_bytes(f)[11:67]), "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }")
  expect_identical(utils::tail(npy_bytes(f), 16), as.raw(c(1, rep(0, 7), rep(255, 8))))
})

test_that("malformed files are refused with the reason", {
  f <- tempfile(fileext = ".npy")
  write_npy(f, c(1, 2, 3))
  good <- npy_bytes(f)
  check <- function(bytes, msg) {
    writeBin(bytes, f)
    expect_error(read_npy(f), msg, class = "nnscratch_npy_error")
  }
  check(good[-length(good)], "truncated")
  check(c(good, as.raw(0)), "trailing bytes")
  check(c(charToRaw("XX"), good[-(1:2)]), "bad magic")
  check(raw(0), "bad magic")
  check(good[1:40], "truncated .npy header")
  hdr <- good
  hdr[12:18] <- charToRaw("garbage")
  check(hdr, "bad .npy header")
  other <- good
  other[22:24] <- charToRaw("<i4")
  check(other, "dtype '<i4' not supported")
  other[22:24] <- charToRaw(">f8")
  check(other, "dtype '>f8' not supported")
  expect_error(read_npy(tempfile()), "file not found")
  expect_error(write_npy(f, c(1.5, 2), dtype = "u1"), "whole numbers in 0..255")
  expect_error(write_npy(f, 1, dtype = "f4"), "dtype must be one of")
})

test_that("Fortran-order files are read without reordering; format 2.0 headers are read", {
  f <- tempfile(fileext = ".npy")
  dict <- "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }"
  pad <- 64 - ((10 + nchar(dict) + 1) %% 64)
  hdr <- c(NPY_MAGIC, as.raw(c(1, 0, (nchar(dict) + 1 + pad) %% 256, 0)), charToRaw(dict), as.raw(rep(0x20, pad)), as.raw(0x0A))
  con <- file(f, "wb")
  writeBin(hdr, con)
  writeBin(as.double(1:6), con, size = 8, endian = "little")
  close(con)
  expect_identical(read_npy(f), matrix(as.double(1:6), 2, 3))
  dict <- "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }"
  hlen <- nchar(dict) + 1
  writeBin(c(NPY_MAGIC, as.raw(c(2, 0, hlen, 0, 0, 0)), charToRaw(dict), as.raw(0x0A), as.raw(c(9, 8, 7))), f)
  expect_identical(read_npy(f), c(9L, 8L, 7L))
})

test_that("int64 beyond the int range comes back as exact doubles", {
  f <- tempfile(fileext = ".npy")
  x <- c(2^31, -2^31 - 1, 2^53, -2^53)
  write_npy(f, x, dtype = "i8")
  expect_identical(read_npy(f), x)
  expect_identical(utils::tail(npy_bytes(f), 8), as.raw(c(rep(0, 6), 0xE0, 0xFF))) # -2^53
})
