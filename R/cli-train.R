# nnscratch train (twin of python/nnscratch/cli/train.py): load and split the
# data, train with engine_fit and the "gd" update rule, write model.txt,
# costs.csv and cost_curve.png. OUT/checkpoint.txt is written every
# --checkpoint-every iterations, on Ctrl-C (status 130) and when training
# diverges (status 3); --resume continues from it. R cannot catch SIGTERM:
# inst/nnscratch-r turns it into SIGINT (R-only; Python handles SIGTERM itself).

#' create_dataset -> train_test_split -> flatten (cli/train.py load_split)
#' @return list(dataset, X_train, Y_train, X_test, Y_test)
#' @noRd
load_split <- function(data, labels, size, test_size, seed, cache = TRUE) {
  ds <- create_dataset(data, size = size, labels = labels, warn = FALSE, cache = cache)
  parts <- train_test_split(ds$X, ds$y, test_size = test_size, random_state = seed)
  list(dataset = ds, X_train = flatten_images(parts[[1L]]), Y_train = labels_to_row(parts[[3L]]),
       X_test = flatten_images(parts[[2L]]), Y_test = labels_to_row(parts[[4L]]))
}

#' With --resume: read the checkpoint; the run's settings come from it
#' @return list(path, parameters, meta, settings)
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
  arch <- m$meta$architecture
  list(path = path, parameters = m$parameters, meta = m$meta,
       settings = list(hidden = as.numeric(arch[-c(1L, length(arch))]), seed = m$meta$seed, init = m$meta$init,
                       lr = m$meta$learning_rate, cost_every = m$meta$cost_every, size = m$meta$image_size,
                       labels = m$meta$labels,
                       update_rule = if (is.null(m$meta$update_rule)) "gd" else m$meta$update_rule))
}

cmd_train <- function(opts) {
  out <- opts$out
  if (file.exists(out) && !dir.exists(out)) nn_abort(sprintf("--out %s is a file, not a folder", quote_text(out)))
  rule_name <- "gd"
  resume <- NULL
  if (!is.null(opts$resume)) {
    resume <- resume_settings(opts$resume, out)
    st <- resume$settings
    opts[c("hidden", "seed", "init", "lr", "cost_every")] <- st[c("hidden", "seed", "init", "lr", "cost_every")]
    if (!is.null(st$size)) opts$size <- st$size
    if (!is.null(st$labels)) opts$labels <- st$labels
    rule_name <- st$update_rule
  }
  labels <- opts$labels
  iterations <- opts$iterations
  cost_every <- opts$cost_every

  data <- resolve_data(opts$data)
  t0 <- proc.time()[["elapsed"]]
  d <- load_split(data, labels, opts$size, opts$test_size, opts$seed, cache = !isTRUE(opts$no_cache))
  y <- d$dataset$y
  skipped <- d$dataset$skipped
  counts <- paste(sprintf("%s: %d", names(labels), vapply(labels, function(v) sum(y == v), integer(1))), collapse = ", ")
  cat(sprintf("data: %s: %d images (%s), %d skipped, loaded in %.2f s\n", data, length(y), counts,
              nrow(skipped), proc.time()[["elapsed"]] - t0))
  for (k in seq_len(nrow(skipped))) cat(sprintf("  skipped %s: %s\n", skipped$file[k], skipped$reason[k]))
  cat(sprintf("split: %d train, %d test (test_size %g, random_state %s)\n", ncol(d$X_train), ncol(d$X_test),
              opts$test_size, fmt_whole(opts$seed)))
  layers <- c(nrow(d$X_train), opts$hidden, 1)
  cat(sprintf("network: %s, init %s, seed %s, learning rate %g, %s iterations\n", fmt_vec(layers), opts$init,
              fmt_whole(opts$seed), opts$lr, fmt_whole(iterations)))

  if (!dir.exists(out)) dir.create(out, recursive = TRUE, showWarnings = FALSE)
  ckpt_path <- path_join(out, "checkpoint.txt")
  rule <- update_rule(rule_name, opts$lr)
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
  run_meta <- function(done, costs, rule_state = NULL) {
    list(architecture = layers, init = opts$init, seed = opts$seed, learning_rate = opts$lr, iterations = done,
         image_size = opts$size, labels = labels, created_by = "r", cost_every = cost_every, costs = costs,
         update_rule = rule$name, rule_state = rule_state)
  }
  save_checkpoint <- function(done, parameters, costs, rule_state) {
    save_model(ckpt_path, parameters, run_meta(done, c(prior_costs, costs), rule_state))
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
               checkpoint = save_checkpoint, checkpoint_every = opts$checkpoint_every),
    nnscratch_interrupted = function(e) {
      close_bar()
      save_checkpoint(e$iteration, e$parameters, e$costs, e$rule_state)
      cat_err(sprintf("interrupted after %s iterations; saved %s (continue with: nnscratch train --resume --out %s --iterations %s)\n",
                      fmt_whole(e$iteration), ckpt_path, out, fmt_whole(iterations)))
      130L
    },
    nnscratch_diverged = function(e) {
      close_bar()
      save_checkpoint(e$iteration, e$parameters, e$costs, e$rule_state)
      cat_err(sprintf("nnscratch: error: %s; the last good parameters (iteration %s) are in %s\n",
                      conditionMessage(e), fmt_whole(e$iteration), ckpt_path))
      3L
    }
  )
  if (is.integer(fit)) return(fit)
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
  0L
}
