"""Mutants of the engine's threads (issue 16, helper "threads"): the decision rule
(python/nnscratch/engine/threads.py, R/engine-threads.R) and the threads argument's default,
killed by the threads parity test and the signature tests."""
from .catalogue import P, T00, py, r

T31 = P + "test_12c_engine_threads.py"
T11c = P + "test_11c_engine_epochs.py"

MUTANTS = [
    r("threads-busy-core-counted", "engine-threads.R", "by_cores <- max(1, floor(cores - max(0, busy) + SLACK))",
      "by_cores <- max(1, ceiling(cores - max(0, busy)))",
      "a partly busy core counted as free (R's rule differs from Python's)", [T31], k="same_rule"),
    py("threads-work-rounded-up", "engine/threads.py", "by_work = max(1, int(work) // MIN_WORK_PER_THREAD)",
       "by_work = max(1, -(-int(work) // MIN_WORK_PER_THREAD))",
       "work per thread rounded up: a second thread for too little work", [T31], k="same_rule"),
    r("threads-fit-default", "engine-fit.R", "                       threads = NULL) {",
      "                       threads = 1) {",
      "R's engine_fit defaults to one thread (Python's to automatic)", [T00], k="signature and engine_fit"),
    py("threads-epochs-default", "engine/epochs.py", "callback=None, threads=None):",
       "callback=None, threads=1):",
       "Python's engine_fit_epochs defaults to one thread (R's to automatic)", [T11c],
       k="signature and engine_fit_epochs"),
]
