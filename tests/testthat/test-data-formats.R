# Format checks from the bytes, before decoding (R/data-formats.R).

test_that("a header claiming a huge image is skipped before decoding", {
  png_claiming <- function(w, h) {
    be32 <- function(x) as.raw(c(x %/% 2^24, (x %/% 2^16) %% 256, (x %/% 2^8) %% 256, x %% 256))
    c(as.raw(c(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)), be32(13), charToRaw("IHDR"),
      be32(w), be32(h), as.raw(c(8, 2, 0, 0, 0)), be32(0), be32(0), charToRaw("IEND"), be32(0))
  }
  chk <- check_image_bytes(png_claiming(20000, 20000))
  expect_identical(chk$reason, "image too large (20000 x 20000 pixels; the limit is 50,000,000)")
  expect_null(check_image_bytes(png_claiming(7000, 7000))$reason)
})

test_that("check_image_bytes: format from the magic bytes, reasons from the headers", {
  f <- make_folder()
  bytes <- function(name) readBin(file.path(f$root, name), "raw", 1e6)
  expect_identical(check_image_bytes(raw(0)), list(format = NA_character_, reason = "empty file (0 bytes)"))
  expect_identical(check_image_bytes(charToRaw("GIF89a")), list(format = NA_character_, reason = "not a JPEG or PNG file"))
  expect_identical(check_image_bytes(bytes("Cat/colour.jpg")), list(format = "jpeg", reason = NULL))
  expect_identical(check_image_bytes(bytes("Cat/red.png")), list(format = "png", reason = NULL))
  expect_identical(check_image_bytes(bytes("Cat/truncated.jpg"))$reason, "truncated JPEG (no end-of-image marker)")
  expect_identical(check_image_bytes(bytes("Cat/gray.jpg"))$reason, "grayscale image (JPEG, 1 component)")
  expect_identical(check_image_bytes(bytes("Cat/gray.png"))$reason, "grayscale image (PNG, gray)")
  expect_identical(check_image_bytes(bytes("Cat/gray_alpha.png"))$reason, "grayscale image (PNG, gray+alpha)")
  expect_identical(check_image_bytes(bytes("Dog/cut.png"))$reason, "truncated PNG (no IEND chunk)")
  expect_identical(check_image_bytes(c(JPEG_MAGIC, as.raw(0xD9)))$reason, "corrupt JPEG (no frame header or scan)")
  expect_identical(check_image_bytes(c(PNG_MAGIC, raw(30)))$reason, "corrupt PNG (no IHDR chunk)")
})

test_that("jpeg_header and png_header read components, size and colour type", {
  f <- make_folder()
  jpg <- as.integer(readBin(file.path(f$root, "Cat", "colour.jpg"), "raw", 1e6))
  h <- jpeg_header(jpg)
  expect_identical(h[1L], 3L)              # components
  expect_true(h[2L] > 0L)                  # offset after the scan header
  expect_identical(h[3:4], c(30L, 20L))    # width, height
  expect_identical(png_header(as.integer(readBin(file.path(f$root, "Cat", "rgba.png"), "raw", 1e6))), c(6L, 1L))
  expect_identical(png_header(as.integer(readBin(file.path(f$root, "Dog", "cut.png"), "raw", 1e6))), c(2L, 0L))
})

test_that("skip_image signals the reason and names the file", {
  e <- tryCatch(skip_image("truncated PNG (no IEND chunk)", "a/b.png"), nnscratch_skipped_image = function(e) e)
  expect_identical(e$reason, "truncated PNG (no IEND chunk)")
  expect_identical(conditionMessage(e), "a/b.png: truncated PNG (no IEND chunk)")
})

test_that("the end-of-image search (grepRaw) finds FF D9 only from the scan start on, up to the last byte", {
  jpeg <- readBin(file.path(sample_dir(), "Cat", "0.jpg"), "raw", 1e6)
  skip_if(length(jpeg) == 0L, "sample data only in a checkout")
  scan <- jpeg_header(as.integer(jpeg))[2L] # 0-based offset where the search starts
  n <- length(jpeg)
  expect_identical(as.integer(jpeg[(n - 1L):n]), c(0xFFL, 0xD9L))
  expect_null(check_image_bytes(jpeg)$reason) # FF D9 as the last two bytes: found
  cut <- jpeg[seq_len(n - 1L)] # ends in FF: no end-of-image marker
  expect_identical(check_image_bytes(cut)$reason, "truncated JPEG (no end-of-image marker)")
  # FF D9 before the scan start does not count; FF just before it and D9 at it neither
  early <- c(cut[seq_len(scan - 2L)], as.raw(c(0xFF, 0xD9)), cut[(scan + 1L):length(cut)])
  expect_identical(check_image_bytes(early)$reason, "truncated JPEG (no end-of-image marker)")
  straddle <- cut
  straddle[scan] <- as.raw(0xFF) # byte scan - 1 (0-based) = R index scan
  straddle[scan + 1L] <- as.raw(0xD9)
  expect_identical(check_image_bytes(straddle)$reason, "truncated JPEG (no end-of-image marker)")
  inside <- cut
  inside[scan + 1L] <- as.raw(0xFF) # 0-based scan, scan + 1: the first pair searched
  inside[scan + 2L] <- as.raw(0xD9)
  expect_null(check_image_bytes(inside)$reason)
})
