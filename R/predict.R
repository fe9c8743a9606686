# Prediction predict_labels (twin of python/nnscratch/predict.py, the
# notebook's predict). R has no `predict` here: it would mask stats::predict.

#' Predict 0/1 labels and the accuracy
#'
#' A sample is labelled 1 when its output probability is > 0.5.
#'
#' @param X (n0, m) inputs, finite.
#' @param y (1, m) true labels (any vector of m values), or NULL.
#' @param parameters Named list \code{W<l>}, \code{b<l>} from
#'   \code{\link{dense_nn}} or \code{\link{init_param}}; \code{W1} must
#'   have n0 columns.
#' @return A list with \code{p}, a (1, m) double matrix of 0 and 1, and
#'   \code{accuracy}, the fraction of \code{p == y} (a double), or NULL when
#'   \code{y} is NULL. Nothing is printed. An error of class
#'   \code{nnscratch_error} (same sentence as the Python twin) when X is not a
#'   finite numeric matrix, the parameters do not fit X or each other, or y
#'   does not have m values.
#' @export
#' @examples
#' X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 1), nrow = 2)
#' Y <- matrix(c(0, 1, 1, 0), nrow = 1)
#' fit <- dense_nn(X, Y, c(2, 3, 1), learning_rate = 0.5, num_iterations = 200, init = "he")
#' predict_labels(X, Y, fit$parameters) # p: 0 1 1 0, accuracy 1
#' predict_labels(X, NULL, fit$parameters)$accuracy # NULL without labels
predict_labels <- function(X, y, parameters) {
  check_matrix("X", X)
  check_finite("X", X)
  check_parameters(parameters, n0 = nrow(X))
  if (!is.null(y) && length(y) != ncol(X)) {
    nn_abort(sprintf("X and y must have the same number of samples (columns): X has %d, y has %d", ncol(X), length(y)))
  }
  AL <- deep_model(X, parameters)$AL
  # (AL > 0.5).astype(float64): NaN compares FALSE in numpy, hence !is.na().
  p <- (AL > 0.5) & !is.na(AL)
  storage.mode(p) <- "double" # keeps the (1, m) dim
  accuracy <- if (is.null(y)) NULL else {
    y <- as.vector(y)
    dim(y) <- dim(p) # y.reshape(p.shape): an error, not recycling, if sizes differ
    # sum / length, not mean(): R's mean() of a logical sums and divides in long double and
    # rounds twice, numpy's mean divides once in double (115 of 2051: ...27405 vs ...27398).
    sum(p == y) / length(p)
  }
  list(p = p, accuracy = accuracy)
}
