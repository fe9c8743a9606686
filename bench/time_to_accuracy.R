# nnscratch R row of bench/time_to_accuracy.py (run by it as a subprocess):
#
#   Rscript bench/time_to_accuracy.R WORKDIR
#
# WORKDIR holds config.json (written by the Python script; read here with a
# few regular expressions: no JSON package needed) and the standardized arrays
# X_{train,val,test}.npy ((n0, m), Fortran order: read_npy gives the R matrix
# without reordering) and Y_{train,val,test}.npy ((1, m)). Sources the R files
# of this checkout, runs engine_fit_epochs with the same recipe as the other
# rows (validation accuracy after every epoch, in the history), times every
# epoch with the checkpoint hook, and writes WORKDIR/result_r.json.

args <- commandArgs(trailingOnly = TRUE)
workdir <- args[1]
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
root <- normalizePath(file.path(dirname(script), ".."))
for (f in sort(list.files(file.path(root, "R"), pattern = "[.][Rr]$", full.names = TRUE))) {
  sys.source(f, envir = globalenv(), keep.source = FALSE)
}
# Byte-compile them now, as an installed package is: otherwise R's JIT compiles
# each function at its first calls, inside the first timed epoch.
for (nm in ls(globalenv())) {
  f <- get(nm, envir = globalenv())
  if (is.function(f)) assign(nm, compiler::cmpfun(f), envir = globalenv())
}

cfg_text <- paste(readLines(file.path(workdir, "config.json"), warn = FALSE), collapse = "")
cfg_value <- function(key) {
  m <- regmatches(cfg_text, regexec(sprintf('"%s": *("[^"]*"|\\[[^]]*\\]|[-+0-9.eE]+)', key), cfg_text))[[1]]
  if (length(m) < 2L) stop("config.json: no ", key)
  gsub('^"|"$', "", m[2])
}
cfg_num <- function(key) as.numeric(cfg_value(key))
dims <- as.numeric(strsplit(gsub("[][ ]", "", cfg_value("dims")), ",")[[1]])
optimizer <- cfg_value("optimizer")

rd <- function(name) read_npy(file.path(workdir, name))
X_train <- rd("X_train.npy"); Y_train <- rd("Y_train.npy")
X_val <- rd("X_val.npy"); Y_val <- rd("Y_val.npy")
X_test <- rd("X_test.npy"); Y_test <- rd("Y_test.npy")

rule <- update_rule(optimizer, cfg_num("lr"), beta = cfg_num("beta1"), beta1 = cfg_num("beta1"),
                    beta2 = cfg_num("beta2"), epsilon = cfg_num("epsilon"))
ends <- numeric(0)
snaps <- list()
t0 <- proc.time()[["elapsed"]]
checkpoint <- function(state) {
  ends[length(ends) + 1L] <<- proc.time()[["elapsed"]] - t0
  snaps[[length(snaps) + 1L]] <<- state$parameters
}
t0 <- proc.time()[["elapsed"]]
fit <- engine_fit_epochs(X_train, Y_train, dims, rule = rule, epochs = cfg_num("epochs"),
                         batch_size = cfg_num("batch_size"), seed = cfg_num("seed"), init = cfg_value("init"),
                         l2 = cfg_num("l2"), X_val = X_val, Y_val = Y_val, checkpoint = checkpoint,
                         checkpoint_every = 1)
va <- fit$history$val_accuracy
best <- which.max(va)
acc <- function(p) mean((deep_model(X_test, p)$AL > 0.5) == (Y_test > 0.5))
status_kb <- function(field) {
  line <- grep(paste0("^", field, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub(paste0(field, ":"), "", line)), " +")[[1]][1])
}
num <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
json <- sprintf(paste0('{"name": "nnscratch R %s (engine_fit_epochs)", "epoch_end_s": [%s], ',
                       '"val_accuracy": [%s], "train_cost": [%s], "test_accuracy": %.17g, ',
                       '"test_accuracy_best": %.17g, "peak_rss_mb": %.17g}'),
                getRversion(), num(ends), num(va), num(fit$history$cost), acc(fit$parameters),
                acc(snaps[[best]]), status_kb("VmHWM") / 1024)
writeLines(json, file.path(workdir, "result_r.json"))
