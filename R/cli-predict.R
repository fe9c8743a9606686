# nnscratch predict and nnscratch evaluate: use a saved model (twin of
# python/nnscratch/cli/predict.py).

#' Refuse a model file that is not a regular file or is larger than 1 GiB
#'
#' Before it is read: /dev/zero or a FIFO would never end or block, and the
#' notebook's largest network is a few MB. A missing file or a folder is left
#' to load_model, which names it (check_model_file in Python).
#' @noRd
check_model_file <- function(model_path) {
  if (!file.exists(model_path) || dir.exists(model_path)) return(invisible(NULL))
  # file.info() has no file type: test -f is true for a regular file (after symbolic links)
  if (.Platform$OS.type == "unix" && system2("test", c("-f", shQuote(model_path))) != 0L) {
    nn_abort(sprintf("%s: not an nnscratch model file (not a regular file)", model_path))
  }
  size <- file.info(model_path)$size
  if (!is.na(size) && size > CLI_MAX_MODEL_BYTES) {
    nn_abort(sprintf("%s: not an nnscratch model file (%s bytes; a model file is at most 1 GiB)", model_path,
                     fmt_whole(size)))
  }
  invisible(NULL)
}

#' load_model plus the checks of predict/evaluate
#'
#' The model's image_size must be 1 to CLI_MAX_SIZE and its labels, when it
#' has them, must map two class folders to 1 and 0 (what --labels accepts);
#' every refusal names the model file.
#' @return list(parameters, size, labels, standardizer): the model's
#'   list(mean = , std = ) when it was trained with --standardize, else NULL
#'   (Python: model_for_prediction; model_and_size gives the first three)
#' @noRd
model_and_size <- function(model_path) {
  check_model_file(model_path)
  m <- load_model(model_path)
  size <- if (is.null(m$meta$image_size)) 32L else m$meta$image_size
  if (size < 1 || size > CLI_MAX_SIZE) {
    nn_abort(sprintf("%s: image_size must be from 1 to %s; got %s", model_path, fmt_whole(CLI_MAX_SIZE), fmt_whole(size)))
  }
  n0 <- m$meta$architecture[[1L]]
  if (n0 != size * size * 3) {
    nn_abort(sprintf("%s: the model takes %s inputs, not %sx%sx3 images", model_path, fmt_whole(n0),
                     fmt_whole(size), fmt_whole(size)))
  }
  labels <- if (is.null(m$meta$labels)) DEFAULT_LABELS else m$meta$labels
  if (!is.null(labels_problem(labels))) {
    nn_abort(sprintf("%s: the model's labels must map two class folders (sub-folder names) to 1 and 0, e.g. Cat=1,Dog=0",
                     model_path))
  }
  list(parameters = m$parameters, size = size, labels = labels, standardizer = m$meta$standardizer)
}

#' The network's inputs: X (n0, m), pixels / 255, standardized with the
#' model's standardizer ((X - mean) / std) when the model has one, else X
#' unchanged (Python's model_inputs)
#' @noRd
model_inputs <- function(X, standardizer) {
  if (is.null(standardizer)) return(X)
  standardize(X, standardizer)
}

#' An image file, or every file of a folder (recursively, no dot files), sorted by bytes
#' @noRd
image_files <- function(target) {
  if (file.exists(target) && !dir.exists(target)) return(target)
  if (!dir.exists(target)) nn_abort(sprintf("no such file or folder: %s", target), class = "nnscratch_file_not_found")
  # list_tree_files: links to folders never followed (no loops), "." names (the image cache) left out,
  # names kept as the file system gave them (a name that is not UTF-8 stays so), byte order
  vapply(list_tree_files(target), function(f) path_join(target, f), "", USE.NAMES = FALSE)
}

cmd_predict <- function(opts) {
  mdl <- model_and_size(opts$model)
  n_ok <- 0L
  n_skipped <- 0L
  for (f in image_files(opts$positional[[1L]])) {
    img <- tryCatch(load_image(f, mdl$size), nnscratch_skipped_image = function(e) e)
    if (inherits(img, "nnscratch_skipped_image")) {
      cat_err(sprintf("skipped %s: %s\n", f, img$reason))
      n_skipped <- n_skipped + 1L
      next
    }
    x <- model_inputs(flatten_images(array(as.double(img) / 255, c(1L, dim(img)))), mdl$standardizer)
    prob <- deep_model(x, mdl$parameters)$AL[1L, 1L]
    cat(sprintf("%s\t%.6f\t%s\n", f, prob, label_name(mdl$labels, if (prob > 0.5) 1 else 0)))
    n_ok <- n_ok + 1L
  }
  if (n_skipped > 0L) cat_err(sprintf("%d images predicted, %d skipped\n", n_ok, n_skipped))
  if (n_ok > 0L) 0L else 1L
}

#' 2x2 counts: rows are the true label (0, 1), columns the predicted label (0, 1)
#' @noRd
confusion_counts <- function(y_true, y_pred) {
  y_true <- as.vector(y_true)
  y_pred <- as.vector(y_pred)
  bad <- setdiff(unique(c(y_true, y_pred)), c(0, 1))
  if (length(bad)) nn_abort(sprintf("evaluate needs labels 0 and 1; got %s", fmt_vec(sort(bad))))
  cm <- matrix(0L, 2L, 2L)
  for (t in 0:1) for (p in 0:1) cm[t + 1L, p + 1L] <- sum(y_true == t & y_pred == p)
  cm
}

#' The confusion matrix as text lines
#' @noRd
format_confusion <- function(cm, labels) {
  n0 <- label_name(labels, 0)
  n1 <- label_name(labels, 1)
  w <- max(nchar(n0), nchar(n1), 4L) + 2L
  c(sprintf("%*s", w + 6L + 9L, "predicted"),
    sprintf("%-*s%*s%*s", w + 6L, "true", w, n0, w, n1),
    sprintf("%-*s(0)   %*d%*d", w, n0, w, cm[1L, 1L], w, cm[1L, 2L]),
    sprintf("%-*s(1)   %*d%*d", w, n1, w, cm[2L, 1L], w, cm[2L, 2L]))
}

cmd_evaluate <- function(opts) {
  mdl <- model_and_size(opts$model)
  data <- resolve_data(opts$data)
  ds <- create_dataset(data, size = mdl$size, labels = mdl$labels, warn = FALSE, cache = !isTRUE(opts$no_cache))
  res <- predict_labels(model_inputs(flatten_images(ds$X), mdl$standardizer), labels_to_row(ds$y), mdl$parameters)
  cat(sprintf("data: %s: %d images, %d skipped\n", data, length(ds$y), nrow(ds$skipped)))
  cat(sprintf("accuracy: %.4f\n", res$accuracy))
  cat(format_confusion(confusion_counts(ds$y, res$p), mdl$labels), sep = "\n")
  0L
}
