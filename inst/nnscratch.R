#!/usr/bin/env Rscript
# The nnscratch command line in R (twin of the Python `nnscratch` command):
#
#   Rscript inst/nnscratch.R train [--data DIR] [--hidden 16,8] [--iterations 1500] ...
#   Rscript inst/nnscratch.R predict --model out/model.txt IMAGE_OR_DIR
#   Rscript inst/nnscratch.R evaluate --model out/model.txt [--data DIR]
#
# From a checkout (the folder two levels up has DESCRIPTION and R/), every
# R/*.R file is sourced into a fresh environment, so the command always runs
# the code of this checkout; otherwise (installed package, where this file is
# <library>/nnscratch/nnscratch.R) it calls nnscratch::nnscratch_main().
# With the environment variable NNSCRATCH_R_DIR set, the R files of that folder
# are sourced instead (the parity suite points it at a modified copy of R/).
# Works from any working folder. Exit status: 0 ok, 1 nothing predicted,
# 2 usage error or failure, 3 training diverged (last good parameters saved in
# OUT/checkpoint.txt), 130 interrupted by Ctrl-C (checkpoint saved).
#
# R cannot catch SIGTERM: `kill <pid>` of this Rscript ends it at once (status
# 143) without a checkpoint. Run inst/nnscratch-r instead (same arguments), a
# small sh launcher that forwards SIGTERM to R as SIGINT, so that a terminated
# training run saves its checkpoint like Ctrl-C does.
local({
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  script <- if (length(file_arg)) sub("^--file=", "", file_arg[1L]) else NA_character_
  root <- if (is.na(script)) NA_character_ else dirname(dirname(normalizePath(script, mustWork = FALSE)))
  args <- commandArgs(trailingOnly = TRUE)
  in_checkout <- !is.na(root) && file.exists(file.path(root, "DESCRIPTION")) && dir.exists(file.path(root, "R"))
  r_dir <- Sys.getenv("NNSCRATCH_R_DIR", "")
  if (!nzchar(r_dir) && in_checkout) r_dir <- file.path(root, "R")
  if (nzchar(r_dir)) {
    files <- sort(list.files(r_dir, pattern = "[.][Rr]$", full.names = TRUE), method = "radix")
    if (length(files) == 0L) {
      cat(sprintf("nnscratch: error: no R files in %s\n", r_dir), file = stderr())
      quit(save = "no", status = 2L)
    }
    env <- new.env(parent = globalenv())
    for (f in files) sys.source(f, envir = env, keep.source = FALSE)
    if (in_checkout) options(nnscratch.root = root, nnscratch.src_dir = file.path(root, "src"))
    status <- env$nnscratch_main(args)
  } else {
    status <- nnscratch::nnscratch_main(args)
  }
  quit(save = "no", status = status)
})
