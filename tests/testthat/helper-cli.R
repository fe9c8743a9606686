# Fixtures of the command-line tests (test-cli-*.R).

# Runs nnscratch_main(args); returns its status and what it printed on stdout and stderr.
run_cli <- function(args) {
  out_file <- tempfile()
  err_file <- tempfile()
  out_con <- file(out_file, open = "w")
  err_con <- file(err_file, open = "w")
  sink(out_con)
  sink(err_con, type = "message")
  status <- tryCatch(nnscratch_main(args), finally = {
    sink(type = "message")
    sink()
    close(out_con)
    close(err_con)
  })
  list(status = status, out = readLines(out_file), err = readLines(err_file))
}

expect_usage_error <- function(args, pattern) {
  r <- run_cli(args)
  expect_identical(r$status, 2L)
  expect_length(r$out, 0L)
  expect_true(any(startsWith(r$err, "nnscratch: error: ")), info = paste(r$err, collapse = "\n"))
  expect_true(any(grepl(pattern, r$err, fixed = TRUE)), info = paste(r$err, collapse = "\n"))
  invisible(r)
}

# A small class folder copied from the sample data: n JPEG/PNG files per class plus one unreadable file.
small_data <- function(n = 6) {
  dir <- tempfile("small-data-")
  for (cls in c("Cat", "Dog")) {
    dir.create(file.path(dir, cls), recursive = TRUE)
    src <- sort(list.files(file.path(sample_dir(), cls), pattern = "^[0-9]+[.](jpg|png)$", full.names = TRUE),
                method = "radix")[seq_len(n)]
    file.copy(src, file.path(dir, cls))
  }
  writeLines("not an image", file.path(dir, "Dog", "notes.txt"))
  dir
}

# Replaces the function `name` seen by cmd_train (and the engine) until the calling test ends.
local_replace <- function(name, value, env = parent.frame()) {
  where <- environment(cmd_train)
  old <- get(name, envir = where)
  locked <- bindingIsLocked(name, where)
  if (locked) unlockBinding(name, where)
  assign(name, value, envir = where)
  withr::defer({
    assign(name, old, envir = where)
    if (locked) lockBinding(name, where)
  }, envir = env)
}
