# R worker of bench/contention.py (run by it as a subprocess; also runs alone):
#
#   Rscript bench/contention.R [--mode auto|single] [--m 21199] [--layers 3072,7,5,1]
#                              [--iterations 8] [--warmup 2]
#
# Sources the nnscratch R files of this checkout, creates X (n0, m) in place,
# trains with engine_fit (threads = 1 for "single" when engine_fit has a threads
# argument; otherwise the caller sets OPENBLAS_NUM_THREADS) and prints one line
# "RESULT {json}" with the seconds of every timed iteration (between two calls
# of the callback) and the BLAS threads in use.

args <- commandArgs(trailingOnly = TRUE)
opt <- list(mode = "auto", m = 21199, layers = c(3072, 7, 5, 1), iterations = 8, warmup = 2)
i <- 1L
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  val <- args[i + 1L]
  switch(key,
         mode = opt$mode <- val,
         m = opt$m <- as.integer(val),
         layers = opt$layers <- as.numeric(strsplit(val, ",")[[1]]),
         iterations = opt$iterations <- as.integer(val),
         warmup = opt$warmup <- as.integer(val),
         stop("unknown option --", key))
  i <- i + 2L
}

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
root <- normalizePath(file.path(dirname(script), ".."))
for (f in sort(list.files(file.path(root, "R"), pattern = "[.][Rr]$", full.names = TRUE))) {
  sys.source(f, envir = globalenv(), keep.source = FALSE)
}

n0 <- opt$layers[1]
m <- opt$m
set.seed(0)
X <- runif(n0 * m) # one allocation; dim<- changes the attribute in place
dim(X) <- c(n0, m)
Y <- matrix(as.numeric(runif(m) < 0.5), 1L, m)
has_threads <- "threads" %in% names(formals(engine_fit))
extra <- if (has_threads && opt$mode == "single") list(threads = 1L) else list()
stamps <- numeric(0)
chosen <- NULL
callback <- function(i, cost) {
  stamps[length(stamps) + 1L] <<- as.numeric(Sys.time())
  if (has_threads && is.null(chosen)) chosen <<- blas_threads()
}
do.call(engine_fit, c(list(X, Y, opt$layers, learning_rate = 0.0075,
                           num_iterations = opt$warmup + opt$iterations, callback = callback), extra))
times <- diff(stamps[max(1L, opt$warmup):length(stamps)])
load <- as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1])
cat(sprintf('RESULT {"times": [%s], "threads": %s, "load": %.2f}\n',
            paste(sprintf("%.6f", times), collapse = ", "), if (is.null(chosen)) "null" else chosen, load))
