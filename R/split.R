# Train/test split and flattening of image stacks into the (features, samples)
# layout (twin of python/nnscratch/split.py). The split reproduces
# sklearn.model_selection.train_test_split(*arrays, test_size, random_state)
# index for index, using numpy's permutation stream from R/utils-rng.R.

#' Rows (first-dimension slices) idx of a vector, matrix, array or data frame.
#' Keeps every other dimension (drop = FALSE), names and dimnames.
#' @noRd
take_first_dim <- function(x, idx) {
  d <- dim(x)
  if (is.null(d)) return(x[idx])
  args <- c(list(x, idx), rep(list(TRUE), length(d) - 1L), list(drop = FALSE))
  do.call(`[`, args)
}

#' Split arrays into random train and test subsets like scikit-learn
#'
#' Reproduces \code{sklearn.model_selection.train_test_split(*arrays,
#' test_size=test_size, random_state=random_state)} exactly: n_test =
#' \code{ceiling(test_size * n)}, n_train = n - n_test; \code{perm} is numpy's
#' \code{RandomState(random_state).permutation(n)} (see
#' \code{numpy_permutation}); the test samples are \code{perm[1:n_test]} and
#' the training samples the next n_train entries, in that order.
#'
#' @param ... One or more vectors (length m), matrices (m, p) or arrays,
#'   e.g. images (m, H, W, C), with samples along the FIRST dimension; all must
#'   have the same m >= 2.
#' @param test_size Fraction of samples in the test part, a number in (0, 1)
#'   (rounded up to whole samples, as sklearn does). Default 0.15.
#' @param random_state Integer seed in \[0, 4294967295\] for numpy's
#'   RandomState. Default 1.
#' @return Unnamed list \code{list(a_train, a_test, b_train, b_test, ...)};
#'   each part keeps the type and the other dimensions of its input
#'   (a 4-d (m, H, W, C) array gives (n_train, H, W, C) and (n_test, H, W, C)).
#' @export
#' @examples
#' parts <- train_test_split(1:20, random_state = 1)
#' parts[[2]] # the 3 test samples, as sklearn picks them
train_test_split <- function(..., test_size = 0.15, random_state = 1) {
  arrays <- list(...)
  if (length(arrays) == 0L) nn_abort("train_test_split needs at least one array")
  # Argument labels for messages: the variable name when one was passed.
  exprs <- as.list(substitute(list(...)))[-1L]
  labels <- vapply(seq_along(arrays), function(k) {
    nm <- names(arrays)[k]
    if (!is.null(nm) && nzchar(nm)) return(sprintf("argument %d (%s)", k, nm))
    if (is.symbol(exprs[[k]])) return(sprintf("argument %d (%s)", k, as.character(exprs[[k]])))
    sprintf("argument %d", k)
  }, character(1))
  ns <- vapply(arrays, NROW, numeric(1))
  for (k in seq_along(arrays)) {
    if (ns[k] != ns[1L]) {
      nn_abort(sprintf(paste0("all arrays must have the same number of samples along the first dimension; ",
                              "%s has %d but %s has %d"), labels[1L], ns[1L], labels[k], ns[k]))
    }
  }
  n <- ns[1L]
  if (!is.numeric(test_size) || length(test_size) != 1L || is.na(test_size) ||
      test_size <= 0 || test_size >= 1) {
    nn_abort(sprintf("test_size must be a number in the (0, 1) range; got %s",
                     if (is.numeric(test_size) && length(test_size) == 1L) format(test_size) else deparse(test_size)))
  }
  seed <- check_seed(random_state)
  n_test <- ceiling(test_size * n) # the same double product as sklearn's ceil(test_size * n_samples)
  n_train <- n - n_test
  if (n_train < 1) {
    nn_abort(sprintf(paste0("With n_samples=%d, test_size=%s and train_size=None, the resulting train set ",
                            "will be empty. Adjust any of the aforementioned parameters."),
                     n, format(test_size)))
  }
  perm <- numpy_permutation(numpy_random_state(seed), n) + 1L # numpy's 0-based -> R's 1-based
  test <- perm[seq_len(n_test)]
  train <- perm[n_test + seq_len(n_train)]
  out <- vector("list", 2L * length(arrays))
  for (k in seq_along(arrays)) {
    out[[2L * k - 1L]] <- take_first_dim(arrays[[k]], train)
    out[[2L * k]] <- take_first_dim(arrays[[k]], test)
  }
  out
}

#' Flatten an image stack to one column per sample
#'
#' Same values and order as numpy's \code{images.reshape(m, -1).T} on a
#' C-order (m, H, W, C) array: feature \code{f = (h*W + w)*C + c} (0-based)
#' is row f + 1 of the result.
#'
#' @param images Numeric array (m, H, W, C) (any rank >= 1 works the same way;
#'   a plain vector counts as (m)). m = 1 and C = 1 keep their dimensions.
#' @return Double matrix (H * W * C, m).
#' @export
#' @examples
#' images <- array(runif(2 * 4 * 4 * 3), c(2, 4, 4, 3))
#' dim(flatten_images(images)) # 48 2
flatten_images <- function(images) {
  if (!(is.numeric(images) || is.logical(images))) {
    nn_abort(sprintf("images must be a numeric array (m, H, W, C); got %s", class(images)[1L]),
             class = "nnscratch_type_error")
  }
  d <- dim(images)
  if (is.null(d)) d <- length(images)
  m <- d[1L]
  # R arrays are column-major (first index fastest), numpy's C order has the
  # last index fastest. Reversing the axes, aperm(images, c(4, 3, 2, 1)) for
  # (m, H, W, C), puts c fastest, then w, then h, then the sample: the column-
  # major storage of the (C, W, H, m) result is exactly numpy's C-order
  # storage of (m, H, W, C). Setting dim to (C*W*H, m) then makes column i
  # hold sample i with feature f = (h*W + w)*C + c, as in reshape(m, -1).T.
  x <- if (length(d) > 1L) aperm(array(images, d), rev(seq_along(d))) else as.vector(images)
  x <- as.numeric(x)
  dim(x) <- c(prod(d[-1L]), m)
  x
}

#' Labels as a row matrix
#'
#' @param y Labels, a numeric or logical vector of length m (a (m, 1) or
#'   (1, m) matrix is accepted too).
#' @return Double matrix (1, m), the \code{Y} of the training steps.
#' @export
#' @examples
#' labels_to_row(c(1, 0, 1)) # 1 x 3
labels_to_row <- function(y) {
  if (!(is.numeric(y) || is.logical(y))) {
    nn_abort(sprintf("y must be a numeric vector of labels (m); got %s", class(y)[1L]),
             class = "nnscratch_type_error")
  }
  d <- dim(y)
  if (!is.null(d) && sum(d > 1L) > 1L) {
    nn_abort(sprintf("y must be a vector of labels (m) or a (m, 1) / (1, m) matrix; got dim %s", fmt_vec(d)))
  }
  matrix(as.numeric(y), nrow = 1L)
}
