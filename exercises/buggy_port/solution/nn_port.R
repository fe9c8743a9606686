# The solution: the six bugs of ../nn_port.R fixed (each marked "fix").

sigmoid <- function(Z) {
  # fix 1: exp(-Z), not exp(Z). Written as numpy's twin does: 1 / (1 + exp(-Z)) for Z >= 0 and
  # exp(Z) / (1 + exp(Z)) for Z < 0, so that exp never overflows (the textbook formula alone
  # differs from Python in the last bits for negative Z, and the parity test sees that too).
  e <- exp(-abs(Z))
  A <- 1 / (1 + e)
  neg <- which(Z < 0)
  A[neg] <- e[neg] / (1 + e[neg])
  list(A = A, cache = Z)
}

back_prop <- function(dZ, cache, need_dA_prev = TRUE) {
  A_prev <- cache$A
  W <- cache$W
  m <- ncol(A_prev)
  dW <- tcrossprod(dZ, A_prev) / m
  db <- matrix(rowSums(dZ) / m, ncol = 1L) # fix 3: one sum per unit, an (n, 1) matrix
  dA_prev <- if (need_dA_prev) crossprod(W, dZ) else NULL
  list(dA_prev = dA_prev, dW = dW, db = db)
}

deep_model_back <- function(AL, Y, caches, input_grad = TRUE) {
  grads <- list()
  L <- length(caches)
  dim(Y) <- dim(AL)
  # fix 2: dAL = -(Y/AL - (1-Y)/(1-AL)); times sigmoid'(ZL) = AL (1 - AL) it is AL - Y,
  # computed directly (finite when AL is exactly 0 or 1)
  need <- L > 1L || input_grad
  step <- back_prop(AL - Y, caches[[L]]$linear_cache, need)
  grads[[paste0("dW", L)]] <- step$dW
  grads[[paste0("db", L)]] <- step$db
  if (need) grads[[paste0("dA", L - 1L)]] <- step$dA_prev
  for (l in rev(seq_len(L - 1L))) {
    need <- l > 1L || input_grad
    step <- back_activ(grads[[paste0("dA", l)]], caches[[l]], "relu", need)
    grads[[paste0("dW", l)]] <- step$dW
    grads[[paste0("db", l)]] <- step$db
    if (need) grads[[paste0("dA", l - 1L)]] <- step$dA_prev
  }
  grads
}

update_parameters <- function(parameters, grads, learning_rate) {
  L <- length(parameters) %/% 2L
  updated <- list()
  for (l in seq_len(L)) { # fix 4: every layer, 1..L (seq_len: also right for L = 0)
    W <- paste0("W", l)
    b <- paste0("b", l)
    updated[[W]] <- parameters[[W]] - learning_rate * grads[[paste0("dW", l)]]
    updated[[b]] <- parameters[[b]] - learning_rate * grads[[paste0("db", l)]]
  }
  updated # fix 6: the value of a function is its last expression; a for loop's value is NULL
}

dense_nn <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                     print_cost = FALSE, seed = 1, init = "scaled") {
  check_training_args(X, Y, layers_dims, learning_rate, num_iterations)
  parameters <- init_param(layers_dims, seed = seed, init = init)
  costs <- numeric(0)
  for (i in seq_len(num_iterations) - 1L) {
    fwd <- deep_model(X, parameters)
    cost <- cost_computation(fwd$AL, Y)
    grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)
    parameters <- update_parameters(parameters, grads, learning_rate)
    if (i %% 100 == 0) {
      costs <- c(costs, cost)
      if (print_cost) cat(sprintf("Cost after iteration %d: %f\n", i, cost)) # fix 5: cat() prints
    }
  }
  list(parameters = parameters, costs = costs)
}
