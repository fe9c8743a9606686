# R row of bench/train_step.py (run by it as a subprocess; also runs alone):
#
#   Rscript bench/train_step.R [--m 21199] [--layers 3072,7,5,1] [--iterations 10]
#                              [--warmup 2] [--block-size K]
#
# Sources the nnscratch R files of this checkout, creates X (n0, m) in place
# (runif() then dim<-: no second copy), times warm-up + timed iterations of
# forward_backward + update_parameters, and prints one line
# "RESULT {json}" with the median seconds per iteration and the peak RSS
# (VmHWM) of this process.

args <- commandArgs(trailingOnly = TRUE)
opt <- list(m = 21199, layers = c(3072, 7, 5, 1), iterations = 10, warmup = 2, block_size = NULL)
i <- 1L
while (i <= length(args)) {
  key <- sub("^--", "", args[i])
  val <- args[i + 1L]
  switch(key,
         m = opt$m <- as.integer(val),
         layers = opt$layers <- as.numeric(strsplit(val, ",")[[1]]),
         iterations = opt$iterations <- as.integer(val),
         warmup = opt$warmup <- as.integer(val),
         "block-size" = opt$block_size <- as.integer(val),
         stop("unknown option --", key))
  i <- i + 2L
}

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
root <- normalizePath(file.path(dirname(script), ".."))
for (f in sort(list.files(file.path(root, "R"), pattern = "[.][Rr]$", full.names = TRUE))) {
  sys.source(f, envir = globalenv(), keep.source = FALSE)
}

status_kb <- function(field) {
  line <- grep(paste0("^", field, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub(paste0(field, ":"), "", line)), " +")[[1]][1])
}

n0 <- opt$layers[1]
m <- opt$m
invisible(gc())
rss_before <- status_kb("VmRSS")
set.seed(0)
X <- runif(n0 * m) # one allocation; dim<- below changes the attribute in place
dim(X) <- c(n0, m)
Y <- matrix(as.numeric(runif(m) < 0.5), 1L, m)
p <- init_param(opt$layers, seed = 1)
lr <- 0.0075

step <- function() {
  out <- forward_backward(X, Y, p, opt$block_size)
  p <<- update_parameters(p, out$grads, lr)
  out$cost
}
for (w in seq_len(opt$warmup)) step()
times <- numeric(opt$iterations)
for (it in seq_len(opt$iterations)) {
  t0 <- as.numeric(Sys.time())
  step()
  times[it] <- as.numeric(Sys.time()) - t0
}
blas <- sprintf("R %s, BLAS %s", getRversion(), extSoftVersion()[["BLAS"]])
load <- as.numeric(strsplit(readLines("/proc/loadavg"), " ")[[1]][1])
cat(sprintf(paste0('RESULT {"name": "r", "times": [%s], "median": %.6f, "x_bytes": %.0f, ',
                   '"rss_before_kb": %.0f, "peak_kb": %.0f, "load": %.2f, "blas": "%s", "block_size": %s}\n'),
            paste(sprintf("%.6f", times), collapse = ", "), median(times), 8 * n0 * m,
            rss_before, status_kb("VmHWM"), load, blas,
            if (is.null(opt$block_size)) "null" else opt$block_size))
