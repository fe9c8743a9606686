# How many threads the engine uses (twin of python/nnscratch/engine/threads.py):
# decided from the work size and the cores actually free, and set at run time
# for R's BLAS. engine_fit and engine_fit_epochs take threads = NULL
# (automatic) or a positive integer and run the whole call with that many
# BLAS threads (R's forward_backward has no pool of its own: its threads are
# the BLAS's).
#
# Setting the BLAS threads at run time: R links its BLAS at start-up, and
# OpenBLAS reads OPENBLAS_NUM_THREADS only when it is loaded, so
# Sys.setenv() cannot change an R session's threads. OpenBLAS exports a
# Fortran-style setter, openblas_set_num_threads_(int *n), which .C() can
# call (.C passes pointers): dyn.load() of the BLAS that R already uses (the
# path is extSoftVersion()[["BLAS"]]) returns a handle to the library already
# in memory -- the same OpenBLAS, no second copy, nothing compiled. With
# another BLAS (R's reference BLAS, MKL, Accelerate) the setter is missing and
# the threads are left alone (blas_threads_supported() is FALSE). OpenBLAS
# has no pointer-style getter, so the count to restore is the one this file
# last set, or OpenBLAS's start-up count (OPENBLAS_NUM_THREADS,
# GOTO_NUM_THREADS or OMP_NUM_THREADS, else the CPUs allowed).
# Decision rule and measurements: docs/performance.md ("Threads on a busy machine").

#' Multiply-adds of one forward pass per thread below which another thread does not pay
#' @noRd
MIN_WORK_PER_THREAD <- 1e6

#' Length (seconds) of the load probe of busy_cores
#' @noRd
PROBE_SECONDS <- 0.05

#' A core counts as free when other processes used less than 1 - SLACK of it
#' @noRd
SLACK <- 0.25

#' Environment variables that cap the automatic choice (the first set one wins)
#' @noRd
THREAD_ENV <- c("NNSCRATCH_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")

# The BLAS handle and the thread count last set (NULL: never set).
.nn_blas <- new.env(parent = emptyenv())

#' Check a threads argument: NULL (automatic) or a positive integer
#'
#' @param threads The value to check.
#' @return NULL or the count as an integer.
#' @keywords internal
#' @noRd
check_threads <- function(threads) {
  if (is.null(threads)) return(NULL)
  if (!is_integral(threads) || is.logical(threads) || threads < 1) {
    got <- if (is.character(threads)) sprintf("'%s'", paste(threads, collapse = ",")) else
      paste(format(threads), collapse = ",")
    nn_abort(sprintf("threads must be NULL (automatic) or a positive integer; got %s", got))
  }
  as.integer(threads)
}

#' The engine's thread count, from the work size and the cores free
#'
#' A pure function (no probe): the rule of engine_fit's automatic choice,
#' \code{min(cores, max(1, floor(cores - busy + 0.25)), max(1, work \%/\% 1e6))},
#' or \code{threads} when given.
#'
#' @param work Multiply-adds of one forward pass of one step:
#'   \code{m * sum(n_l * n_(l-1))} (\code{step_work}).
#' @param cores CPUs this process may use (\code{cores_allowed()}).
#' @param busy CPUs' worth of time other processes used during the probe
#'   (\code{busy_cores()}).
#' @param threads NULL (automatic) or the count asked for (returned as is).
#' @return The number of threads, an integer >= 1.
#' @keywords internal
#' @noRd
decide_threads <- function(work, cores, busy, threads = NULL) {
  threads <- check_threads(threads)
  if (!is.null(threads)) return(threads)
  cores <- max(1, floor(cores))
  by_cores <- max(1, floor(cores - max(0, busy) + SLACK))
  by_work <- max(1, work %/% MIN_WORK_PER_THREAD)
  as.integer(min(cores, by_cores, by_work))
}

#' Multiply-adds of one forward pass over m columns
#' @noRd
step_work <- function(layers_dims, m) {
  d <- as.numeric(layers_dims)
  m * sum(d[-length(d)] * d[-1L])
}

#' The lines of a file, or NULL when it cannot be read
#'
#' (No warning handler around readLines: a warning turned into a return would
#' leave the connection open, and R has only 128.)
#' @noRd
read_lines_or_null <- function(path) {
  if (!file.exists(path)) return(NULL)
  tryCatch(suppressWarnings(readLines(path, warn = FALSE)), error = function(e) NULL)
}

#' The CPUs this process may run on (from /proc/self/status), or NULL
#' @noRd
affinity_cpus <- function() {
  line <- read_lines_or_null("/proc/self/status")
  line <- grep("^Cpus_allowed_list:", line, value = TRUE)
  if (!length(line)) return(NULL)
  parts <- strsplit(trimws(sub("^Cpus_allowed_list:", "", line[1L])), ",")[[1L]]
  unlist(lapply(parts, function(p) {
    ab <- as.integer(strsplit(p, "-")[[1L]])
    if (length(ab) == 2L) seq.int(ab[1L], ab[2L]) else ab
  }))
}

#' A thread count from the environment (the first of THREAD_ENV set to a positive integer), or NULL
#' @noRd
env_threads <- function(vars = THREAD_ENV) {
  for (v in vars) {
    value <- trimws(Sys.getenv(v))
    if (grepl("^[0-9]+$", value) && as.numeric(value) >= 1) return(as.integer(value))
  }
  NULL
}

#' CPUs allowed by a cgroup v2 quota, rounded up, or NULL
#' @noRd
cgroup_cpus <- function(path = "/sys/fs/cgroup/cpu.max") {
  lines <- read_lines_or_null(path)
  if (!length(lines)) return(NULL)
  f <- strsplit(lines[1L], " ")[[1L]]
  if (length(f) < 2L || f[1L] == "max") return(NULL)
  q <- suppressWarnings(as.numeric(f[1:2]))
  if (anyNA(q) || q[2L] <= 0) return(NULL)
  max(1, ceiling(q[1L] / q[2L]))
}

#' CPUs this process may use: its affinity set, capped by a cgroup quota and by
#' NNSCRATCH_NUM_THREADS / OMP_NUM_THREADS / OPENBLAS_NUM_THREADS
#' @keywords internal
#' @noRd
cores_allowed <- function() {
  cpus <- affinity_cpus()
  n <- if (is.null(cpus)) parallel::detectCores() else length(cpus)
  if (is.na(n)) n <- 1L
  for (cap in list(cgroup_cpus(), env_threads())) if (!is.null(cap)) n <- min(n, cap)
  as.integer(max(1, n))
}

#' (busy, total) jiffies over the given CPUs, and this process's own, from /proc
#' @noRd
cpu_ticks <- function(cpus) {
  lines <- readLines("/proc/stat", warn = FALSE)
  lines <- lines[startsWith(lines, "cpu") & !startsWith(lines, "cpu ")]
  fields <- strsplit(lines, " +")
  keep <- vapply(fields, `[`, "", 1L) %in% paste0("cpu", cpus)
  v <- vapply(fields[keep], function(f) as.numeric(f[2:9]), numeric(8)) # user nice system idle iowait irq softirq steal
  own <- strsplit(sub("^.*\\) ", "", readLines("/proc/self/stat", warn = FALSE)), " ")[[1L]]
  c(busy = sum(v) - sum(v[4:5, ]), total = sum(v), own = as.numeric(own[12L]) + as.numeric(own[13L]))
}

#' CPUs' worth of time that other processes used on this process's CPUs over a short probe
#'
#' @param seconds Length of the probe.
#' @return A number >= 0 (0 where /proc is not available).
#' @keywords internal
#' @noRd
busy_cores <- function(seconds = PROBE_SECONDS) {
  cpus <- affinity_cpus()
  if (is.null(cpus)) return(0)
  a <- tryCatch(suppressWarnings(cpu_ticks(cpus)), error = function(e) NULL)
  if (is.null(a)) return(0)
  Sys.sleep(seconds)
  b <- tryCatch(suppressWarnings(cpu_ticks(cpus)), error = function(e) NULL)
  if (is.null(b) || b[["total"]] <= a[["total"]]) return(0)
  per_cpu <- (b[["total"]] - a[["total"]]) / length(cpus)
  max(0, ((b[["busy"]] - a[["busy"]]) - (b[["own"]] - a[["own"]])) / per_cpu)
}

#' threads checked; when NULL, decide_threads with this machine's cores and load
#' (the probe runs only when more than one thread could be chosen)
#' @keywords internal
#' @noRd
resolve_threads <- function(threads, work) {
  threads <- check_threads(threads)
  if (!is.null(threads)) return(threads)
  cores <- cores_allowed()
  if (decide_threads(work, cores, 0) == 1L) return(1L)
  decide_threads(work, cores, busy_cores())
}

#' The name of R's BLAS in R's DLL table when it exports OpenBLAS's setter, else NULL
#' @noRd
blas_dll <- function() {
  if (is.null(.nn_blas$dll)) {
    path <- tryCatch(extSoftVersion()[["BLAS"]], error = function(e) "")
    name <- ""
    if (nzchar(path) && file.exists(path)) {
      dll <- tryCatch(dyn.load(path, local = TRUE, now = FALSE), error = function(e) NULL)
      if (!is.null(dll) && is.loaded("openblas_set_num_threads_", PACKAGE = dll[["name"]])) name <- dll[["name"]]
    }
    .nn_blas$dll <- name
  }
  if (nzchar(.nn_blas$dll)) .nn_blas$dll else NULL
}

#' Can nnscratch set R's BLAS threads at run time (is R's BLAS OpenBLAS)?
#' @return TRUE or FALSE.
#' @keywords internal
#' @noRd
blas_threads_supported <- function() !is.null(blas_dll())

#' R's BLAS threads as nnscratch knows them: the count it last set, else OpenBLAS's start-up count
#' @noRd
blas_threads <- function() {
  if (!is.null(.nn_blas$threads)) return(.nn_blas$threads)
  n <- env_threads(c("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"))
  if (is.null(n)) {
    cpus <- affinity_cpus()
    n <- if (is.null(cpus)) parallel::detectCores() else length(cpus)
  }
  as.integer(n)
}

#' Set R's BLAS threads (OpenBLAS only; otherwise nothing)
#'
#' @param n A positive integer.
#' @return The previous count (as blas_threads() knew it), invisibly; NULL when unsupported.
#' @keywords internal
#' @noRd
set_blas_threads <- function(n) {
  dll <- blas_dll()
  if (is.null(dll)) return(invisible(NULL))
  old <- blas_threads()
  .C("openblas_set_num_threads_", as.integer(n), PACKAGE = dll)
  .nn_blas$threads <- as.integer(n)
  invisible(old)
}
