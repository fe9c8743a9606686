#!/usr/bin/env bash
# The whole mutation catalogue (docs/mutation.md): every mistake applied to a temporary copy and the
# parity tests that should catch it run; fails when a mutant not documented as equivalent survives.
# About 10 minutes on the 2-core machine (241 mutants): run it before every release and after a change
# to the catalogue or to a file it mutates. scripts/test.sh runs the teaching core's and the lab's
# mutants (--core) and checks that every catalogue entry still applies (--check).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set +e
nn_setup || { echo "[mutation] set-up failed" >&2; exit 1; }
cd "$NN_ROOT"
exec "$NN_VENV/bin/python" -m parity_tests.mutation --all --jobs 2 "$@"
