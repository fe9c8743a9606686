"""Check your Python tanh_forward / tanh_backprop against expected values.

    .venv/bin/python exercises/tanh/check_tanh.py [FILE]     (default: tanh.py next to this script)

Prints expected vs yours for each check and PASS or FAIL; exit status 0 only if all pass.
The inputs are fixed: numpy's RandomState(1).randn(2, 4) under a row of edge cases
(0, 1e-8, -1000, 20). Expected values: Python's math.tanh, printed with %.17g.
"""
import importlib.util
import sys
from pathlib import Path

import numpy as np

Z = np.array([[0.0, 1e-8, -1000.0, 20.0],
              [1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705],
              [0.8654076293246785, -2.3015386968802827, 1.74481176421648, -0.7612069008951028]])
dA = np.array([[1.0, 2.0, -1.0, 0.5],
               [0.3190390960570988, -0.2493703754774101, 1.462107937044974, -2.060140709497654],
               [-0.3224172040135075, -0.38405435466841564, 1.1337694423354374, -1.0998912673140309]])
EXPECTED_A = np.array([[0, 1e-08, -1, 1],
                       [0.92525207455487457, -0.54536230179340794, -0.48398232883598624, -0.79057703395278178],
                       [0.69903334213658563, -0.98015694657011021, 0.94078216173630436, -0.64178730040269283]])
EXPECTED_DZ = np.array([[1, 1.9999999999999998, 0, 0],
                        [0.045912469190461581, -0.17520262837388961, 1.1196253900483824, -0.77252794834257688],
                        [-0.16486880674719473, -0.015090401997901482, 0.13030290225169602, -0.64685602046815616]])


def check(name, yours, expected, rtol, atol):
    """Print expected vs yours; True when the shapes agree and every entry is within rtol/atol."""
    print(f"{name}:")
    print("  expected:", " ".join(f"{v:.10g}" for v in np.ravel(expected)), f"shape {np.shape(expected)}")
    try:
        y = np.asarray(yours, dtype=np.float64)
    except (TypeError, ValueError):
        print(f"  yours:    {yours!r}\n  FAIL: not an array of numbers")
        return False
    print("  yours:   ", " ".join(f"{v:.10g}" for v in np.ravel(y)), f"shape {y.shape}")
    if y.shape != np.shape(expected):
        print("  FAIL: shape differs")
        return False
    bad = ~(np.abs(y - expected) <= atol + rtol * np.abs(expected))
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        print(f"  FAIL: at {i} expected {expected[i]:.17g}, yours {y[i]:.17g}")
        return False
    print("  ok")
    return True


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("tanh.py")
    spec = importlib.util.spec_from_file_location("student_tanh", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ok = True
    try:
        A, cache = mod.tanh_forward(Z.copy())
        ok &= check("tanh_forward(Z)", A, EXPECTED_A, rtol=1e-14, atol=0.0)
        ok &= check("cache", cache, Z, rtol=0.0, atol=0.0)
        dZ = mod.tanh_backprop(dA.copy(), Z.copy())
        # 1 - t^2 cancels where |t| is near 1: compared within 1e-15 of |dA| as well
        ok &= check("tanh_backprop(dA, cache)", dZ, EXPECTED_DZ, rtol=1e-13, atol=1e-15 * 2.1)
    except NotImplementedError as exc:
        print(f"not implemented yet: {exc}")
        ok = False
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
