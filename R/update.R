# Gradient-descent step update_parameters (twin of python/nnscratch/update.py,
# the notebook's update). R has no `update` alias: it would mask
# stats::update.

#' One gradient-descent step
#'
#' \code{W[l] <- W[l] - learning_rate * dW[l]} and
#' \code{b[l] <- b[l] - learning_rate * db[l]}, for l = 1..L (each layer's
#' parameters move by that layer's own gradients).
#'
#' @param parameters Named list with \code{W<l>}: (n_l, n_(l-1)) and
#'   \code{b<l>}: (n_l, 1).
#' @param grads Named list with \code{dW<l>}, \code{db<l>} of the same shapes
#'   (extra entries such as \code{dA<l>} are ignored).
#' @param learning_rate Positive step size.
#' @return A new named list \code{W1, b1, ..., WL, bL} (R copies on modify,
#'   so the input is not changed).
#' @export
update_parameters <- function(parameters, grads, learning_rate) {
  L <- n_layers(parameters)
  updated <- list()
  for (l in seq_len(L)) {
    W <- paste0("W", l)
    b <- paste0("b", l)
    updated[[W]] <- list_entry(parameters, W, "parameters") - learning_rate * list_entry(grads, paste0("dW", l), "grads")
    updated[[b]] <- list_entry(parameters, b, "parameters") - learning_rate * list_entry(grads, paste0("db", l), "grads")
  }
  updated
}
