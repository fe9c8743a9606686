"""Solution: gradient checking (Python)."""
import numpy as np


def numerical_gradient(f, theta, epsilon=1e-7):
    """Centered differences, one entry at a time, on copies of theta."""
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        plus = theta.copy()
        plus[i] += epsilon
        minus = theta.copy()
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2.0 * epsilon)
    return grad


def relative_difference(grad, gradapprox):
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||); 0 if both are 0."""
    den = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if den == 0 else float(np.linalg.norm(grad - gradapprox) / den)
