# Fuzz helpers for the model reader (test-io-model.R), the image reader
# (test-data-decode.R) and create_dataset (test-data-dataset.R); twins of
# python/tests' fuzz tests: no file may make them crash, hang, warn or signal
# anything but the documented conditions.
#
# * load_model(file): a model whose matrices fit its architecture, or an error
#   of class "nnscratch_model_error";
# * read_image_rgb(file): an integer (H, W, 3) array 0..255, or a condition of
#   class "nnscratch_skipped_image" whose reason is a documented one;
# * create_dataset(folder): a dataset, or an "nnscratch_error".
#
# Deterministic (set.seed): random bytes, truncations, single-byte changes,
# magic bytes followed by junk, a valid start spliced to junk and an end marker.
# Every case has a time limit; the counts are reported with message().

fuzz_image_reasons <- c(
  "empty file (0 bytes)", "not a JPEG or PNG file", "corrupt JPEG (no frame header or scan)",
  "truncated JPEG (no end-of-image marker)", "grayscale image (JPEG, 1 component)",
  "unsupported JPEG colour space (4 components, CMYK)", "unreadable JPEG (decoder error)",
  "corrupt PNG (no IHDR chunk)", "truncated PNG (no IEND chunk)", "grayscale image (PNG, gray)",
  "grayscale image (PNG, gray+alpha)", "unreadable PNG (decoder error)"
)
fuzz_max_seconds <- 10 # one case taking longer is a hang

fuzz_raw_file <- function(bytes, dir, name = "case") {
  f <- file.path(dir, name)
  writeBin(bytes, f)
  f
}

# Runs expr; returns list(value, condition, warnings, seconds). A warning is
# recorded (and muffled) so that the caller can fail on it.
fuzz_run <- function(expr) {
  warnings <- character(0)
  t0 <- proc.time()[["elapsed"]]
  setTimeLimit(elapsed = fuzz_max_seconds, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
  res <- tryCatch(
    withCallingHandlers(list(value = expr, condition = NULL),
                        warning = function(w) {
                          warnings <<- c(warnings, conditionMessage(w))
                          invokeRestart("muffleWarning")
                        }),
    error = function(e) list(value = NULL, condition = e)
  )
  res$warnings <- warnings
  res$seconds <- proc.time()[["elapsed"]] - t0
  res
}

# What is wrong with one run (a warning, too slow), or NULL.
fuzz_problem <- function(r) {
  if (length(r$warnings)) return(paste("warning:", paste(r$warnings, collapse = "; ")))
  if (r$seconds >= fuzz_max_seconds) return(sprintf("took %.1f s", r$seconds))
  NULL
}

byte_change <- function(base, pos, xor) {
  b <- base
  b[pos] <- as.raw(bitwXor(as.integer(base[pos]), xor))
  b
}

# Small valid images written by the jpeg and png packages, plus the smallest
# JPEG and PNG of each class of the sample data (when this is a checkout).
fuzz_image_bases <- function(dir) {
  set.seed(7)
  rgb <- array(runif(8 * 8 * 3), c(8, 8, 3))
  bases <- list()
  write_and_read <- function(name, writer) {
    f <- file.path(dir, name)
    writer(f)
    bases[[name]] <<- readBin(f, "raw", file.size(f))
  }
  write_and_read("rgb.jpg", function(f) jpeg::writeJPEG(rgb, f))
  write_and_read("gray.jpg", function(f) jpeg::writeJPEG(rgb[, , 1], f))
  write_and_read("rgb.png", function(f) png::writePNG(rgb, f))
  write_and_read("rgba.png", function(f) png::writePNG(array(runif(5 * 6 * 4), c(5, 6, 4)), f))
  write_and_read("gray.png", function(f) png::writePNG(rgb[, , 2], f))
  sample_dir <- test_path("..", "..", "data", "sample")
  for (cls in c("Cat", "Dog")) {
    for (ext in c("jpg", "png")) {
      files <- list.files(file.path(sample_dir, cls), pattern = paste0("[.]", ext, "$"), full.names = TRUE)
      files <- files[file.size(files) > 0]
      if (length(files)) {
        f <- files[which.min(file.size(files))]
        bases[[paste("sample", cls, ext)]] <- readBin(f, "raw", file.size(f))
      }
    }
  }
  bases
}

# One outcome of read_image_rgb: "decoded", the skip reason, or "PROBLEM: ..."
# (a warning, too slow, a malformed array, an undocumented condition).
image_case <- function(bytes, dir) {
  # the decoder's per-file "Corrupt JPEG data ... (image kept)" lines go to stderr: not the point here
  quiet <- file(nullfile(), open = "w")
  sink(quiet, type = "message")
  r <- tryCatch(fuzz_run(read_image_rgb(fuzz_raw_file(bytes, dir))), finally = {
    sink(type = "message")
    close(quiet)
  })
  problem <- fuzz_problem(r)
  if (!is.null(problem)) return(paste("PROBLEM:", problem))
  if (is.null(r$condition)) {
    img <- r$value
    ok <- is.integer(img) && length(dim(img)) == 3L && dim(img)[3L] == 3L && all(dim(img) >= 1L) &&
      all(img >= 0L & img <= 255L)
    return(if (ok) "decoded" else "PROBLEM: not an integer (H, W, 3) array of 0..255")
  }
  reason <- r$condition$reason
  documented <- inherits(r$condition, "nnscratch_skipped_image") && is.character(reason) &&
    (reason %in% fuzz_image_reasons || grepl("^(unsupported JPEG \\([0-9]+ components\\)|image too large \\([0-9]+ x [0-9]+ pixels; the limit is 50,000,000\\))$", reason) ||
       startsWith(reason, "cannot read file"))
  if (documented) reason else paste("PROBLEM:", class(r$condition)[1L], conditionMessage(r$condition))
}
