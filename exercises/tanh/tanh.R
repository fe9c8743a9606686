# Exercise: tanh and its derivative, in the style of nnscratch's activations (R side).
#
# Fill in the two TODOs, then run
#   Rscript exercises/tanh/check_tanh.R                  # expected vs yours
#   .venv/bin/python exercises/tanh/parity_check.py      # your Python (tanh.py) vs your R

# Hyperbolic tangent A = tanh(Z), element-wise.
# Z: (n, m) double matrix. Returns list(A = (n, m) in [-1, 1], cache = Z).
# Do not call base::tanh: build it from exp. Z = -1000 must give -1 (use only exp of
# -2|Z|), Z = 1e-8 must give 1e-8 to the last digits (expm1(x) = exp(x) - 1 helps).
# Keep the matrix a matrix (dim c(n, m)).
tanh_forward <- function(Z) {
  # TODO: compute A from Z
  stop("tanh_forward: TODO")
}

# Derivative: dZ = dA * (1 - tanh(Z)^2).
# dA: (n, m); cache: Z (n, m) from tanh_forward. Returns dZ: (n, m).
tanh_backprop <- function(dA, cache) {
  # TODO: compute dZ from dA and the cache
  stop("tanh_backprop: TODO")
}
