# Parameter initialisation: init_param (twin of python/nnscratch/init_param.py).
#
# Random numbers come from one numpy-compatible RandomState stream (R/utils-rng.R),
# drawn in this order: W1 = randn(n1, n0), then W2 = randn(n2, n1), ...;
# biases are zeros. numpy fills randn(rows, cols) row by row (C order), hence
# byrow = TRUE below: both languages build bit-identical weights from a seed.

#' Apply an init recipe to standard normal draws
#'
#' "scaled": \code{Z * 0.01} (the notebook's); "xavier": \code{Z / sqrt(n_prev)};
#' "he": \code{Z * sqrt(2 / n_prev)}. Each factor is applied with the same
#' operator ("*" or "/") as in Python, so both languages give identical bits.
#'
#' @param Z (n_l, n_prev) standard normal draws.
#' @param n_prev Width of the previous layer.
#' @param init "scaled", "xavier" or "he".
#' @return The (n_l, n_prev) weight matrix.
#' @keywords internal
#' @noRd
scale_weights <- function(Z, n_prev, init) {
  switch(check_init(init),
    scaled = Z * 0.01,
    xavier = Z / sqrt(n_prev),
    he = Z * sqrt(2 / n_prev)
  )
}

#' Initialise the weights and biases of an L-layer network
#'
#' @param layers_dims Layer widths \code{c(n0, n1, ..., nL)}; \code{n0} is the
#'   number of input features.
#' @param seed Integer in \[0, 2^32 - 1\], the seed of numpy's
#'   \code{RandomState} (reproduced exactly, so R and Python give the same
#'   weights).
#' @param init "scaled" (randn * 0.01), "xavier" (randn / sqrt(n_prev)) or
#'   "he" (randn * sqrt(2 / n_prev)).
#' @return A named list \code{W1, b1, ..., WL, bL} with \code{W<l>}:
#'   (n_l, n_(l-1)) and \code{b<l>}: (n_l, 1) zero matrices, for l = 1..L.
#' @export
#' @examples
#' p <- init_param(c(2, 3, 1), seed = 1) # numpy.random.RandomState(1): the same weights as Python
#' p$W1    # (3, 2): 0.0162434536 -0.0061175641 / -0.0052817175 -0.0107296862 / ...
#' p$b2    # (1, 1) zero
#' str(init_param(c(2, 3, 1), seed = 1, init = "he"))
init_param <- function(layers_dims, seed = 1, init = "scaled") {
  layers_dims <- check_layers_dims(layers_dims)
  seed <- check_seed(seed)
  init <- check_init(init)
  gen <- numpy_random_state(seed)
  L <- length(layers_dims) - 1L
  parameters <- vector("list", 2L * L)
  names(parameters) <- paste0(c("W", "b"), rep(seq_len(L), each = 2L))
  for (l in seq_len(L)) {
    n_l <- layers_dims[[l + 1L]] # R index l + 1 is layer l: layers_dims[1] is n0
    n_prev <- layers_dims[[l]]
    draws <- matrix(numpy_randn(gen, n_l * n_prev), nrow = n_l, ncol = n_prev, byrow = TRUE)
    parameters[[paste0("W", l)]] <- scale_weights(draws, n_prev, init)
    parameters[[paste0("b", l)]] <- matrix(0, nrow = n_l, ncol = 1L)
  }
  parameters
}
