# Fuzz pass over the model reader and the image reader (twin of
# python/tests/test_fuzz.py and of the model-reader fuzz in
# python/tests/test_model_io.py): no file may make them crash, hang, warn or
# signal anything but the documented conditions.
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

test_that("model reader: random bytes, truncations and byte changes give a model or an nnscratch_model_error", {
  set.seed(20240607)
  dir <- tempfile("fuzz-model-")
  dir.create(dir)
  f <- file.path(dir, "valid.txt")
  save_model(f, init_param(c(3, 2, 1), seed = 2, init = "he"),
             list(architecture = c(3, 2, 1), init = "he", seed = 2, learning_rate = 0.05, iterations = 20,
                  image_size = 1, labels = c(Cat = 1, Dog = 0), created_by = "r", cost_every = 10,
                  costs = c(0.7, 0.6)))
  valid <- readBin(f, "raw", file.size(f))
  alphabet <- c(charToRaw("0123456789 .,-+eE\nnaifWb=x\t\r"), as.raw(0:255))
  cases <- c(
    lapply(seq_len(150), function(k) as.raw(sample(0:255, sample(0:400, 1L), replace = TRUE))),   # random bytes
    lapply(0:(length(valid) - 1L), function(n) valid[seq_len(n)]),                                 # every truncation
    lapply(seq_len(300), function(k) {                                                              # one byte changed,
      pos <- sample(length(valid), 1L)                                                              # inserted or deleted
      switch(k %% 3L + 1L,
             { b <- valid; b[pos] <- sample(alphabet, 1L); b },
             append(valid, sample(alphabet, 1L), after = pos - 1L),
             valid[-pos])
    }),
    list(c(charToRaw("nnscratch-model 1\n"), as.raw(sample(0:255, 300, replace = TRUE))))       # magic + junk
  )
  n_ok <- 0L
  n_refused <- 0L
  problems <- character(0)
  for (k in seq_along(cases)) {
    r <- fuzz_run(load_model(fuzz_raw_file(cases[[k]], dir)))
    problem <- fuzz_problem(r)
    if (is.null(problem) && is.null(r$condition)) {
      m <- r$value
      dims <- m$meta$architecture
      for (l in seq_len(length(dims) - 1L)) {
        if (!identical(dim(m$parameters[[paste0("W", l)]]), as.integer(c(dims[l + 1L], dims[l]))) ||
            !identical(dim(m$parameters[[paste0("b", l)]]), as.integer(c(dims[l + 1L], 1)))) {
          problem <- sprintf("layer %d does not fit the architecture %s", l, fmt_vec(dims))
        }
      }
      n_ok <- n_ok + 1L
    } else if (is.null(problem)) {
      if (!inherits(r$condition, "nnscratch_model_error")) {
        problem <- sprintf("%s: %s", class(r$condition)[1L], conditionMessage(r$condition))
      }
      n_refused <- n_refused + 1L
    }
    if (!is.null(problem)) {
      problems <- c(problems, sprintf("case %d (%s): %s", k, paste(as.integer(cases[[k]]), collapse = " "), problem))
    }
  }
  expect_identical(problems, character(0))
  message(sprintf("model reader fuzz cases: %d (%d loaded, %d refused with an nnscratch_model_error)",
                  length(cases), n_ok, n_refused))
  expect_gte(length(cases), 700L)
  expect_gt(n_refused, 600L)
})

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
  r <- fuzz_run(read_image_rgb(fuzz_raw_file(bytes, dir)))
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

test_that("create_dataset on tiny folders of such files gives a dataset or an nnscratch_error", {
  set.seed(20240609)
  dir <- tempfile("fuzz-data-")
  dir.create(dir)
  bases <- fuzz_image_bases(dir)
  args <- list(size = 3, warn = FALSE)
  if ("cache" %in% names(formals(create_dataset))) args$cache <- FALSE
  if ("workers" %in% names(formals(create_dataset))) args$workers <- 1L
  blob <- function() {
    b <- bases[[sample(length(bases), 1L)]]
    switch(sample(4L, 1L, prob = c(0.55, 0.15, 0.15, 0.15)),
           b,
           b[seq_len(sample(0:length(b), 1L))],
           byte_change(b, sample(length(b), 1L), sample(1:255, 1L)),
           as.raw(sample(0:255, sample(0:200, 1L), replace = TRUE)))
  }
  n_folders <- 60L
  n_ok <- 0L
  problems <- character(0)
  for (k in seq_len(n_folders)) {
    folder <- file.path(dir, sprintf("d%d", k))
    n_files <- 0L
    for (cls in c("Cat", "Dog")) {
      dir.create(file.path(folder, cls), recursive = TRUE)
      n <- sample(0:3, 1L, prob = c(0.1, 0.3, 0.3, 0.3))
      for (j in seq_len(n)) writeBin(blob(), file.path(folder, cls, sprintf("%d.jpg", j)))
      n_files <- n_files + n
    }
    if (k %% 5L == 0L) dir.create(file.path(folder, "Other")) # a folder labels does not map
    r <- fuzz_run(do.call(create_dataset, c(list(folder), args)))
    problem <- fuzz_problem(r)
    if (is.null(problem) && is.null(r$condition)) {
      ds <- r$value
      reasons_ok <- all(ds$skipped$reason %in% fuzz_image_reasons |
                          grepl("^(unsupported JPEG \\([0-9]+ components\\)|image too large \\([0-9]+ x [0-9]+ pixels; the limit is 50,000,000\\))$", ds$skipped$reason))
      if (!identical(dim(ds$X)[-1L], c(3L, 3L, 3L)) || !all(ds$X >= 0 & ds$X <= 1) ||
          length(ds$y) != dim(ds$X)[1L] || length(ds$files) + nrow(ds$skipped) != n_files || !reasons_ok) {
        problem <- "an inconsistent dataset"
      }
      n_ok <- n_ok + 1L
    } else if (is.null(problem)) {
      e <- r$condition
      if (!inherits(e, "nnscratch_error") || inherits(e, "nnscratch_skipped_image") ||
          !grepl("create_dataset", conditionMessage(e), fixed = TRUE)) {
        problem <- sprintf("%s: %s", class(e)[1L], conditionMessage(e))
      }
    }
    if (!is.null(problem)) problems <- c(problems, sprintf("folder %d: %s", k, problem))
    unlink(folder, recursive = TRUE)
  }
  expect_identical(problems, character(0))
  expect_error(do.call(create_dataset, c(list(file.path(dir, "nope")), args)), "folder not found", class = "nnscratch_error")
  message(sprintf("create_dataset fuzz cases: %d folders (%d loaded, %d refused with an nnscratch_error)",
                  n_folders, n_ok, n_folders - n_ok))
  expect_gt(n_ok, 5L)
})
