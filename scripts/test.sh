#!/usr/bin/env bash
# Set up (when needed) and run every test: R (testthat, R CMD check) and Python
# (python/tests and the rpy2 parity suite, which must not skip). Exit status is
# non-zero if any part fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set +e
nn_setup || { echo "[test] set-up failed" >&2; exit 1; }
cd "$NN_ROOT"
status=0
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"

echo "== R: testthat (tests/testthat) =="
Rscript -e 'options(warn = 1); r <- testthat::test_dir("tests/testthat", reporter = "summary", stop_on_failure = TRUE)' || status=1

echo "== R: R CMD build + R CMD check --no-manual =="
bash scripts/rcheck.sh || status=1

echo "== Python: pytest python/tests parity_tests =="
"$NN_VENV/bin/python" -m pytest python/tests parity_tests -q -p no:cacheprovider || status=1

echo "== Mutation check: every porting mistake of the catalogue must be caught (docs/mutation.md) =="
"$NN_VENV/bin/python" -m parity_tests.mutation --all --jobs 2 || status=1

if [ "$status" -ne 0 ]; then echo "[test] FAILED (see above)" >&2; fi
exit "$status"
