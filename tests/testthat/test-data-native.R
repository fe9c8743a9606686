# The compiled resize (src/area_resize.c through R/data-native.R): the same
# integers as R's reference resize_area_core, no tolerance (both emulate
# OpenCV's float32 steps exactly; parity_tests/test_15d compares with OpenCV).

# an integer (H, W, 3) array 0..255 as a native raster: (H, W) integers stored
# row by row, R | G << 8 | B << 16 | A << 24 (alpha 255: negative as int32)
pack_native <- function(a, alpha = 255) {
  v <- a[, , 1] + a[, , 2] * 256 + a[, , 3] * 65536 + alpha * 2^24
  v <- ifelse(v >= 2^31, v - 2^32, v)
  nr <- as.integer(t(v))
  dim(nr) <- dim(a)[1:2]
  nr
}

# a new folder in the session's temporary folder (removed when R exits)
new_temp_dir <- function() {
  d <- tempfile("native-")
  dir.create(d)
  d
}

random_rgb <- function(h, w) array(sample(0:255, h * w * 3, TRUE), c(h, w, 3))

test_that("the compiled routine is in use in a checkout and in the installed package", {
  status <- native_status()
  expect_false(startsWith(status, "unavailable"), info = status)
  expect_true(status == "package" || file.exists(status), info = status)
  old <- options(nnscratch.native = FALSE)
  on.exit(options(old))
  expect_identical(native_status(), "off")
  expect_null(native_area_resize(pack_native(random_rgb(4, 4)), 2, 2))
})

test_that("pack_native is the decoder's packing (native_rgb unpacks it)", {
  set.seed(1)
  a <- random_rgb(5, 7)
  expect_identical(native_rgb(pack_native(a)), array(as.integer(a), dim(a)))
})

test_that("C equals R's reference on random images and sizes (integer and other factors, non-square)", {
  set.seed(16)
  shapes <- rbind(c(180, 180, 32, 32), c(375, 500, 32, 32), c(500, 375, 32, 32), c(64, 64, 32, 32),
                  c(96, 64, 32, 32), c(99, 33, 33, 11), c(90, 60, 30, 20), c(7, 11, 3, 5), c(33, 32, 32, 32),
                  c(32, 33, 32, 32), c(5, 300, 1, 7), c(300, 5, 7, 1), c(1, 9, 1, 4), c(9, 1, 4, 1),
                  c(1, 1, 1, 1), c(2, 2, 1, 1), c(12, 12, 4, 3), c(49, 48, 32, 32), c(101, 203, 17, 29))
  for (i in seq_len(nrow(shapes))) {
    s <- shapes[i, ]
    a <- random_rgb(s[1], s[2])
    got <- native_area_resize(pack_native(a), s[3], s[4])
    expect_identical(got, resize_area_core(array(as.integer(a), dim(a)), s[3], s[4]),
                     info = paste(s, collapse = " x "))
  }
})

test_that("saturated, constant and tie-making images equal the reference", {
  a <- array(255L, c(37, 41, 3))
  expect_identical(native_area_resize(pack_native(a), 32, 32), array(255L, c(32, 32, 3)))
  # halves everywhere: 2x2 blocks (a + b + c + d + 2) >> 2 and 3x3 blocks sum * (1 / 9) in float32
  b <- array(rep(c(0L, 1L), length.out = 6 * 6 * 3), c(6, 6, 3))
  for (k in c(3, 2)) {
    expect_identical(native_area_resize(pack_native(b), k, k), resize_area_core(b, k, k), info = k)
  }
  expect_identical(c(native_area_resize(pack_native(array(c(1L, 0L, 1L, 0L), c(2, 2, 3))), 1, 1)), rep(1L, 3))
})

test_that("the same size unpacks; upscaling is left to R (NULL); alpha and NA_integer_ are ignored", {
  set.seed(2)
  a <- random_rgb(6, 9)
  expect_identical(native_area_resize(pack_native(a), 6, 9), array(as.integer(a), dim(a)))
  expect_null(native_area_resize(pack_native(a), 12, 9))
  expect_null(native_area_resize(pack_native(a), 3, 18))
  expect_identical(native_area_resize(pack_native(a, alpha = 0), 3, 3), resize_area_core(array(as.integer(a), dim(a)), 3, 3))
  nr <- matrix(NA_integer_, 2, 2) # 0x80000000: R = G = B = 0, alpha 128
  expect_identical(native_area_resize(nr, 1, 1), array(0L, c(1, 1, 3)))
})

test_that("bad arguments are refused with the routine's name", {
  expect_error(native_area_resize(matrix(0, 2, 2), 1, 1), "nn_area_resize: nr must be a native raster")
  expect_error(native_area_resize(1:4, 1, 1), "nn_area_resize: nr must be a native raster")
  expect_error(native_area_resize(matrix(0L, 2, 2), 0, 1), "nn_area_resize: sizes must be positive")
})

test_that("load_image gives the same pixels with and without the compiled routine (JPEG, PNG, upscaled)", {
  dir <- new_temp_dir()
  set.seed(5)
  a <- random_rgb(40, 50) / 255
  jpeg::writeJPEG(a, file.path(dir, "a.jpg"), quality = 0.9)
  png::writePNG(a, file.path(dir, "a.png"))
  png::writePNG(a[1:8, 1:6, ], file.path(dir, "small.png"))
  for (f in c("a.jpg", "a.png", "small.png")) {
    fast <- load_image(file.path(dir, f), 32)
    old <- options(nnscratch.native = FALSE)
    ref <- load_image(file.path(dir, f), 32)
    options(old)
    expect_identical(fast, ref, info = f)
    expect_identical(dim(fast), c(32L, 32L, 3L))
  }
})

test_that("compile_native builds once into the cache, and reports a failing build", {
  skip_if(running_installed(), "the installed package has its DLL; compiling is for sourced R/")
  src <- native_src_dir()
  expect_false(is.null(src))
  cache <- new_temp_dir()
  got <- compile_native(src, cache = cache)
  expect_null(got$error)
  expect_true(file.exists(got$where))
  expect_identical(list.files(cache), basename(dirname(got$where))) # no build folder left behind
  before <- file.mtime(got$where)
  again <- compile_native(src, cache = cache)
  expect_identical(again$where, got$where)
  expect_identical(file.mtime(again$where), before) # not rebuilt
  a <- random_rgb(20, 30)
  expect_identical(.Call(again$symbol, pack_native(a), 10L, 10L), resize_area_core(array(as.integer(a), dim(a)), 10, 10))

  broken <- new_temp_dir()
  writeLines("this is not C", file.path(broken, "bad.c"))
  bad <- compile_native(broken, cache = cache)
  expect_match(bad$error, "R CMD SHLIB failed in", fixed = TRUE)
  expect_match(bad$error, broken, fixed = TRUE)
  expect_false(any(startsWith(list.files(cache), "build-")))
})

test_that("an unwritable cache falls back to the session's temporary folder", {
  skip_if(running_installed(), "the installed package has its DLL; compiling is for sourced R/")
  bad <- compile_native(native_src_dir(), cache = "/proc/nnscratch-cannot-be-here")
  expect_match(bad$error, "cannot create the cache folder '/proc/nnscratch-cannot-be-here'", fixed = TRUE)
  saved <- as.list(NATIVE)
  on.exit({ rm(list = ls(NATIVE), envir = NATIVE); for (k in names(saved)) assign(k, saved[[k]], envir = NATIVE) })
  rm(list = ls(NATIVE), envir = NATIVE)
  old <- Sys.getenv("NNSCRATCH_NATIVE_CACHE")
  Sys.setenv(NNSCRATCH_NATIVE_CACHE = "/proc/nnscratch-cannot-be-here")
  on.exit(Sys.setenv(NNSCRATCH_NATIVE_CACHE = old), add = TRUE)
  expect_true(startsWith(native_status(), file.path(tempdir(), "nnscratch-native")))
})

test_that("block sums beyond 32 bits are exact (OpenCV's int sums would wrap), in C and in R", {
  n <- (2^31 - 1) %/% 255 + 1 # pixels in the one block of 1 x n -> 1 x 1
  nr <- matrix(-1L, 1, n) # 0xFFFFFFFF: R = G = B = 255 (a white row)
  expect_identical(native_area_resize(nr, 1, 1), array(255L, c(1, 1, 3)))
  expect_identical(resize_area_fast(array(255L, c(1, n, 1)), 1, 1), array(255L, c(1, 1, 1)))
  expect_identical(resize_area_core(array(255L, c(1, n, 1)), 1, 1), array(255L, c(1, 1, 1)))
})
