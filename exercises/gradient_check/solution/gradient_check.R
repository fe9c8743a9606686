# Solution: gradient checking (R).

# Centered differences, one entry at a time (R copies theta on modify: no aliasing).
numerical_gradient <- function(f, theta, epsilon = 1e-7) {
  grad <- array(0, dim(theta))
  for (i in seq_along(theta)) {
    plus <- theta
    plus[i] <- plus[i] + epsilon
    minus <- theta
    minus[i] <- minus[i] - epsilon
    grad[i] <- (f(plus) - f(minus)) / (2 * epsilon)
  }
  grad
}

# ||grad - gradapprox|| / (||grad|| + ||gradapprox||); 0 if both are 0.
relative_difference <- function(grad, gradapprox) {
  den <- sqrt(sum(grad^2)) + sqrt(sum(gradapprox^2))
  if (den == 0) 0 else sqrt(sum((grad - gradapprox)^2)) / den
}
