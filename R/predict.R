# Prediction predict_labels (twin of python/nnscratch/predict.py, the
# notebook's predict). R has no `predict` here: it would mask stats::predict.

#' Predict 0/1 labels and the accuracy
#'
#' A sample is labelled 1 when its output probability is > 0.5.
#'
#' @param X (n0, m) inputs.
#' @param y (1, m) true labels, or NULL.
#' @param parameters Named list \code{W<l>}, \code{b<l>} from
#'   \code{\link{dense_nn}} or \code{\link{init_param}}.
#' @return A list with \code{p}, a (1, m) double matrix of 0 and 1, and
#'   \code{accuracy}, the fraction of \code{p == y} (a double), or NULL when
#'   \code{y} is NULL. Nothing is printed.
#' @export
predict_labels <- function(X, y, parameters) {
  AL <- deep_model(X, parameters)$AL
  # (AL > 0.5).astype(float64): NaN compares FALSE in numpy, hence !is.na().
  p <- (AL > 0.5) & !is.na(AL)
  storage.mode(p) <- "double" # keeps the (1, m) dim
  accuracy <- if (is.null(y)) NULL else {
    y <- as.vector(y)
    dim(y) <- dim(p) # y.reshape(p.shape): an error, not recycling, if sizes differ
    mean(p == y)
  }
  list(p = p, accuracy = accuracy)
}
