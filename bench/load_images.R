# R rows of bench/load_images.py (which calls this script; see bench/README.md).
#
#   Rscript bench/load_images.R --root . --cold DIR --cached DIR --cache-dir DIR
#       [--big DIR] [--size 32] [--repeat 3] [--cold-repeat 1]
#
# Prints one line per row: ROW <tab> name <tab> files <tab> median seconds <tab>
# median CPU seconds (this process and its mclapply children) <tab> runs; and
# NATIVE <tab> native_status() (the compiled resize in use, R/data-native.R).
# Times are measured inside R (R's start-up, sourcing and byte-compiling are not counted).

args <- commandArgs(trailingOnly = TRUE)
opt <- function(name, default = NULL) {
  i <- match(paste0("--", name), args)
  if (is.na(i)) default else args[i + 1L]
}
root <- opt("root", ".")
for (f in sort(list.files(file.path(root, "R"), pattern = "[.]R$", full.names = TRUE))) {
  sys.source(f, envir = globalenv(), keep.source = FALSE)
}
options(nnscratch.src_dir = file.path(root, "src")) # the checkout's C resize (R/data-native.R)
# byte-compile the sourced functions, as R CMD INSTALL does for the package: otherwise the JIT
# compiles each one on its first call (~0.4 s, and again in every mclapply worker), which an
# installed package never pays
for (name in ls(globalenv())) {
  f <- get(name, envir = globalenv())
  if (is.function(f)) assign(name, compiler::cmpfun(f), envir = globalenv())
}
size <- as.integer(opt("size", "32"))
reps <- as.integer(opt("repeat", "3"))
cold_reps <- as.integer(opt("cold-repeat", "1"))

once <- function(name, folder, expect, ...) {
  invisible(gc())
  t <- system.time(d <- create_dataset(folder, size = size, warn = FALSE, ...))
  if (d$cache$status != expect) stop(sprintf("%s: cache status %s, expected %s", name, d$cache$status, expect))
  cpu <- sum(t[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE)
  c(length(d$files) + nrow(d$skipped), t[["elapsed"]], cpu)
}
emit <- function(name, runs) {
  cat(sprintf("ROW\t%s\t%d\t%.4f\t%.4f\t%d\n", name, as.integer(runs[[1L]][1L]),
              stats::median(vapply(runs, `[`, 0, 2L)), stats::median(vapply(runs, `[`, 0, 3L)), length(runs)))
  flush(stdout())
}

# cold rows alternate 1 process / 2 workers (a shared machine's load falls on both alike)
one <- list()
two <- list()
for (k in seq_len(cold_reps)) {
  one[[k]] <- once("R cold, 1 process", opt("cold"), "off", cache = FALSE, workers = 1)
  two[[k]] <- once("R cold, 2 workers", opt("cold"), "off", cache = FALSE, workers = 2)
}
emit("R cold, 1 process", one)
emit("R cold, 2 workers (mclapply)", two)
# the same with the resize in R (no compiled code: what a machine without a C compiler runs); an R/
# from before the compiled resize (--r-root of an older checkout) has only that
if (exists("native_status")) {
  old_native <- options(nnscratch.native = FALSE)
  emit("R cold, 1 process, resize in R", lapply(seq_len(cold_reps), function(k) {
    once("R cold, resize in R", opt("cold"), "off", cache = FALSE, workers = 1)
  }))
  options(old_native)
}
cat(sprintf("NATIVE\t%s\n", if (exists("native_status")) native_status() else "none (an R/ without R/data-native.R)"))
emit("R cached", lapply(seq_len(reps), function(k) once("R cached", opt("cached"), "hit", cache = opt("cache-dir"))))
big <- opt("big")
if (!is.null(big)) {
  m <- length(list.files(file.path(big, "Cat"))) + length(list.files(file.path(big, "Dog")))
  emit(sprintf("R cached, %d images", m), lapply(seq_len(reps), function(k) once("R cached big", big, "hit")))
}
