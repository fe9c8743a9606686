# nnscratch train (twin of python/nnscratch/cli/train.py): load and split the
# data, train with engine_fit and the "gd" update rule, write model.txt,
# costs.csv and cost_curve.png. OUT/checkpoint.txt is written every
# --checkpoint-every iterations, on Ctrl-C (status 130) and when training
# diverges (status 3); --resume continues from it. R cannot catch SIGTERM:
# inst/nnscratch-r turns it into SIGINT (R-only; Python handles SIGTERM itself).
# --out is checked and locked (OUT/.nnscratch-lock) before the data is
# loaded; checkpoints and the final files are written with interrupts
# suspended, so Ctrl-C never leaves them half done.

#' create_dataset -> train_test_split -> flatten (cli/train.py load_split)
#' @return list(dataset, X_train, Y_train, X_test, Y_test)
#' @noRd
load_split <- function(data, labels, size, test_size, seed, cache = TRUE) {
  ds <- create_dataset(data, size = size, labels = labels, warn = FALSE, cache = cache)
  parts <- train_test_split(ds$X, ds$y, test_size = test_size, random_state = seed)
  list(dataset = ds, X_train = flatten_images(parts[[1L]]), Y_train = labels_to_row(parts[[3L]]),
       X_test = flatten_images(parts[[2L]]), Y_test = labels_to_row(parts[[4L]]))
}

# Largest --iterations (the Python twin has the same bound and sentence).
ITERATIONS_MAX <- 1e9
# The lock of an output folder: a folder made by one atomic dir.create(), with the owner's pid.
LOCK_NAME <- ".nnscratch-lock"
# A lock folder without a pid file this many seconds old is left over from a crash.
LOCK_GRACE_SECONDS <- 60

#' --iterations at most ITERATIONS_MAX (check_iterations in Python)
#' @noRd
check_iterations <- function(iterations) {
  if (iterations > ITERATIONS_MAX) {
    nn_abort(sprintf("argument --iterations: must be at most %s; got %s", fmt_whole(ITERATIONS_MAX),
                     fmt_whole(iterations)))
  }
  invisible(iterations)
}

#' Evaluate expr with Ctrl-C (SIGINT) held back until it has ended
#'
#' Base R's suspendInterrupts(); an interrupt that came meanwhile is then
#' delivered (Sys.sleep(0) lets R act on it) when deliver is TRUE, or
#' dropped. Python's DeferredInterrupts.
#' @noRd
with_interrupts_deferred <- function(expr, deliver = TRUE) {
  value <- suspendInterrupts(expr)
  if (deliver) Sys.sleep(0) else tryCatch(Sys.sleep(0), interrupt = function(e) NULL)
  value
}

#' The pid in a lock folder, or NA when it has none (yet)
#' @noRd
lock_owner <- function(lock) {
  f <- file.path(lock, "pid")
  txt <- tryCatch(suppressWarnings(readLines(f, n = 1L, warn = FALSE)), error = function(e) character(0))
  if (length(txt) != 1L || !grepl("^[0-9]+$", trimws(txt))) return(NA_real_)
  as.numeric(trimws(txt))
}

#' Is process pid alive? (our own pid: no, a lock of ours is a leftover)
#' @noRd
pid_alive <- function(pid) {
  if (pid == Sys.getpid()) return(FALSE)
  isTRUE(tools::pskill(pid, 0L)) || dir.exists(sprintf("/proc/%s", fmt_whole(pid)))
}

#' The reason in a warning of dir.create() or file(): "... reason 'Permission denied'" -> "Permission denied"
#' @noRd
os_reason <- function(msg) {
  if (grepl("reason '", msg, fixed = TRUE)) sub("^.*reason '(.*)'.*$", "\\1", msg) else sub("^.*: ", "", msg)
}

#' dir.create(path, ...): TRUE, or the reason it failed
#' @noRd
make_dir <- function(path, ...) {
  why <- "unknown error"
  made <- withCallingHandlers(dir.create(path, showWarnings = TRUE, ...), warning = function(w) {
    why <<- os_reason(conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  if (made) TRUE else why
}

out_busy_message <- function(out, lock, pid) {
  who <- if (is.na(pid)) "another training" else sprintf("another training (process %s)", fmt_whole(pid))
  sprintf("--out %s is in use by %s; wait for it to end or choose another --out (if no training runs there, remove %s)",
          quote_text(out), who, quote_text(lock))
}

#' Before anything is loaded: --out must be a folder that can be created and
#' written, and no other training may write into it
#'
#' The lock is the folder OUT/.nnscratch-lock (dir.create is one mkdir: of two
#' runs only one creates it) with the owner's pid in "pid"; a lock whose
#' process is gone is taken over. The same sentences as Python's prepare_out.
#' @return The lock folder; release it with release_out().
#' @noRd
prepare_out <- function(out) {
  if (!nzchar(out)) nn_abort("--out must not be empty")
  link <- Sys.readlink(out)
  if ((file.exists(out) || (!is.na(link) && nzchar(link))) && !dir.exists(out)) {
    nn_abort(sprintf("--out %s is a file, not a folder", quote_text(out)))
  }
  created <- !dir.exists(out) # removed again by release_out() if the run leaves it empty
  if (created) {
    made <- make_dir(out, recursive = TRUE)
    if (!dir.exists(out)) nn_abort(sprintf("--out %s cannot be created (%s)", quote_text(out), made))
  }
  lock <- path_join(out, LOCK_NAME)
  for (attempt in 1:5) {
    made <- make_dir(lock)
    if (!isTRUE(made)) {
      if (!dir.exists(lock)) nn_abort(sprintf("--out %s is not writable (%s)", quote_text(out), made))
      owner <- lock_owner(lock)
      if (is.na(owner)) {
        age <- as.numeric(difftime(Sys.time(), file.info(lock)$mtime, units = "secs"))
        if (is.na(age)) next # released meanwhile
        if (age < LOCK_GRACE_SECONDS) nn_abort(out_busy_message(out, lock, NA)) # its owner is writing its pid
      } else if (pid_alive(owner)) {
        nn_abort(out_busy_message(out, lock, owner))
      }
      # a stale lock: move it aside under a name of ours (only one process can), then remove it
      aside <- sprintf("%s.stale-%d", lock, Sys.getpid())
      if (!suppressWarnings(file.rename(lock, aside))) next
      if (!identical(lock_owner(aside), owner)) { # another run took the lock meanwhile: give it back
        suppressWarnings(file.rename(aside, lock))
        next
      }
      unlink(aside, recursive = TRUE)
      next
    }
    ok <- tryCatch({
      writeLines(as.character(Sys.getpid()), file.path(lock, "pid"))
      TRUE
    }, warning = function(w) os_reason(conditionMessage(w)), error = function(e) os_reason(conditionMessage(e)))
    if (!isTRUE(ok)) {
      unlink(lock, recursive = TRUE)
      nn_abort(sprintf("--out %s is not writable (%s)", quote_text(out), ok))
    }
    return(structure(lock, created = created))
  }
  nn_abort(out_busy_message(out, lock, lock_owner(lock)))
}

#' Remove the lock of prepare_out() (when it is still ours), and the --out folder itself when this
#' run created it and leaves it empty (a run refused after prepare_out leaves nothing behind)
#' @noRd
release_out <- function(lock) {
  if (is.null(lock) || !identical(lock_owner(lock), as.numeric(Sys.getpid()))) return(invisible())
  unlink(lock, recursive = TRUE)
  out <- dirname(lock)
  if (isTRUE(attr(lock, "created")) && dir.exists(out) &&
      length(list.files(out, all.files = TRUE, no.. = TRUE)) == 0L) {
    unlink(out, recursive = TRUE)
  }
  invisible()
}

#' A path made absolute with "." and ".." resolved as text (Python's
#' os.path.abspath); NA when it cannot be written in a model file
#' @noRd
absolute_path <- function(path) {
  if (!startsWith(path, "/")) path <- paste0(getwd(), "/", path)
  keep <- character(0)
  for (p in strsplit(path, "/", fixed = TRUE)[[1L]]) {
    if (p == "" || p == ".") next
    keep <- if (p == "..") keep[-length(keep)] else c(keep, p)
  }
  out <- paste0("/", paste(keep, collapse = "/"))
  if (grepl("[\r\n]", out) || !validUTF8(out)) NA_character_ else out
}

#' With --resume: read the checkpoint; the run's settings come from it
#' @return list(path, parameters, meta, settings, data, test_size): data and
#'   test_size are NULL for a checkpoint written before they were recorded.
#' @noRd
resume_settings <- function(resume, out) {
  path <- if (nzchar(resume)) resume else path_join(out, "checkpoint.txt")
  if (!file.exists(path) || dir.exists(path)) {
    nn_abort(sprintf("--resume: no checkpoint at %s", path), class = "nnscratch_file_not_found")
  }
  m <- load_model(path)
  for (key in c("seed", "init", "learning_rate", "iterations", "cost_every", "costs")) {
    if (is.null(m$meta[[key]])) nn_abort(sprintf("--resume: %s is a model without %s; it cannot be resumed", path, quote_text(key)))
  }
  check_run_meta(m$meta, path)
  bad <- function(key) nn_abort(sprintf("--resume: %s has a bad %s; it cannot be resumed", path, quote_text(key)))
  for (key in c("learning_rate", "test_size")) {
    v <- m$meta[[key]]
    if (!is.null(v) && !(is.finite(v) && v > 0)) bad(key)
  }
  if (!is.null(m$meta$test_size) && !(m$meta$test_size < 1)) bad("test_size")
  if (!is.null(m$meta$image_size) && m$meta$image_size < 1) bad("image_size")
  arch <- m$meta$architecture
  list(path = path, parameters = m$parameters, meta = m$meta,
       settings = list(hidden = as.numeric(arch[-c(1L, length(arch))]), seed = m$meta$seed, init = m$meta$init,
                       lr = m$meta$learning_rate, cost_every = m$meta$cost_every, size = m$meta$image_size,
                       labels = m$meta$labels,
                       update_rule = if (is.null(m$meta$update_rule)) "gd" else m$meta$update_rule),
       data = m$meta$data, test_size = m$meta$test_size)
}

#' One setting as the conflict message prints it (Python's _fmt_setting)
#' @noRd
fmt_setting <- function(flag, value) {
  switch(flag,
    "--data" = quote_text(value),
    "--lr" = , "--test-size" = sprintf("%g", value),
    "--hidden" = paste(fmt_whole(value), collapse = ","),
    "--labels" = paste0(names(value), "=", fmt_whole(value), collapse = ","),
    "--init" = , "--optimizer" = value,
    fmt_whole(value))
}

#' Two settings are the same: same values, same names, in the same order
#' @noRd
same_setting <- function(a, b) {
  if (is.character(a) || is.character(b)) return(identical(as.character(a), as.character(b)))
  length(a) == length(b) && identical(names(a), names(b)) && all(as.numeric(a) == as.numeric(b))
}

#' Take the checkpoint's settings into opts
#'
#' A flag typed with another value than the checkpoint's is refused, with the
#' sentence of Python's resume_settings, even when that value is the flag's
#' default: the run would silently not be the run it continues. Flags not
#' typed are NULL here (fill_train_defaults gives their defaults afterwards).
#' Checkpoints written before data and test_size were recorded leave --data
#' and --test-size as given.
#' @noRd
apply_resume_settings <- function(opts, resume) {
  st <- resume$settings
  rows <- list( # flag, opts entry, the checkpoint's value (NULL: not recorded), comparable form
    list("--data", "data", resume$data, function(v) if (is.null(v)) v else absolute_path(v)),
    list("--test-size", "test_size", resume$test_size, as.numeric),
    list("--hidden", "hidden", st$hidden, as.numeric),
    list("--lr", "lr", st$lr, as.numeric),
    list("--seed", "seed", st$seed, as.numeric),
    list("--init", "init", st$init, as.character),
    list("--size", "size", st$size, as.numeric),
    list("--labels", "labels", st$labels, function(v) stats::setNames(as.numeric(v), names(v))),
    list("--cost-every", "cost_every", st$cost_every, as.numeric),
    list("--optimizer", "optimizer", st$update_rule, as.character)
  )
  for (r in rows) {
    flag <- r[[1L]]
    name <- r[[2L]]
    recorded <- r[[3L]]
    norm <- r[[4L]]
    if (is.null(recorded)) next # an older checkpoint: the flag's value (typed or default) is used
    given <- opts[[name]] # NULL: not typed
    if (!is.null(given) && !same_setting(norm(given), norm(recorded))) {
      nn_abort(sprintf("--resume: %s %s conflicts with %s, which has %s %s; leave %s out to continue that run",
                       flag, fmt_setting(flag, norm(given)), resume$path, flag, fmt_setting(flag, norm(recorded)),
                       flag))
    }
    opts[[name]] <- recorded
  }
  opts
}

#' nnscratch train: the exit status (0, 2 a file could not be written, 3
#' diverged, 130 interrupted)
#'
#' --out is checked and locked before anything is loaded; checkpoints and the
#' final files are written completely even when Ctrl-C comes meanwhile (the
#' interrupt is acted on once they are).
#' @noRd
cmd_train <- function(opts) {
  if (!is.null(opts$iterations)) check_iterations(opts$iterations)
  lock <- prepare_out(opts$out)
  on.exit(release_out(lock), add = TRUE)
  kind <- checkpoint_kind(opts)
  ckpt <- function() if (nzchar(opts$resume)) opts$resume else path_join(opts$out, "checkpoint.txt")
  if (identical(kind, "iterations") && (!is.null(opts$epochs) || !is.null(opts$batch_size))) {
    nn_abort(sprintf("--resume: %s was trained full-batch (--iterations); leave --epochs and --batch-size out to continue it",
                     ckpt()))
  }
  if (identical(kind, "epochs") && !is.null(opts$iterations)) {
    nn_abort(sprintf("--resume: %s was trained by epochs; leave --iterations out to continue it (--epochs gives the total)",
                     ckpt()))
  }
  if (identical(kind, "epochs") || (is.null(kind) && epochs_mode(opts))) return(train_epochs_run(opts))
  train_run(opts)
}

#' cmd_train once --out is locked
#' @noRd
train_run <- function(opts) {
  out <- opts$out
  resume <- NULL
  if (!is.null(opts$resume)) {
    resume <- resume_settings(opts$resume, out)
    opts <- apply_resume_settings(opts, resume) # the checkpoint's rule, then its hyper-parameters
    for (name in names(h <- hyper_opts(resume$meta$optimizer_hyper))) opts[[name]] <- h[[name]]
  }
  opts <- fill_train_defaults(opts, full_batch = TRUE)
  rule <- rule_from_opts(opts)
  labels <- opts$labels
  iterations <- opts$iterations
  cost_every <- opts$cost_every

  data <- resolve_data(opts$data)
  t0 <- proc.time()[["elapsed"]]
  d <- load_split(data, labels, opts$size, opts$test_size, opts$seed, cache = !isTRUE(opts$no_cache))
  print_data_summary(data, d$dataset, labels, proc.time()[["elapsed"]] - t0)
  cat(sprintf("split: %d train, %d test (test_size %g, random_state %s)\n", ncol(d$X_train), ncol(d$X_test),
              opts$test_size, fmt_whole(opts$seed)))
  layers <- c(nrow(d$X_train), opts$hidden, 1)
  cat(sprintf("network: %s, init %s, seed %s, learning rate %g, %s iterations%s\n", fmt_vec(layers), opts$init,
              fmt_whole(opts$seed), opts$lr, fmt_whole(iterations),
              if (rule$name == "gd") "" else paste0(", optimizer ", rule_text(rule))))

  ckpt_path <- path_join(out, "checkpoint.txt")
  start <- 0
  prior_costs <- numeric(0)
  start_params <- NULL
  start_state <- NULL
  if (!is.null(resume)) {
    if (!identical(as.numeric(resume$meta$architecture), as.numeric(layers))) {
      nn_abort(sprintf("--resume: %s is for a network %s, the data gives %s", resume$path,
                       fmt_vec(resume$meta$architecture), fmt_vec(layers)))
    }
    start <- resume$meta$iterations
    prior_costs <- resume$meta$costs
    start_params <- resume$parameters
    start_state <- resume$meta$rule_state
    cat(sprintf("resuming from %s at iteration %s\n", resume$path, fmt_whole(start)))
    if (start >= iterations) {
      nn_abort(sprintf("--resume: %s has already done %s iterations (--iterations is %s)", resume$path,
                       fmt_whole(start), fmt_whole(iterations)))
    }
  }
  # the data folder (absolute) and the test size are recorded, so --resume continues on the same split
  data_abs <- absolute_path(data)
  run_meta <- function(done, costs, rule_state = NULL) {
    list(architecture = layers, init = opts$init, seed = opts$seed, learning_rate = opts$lr, iterations = done,
         image_size = opts$size, labels = labels, created_by = "r", cost_every = cost_every, costs = costs,
         update_rule = rule$name, rule_state = rule_state, data = if (!is.na(data_abs)) data_abs,
         test_size = as.double(opts$test_size), optimizer_hyper = optimizer_hyper(rule))
  }
  # Ctrl-C while a checkpoint is written: the checkpoint is completed first
  save_checkpoint <- function(done, parameters, costs, rule_state, deliver = TRUE) {
    with_interrupts_deferred(save_model(ckpt_path, parameters, run_meta(done, c(prior_costs, costs), rule_state)),
                             deliver = deliver)
  }

  bar <- NULL
  callback <- NULL
  if (!isTRUE(opts$quiet)) {
    bar <- utils::txtProgressBar(min = 0, max = iterations, initial = start, style = 3, file = "")
    callback <- function(i, cost) utils::setTxtProgressBar(bar, i + 1)
  }
  close_bar <- function() if (!is.null(bar)) close(bar)
  t1 <- proc.time()[["elapsed"]]
  # engine_fit's faults carry iteration, parameters, costs and rule_state
  fit <- tryCatch(
    engine_fit(d$X_train, d$Y_train, layers, learning_rate = opts$lr, num_iterations = iterations - start,
               seed = opts$seed, init = opts$init, rule = rule, parameters = start_params, rule_state = start_state,
               cost_every = cost_every, callback = callback, start_iteration = start,
               checkpoint = save_checkpoint, checkpoint_every = opts$checkpoint_every, threads = opts$threads),
    nnscratch_interrupted = function(e) {
      close_bar()
      # a second Ctrl-C while this checkpoint is written is held back: the run is ending anyway
      save_checkpoint(e$iteration, e$parameters, e$costs, e$rule_state, deliver = FALSE)
      cat_err(sprintf("interrupted after %s iterations; saved %s (continue with: nnscratch train --resume --out %s --iterations %s)\n",
                      fmt_whole(e$iteration), ckpt_path, out, fmt_whole(iterations)))
      130L
    },
    nnscratch_diverged = function(e) {
      close_bar()
      save_checkpoint(e$iteration, e$parameters, e$costs, e$rule_state, deliver = FALSE)
      cat_err(sprintf("nnscratch: error: %s; the last good parameters (iteration %s) are in %s\n",
                      conditionMessage(e), fmt_whole(e$iteration), ckpt_path))
      3L
    }
  )
  if (is.integer(fit)) return(fit)
  # From here on an interrupt waits until every output is written (then: status 130).
  with_interrupts_deferred({
    close_bar()
    train_time <- proc.time()[["elapsed"]] - t1
    parameters <- fit$parameters
    costs <- c(prior_costs, fit$costs)
    acc_tr <- predict_labels(d$X_train, d$Y_train, parameters)$accuracy
    acc_te <- predict_labels(d$X_test, d$Y_test, parameters)$accuracy
    cat(sprintf("final cost: %.6f (recorded at iteration %s), training took %.2f s\n", costs[length(costs)],
                fmt_whole((length(costs) - 1) * cost_every), train_time))
    cat(sprintf("train accuracy: %.4f\n", acc_tr))
    cat(sprintf("test accuracy: %.4f\n", acc_te))

    files <- vapply(c("model.txt", "costs.csv", "cost_curve.png"), function(f) path_join(out, f), "")
    save_model(files[[1L]], parameters, run_meta(iterations, costs))
    write_costs_csv(files[[2L]], costs, cost_every)
    write_cost_curve(files[[3L]], costs, cost_every)
    if (file.exists(ckpt_path)) unlink(ckpt_path) # the finished model supersedes it
    cat(sprintf("wrote %s\n", paste(files, collapse = ", ")))
  })
  0L
}
