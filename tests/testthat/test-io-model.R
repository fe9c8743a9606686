# Model files (R/io-model.R): exact round trips, rule-state blocks, old files,
# atomic writes, and a clear nnscratch_model_error for every bad file.

tricky_parameters <- function() {
  W1 <- matrix(c(0.1, -1 / 3, 5e-324, -0, 1e308, -2.2250738585072014e-308,
                 pi * 1e100, 123456789.123456789, exp(-30), 1, -1, 0.5), nrow = 3, ncol = 4)
  b1 <- matrix(c(1e-17, -0.25, 7), ncol = 1)
  W2 <- matrix(c(sqrt(2), -sqrt(3), 1 / 7), nrow = 1)
  b2 <- matrix(-0.123456789012345678, 1, 1)
  list(W1 = W1, b1 = b1, W2 = W2, b2 = b2)
}

tricky_meta <- function() {
  list(architecture = c(4, 3, 1), init = "he", seed = 4294967295, learning_rate = 0.05,
       iterations = 1500, image_size = 32, labels = c(Cat = 1, Dog = 0), created_by = "r",
       cost_every = 10, costs = c(0.69314718055994529, 1 / 3, 1e-20))
}

# A valid 2-layer model file as text lines (architecture 2,2,1).
good_lines <- function() {
  c("nnscratch-model 1", "architecture 2,2,1", "init he", "seed 1", "learning_rate 0.050000000000000003",
    "iterations 10", "image_size 1", "labels Cat=1,Dog=0", "created_by python",
    "W1 2 2", "0.10000000000000001 -0.20000000000000001", "0.29999999999999999 0.5",
    "b1 2 1", "0", "-0.0001",
    "W2 1 2", "1.5 -2.5",
    "b2 1 1", "0.25",
    "end")
}

write_model_text <- function(lines, dir = tempfile("model-")) {
  dir.create(dir, showWarnings = FALSE)
  f <- file.path(dir, "model.txt")
  writeLines(lines, f)
  f
}

expect_model_error <- function(lines, pattern, file = NULL) {
  f <- if (is.null(file)) write_model_text(lines) else file
  err <- expect_error(load_model(f), class = "nnscratch_model_error")
  expect_s3_class(err, "nnscratch_error")
  expect_true(grepl(f, conditionMessage(err), fixed = TRUE), info = conditionMessage(err))
  expect_match(conditionMessage(err), pattern, fixed = TRUE)
  invisible(err)
}

test_that("save_model then load_model gives identical doubles and meta", {
  dir <- tempfile("rt-")
  f <- file.path(dir, "sub", "model.txt") # the folder is created
  p <- tricky_parameters()
  save_model(f, p, tricky_meta())
  m <- load_model(f)
  expect_identical(names(m$parameters), c("W1", "b1", "W2", "b2"))
  for (nm in names(p)) {
    expect_identical(m$parameters[[nm]], p[[nm]], info = nm)
    # bit for bit, the sign of zero included
    expect_identical(writeBin(as.vector(m$parameters[[nm]]), raw()), writeBin(as.vector(p[[nm]]), raw()), info = nm)
  }
  expect_identical(m$meta$architecture, c(4L, 3L, 1L))
  expect_identical(m$meta$init, "he")
  expect_identical(m$meta$seed, 4294967295)
  expect_identical(m$meta$learning_rate, 0.05)
  expect_identical(m$meta$iterations, 1500L)
  expect_identical(m$meta$image_size, 32L)
  expect_identical(m$meta$labels, c(Cat = 1L, Dog = 0L))
  expect_identical(m$meta$created_by, "r")
  expect_identical(m$meta$cost_every, 10L)
  expect_identical(m$meta$costs, c(0.69314718055994529, 1 / 3, 1e-20))
  # writing what was read gives the same bytes
  f2 <- file.path(dir, "again.txt")
  save_model(f2, m$parameters, m$meta)
  expect_identical(readBin(f2, "raw", 1e6), readBin(f, "raw", 1e6))
})

test_that("the file layout is the documented text format (rows written row by row, %.17g)", {
  f <- tempfile(fileext = ".txt")
  p <- list(W1 = matrix(c(1, 2, 3, 4, 5, 0.1), nrow = 2, byrow = TRUE), b1 = matrix(c(0, -0.5), ncol = 1),
            W2 = matrix(c(1 / 3, -2), nrow = 1), b2 = matrix(0.05, 1, 1))
  save_model(f, p, list(architecture = c(3, 2, 1), init = "scaled", seed = 1, learning_rate = 0.0075,
                        iterations = 5000, image_size = 64, labels = c(Cat = 1, Dog = 0), created_by = "r",
                        costs = c(0.5, 0.1), cost_every = 100, unknown = "ignored"))
  expect_identical(readLines(f), c(
    "nnscratch-model 1", "architecture 3,2,1", "init scaled", "seed 1", "learning_rate 0.0074999999999999997",
    "iterations 5000", "image_size 64", "labels Cat=1,Dog=0", "created_by r", "cost_every 100",
    "costs 0.5,0.10000000000000001",
    "W1 2 3", "1 2 3", "4 5 0.10000000000000001",
    "b1 2 1", "0", "-0.5",
    "W2 1 2", "0.33333333333333331 -2",
    "b2 1 1", "0.050000000000000003",
    "end"))
  expect_identical(readBin(f, "raw", 1e4)[file.size(f)], charToRaw("\n")) # ends with a newline
  # an empty cost history is written as "costs " and read back as numeric(0)
  save_model(f, p, list(architecture = c(3, 2, 1), costs = numeric(0)))
  expect_identical(readLines(f)[3], "costs ")
  expect_identical(load_model(f)$meta$costs, numeric(0))
})

test_that("a file in the Python writer's format loads to the exact doubles", {
  m <- load_model(write_model_text(good_lines()))
  expect_identical(m$parameters$W1, matrix(c(0.1, -0.2, 0.3, 0.5), 2, 2, byrow = TRUE))
  expect_identical(m$parameters$b1, matrix(c(0, -0.0001), ncol = 1))
  expect_identical(m$parameters$W2, matrix(c(1.5, -2.5), nrow = 1))
  expect_identical(m$parameters$b2, matrix(0.25, 1, 1))
  expect_identical(m$meta$created_by, "python")
  expect_identical(m$meta$learning_rate, 0.05)
  # CRLF line ends are read like LF (Python's universal newlines)
  f <- tempfile()
  writeBin(charToRaw(paste0(paste(good_lines(), collapse = "\r\n"), "\r\n")), f)
  expect_identical(load_model(f)$parameters, m$parameters)
})

test_that("writes are atomic: no temporary file is left, a failed write keeps the old file", {
  dir <- tempfile("atomic-")
  dir.create(dir)
  f <- file.path(dir, "model.txt")
  p <- tricky_parameters()
  save_model(f, p, tricky_meta())
  save_model(f, p, tricky_meta()) # overwrite
  write_costs_csv(file.path(dir, "costs.csv"), c(0.7, 0.5), 10)
  write_cost_curve(file.path(dir, "cost_curve.png"), c(0.7, 0.5, 0.3), 10)
  expect_setequal(list.files(dir, all.files = TRUE, no.. = TRUE), c("model.txt", "costs.csv", "cost_curve.png"))
  before <- readBin(f, "raw", 1e6)
  # invalid parameters: an error before anything is written
  expect_error(save_model(f, list(W1 = "a", b1 = 1), list(architecture = c(1, 1))), class = "nnscratch_error")
  expect_error(save_model(f, p, list(init = "he")), "architecture")
  expect_error(save_model(f, p, list(architecture = c(4, 2, 1))), "needs")
  expect_identical(readBin(f, "raw", 1e6), before)
  # the final rename fails (the destination is a non-empty folder): the temporary file is removed
  target <- file.path(dir, "occupied")
  dir.create(target)
  writeLines("x", file.path(target, "keep"))
  expect_error(suppressWarnings(save_model(target, p, tricky_meta())), "cannot write")
  expect_setequal(list.files(dir, all.files = TRUE, no.. = TRUE),
                  c("model.txt", "costs.csv", "cost_curve.png", "occupied"))
})

test_that("a missing file is an nnscratch_model_error that names it", {
  f <- file.path(tempdir(), "no-such-model.txt")
  err <- expect_model_error(NULL, "model file not found", file = f)
  expect_s3_class(err, "nnscratch_file_not_found")
})

test_that("files that are not model files, or of another version, are refused", {
  expect_model_error(c("hello", "world"), "not an nnscratch model file (first line should be 'nnscratch-model 1')")
  expect_model_error(character(0), "not an nnscratch model file")
  expect_model_error(c("nnscratch-model", "end"), "not an nnscratch model file")
  expect_model_error(c("nnscratch-model 2", "architecture 2,1"), "model format version '2' is not supported (this nnscratch reads version 1)")
  png_file <- tempfile(fileext = ".png")
  write_cost_curve(png_file, c(1, 0.5), 10)
  expect_model_error(NULL, "not an nnscratch model file (not UTF-8 text)", file = png_file)
  nul <- tempfile()
  writeBin(c(charToRaw("nnscratch-model 1\n"), as.raw(0), charToRaw("\n")), nul)
  expect_model_error(NULL, "not an nnscratch model file (not text: NUL bytes)", file = nul)
  writeBin(c(as.raw(c(0xff, 0xfe)), as.raw(0), charToRaw("n")), nul)
  expect_model_error(NULL, "not an nnscratch model file (not UTF-8 text)", file = nul)
  empty <- tempfile()
  file.create(empty)
  expect_model_error(NULL, "not an nnscratch model file (first line should be 'nnscratch-model 1')", file = empty)
  expect_model_error(NULL, "is a folder", file = tempdir())
})

test_that("truncated files are refused", {
  g <- good_lines()
  expect_model_error(head(g, -1), "truncated or corrupt: no 'end' line after the last parameter")
  expect_model_error(head(g, 9), "truncated: W1 is missing")
  expect_model_error(head(g, 11), "truncated inside W1")
  expect_model_error(head(g, 16), "truncated inside W2")
  expect_model_error(head(g, 18), "truncated inside b2")
  expect_model_error(head(g, 17), "truncated: b2 is missing")
  # cut in the middle of a row (no final newline)
  f <- tempfile()
  writeBin(charToRaw(paste0(paste(head(g, 10), collapse = "\n"), "\n0.1000")), f)
  expect_model_error(NULL, "truncated inside W1", file = f)
  expect_model_error(g[-which(g == "architecture 2,2,1")], "the header has no 'architecture' line")
})

test_that("corrupt numbers, bad rows and non-finite values are refused", {
  g <- good_lines()
  bad <- function(row, value) replace(g, row, value)
  expect_model_error(bad(11, "0.1 abc"), "corrupt numbers in W1")
  expect_model_error(bad(11, "0.1  0.2"), "corrupt numbers in W1") # double blank
  expect_model_error(bad(11, "0.1 0.2 "), "corrupt numbers in W1") # trailing blank
  expect_model_error(bad(11, "0x10 0.2"), "corrupt numbers in W1") # not a decimal number
  expect_model_error(bad(11, "NA 0.2"), "corrupt numbers in W1")
  expect_model_error(bad(11, "0.1 0.2 0.3"), "W1: a row does not have 2 values (truncated or corrupt)")
  expect_model_error(bad(14, ""), "corrupt numbers in b1")
  expect_model_error(bad(17, "nan -2.5"), "W2 holds NaN or infinite values")
  expect_model_error(bad(17, "NaN -2.5"), "W2 holds NaN or infinite values")
  expect_model_error(bad(17, "1 -Inf"), "W2 holds NaN or infinite values")
  expect_model_error(bad(19, "inf"), "b2 holds NaN or infinite values")
  expect_model_error(bad(19, "1e400"), "b2 holds NaN or infinite values") # overflows to Inf
})

test_that("shapes that do not match the architecture, and bad headers, are refused", {
  g <- good_lines()
  bad <- function(row, value) replace(g, row, value)
  expect_model_error(bad(10, "W1 2 3"), "W1 has shape (2, 3) but the architecture [2, 2, 1] needs (2, 2)")
  expect_model_error(bad(13, "b1 1 2"), "b1 has shape (1, 2) but the architecture [2, 2, 1] needs (2, 1)")
  expect_model_error(bad(10, "W2 2 2"), "line 10: expected the header of W1, got 'W2 2 2'")
  expect_model_error(bad(10, "W1 2"), "line 10: expected the header of W1")
  expect_model_error(bad(10, "W1 two 2"), "line 10: bad shape for W1")
  expect_model_error(bad(2, "architecture 2,x,1"), "bad value for 'architecture': '2,x,1'")
  expect_model_error(bad(2, "architecture 2"), "bad architecture [2]")
  expect_model_error(bad(2, "architecture 2,0,1"), "bad architecture [2, 0, 1]")
  expect_model_error(bad(2, "architecture 3,2,1"), "W1 has shape (2, 2) but the architecture [3, 2, 1] needs (2, 3)")
  expect_model_error(bad(4, "seed one"), "bad value for 'seed': 'one'")
  expect_model_error(bad(5, "learning_rate fast"), "bad value for 'learning_rate': 'fast'")
  expect_model_error(bad(8, "labels Cat,Dog"), "bad value for 'labels': 'Cat,Dog'")
  expect_model_error(append(g, "costs 0.5,x", after = 9), "bad value for 'costs': '0.5,x'")
  expect_model_error(append(g, "cost_every ten", after = 9), "bad value for 'cost_every': 'ten'")
  # integers: ASCII digits only, at most 2^53 - 1 (Python's int() would take "1_0" or non-ASCII digits)
  expect_model_error(bad(4, "seed 1_0"), "bad value for 'seed': '1_0'")
  expect_model_error(bad(4, "seed \u0661"), "bad value for 'seed': '\u0661'")
  expect_model_error(bad(2, "architecture 2,9007199254740992,1"), "bad value for 'architecture': '2,9007199254740992,1'")
  expect_identical(parse_int_strict(c("9007199254740991", "9007199254740992", "-9007199254740993", " 7 "), 2^53 - 1),
                   c(9007199254740991, NA, NA, 7))
  # the line is quoted as Python's repr() would: control characters and backslashes escaped
  expect_model_error(bad(10, "W1\t2 2"), "line 10: expected the header of W1, got 'W1\\t2 2'")
  expect_model_error(bad(10, "W1\\2 2"), "line 10: expected the header of W1, got 'W1\\\\2 2'")
})


test_that("update_rule and rule-state blocks: written after costs and after the parameters, read back", {
  f <- tempfile(fileext = ".txt")
  p <- list(W1 = matrix(c(1, 2), nrow = 1), b1 = matrix(0.5, 1, 1))
  state <- list(vW1 = matrix(c(0.1, -2), nrow = 1), vb1 = matrix(0, 1, 1), t = matrix(7, 1, 1))
  save_model(f, p, list(architecture = c(2, 1), costs = 0.25, update_rule = "gd", rule_state = state))
  expect_identical(readLines(f), c(
    "nnscratch-model 1", "architecture 2,1", "costs 0.25", "update_rule gd",
    "W1 1 2", "1 2", "b1 1 1", "0.5",
    "state.vW1 1 2", "0.10000000000000001 -2", "state.vb1 1 1", "0", "state.t 1 1", "7",
    "end"))
  m <- load_model(f)
  expect_identical(m$parameters, p)
  expect_identical(m$meta$update_rule, "gd")
  expect_identical(m$meta$rule_state, state)
  # an empty state writes no block and reads back as no rule_state
  save_model(f, p, list(architecture = c(2, 1), update_rule = "gd", rule_state = structure(list(), names = character(0))))
  expect_false(any(startsWith(readLines(f), "state.")))
  expect_null(load_model(f)$meta$rule_state)
  expect_error(save_model(f, p, list(architecture = c(2, 1), rule_state = list(`v-W1` = matrix(1)))),
               "rule state keys must be letters, digits or '_'; got 'v-W1'", fixed = TRUE)
  expect_error(save_model(f, p, list(architecture = c(2, 1), rule_state = list(matrix(1)))),
               "meta$rule_state must be a named list of matrices", fixed = TRUE)
})

test_that("bad rule-state blocks are refused with the line", {
  g <- good_lines()
  with_state <- function(...) append(g, c(...), after = length(g) - 1L)
  expect_identical(load_model(write_model_text(with_state("state.m 1 2", "1 -1")))$meta$rule_state,
                   list(m = matrix(c(1, -1), 1, 2)))
  expect_model_error(with_state("state.m-1 1 1", "1"), "line 20: bad rule-state header 'state.m-1 1 1'")
  expect_model_error(with_state("state.m 1 x", "1"), "line 20: bad shape for state.m")
  expect_model_error(with_state("state.m 3 1", "1"), "truncated inside state.m")
  expect_model_error(with_state("state.m 1 1", "nan"), "state.m holds NaN or infinite values")
  expect_model_error(with_state("state.m 1 1", "1", "state.m 1 1", "2"), "line 22: state.m appears twice")
  expect_model_error(with_state("other 1 1", "1"), "no 'end' line after the last parameter")
})

test_that("a model file written before update_rule and rule-state blocks still loads", {
  # written by nnscratch 0.1.0 (R), before issue 11
  old <- c("nnscratch-model 1", "architecture 3,2,1", "init scaled", "seed 1", "learning_rate 0.0074999999999999997",
           "iterations 5000", "image_size 64", "labels Cat=1,Dog=0", "created_by r", "cost_every 100",
           "costs 0.5,0.10000000000000001",
           "W1 2 3", "1 2 3", "4 5 0.10000000000000001", "b1 2 1", "0", "-0.5",
           "W2 1 2", "0.33333333333333331 -2", "b2 1 1", "0.050000000000000003", "end")
  m <- load_model(write_model_text(old))
  expect_identical(m$parameters$W1, matrix(c(1, 2, 3, 4, 5, 0.1), 2, 3, byrow = TRUE))
  expect_identical(m$parameters$b2, matrix(0.05, 1, 1))
  expect_identical(m$meta$costs, c(0.5, 0.1))
  expect_null(m$meta$update_rule)
  expect_null(m$meta$rule_state)
  expect_identical(names(m$meta), c("architecture", "init", "seed", "learning_rate", "iterations", "image_size",
                                    "labels", "created_by", "cost_every", "costs"))
})

test_that("read_model_lines splits on LF, CRLF and CR and refuses what is not text", {
  f <- tempfile()
  writeBin(charToRaw("a\r\nb\rc\n"), f)
  expect_identical(read_model_lines(f), c("a", "b", "c"))
  writeBin(as.raw(c(0x61, 0x00, 0x62)), f)
  expect_error(read_model_lines(f), "not text: NUL bytes", class = "nnscratch_model_error")
  writeBin(as.raw(c(0x61, 0xff)), f)
  expect_error(read_model_lines(f), "not UTF-8 text", class = "nnscratch_model_error")
  expect_error(read_model_lines(file.path(tempdir(), "no-model.txt")), "model file not found: '",
               class = "nnscratch_file_not_found")
})

test_that("parse_float_strict reads decimal numbers, nan and inf, and nothing else", {
  expect_identical(parse_float_strict(c("1", "-2.5", ".5", "1e-3", "+4E2", "NaN", "-inf", "Infinity")),
                   c(1, -2.5, 0.5, 1e-3, 400, NaN, -Inf, Inf))
  expect_identical(parse_float_strict(c("0x10", "1_0", "NA", "", " 1", "1.2.3")), rep(NA_real_, 6))
})

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

test_that("data and test_size come after update_rule and round-trip (issue 12)", {
  # issue 13 appends the epochs engine's keys after these three (see "epochs engine keys" below)
  expect_identical(MODEL_META_KEYS[11:13], c("update_rule", "data", "test_size"))
  f <- tempfile(fileext = ".txt")
  p <- list(W1 = matrix(1, 1, 2), b1 = matrix(0, 1, 1))
  save_model(f, p, list(architecture = c(2, 1), update_rule = "gd", data = "/d/my data", test_size = 0.15))
  expect_identical(readLines(f)[3:5], c("update_rule gd", "data /d/my data", "test_size 0.14999999999999999"))
  m <- load_model(f)$meta
  expect_identical(m$data, "/d/my data")
  expect_identical(m$test_size, 0.15)
  expect_error(save_model(f, p, list(architecture = c(2, 1), data = "/a\nb")), "must be one line of text")
})

test_that("check_run_meta: init and a cost history that fits iterations and cost_every (issue 12)", {
  expect_silent(check_run_meta(list(init = "he", iterations = 20L, cost_every = 10L, costs = c(0.7, 0.6)), "f"))
  expect_silent(check_run_meta(list(iterations = 21L, cost_every = 10L, costs = c(0.7, 0.6, 0.5)), "f"))
  expect_silent(check_run_meta(list(iterations = 0L, cost_every = 10L, costs = numeric(0)), "f"))
  expect_error(check_run_meta(list(iterations = 21L, cost_every = 10L, costs = c(0.7, 0.6)), "f"),
               "^f: the cost history has 2 costs, but 21 iterations with cost_every 10 record 3$",
               class = "nnscratch_model_error")
  expect_error(check_run_meta(list(init = "bogus"), "f"), "^f: bad value for 'init': 'bogus' \\(one of 'scaled', 'xavier', 'he'\\)$")
  expect_error(check_run_meta(list(iterations = 5L, cost_every = 0L, costs = numeric(0)), "f"), "^f: bad value for 'cost_every'$")
})

# -- issue 13: the epochs engine's header keys and the standardizer blocks ---------------------------

epoch_meta <- function() {
  list(architecture = c(3, 2, 1), update_rule = "adam",
       optimizer_hyper = list(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8),
       batch_size = 64, epochs = 10, lr_schedule = "step", lr_decay = 0.5, lr_interval = 3, l2 = 0.1,
       dropout = 0.2, val_size = 0.1, patience = 3, epoch = 2, batch = 1, best_epoch = 2, wait = 0,
       history_cost = c(0.7, 1 / 3), history_accuracy = c(0.5, 0.625), history_val_cost = c(NaN, 0.5),
       history_val_accuracy = c(NaN, 0.75), partial = c(1.5, 3, 4))
}
epoch_header <- c("nnscratch-model 1", "architecture 3,2,1", "update_rule adam",
                  "optimizer_hyper beta1=0.90000000000000002,beta2=0.999,epsilon=1e-08", "batch_size 64",
                  "epochs 10", "lr_schedule step", "lr_decay 0.5", "lr_interval 3", "l2 0.10000000000000001",
                  "dropout 0.20000000000000001", "val_size 0.10000000000000001", "patience 3", "epoch 2", "batch 1",
                  "best_epoch 2", "wait 0", "history_cost 0.69999999999999996,0.33333333333333331",
                  "history_accuracy 0.5,0.625", "history_val_cost nan,0.5", "history_val_accuracy nan,0.75",
                  "partial 1.5,3,4")
epoch_std <- function() list(mean = matrix(c(0.1, -2.5, 1 / 3)), std = matrix(c(1, 0.25, 7e-300)))
epoch_keys <- c("optimizer_hyper", "batch_size", "epochs", "lr_schedule", "lr_decay", "lr_interval", "l2",
                "dropout", "val_size", "patience", "epoch", "batch", "best_epoch", "wait", "history_cost",
                "history_accuracy", "history_val_cost", "history_val_accuracy", "partial")

test_that("the epochs engine's keys come after test_size, in the contract's order", {
  expect_identical(MODEL_META_KEYS[14:32], epoch_keys)
  expect_length(MODEL_META_KEYS, 32L)
})

test_that("epochs keys and the standardizer are written in order and read back typed", {
  p <- init_param(c(3, 2, 1), seed = 3, init = "he")
  meta <- c(epoch_meta(), list(standardizer = epoch_std(), rule_state = list(t = matrix(2))))
  lines <- model_to_lines(p, meta)
  expect_identical(lines[seq_along(epoch_header)], epoch_header)
  expect_identical(lines[length(epoch_header) + 1L], "W1 2 3")
  k <- match("standardizer.mean 3 1", lines)
  expect_identical(lines[k - 2L], "b2 1 1")
  expect_identical(lines[k:(k + 7L)], c("standardizer.mean 3 1", "0.10000000000000001", "-2.5", "0.33333333333333331",
                                        "standardizer.std 3 1", "1", "0.25", "7.0000000000000003e-300"))
  expect_identical(lines[(k + 8L):length(lines)], c("state.t 1 1", "2", "end"))
  f <- tempfile(fileext = ".txt")
  save_model(f, p, meta)
  m <- load_model(f)
  back <- m$meta
  expect_identical(names(back), c("architecture", "update_rule", epoch_keys, "standardizer", "rule_state"))
  expect_identical(back$optimizer_hyper, list(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8))
  for (key in c("batch_size", "epochs", "lr_interval", "patience", "epoch", "batch", "best_epoch", "wait")) {
    expect_identical(back[[key]], as.integer(epoch_meta()[[key]]), info = key)
  }
  for (key in c("lr_decay", "l2", "dropout", "val_size", "history_cost", "history_accuracy", "history_val_cost",
                "history_val_accuracy", "partial")) {
    expect_identical(back[[key]], epoch_meta()[[key]], info = key)
  }
  expect_identical(back$lr_schedule, "step")
  expect_identical(back$standardizer, epoch_std())
  expect_identical(m$parameters, p)
  g <- tempfile(fileext = ".txt")
  save_model(g, m$parameters, back)
  expect_identical(readBin(g, "raw", 1e5), readBin(f, "raw", 1e5))
})

test_that("empty history lists and an empty optimizer_hyper round-trip; a file without the keys has none", {
  p <- init_param(c(3, 2, 1), seed = 3, init = "he")
  meta <- list(architecture = c(3, 2, 1), optimizer_hyper = list(), history_cost = numeric(0),
               history_accuracy = numeric(0), history_val_cost = numeric(0), history_val_accuracy = numeric(0))
  expect_identical(model_to_lines(p, meta)[3:7], c("optimizer_hyper ", "history_cost ", "history_accuracy ",
                                                   "history_val_cost ", "history_val_accuracy "))
  f <- tempfile(fileext = ".txt")
  save_model(f, p, meta)
  back <- load_model(f)$meta
  expect_identical(back$optimizer_hyper, list())
  expect_identical(back$history_val_cost, numeric(0))
  save_model(f, p, list(architecture = c(3, 2, 1), seed = 3))
  expect_identical(names(load_model(f)$meta), c("architecture", "seed"))
})

epoch_file_with <- function(key, value) {
  lines <- model_to_lines(init_param(c(3, 2, 1), seed = 3, init = "he"), c(epoch_meta(), list(standardizer = epoch_std())))
  k <- which(sub(" .*$", "", lines) == key)[1L]
  lines[k] <- paste(key, value)
  write_model_text(lines)
}

test_that("epochs keys out of their range are refused naming the file and the key (Python's sentences)", {
  why_pairs <- " (name=number pairs, finite numbers, each name once)"
  why_partial <- " (3 finite numbers: cost sum, right count, samples seen)"
  cases <- list(c("batch_size", "0", " (at least 1)"), c("batch_size", "1.5", ""), c("epochs", "0", " (at least 1)"),
                c("lr_interval", "0", " (at least 1)"), c("patience", "-1", " (at least 0)"),
                c("epoch", "-1", " (at least 0)"), c("batch", "-2", " (at least 0)"),
                c("best_epoch", "-1", " (at least 0)"), c("wait", "-1", " (at least 0)"),
                c("l2", "-0.5", " (a finite number, at least 0)"), c("l2", "inf", " (a finite number, at least 0)"),
                c("l2", "nan", " (a finite number, at least 0)"), c("lr_decay", "-1e-9", " (a finite number, at least 0)"),
                c("dropout", "1", " (at least 0 and below 1)"), c("dropout", "-0.25", " (at least 0 and below 1)"),
                c("val_size", "1", " (at least 0 and below 1)"), c("val_size", "0.5x", ""),
                c("lr_schedule", "cosine", " (one of 'constant', 'step', 'inverse', 'exponential')"),
                c("optimizer_hyper", "beta1", why_pairs), c("optimizer_hyper", "beta1=0.9,beta1=0.8", why_pairs),
                c("optimizer_hyper", "beta1=nan", why_pairs), c("optimizer_hyper", "be-ta=1", why_pairs),
                c("optimizer_hyper", "beta1=0.9,", why_pairs),
                c("history_cost", "0.5,abc", ""), c("history_val_accuracy", "0.5,", ""),
                c("partial", "1,2", why_partial), c("partial", "1,2,inf", why_partial), c("partial", "", ""))
  for (case in cases) {
    f <- epoch_file_with(case[1L], case[2L])
    err <- expect_error(load_model(f), class = "nnscratch_model_error")
    expect_identical(conditionMessage(err), sprintf("%s: bad value for '%s': '%s'%s", f, case[1L], case[2L], case[3L]),
                     info = paste(case, collapse = " "))
  }
  f <- epoch_file_with("history_val_cost", "nan,0.5,0.25")
  expect_error(load_model(f), sprintf("^%s: the history lists have different lengths \\(history_cost 2, history_accuracy 2, history_val_cost 3, history_val_accuracy 2\\)$", f),
               class = "nnscratch_model_error")
})

test_that("bad standardizer blocks are refused with Python's sentences", {
  lines <- model_to_lines(init_param(c(3, 2, 1), seed = 3, init = "he"), list(architecture = c(3, 2, 1), standardizer = epoch_std()))
  k <- match("standardizer.mean 3 1", lines)
  n <- length(lines)
  cases <- list(
    list(lines[-(k:(k + 3L))], sprintf("line %d: expected the header of standardizer.mean, got 'standardizer.std 3 1'", k)),
    list(lines[-((k + 4L):(k + 7L))], sprintf("line %d: expected the header of standardizer.std, got 'end'", k + 4L)),
    list(c(lines[seq_len(k - 1L)], "standardizer.mean 2 1", lines[(k + 1L):(k + 2L)], lines[(k + 4L):n]),
         "standardizer.mean has shape (2, 1) but the architecture [3, 2, 1] needs (3, 1)"),
    list(replace(lines, k + 5L, "0"), "standardizer.std holds values that are not positive"),
    list(replace(lines, k + 5L, "-1"), "standardizer.std holds values that are not positive"),
    list(replace(lines, k + 1L, "nan"), "standardizer.mean holds NaN or infinite values"),
    list(lines[seq_len(k + 6L)], "truncated inside standardizer.std"))
  for (case in cases) {
    f <- write_model_text(case[[1L]])
    err <- expect_error(load_model(f), class = "nnscratch_model_error")
    expect_identical(conditionMessage(err), paste0(f, ": ", case[[2L]]))
  }
})

test_that("the writer refuses a bad standardizer and a fractional count", {
  p <- init_param(c(3, 2, 1), seed = 3, init = "he")
  expect_error(model_to_lines(p, list(architecture = c(3, 2, 1), standardizer = list(mean = matrix(0, 2), std = matrix(1, 2)))),
               "must have shape \\(3, 1\\)")
  expect_error(model_to_lines(p, list(architecture = c(3, 2, 1), standardizer = list(mean = matrix(0, 3), std = matrix(0, 3)))),
               "all positive")
  expect_error(model_to_lines(p, list(architecture = c(3, 2, 1), standardizer = list(mean = matrix(0, 3)))), "mean and std")
  expect_error(model_to_lines(p, list(architecture = c(3, 2, 1), batch_size = 2.5)), "whole number")
  expect_error(model_to_lines(p, list(architecture = c(3, 2, 1), optimizer_hyper = list(`be ta` = 1))), "letters, digits")
  expect_true("standardizer.std 3 1" %in% model_to_lines(p, list(architecture = c(3, 2, 1),
                                                                  standardizer = list(mean = c(0, 1, 2), std = c(1, 1, 1)))))
  # a named numeric vector works as well as a named list
  expect_identical(model_to_lines(p, list(architecture = c(3, 2, 1), optimizer_hyper = c(beta = 0.5)))[3L],
                   "optimizer_hyper beta=0.5")
})

test_that("save_model takes a fitted nnscratch_model, or parameters alone (architecture from the shapes)", {
  set.seed(3)
  x <- matrix(runif(48), 12, 4)
  y <- rep(c(0, 1), 6)
  fit <- nn_fit(x, y, hidden_layer_sizes = 3, num_iterations = 5)
  a <- tempfile(); b <- tempfile(); d <- tempfile()
  save_model(a, fit)
  with(model_parts(fit), save_model(b, parameters, meta))
  expect_identical(readBin(a, "raw", 1e5), readBin(b, "raw", 1e5))
  expect_error(save_model(tempfile(), fit, list(architecture = c(4, 3, 1))),
               "a fitted model carries its own meta; give no meta", fixed = TRUE)
  save_model(d, fit$parameters)
  expect_identical(load_model(d)$meta, list(architecture = c(4L, 3L, 1L)))
})
