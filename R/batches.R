# Mini-batches: shuffle the training columns, then cut them into batches (twin
# of python/nnscratch/batches.py). The permutation is numpy's
# RandomState.permutation, reproduced bit for bit by R/utils-rng.R, so both
# languages see the same batches in the same order.

#' Shuffle the samples of X and Y together and cut them into mini-batches
#'
#' Full-batch gradient descent moves once per pass over the m samples;
#' mini-batch gradient descent moves after every \code{mini_batch_size}
#' samples. With \code{perm}, a random order of the columns drawn from numpy's
#' stream:
#' \preformatted{X_shuffled = X[, perm]     Y_shuffled = Y[, perm]
#' batch k    = columns (k - 1) * size + 1 .. k * size,  k = 1 .. floor(m / size)
#' last batch = the m \%\% size columns left over, if any (kept, not dropped)}
#' So m = 10 and size 4 give batches of 4, 4 and 2 samples; size 1 gives m
#' batches of one sample; a size >= m one batch of all m (shuffled) samples.
#'
#' numpy's permutation is 0-based (0..m-1): \code{numpy_permutation(gen, m) + 1L}
#' is the same order as R's 1-based column indexes.
#'
#' @param X Inputs (n0, m), one sample per column.
#' @param Y Labels 0/1 (1, m) of the same samples.
#' @param mini_batch_size Samples per batch, a positive integer. Default 64.
#' @param seed An integer seed in \[0, 4294967295\] (a new
#'   \code{numpy_random_state(seed)}), or a generator from
#'   \code{\link{numpy_random_state}} to draw the permutation from; the
#'   generator is advanced by the draw (an environment: the caller sees it
#'   move, as Python's RandomState). Default 0.
#' @return An unnamed list of batches, each \code{list(X = , Y = )} with X
#'   (n0, m_b) and Y (1, m_b) matrices of X's and Y's storage types,
#'   m_b = \code{mini_batch_size} except maybe for the last batch.
#' @export
#' @examples
#' X <- matrix(c(0, 1, 2, 3, 4), 1)
#' Y <- matrix(c(0, 1, 0, 1, 0), 1)
#' batches <- random_mini_batches(X, Y, mini_batch_size = 2, seed = 0)
#' lapply(batches, function(b) b$X) # (2, 0), (1, 3), (4): numpy's permutation 2 0 1 3 4
random_mini_batches <- function(X, Y, mini_batch_size = 64, seed = 0) {
  check_X_Y(X, Y)
  mini_batch_size <- check_positive_int("mini_batch_size", mini_batch_size)
  gen <- if (inherits(seed, "numpy_random_state")) seed else numpy_random_state(check_seed(seed))
  m <- ncol(X)

  # Step 1: shuffle. The same permutation for X and Y keeps every sample with its label.
  permutation <- numpy_permutation(gen, m) + 1L # numpy's 0-based -> R's 1-based
  X_shuffled <- X[, permutation, drop = FALSE]
  Y_shuffled <- Y[, permutation, drop = FALSE]

  # Step 2: partition. floor(m / size) complete batches, then the rest.
  num_complete <- m %/% mini_batch_size
  mini_batches <- vector("list", num_complete + (m %% mini_batch_size != 0))
  for (k in seq_len(num_complete)) {
    cols <- ((k - 1) * mini_batch_size + 1):(k * mini_batch_size)
    mini_batches[[k]] <- list(X = X_shuffled[, cols, drop = FALSE], Y = Y_shuffled[, cols, drop = FALSE])
  }
  if (m %% mini_batch_size != 0) {
    cols <- (num_complete * mini_batch_size + 1):m
    mini_batches[[num_complete + 1]] <- list(X = X_shuffled[, cols, drop = FALSE],
                                             Y = Y_shuffled[, cols, drop = FALSE])
  }
  mini_batches
}
