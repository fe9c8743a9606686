# Fixtures of the data tests (test-data-*.R, test-cli-*.R): small image
# folders written with the png and jpeg packages, and the checkout's sample data.

sample_dir <- function() testthat::test_path("..", "..", "data", "sample")

solid <- function(h, w, rgb) array(rep(rgb, each = h * w), c(h, w, 3)) / 255

make_folder <- function() {
  root <- tempfile("petimages")
  cat_dir <- file.path(root, "Cat")
  dog_dir <- file.path(root, "Dog")
  dir.create(cat_dir, recursive = TRUE)
  dir.create(dog_dir)
  dir.create(file.path(root, "Other"))                 # unmapped: ignored
  dir.create(file.path(cat_dir, "sub"))                # not visited
  png::writePNG(solid(4, 4, c(255, 0, 0)), file.path(cat_dir, "sub", "deep.png"))
  set.seed(7)
  colour <- array(sample(0:255, 20 * 30 * 3, TRUE), c(20, 30, 3))
  alpha <- matrix(sample(0:255, 20 * 30, TRUE), 20, 30)
  png::writePNG(solid(10, 12, c(255, 0, 0)), file.path(cat_dir, "red.png"))
  png::writePNG(array(c(colour, alpha), c(20, 30, 4)) / 255, file.path(cat_dir, "rgba.png"))
  jpeg::writeJPEG(colour / 255, file.path(cat_dir, "colour.jpg"), quality = 0.95)
  whole <- readBin(file.path(cat_dir, "colour.jpg"), "raw", 1e6)
  writeBin(whole[seq_len(length(whole) %/% 2)], file.path(cat_dir, "truncated.jpg"))
  writeBin(raw(0), file.path(cat_dir, "empty.jpg"))
  jpeg::writeJPEG(colour[, , 1] / 255, file.path(cat_dir, "gray.jpg"))
  png::writePNG(colour[, , 1] / 255, file.path(cat_dir, "gray.png"))
  png::writePNG(array(c(colour[, , 1], alpha), c(20, 30, 2)) / 255, file.path(cat_dir, "gray_alpha.png"))
  writeLines("hello, I am not a JPEG", file.path(cat_dir, "text.jpg"))
  writeBin(as.raw(c(0x42, 0x4D, rep(0, 60))), file.path(cat_dir, "picture.bmp"))
  jpeg::writeJPEG(solid(40, 20, c(0, 0, 255)), file.path(dog_dir, "1.jpg"), quality = 0.95)
  png::writePNG(solid(5, 5, c(0, 255, 0)), file.path(dog_dir, "10.png"))
  png::writePNG(solid(64, 64, c(0, 0, 0)), file.path(dog_dir, "2.png"))
  p <- tempfile(fileext = ".png")
  png::writePNG(solid(8, 8, c(1, 2, 3)), p)
  bytes <- readBin(p, "raw", 1e6)
  writeBin(bytes[seq_len(length(bytes) - 12L)], file.path(dog_dir, "cut.png"))  # IEND cut off
  list(root = root, colour = colour)
}

expected_files <- c("Cat/colour.jpg", "Cat/red.png", "Cat/rgba.png", "Dog/1.jpg", "Dog/10.png", "Dog/2.png")
expected_skipped <- data.frame(
  file = c("Cat/empty.jpg", "Cat/gray.jpg", "Cat/gray.png", "Cat/gray_alpha.png",
           "Cat/picture.bmp", "Cat/text.jpg", "Cat/truncated.jpg", "Dog/cut.png"),
  reason = c("empty file (0 bytes)", "grayscale image (JPEG, 1 component)", "grayscale image (PNG, gray)",
             "grayscale image (PNG, gray+alpha)", "not a JPEG or PNG file", "not a JPEG or PNG file",
             "truncated JPEG (no end-of-image marker)", "truncated PNG (no IEND chunk)"),
  stringsAsFactors = FALSE)

load_quietly <- function(...) suppressWarnings(create_dataset(...))
