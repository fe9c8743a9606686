"""Check your Python numerical_gradient / relative_difference.

    .venv/bin/python exercises/gradient_check/check_gradient.py [FILE]   (default: gradient_check.py here)

1. f(theta) = sum(theta^3) at a fixed theta: expected gradient 3 theta^2 (within 1e-6 relative);
2. relative_difference on a fixed pair (within 1e-12);
3. nnscratch's backprop on a [4, 3, 1] network (init_param seed 1, He; X = RandomState(2).randn(4, 5)):
   the difference between deep_model_back's dW1 and your numerical gradient of the cost must be
   below 1e-7, and a gradient with the wrong sign must give a difference above 0.9.
Prints expected vs yours and PASS or FAIL; exit status 0 only if all pass.
"""
import importlib.util
import sys
from pathlib import Path

import numpy as np

from nnscratch import cost_computation, deep_model, deep_model_back, init_param

THETA = np.array([[1.0, -2.0], [0.5, 3.0]])
EXPECTED_GRAD = np.array([[3.0, 12.0], [0.75, 27.0]])
PAIR = (np.array([[1.0], [2.0]]), np.array([[1.0], [2.1]]))
EXPECTED_DIFF = 0.021920168883612638  # 0.1 / (sqrt(5) + sqrt(5.41))


def network():
    X = np.random.RandomState(2).randn(4, 5)
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
    params = init_param([4, 3, 1], seed=1, init="he")
    AL, caches = deep_model(X, params)
    dW1 = deep_model_back(AL, Y, caches)["dW1"]

    def cost_of_W1(W1):
        return cost_computation(deep_model(X, dict(params, W1=W1))[0], Y)

    return params["W1"], dW1, cost_of_W1


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("gradient_check.py")
    spec = importlib.util.spec_from_file_location("student_gc", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ok = True
    try:
        g = np.asarray(mod.numerical_gradient(lambda t: float(np.sum(t ** 3)), THETA.copy()), dtype=float)
        print("1. numerical_gradient of sum(theta^3):")
        print("  expected:", EXPECTED_GRAD.ravel(), "\n  yours:   ", g.ravel())
        good = g.shape == THETA.shape and np.allclose(g, EXPECTED_GRAD, rtol=1e-6, atol=0)
        print("  ok" if good else "  FAIL")
        ok &= good
        d = mod.relative_difference(*PAIR)
        print("2. relative_difference:")
        print(f"  expected: {EXPECTED_DIFF:.12g}\n  yours:    {d:.12g}")
        good = abs(d - EXPECTED_DIFF) <= 1e-12 * EXPECTED_DIFF
        print("  ok" if good else "  FAIL")
        ok &= good
        W1, dW1, f = network()
        approx = mod.numerical_gradient(f, W1.copy())
        d_right = mod.relative_difference(dW1, approx)
        d_wrong = mod.relative_difference(-dW1, approx)
        print("3. backprop's dW1 vs your numerical gradient ([4, 3, 1] network):")
        print(f"  expected: < 1e-07 (right gradient), > 0.9 (wrong sign)\n  yours:    {d_right:.2e}, {d_wrong:.2e}")
        good = d_right < 1e-7 and d_wrong > 0.9
        print("  ok" if good else "  FAIL")
        ok &= good
    except NotImplementedError as exc:
        print(f"not implemented yet: {exc}")
        ok = False
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
