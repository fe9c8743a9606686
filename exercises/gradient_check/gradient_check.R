# Exercise: gradient checking (R). Fill in the TODOs, then run
#   Rscript exercises/gradient_check/check_gradient.R

# Centered differences: entry i is (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps).
# f: a function of an array shaped like theta, returning a number; theta: a double matrix.
# Returns gradapprox with the dim of theta.
numerical_gradient <- function(f, theta, epsilon = 1e-7) {
  # TODO
  stop("numerical_gradient: TODO")
}

# ||grad - gradapprox|| / (||grad|| + ||gradapprox||) (Frobenius norms); 0 if both are 0.
relative_difference <- function(grad, gradapprox) {
  # TODO
  stop("relative_difference: TODO")
}
