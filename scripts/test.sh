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

# The machine has two cores and every part below is mostly single-threaded, so the parts run two
# at a time: each writes to its own log, printed (whole) when the pair has finished.
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
run_part() { # name, command...: runs in the background, its status in $logs/<name>.rc
  local name="$1"; shift
  ( "$@" >"$logs/$name.log" 2>&1; echo $? >"$logs/$name.rc" ) &
}
show_part() { # name, title
  echo "== $2 =="
  cat "$logs/$1.log"
  [ "$(cat "$logs/$1.rc" 2>/dev/null)" = 0 ] || { echo "[test] $2: FAILED" >&2; status=1; }
}

# 1. R: testthat on the sources (what the parity suite runs) and R CMD check of the built package
#    (install, examples, vignette; its own run of the same tests is skipped: rcheck.sh --no-tests).
run_part testthat Rscript -e 'options(warn = 1); r <- testthat::test_dir("tests/testthat", reporter = "summary", stop_on_failure = TRUE)'
run_part rcheck bash scripts/rcheck.sh --no-tests
wait
show_part testthat "R: testthat (tests/testthat)"
show_part rcheck "R: R CMD build + R CMD check --no-manual"

# 2. Python: the Python suite and the parity suite (Python and R side by side; a skip is a failure
#    under CI=true), in two processes of about the same length: python/tests with the three
#    command-line parity files that run both command lines many times, and the rest of parity_tests.
CLI_PARITY=(parity_tests/test_20_cli_r_faults.py parity_tests/test_23_cli_runs_robustness.py
            parity_tests/test_25_cli_messages_robustness.py)
run_part pytest "$NN_VENV/bin/python" -m pytest python/tests "${CLI_PARITY[@]}" -q -p no:cacheprovider
run_part parity "$NN_VENV/bin/python" -m pytest parity_tests "${CLI_PARITY[@]/#/--ignore=}" -q -p no:cacheprovider
wait
show_part pytest "Python: pytest python/tests + ${CLI_PARITY[*]}"
show_part parity "Parity: pytest parity_tests (the others)"

# 3. Mutation check (docs/mutation.md): every catalogue entry still applies (--check), and every
#    mistake in the teaching core and the break-it lab is caught (--core, about 5 minutes). The whole
#    catalogue (about 10 minutes more) is scripts/mutation.sh, run before every release.
echo "== Mutation check: the teaching core's and the lab's porting mistakes must be caught (docs/mutation.md) =="
"$NN_VENV/bin/python" -m parity_tests.mutation --check || status=1
"$NN_VENV/bin/python" -m parity_tests.mutation --all --core --jobs 2 || status=1

if [ "$status" -ne 0 ]; then echo "[test] FAILED (see above)" >&2; fi
exit "$status"
