# Decoding to RGB and the skip reasons of unreadable files (R/data-decode.R).

test_that("read_image_rgb signals the skip reason", {
  f <- make_folder()
  for (case in list(c("empty.jpg", "empty file (0 bytes)"), c("text.jpg", "not a JPEG or PNG file"),
                    c("gray.jpg", "grayscale image (JPEG, 1 component)"),
                    c("truncated.jpg", "truncated JPEG (no end-of-image marker)"))) {
    e <- tryCatch(read_image_rgb(file.path(f$root, "Cat", case[1])), nnscratch_skipped_image = function(e) e)
    expect_s3_class(e, "nnscratch_skipped_image")
    expect_identical(e$reason, case[2])
    expect_match(conditionMessage(e), case[1], fixed = TRUE)
  }
})

test_that("RGB order, alpha dropped, resized with INTER_AREA", {
  f <- make_folder()
  d <- load_quietly(f$root)
  red <- d$X[match("Cat/red.png", d$files), , , ]
  expect_true(all(red[, , 1] == 1) && all(red[, , 2:3] == 0))
  blue <- d$X[match("Dog/1.jpg", d$files), , , ]
  expect_true(min(blue[, , 3]) > 0.95 && max(blue[, , 1:2]) < 0.05)
  green <- d$X[match("Dog/10.png", d$files), , , ]
  expect_true(all(green[, , 2] == 1) && all(green[, , c(1, 3)] == 0))
  rgba <- read_image_rgb(file.path(f$root, "Cat", "rgba.png"))
  expect_identical(rgba, array(as.integer(f$colour), dim(f$colour)))
  expect_equal(d$X[match("Cat/rgba.png", d$files), , , ], resize_area(f$colour, 32) / 255)
  black <- load_quietly(f$root, size = 64)
  expect_true(all(black$X[match("Dog/2.png", black$files), , , ] == 0))
})

test_that("load_image is read_image_rgb then resize_area", {
  f <- make_folder()
  img <- load_image(file.path(f$root, "Cat", "rgba.png"), 8)
  expect_identical(img, resize_area(array(as.integer(f$colour), dim(f$colour)), 8))
  expect_identical(storage.mode(img), "integer")
})

test_that("resolve_workers: one process for few files, k capped at the file count", {
  expect_identical(resolve_workers(NULL, PARALLEL_MIN_FILES - 1L), 1L)
  expect_identical(resolve_workers(3, 2), 2L)
  expect_identical(resolve_workers(1, 500), 1L)
  expect_error(resolve_workers(1.5, 10), "workers must be NULL or a positive integer; got 1.5")
})

test_that("decode_files keeps the order: arrays for kept files, reasons for skipped ones", {
  f <- make_folder()
  paths <- file.path(f$root, c("Cat/red.png", "Cat/empty.jpg", "Dog/10.png"))
  for (workers in 1:2) {
    out <- decode_files(paths, 4L, workers = workers)
    expect_identical(out[[2L]], "empty file (0 bytes)")
    expect_identical(out[[1L]], array(rep(c(255L, 0L, 0L), each = 16L), c(4L, 4L, 3L)))
    expect_identical(out[[3L]], array(rep(c(0L, 255L, 0L), each = 16L), c(4L, 4L, 3L)))
  }
})

test_that("image reader: random bytes, truncations and byte changes give an RGB array or a documented skip reason", {
  set.seed(20240608)
  dir <- tempfile("fuzz-image-")
  dir.create(dir)
  bases <- fuzz_image_bases(dir)
  magics <- list(as.raw(c(0xFF, 0xD8, 0xFF)), as.raw(c(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10)),
                 as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)),
                 c(as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13)), charToRaw("IHDR")))
  pick_base <- function() bases[[sample(length(bases), 1L)]]
  is_jpeg <- function(b) length(b) >= 3L && identical(b[1:3], magics[[1L]])
  cases <- c(
    lapply(seq_len(60), function(k) as.raw(sample(0:255, sample(0:1500, 1L), replace = TRUE))),    # random bytes
    lapply(seq_len(120), function(k) { b <- pick_base(); b[seq_len(sample(0:length(b), 1L))] }),  # truncations
    lapply(seq_len(200), function(k) {                                                               # one byte changed
      b <- pick_base()
      byte_change(b, sample(length(b), 1L), sample(1:255, 1L))
    }),
    lapply(seq_len(60), function(k) c(magics[[sample(4L, 1L)]],                                      # magic + junk
                                      as.raw(sample(0:255, sample(0:600, 1L), replace = TRUE)))),
    lapply(seq_len(60), function(k) {                                                                # valid start, junk,
      b <- pick_base()                                                                               # end marker: the
      end <- if (is_jpeg(b)) as.raw(c(0xFF, 0xD9)) else utils::tail(b, 12L)                          # decoder runs
      c(b[seq_len(sample(0:length(b), 1L))], as.raw(sample(0:255, sample(0:300, 1L), replace = TRUE)), end)
    }),
    unname(bases)
  )
  # every truncation and every inverted byte of the small RGB JPEG and PNG
  for (nm in c("rgb.jpg", "rgb.png")) {
    b <- bases[[nm]]
    cases <- c(cases, lapply(0:(length(b) - 1L), function(n) b[seq_len(n)]),
               lapply(seq_along(b), function(i) byte_change(b, i, 255L)))
  }
  outcomes <- vapply(cases, image_case, "", dir = dir)
  bad <- startsWith(outcomes, "PROBLEM")
  expect_identical(sprintf("case %d: %s", which(bad), outcomes[bad]), character(0))
  expect_true(all(c("decoded", "empty file (0 bytes)", "truncated JPEG (no end-of-image marker)",
                    "truncated PNG (no IEND chunk)", "not a JPEG or PNG file") %in% outcomes))
  # a PNG header that claims 65536 x 65536 pixels is skipped at once
  chunk <- function(kind, data) {
    c(writeBin(length(data), raw(), size = 4L, endian = "big"), charToRaw(kind), data, as.raw(c(0, 0, 0, 0)))
  }
  huge <- c(magics[[3L]], chunk("IHDR", c(writeBin(c(65536L, 65536L), raw(), size = 4L, endian = "big"),
                                          as.raw(c(8, 2, 0, 0, 0)))), chunk("IDAT", raw(0)), chunk("IEND", raw(0)))
  expect_identical(image_case(huge, dir), "image too large (65536 x 65536 pixels; the limit is 50,000,000)")
  tab <- table(outcomes)
  message(sprintf("image reader fuzz cases: %d (%s)", length(cases) + 1L,
                  paste(sprintf("%s: %d", names(tab), tab), collapse = "; ")))
  expect_gte(length(cases), 2000L)
})

test_that("only regular files are read: a named pipe, a looping or broken link are skipped with their reason (issue 12)", {
  d <- tempfile("odd")
  dir.create(d)
  stopifnot(system2("mkfifo", file.path(d, "pipe.jpg")) == 0L)
  file.symlink("self.jpg", file.path(d, "self.jpg"))
  file.symlink("nowhere.jpg", file.path(d, "dangling.jpg"))
  reason <- function(f) tryCatch(read_image_rgb(file.path(d, f)), nnscratch_skipped_image = function(e) e$reason)
  expect_identical(reason("pipe.jpg"), "not a regular file (named pipe)")
  expect_identical(reason("self.jpg"), "broken symbolic link (missing target or a loop)")
  expect_identical(reason("dangling.jpg"), "broken symbolic link (missing target or a loop)")
})

test_that("load_image (decoded to a (H, W * 3) matrix, resized by the fast path) equals resize_area of read_image_rgb (issues 12, 16)", {
  f <- file.path(make_folder()$root, "Cat", "rgba.png")
  expect_identical(load_image(f, 7L), resize_area(read_image_rgb(f), 7L))
  g <- file.path(make_folder()$root, "Cat", "colour.jpg")
  expect_identical(load_image(g, 9L), resize_area(read_image_rgb(g), 9L))
})

test_that("load_image equals the reference (resize_area_core of read_image_rgb) on JPEG and PNG (RGB, RGBA)", {
  d <- withr::local_tempdir()
  set.seed(9)
  px <- array(sample(0:255, 45 * 61 * 4, TRUE), c(45, 61, 4)) / 255
  jpeg::writeJPEG(px[, , 1:3], file.path(d, "a.jpg"), quality = 0.9)
  png::writePNG(px[, , 1:3], file.path(d, "rgb.png"))
  png::writePNG(px, file.path(d, "rgba.png"))
  for (f in c("a.jpg", "rgb.png", "rgba.png")) { # 16-bit PNG: parity_tests/test_15c_data_fast_resize.py
    p <- file.path(d, f)
    for (size in c(32L, 45L, 7L, 64L)) {
      expect_identical(load_image(p, size), resize_area_core(read_image_rgb(p), size, size), label = paste(f, size))
    }
    u <- read_image_unit(p)
    expect_identical(dim(u), c(45L, 61L * 3L))
    expect_identical(as.vector(round(u * 255)), as.double(read_image_rgb(p)), label = f)
  }
})

test_that("native_rgb splits a native raster like native_channel (NA_integer_ is black)", {
  nr <- matrix(c(NA_integer_, 0L, 255L, 65280L, 16711680L, -1L, 123456789L, 2147483647L), 2)
  ref <- array(0L, c(2, 4, 3))
  for (k in 1:3) ref[, , k] <- native_channel(nr, k)
  expect_identical(native_rgb(nr), ref)
})

test_that("decode_files runs with one BLAS thread and restores the count after (also with a progress bar)", {
  skip_if_not(blas_threads_supported(), "R's BLAS is not OpenBLAS: threads are left alone")
  skip_if_not(dir.exists(sample_dir()), "sample data only in a checkout")
  files <- file.path(sample_dir(), "Cat", c("0.jpg", "1.jpg"))
  old <- set_blas_threads(2L)
  on.exit(set_blas_threads(old), add = TRUE)
  seen <- NULL
  out <- local({
    load_image_orig <- load_image
    assign("load_image", function(...) { seen <<- c(seen, blas_threads()); load_image_orig(...) }, envir = environment(decode_files))
    on.exit(assign("load_image", load_image_orig, envir = environment(decode_files)))
    decode_files(files, 8L)
  })
  expect_identical(seen, c(1L, 1L))
  expect_identical(blas_threads(), 2L)
  suppressMessages(decode_files(files, 8L, progress = TRUE))
  expect_identical(blas_threads(), 2L)
  expect_identical(dim(out[[1]]), c(8L, 8L, 3L))
})
