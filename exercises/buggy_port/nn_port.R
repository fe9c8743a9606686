# The course notebook's hand-written R port of five steps, as a student meets it.
# It runs, and the network's cost even goes down for a while. It has six bugs.
# Find them with the parity suite (README.md): every function below replaces the
# function of the same name in a copy of R/, and the parity tests compare it with Python.

sigmoid <- function(Z) {
  A <- 1 / (1 + exp(Z))
  list(A = A, cache = Z)
}

back_prop <- function(dZ, cache, need_dA_prev = TRUE) {
  A_prev <- cache$A
  W <- cache$W
  m <- ncol(A_prev)
  dW <- (1 / m) * dZ %*% t(A_prev)
  db <- (1 / m) * sum(dZ)
  dA_prev <- if (need_dA_prev) t(W) %*% dZ else NULL
  list(dA_prev = dA_prev, dW = dW, db = db)
}

deep_model_back <- function(AL, Y, caches, input_grad = TRUE) {
  grads <- list()
  L <- length(caches)
  dim(Y) <- dim(AL)
  dAL <- -(Y / AL + (1 - Y) / (1 - AL))
  need <- L > 1 || input_grad
  step <- back_activ(dAL, caches[[L]], "sigmoid", need)
  grads[[paste0("dW", L)]] <- step$dW
  grads[[paste0("db", L)]] <- step$db
  if (need) grads[[paste0("dA", L - 1)]] <- step$dA_prev
  for (l in rev(seq_len(L - 1))) {
    need <- l > 1 || input_grad
    step <- back_activ(grads[[paste0("dA", l)]], caches[[l]], "relu", need)
    grads[[paste0("dW", l)]] <- step$dW
    grads[[paste0("db", l)]] <- step$db
    if (need) grads[[paste0("dA", l - 1)]] <- step$dA_prev
  }
  grads
}

update_parameters <- function(parameters, grads, learning_rate) {
  L <- length(parameters) / 2
  for (l in 1:(L - 1)) {
    parameters[[paste0("W", l)]] <- parameters[[paste0("W", l)]] - learning_rate * grads[[paste0("dW", l)]]
    parameters[[paste0("b", l)]] <- parameters[[paste0("b", l)]] - learning_rate * grads[[paste0("db", l)]]
  }
}

dense_nn <- function(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 5000,
                     print_cost = FALSE, seed = 1, init = "scaled") {
  parameters <- init_param(layers_dims, seed = seed, init = init)
  costs <- numeric(0)
  for (i in 0:(num_iterations - 1)) {
    fwd <- deep_model(X, parameters)
    cost <- cost_computation(fwd$AL, Y)
    grads <- deep_model_back(fwd$AL, Y, fwd$caches, input_grad = FALSE)
    parameters <- update_parameters(parameters, grads, learning_rate)
    if (i %% 100 == 0) {
      costs <- c(costs, cost)
      if (print_cost) sprintf("Cost after iteration %d: %f\n", i, cost)
    }
  }
  list(parameters = parameters, costs = costs)
}
