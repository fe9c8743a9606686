# Cross-entropy cost cost_computation (twin of python/nnscratch/cost.py).

# Outputs are clipped to [EPS, 1 - EPS] before the logs, so a saturated sigmoid
# (AL exactly 0 or 1) gives a large but finite cost (at most -log(EPS) ~= 34.5
# per sample) instead of Inf or NaN.
EPS <- 1e-15

#' Binary cross-entropy cost
#'
#' \code{J = -(1/m) * sum(Y * log(AL) + (1 - Y) * log(1 - AL))}, with AL
#' clipped to \[1e-15, 1 - 1e-15\] so that saturated outputs give a finite cost.
#'
#' @param AL (1, m) predicted probabilities.
#' @param Y (1, m) labels in \{0, 1\}.
#' @return The cost, a plain double scalar (no dim).
#' @export
#' @examples
#' cost_computation(AL = matrix(c(0.9, 0.2), nrow = 1), Y = matrix(c(1, 0), nrow = 1))
#' # -(log(0.9) + log(0.8)) / 2 = 0.164252
#' cost_computation(matrix(c(1, 0), 1), matrix(c(0, 1), 1)) # saturated and wrong: 34.5, finite
cost_computation <- function(AL, Y) {
  # m is the number of columns of Y, as in Python (Y.shape[1]); a Y without dim
  # counts as a (1, m) row.
  m <- if (is.null(dim(Y))) length(Y) else ncol(Y)
  P <- pmin(pmax(AL, EPS), 1 - EPS) # np.clip(AL, EPS, 1 - EPS)
  # log1p(-P) is log(1 - P) computed without cancellation for small P.
  total <- sum(Y * log(P) + (1 - Y) * log1p(-P))
  -total / m
}
