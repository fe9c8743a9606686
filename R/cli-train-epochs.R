# nnscratch train by epochs (no --iterations): mini-batch training (twin of
# python/nnscratch/cli/train_epochs.py). Training runs through
# engine_fit_epochs with the recipe of the flags (update rule, schedule, L2,
# dropout, validation split, early stopping; defaults in CLI_DEFAULTS: Adam, lr
# 0.001, batches of 128, 20 epochs); standardization (on unless
# --no-standardize) fits the standardizer on the training split only and
# applies it to every split. The
# model file records the recipe, the standardizer, the history and the update
# rule's state; OUT/checkpoint.txt holds the whole run state
# (epoch_state_to_meta), so --resume continues to the same bytes as a run that
# was never interrupted. The full-batch --iterations path stays in R/cli-train.R.

# (flag, opts entry, model-file key) of the recipe a checkpoint records.
CLI_RECIPE <- list(c("--optimizer", "optimizer", "update_rule"), c("--batch-size", "batch_size", "batch_size"),
                   c("--lr-schedule", "lr_schedule", "lr_schedule"), c("--lr-decay", "lr_decay", "lr_decay"),
                   c("--lr-interval", "lr_interval", "lr_interval"), c("--l2", "l2", "l2"),
                   c("--dropout", "dropout", "dropout"), c("--val-size", "val_size", "val_size"),
                   c("--patience", "patience", "patience"))
# A rule's hyper-parameter -> its flag's opts entry (momentum's beta is --beta1).
CLI_HYPER_FLAGS <- c(beta = "beta1", beta1 = "beta1", beta2 = "beta2", epsilon = "epsilon")

#' The update rule of --optimizer with --lr, --beta1 (momentum's beta too), --beta2 and --epsilon
#' @noRd
rule_from_opts <- function(opts) {
  update_rule(opts$optimizer, opts$lr, beta = opts$beta1, beta1 = opts$beta1, beta2 = opts$beta2,
              epsilon = opts$epsilon)
}

#' The model file's optimizer_hyper: the rule's hyper-parameters but the learning rate (NULL for gd)
#' @noRd
optimizer_hyper <- function(rule) {
  h <- rule$hyper[names(rule$hyper) != "learning_rate"]
  if (length(h)) lapply(h, as.double) else NULL
}

#' optimizer_hyper of a model file -> list(opts entry = value) (beta -> beta1)
#' @noRd
hyper_opts <- function(hyper) {
  hyper <- hyper[names(hyper) %in% names(CLI_HYPER_FLAGS)]
  stats::setNames(lapply(hyper, as.double), CLI_HYPER_FLAGS[names(hyper)])
}

#' "adam (beta1 0.9, beta2 0.999, epsilon 1e-08)", "momentum (beta 0.9)", "gd"
#' @noRd
rule_text <- function(rule) {
  h <- rule$hyper[names(rule$hyper) != "learning_rate"]
  if (!length(h)) return(rule$name)
  sprintf("%s (%s)", rule$name, paste(sprintf("%s %s", names(h), vapply(h, function(v) sprintf("%g", v), "")),
                                       collapse = ", "))
}

#' With --resume: "epochs" for a checkpoint written by epochs, "iterations" for a full-batch one, NULL
#' without --resume or when it cannot be read (the full-batch path then reports why)
#' @noRd
checkpoint_kind <- function(opts) {
  if (is.null(opts$resume)) return(NULL)
  path <- if (nzchar(opts$resume)) opts$resume else path_join(opts$out, "checkpoint.txt")
  meta <- tryCatch(load_model(path)$meta, error = function(e) NULL)
  if (is.null(meta)) return(NULL)
  if (!is.null(meta$batch_size) && !is.null(meta$epoch)) "epochs" else "iterations"
}

#' With --resume of a checkpoint written by epochs: its settings into opts
#'
#' The sentences of Python's resume_epochs_settings; --epochs is the total to
#' reach (default: the checkpoint's).
#' @return list(opts, path, parameters, meta)
#' @noRd
resume_epochs_settings <- function(opts) {
  path <- if (nzchar(opts$resume)) opts$resume else path_join(opts$out, "checkpoint.txt")
  if (!file.exists(path) || dir.exists(path)) {
    nn_abort(sprintf("--resume: no checkpoint at %s", path), class = "nnscratch_file_not_found")
  }
  m <- load_model(path)
  meta <- m$meta
  for (key in c("seed", "init", "learning_rate", "epochs", "epoch", "batch", "update_rule",
                vapply(CLI_RECIPE, `[[`, "", 3L))) {
    if (is.null(meta[[key]])) nn_abort(sprintf("--resume: %s is a model without %s; it cannot be resumed", path, quote_text(key)))
  }
  check_run_meta(meta, path)
  resume <- list(path = path, data = meta$data, test_size = meta$test_size,
                 settings = list(hidden = as.numeric(meta$architecture[-c(1L, length(meta$architecture))]),
                                 seed = meta$seed, init = meta$init, lr = meta$learning_rate,
                                 cost_every = NULL, size = meta$image_size, labels = meta$labels))
  cost_every <- opts$cost_every
  opts <- apply_resume_settings(opts, resume)
  opts$cost_every <- cost_every
  check <- function(flag, name, recorded) {
    given <- opts[[name]] # NULL: not typed
    text <- function(v) if (is.character(v)) v else if (flag %in% c("--batch-size", "--lr-interval", "--patience")) fmt_whole(v) else sprintf("%g", v)
    if (!is.null(given) && !same_setting(given, recorded)) {
      nn_abort(sprintf("--resume: %s %s conflicts with %s, which has %s %s; leave %s out to continue that run",
                       flag, text(given), path, flag, text(recorded), flag))
    }
    recorded
  }
  for (r in CLI_RECIPE) opts[[r[[2L]]]] <- check(r[[1L]], r[[2L]], meta[[r[[3L]]]])
  h <- hyper_opts(meta$optimizer_hyper)
  for (name in names(h)) opts[[name]] <- check(paste0("--", name), name, h[[name]])
  standardized <- !is.null(meta$standardizer)
  if (isTRUE(opts$standardize) && !standardized) {
    nn_abort(sprintf("--resume: --standardize conflicts with %s, which was trained without it; leave --standardize out to continue that run",
                     path))
  }
  if (isTRUE(opts$no_standardize) && standardized) {
    nn_abort(sprintf("--resume: --no-standardize conflicts with %s, which was trained with --standardize; leave --no-standardize out to continue that run",
                     path))
  }
  opts$standardize <- standardized
  if (is.null(opts$epochs)) opts$epochs <- meta$epochs
  list(opts = opts, path = path, parameters = m$parameters, meta = meta)
}

#' create_dataset -> train_test_split (test) -> train_test_split of the training part (validation) -> flatten
#' @noRd
load_splits <- function(opts, data) {
  ds <- create_dataset(data, size = opts$size, labels = opts$labels, warn = FALSE, cache = !isTRUE(opts$no_cache))
  parts <- train_test_split(ds$X, ds$y, test_size = opts$test_size, random_state = opts$seed)
  d <- list(dataset = ds, m_train_all = length(parts[[3L]]))
  X_tr <- parts[[1L]]
  y_tr <- parts[[3L]]
  if (opts$val_size > 0) {
    v <- train_test_split(X_tr, y_tr, test_size = opts$val_size, random_state = opts$seed)
    X_tr <- v[[1L]]
    y_tr <- v[[3L]]
    d$X_val <- flatten_images(v[[2L]])
    d$Y_val <- labels_to_row(v[[4L]])
  }
  d$X_train <- flatten_images(X_tr)
  d$Y_train <- labels_to_row(y_tr)
  d$X_test <- flatten_images(parts[[2L]])
  d$Y_test <- labels_to_row(parts[[4L]])
  d
}

#' "epoch 3/10: cost 0.123456, accuracy 0.9500[, val cost 0.234567, val accuracy 0.9000]" (k: 1-based)
#' @noRd
epoch_line <- function(history, k, epochs) {
  line <- sprintf("epoch %s/%s: cost %.6f, accuracy %.4f", fmt_whole(history$epoch[k]), fmt_whole(epochs),
                  history$cost[k], history$accuracy[k])
  if (!is.nan(history$val_cost[k])) {
    line <- sprintf("%s, val cost %.6f, val accuracy %.4f", line, history$val_cost[k], history$val_accuracy[k])
  }
  line
}

#' nnscratch train by epochs, once --out is locked: the exit status (0, 3 diverged, 130 interrupted)
#' @noRd
train_epochs_run <- function(opts) {
  resume <- NULL
  if (!is.null(opts$resume)) {
    resume <- resume_epochs_settings(opts)
    opts <- resume$opts
  }
  opts <- fill_train_defaults(opts, full_batch = FALSE)
  labels <- opts$labels
  out <- opts$out
  data <- resolve_data(opts$data)
  t0 <- proc.time()[["elapsed"]]
  d <- load_splits(opts, data)
  print_data_summary(data, d$dataset, labels, proc.time()[["elapsed"]] - t0)
  cat(sprintf("split: %d train, %d test (test_size %g, random_state %s)\n", d$m_train_all, ncol(d$X_test),
              opts$test_size, fmt_whole(opts$seed)))
  m_tr <- ncol(d$X_train)
  if (!is.null(d$X_val)) {
    cat(sprintf("validation: %d train, %d validation (val_size %g of the training split, random_state %s)\n",
                m_tr, ncol(d$X_val), opts$val_size, fmt_whole(opts$seed)))
  }
  standardizer <- NULL
  if (isTRUE(opts$standardize)) {
    standardizer <- fit_standardizer(d$X_train)
    d$X_train <- standardize(d$X_train, standardizer)
    if (!is.null(d$X_val)) d$X_val <- standardize(d$X_val, standardizer)
    d$X_test <- standardize(d$X_test, standardizer)
    cat(sprintf("standardize: mean and std of %d features from the %d training images\n", nrow(d$X_train), m_tr))
  }
  layers <- c(nrow(d$X_train), opts$hidden, 1)
  rule <- rule_from_opts(opts) # with --resume, opts hold the checkpoint's rule and hyper-parameters
  cat(sprintf("network: %s, init %s, seed %s\n", fmt_vec(layers), opts$init, fmt_whole(opts$seed)))
  cat(sprintf(paste("training: optimizer %s, learning rate %g (schedule %s, decay %g, interval %s), %s epochs of",
                    "batch size %s, l2 %g, dropout %g, patience %s\n"),
              rule_text(rule), opts$lr, opts$lr_schedule, opts$lr_decay, fmt_whole(opts$lr_interval),
              fmt_whole(opts$epochs), fmt_whole(opts$batch_size), opts$l2, opts$dropout, fmt_whole(opts$patience)))

  ckpt_path <- path_join(out, "checkpoint.txt")
  files <- vapply(c("model.txt", "history.csv", "cost_curve.png"), function(f) path_join(out, f), "")
  start_state <- NULL
  if (!is.null(resume)) {
    if (!identical(as.numeric(resume$meta$architecture), as.numeric(layers))) {
      nn_abort(sprintf("--resume: %s is for a network %s, the data gives %s", resume$path,
                       fmt_vec(resume$meta$architecture), fmt_vec(layers)))
    }
    start_state <- epoch_state_from_meta(resume$parameters, resume$meta)
    cat(sprintf("resuming from %s at epoch %s, batch %s\n", resume$path, fmt_whole(start_state$epoch),
                fmt_whole(start_state$batch)))
    if (start_state$epoch >= opts$epochs) {
      nn_abort(sprintf("--resume: %s has already done %s epochs (--epochs is %s)", resume$path,
                       fmt_whole(start_state$epoch), fmt_whole(opts$epochs)))
    }
  }
  data_abs <- absolute_path(data)
  run_meta <- function(state) {
    c(list(architecture = layers, init = opts$init, seed = opts$seed, learning_rate = opts$lr,
           image_size = opts$size, labels = labels, created_by = "r", update_rule = rule$name,
           data = if (!is.na(data_abs)) data_abs, test_size = as.double(opts$test_size),
           optimizer_hyper = optimizer_hyper(rule), batch_size = opts$batch_size, epochs = opts$epochs,
           lr_schedule = opts$lr_schedule, lr_decay = as.double(opts$lr_decay), lr_interval = opts$lr_interval,
           l2 = as.double(opts$l2), dropout = as.double(opts$dropout), val_size = as.double(opts$val_size),
           patience = opts$patience, standardizer = standardizer),
      epoch_state_to_meta(state))
  }
  # Ctrl-C while a checkpoint is written: the checkpoint is completed first
  save_checkpoint <- function(state, deliver = TRUE) {
    with_interrupts_deferred(save_model(ckpt_path, state$parameters, run_meta(state)), deliver = deliver)
  }
  seen <- new.env(parent = emptyenv())
  seen$printed <- if (is.null(start_state)) 0 else start_state$epoch
  seen$last <- start_state
  # called by the engine after every epoch (checkpoint_every = 1) and at an interrupt
  after_epoch <- function(state) {
    seen$last <- state
    if (!isTRUE(opts$quiet)) {
      for (k in seq_len(state$epoch - seen$printed) + seen$printed) cat(epoch_line(state$history, k, opts$epochs), "\n", sep = "")
    }
    seen$printed <- max(seen$printed, state$epoch)
    if (opts$checkpoint_every > 0 && state$batch == 0 && state$epoch %% opts$checkpoint_every == 0) save_checkpoint(state)
  }
  t1 <- proc.time()[["elapsed"]]
  fit <- tryCatch(
    engine_fit_epochs(d$X_train, d$Y_train, layers, rule = rule, epochs = opts$epochs, batch_size = opts$batch_size,
                      seed = opts$seed, init = opts$init, lr_schedule = opts$lr_schedule, lr_decay = opts$lr_decay,
                      lr_interval = opts$lr_interval, l2 = opts$l2, keep_prob = 1 - opts$dropout, X_val = d$X_val,
                      Y_val = d$Y_val, patience = opts$patience, resume = start_state, checkpoint = after_epoch,
                      checkpoint_every = 1, threads = opts$threads),
    nnscratch_interrupted = function(e) {
      # a second Ctrl-C while this checkpoint is written is held back: the run is ending anyway
      save_checkpoint(e$state, deliver = FALSE)
      cat_err(sprintf("interrupted in epoch %s after %s batches; saved %s (continue with: nnscratch train --resume --out %s --epochs %s)\n",
                      fmt_whole(e$state$epoch + 1), fmt_whole(e$state$batch), ckpt_path, out, fmt_whole(opts$epochs)))
      130L
    },
    nnscratch_diverged = function(e) {
      save_checkpoint(e$state, deliver = FALSE)
      cat_err(sprintf("nnscratch: error: %s; the last good parameters (epoch %s, batch %s) are in %s\n",
                      conditionMessage(e), fmt_whole(e$state$epoch + 1), fmt_whole(e$state$batch), ckpt_path))
      3L
    }
  )
  if (is.integer(fit)) return(fit)
  # From here on an interrupt waits until every output is written (then: status 130).
  with_interrupts_deferred({
    train_time <- proc.time()[["elapsed"]] - t1
    parameters <- fit$parameters
    history <- fit$history
    n <- length(history$epoch)
    kept <- if (opts$patience > 0 && !is.null(history$best_epoch)) history$best_epoch else n
    if (n < opts$epochs) {
      cat(sprintf("early stopping: no lower validation cost in the %s epochs after epoch %s; its parameters are kept\n",
                  fmt_whole(opts$patience), fmt_whole(kept)))
    }
    acc_tr <- predict_labels(d$X_train, d$Y_train, parameters)$accuracy
    acc_te <- predict_labels(d$X_test, d$Y_test, parameters)$accuracy
    cat(sprintf("final cost: %.6f (epoch %s), training took %.2f s\n", history$cost[kept], fmt_whole(kept), train_time))
    cat(sprintf("train accuracy: %.4f\n", acc_tr))
    if (!is.null(d$X_val)) cat(sprintf("validation accuracy: %.4f\n", predict_labels(d$X_val, d$Y_val, parameters)$accuracy))
    cat(sprintf("test accuracy: %.4f\n", acc_te))
    # the final model: the parameters kept, the recipe, the history and the update rule's state
    final <- seen$last
    final["best_parameters"] <- list(NULL)
    save_model(files[[1L]], parameters, run_meta(final))
    write_history_csv(files[[2L]], history)
    write_history_curve(files[[3L]], history)
    if (file.exists(ckpt_path)) unlink(ckpt_path) # the finished model supersedes it
    cat(sprintf("wrote %s\n", paste(files, collapse = ", ")))
  })
  0L
}
