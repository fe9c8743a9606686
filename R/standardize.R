# Per-feature standardization: every input feature (row of X) to mean 0 and
# standard deviation 1 (twin of python/nnscratch/standardize.py). Fitted on
# the training set only, then applied unchanged to every other set and to
# every image predict sees.

#' Fit a standardizer: the mean and standard deviation of every feature
#'
#' For every feature (row) i of X, over its m samples (columns):
#' \deqn{\mu_i = \frac{1}{m} \sum_j X_{ij}, \quad \sigma_i = \sqrt{\frac{1}{m} \sum_j (X_{ij} - \mu_i)^2}}{mean_i = (1/m) sum_j X[i, j];  std_i = sqrt((1/m) sum_j (X[i, j] - mean_i)^2)}
#' This is the POPULATION standard deviation (numpy's \code{np.std} default,
#' ddof = 0: divided by m). R's \code{sd()} divides by m - 1 (ddof = 1, the
#' sample estimate), so it is not used here: the formula is written out.
#'
#' A constant feature (every value the same) has std 0; it is stored as 1 and
#' its mean as its value, so it standardizes to exactly 0. Constancy is tested
#' on the values, not on the computed std (numpy's mean of 0.1, 0.1, 0.1 is
#' 0.10000000000000002, leaving a std of about 1e-17); a std that underflows
#' to 0 is stored as 1 too.
#'
#' Sums differ in order between the languages: \code{rowMeans} adds in long
#' double, numpy pairwise in double, so mean and std agree to about 1e-12
#' relative, not to the bit.
#'
#' @param X Training inputs (n0, m), one sample per column, finite, m >= 1.
#' @return \code{list(mean = , std = )}, two (n0, 1) double matrices, every
#'   std > 0.
#' @export
#' @examples
#' s <- fit_standardizer(matrix(c(1, 5, 3, 5), 2)) # rows (1, 3) and (5, 5)
#' s$mean # 2 5
#' s$std  # 1 1 (the constant second feature: 1, not 0)
fit_standardizer <- function(X) {
  check_matrix("X", X)
  check_finite("X", X)
  if (ncol(X) < 1L) {
    nn_abort(sprintf("X must have at least one sample (column) to fit a standardizer; got shape %s", fmt_shape(X)))
  }
  # X - mean recycles the n0 means down each column of X (column-major), which is
  # numpy's broadcasting of the (n0, 1) mean over the m columns.
  mean <- rowMeans(X)
  std <- sqrt(rowMeans((X - mean)^2))
  constant <- rowSums(X != X[, 1L]) == 0 # every value of the row equals its first
  mean[constant] <- X[constant, 1L]
  std[constant | std == 0] <- 1
  list(mean = matrix(as.double(mean), ncol = 1L), std = matrix(as.double(std), ncol = 1L))
}

# A standardizer from fit_standardizer: entries mean and std, both (n0, 1), std > 0; returns n0.
check_standardizer <- function(standardizer) {
  if (!is.list(standardizer) || is.null(standardizer[["mean"]]) || is.null(standardizer[["std"]])) {
    nn_abort("standardizer must have entries 'mean' and 'std' (as fit_standardizer returns)")
  }
  mean <- standardizer[["mean"]]
  std <- standardizer[["std"]]
  check_matrix("standardizer's mean", mean, what = "one row per feature")
  check_matrix("standardizer's std", std, what = "one row per feature")
  if (ncol(mean) != 1L || !identical(dim(std), dim(mean))) {
    nn_abort(sprintf("standardizer's mean and std must both have shape (n0, 1); got %s and %s",
                     fmt_shape(mean), fmt_shape(std)))
  }
  if (!all(is.finite(std) & std > 0)) nn_abort("standardizer's std must hold finite positive numbers")
  nrow(mean)
}

#' Standardize X with a fitted standardizer
#'
#' \code{X_std[i, j] = (X[i, j] - mean_i) / std_i}. numpy broadcasts the
#' (n0, 1) columns over the m columns of X; R recycles the n0 values down each
#' column of X (\code{as.vector} of the (n0, 1) matrices: \code{X - mean}
#' with a matrix would be "non-conformable"). The same pairs of numbers meet
#' element by element, so both languages give the same bits.
#'
#' @param X Inputs (n0, m), one sample per column.
#' @param standardizer \code{list(mean = , std = )}, (n0, 1) matrices from
#'   \code{\link{fit_standardizer}}.
#' @return (n0, m) double matrix.
#' @export
#' @examples
#' s <- list(mean = matrix(c(2, 5)), std = matrix(c(1, 2)))
#' standardize(matrix(c(1, 5, 3, 9), 2), s) # rows (-1, 1) and (0, 2)
standardize <- function(X, standardizer) {
  check_matrix("X", X)
  n0 <- check_standardizer(standardizer)
  if (nrow(X) != n0) {
    nn_abort(sprintf("X has %d rows (features) but the standardizer was fitted on %d features", nrow(X), n0))
  }
  (X - as.vector(standardizer[["mean"]])) / as.vector(standardizer[["std"]])
}
