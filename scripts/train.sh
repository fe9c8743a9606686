#!/usr/bin/env bash
# Set up (when needed) and train on the embedded sample data (data/sample), in Python;
# with --r, the same with the R implementation. Extra arguments go to `nnscratch train`.
#   bash scripts/train.sh                 # Python
#   bash scripts/train.sh --r             # R
#   bash scripts/train.sh --iterations 500 --out runs/short
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
nn_setup
cd "$NN_ROOT"
if [ "${1:-}" = "--r" ]; then
  shift
  exec Rscript inst/nnscratch.R train "$@"
fi
exec "$NN_VENV/bin/nnscratch" train "$@"
