#!/usr/bin/env bash
# Build the R package from the repository root (the vignette, vignettes/walkthrough.Rmd, is built by
# R CMD build; the check runs its code again) and run R CMD check --no-manual on it; extra arguments
# (e.g. --no-tests) go to R CMD check.
# Fails when the check reports an ERROR or a WARNING (NOTEs are printed, not fatal).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# 1. R CMD INSTALL straight from the checkout, then library(nnscratch)
mkdir lib
R CMD INSTALL --no-test-load --library=lib "$root" >install.log 2>&1 || { cat install.log; exit 1; }
Rscript -e 'library(nnscratch, lib.loc = "lib"); stopifnot(identical(dim(init_param(c(3, 2, 1))$W1), c(2L, 3L))); cat("R CMD INSTALL . + library(nnscratch): ok\n")'
# the installed package resizes with its own compiled routine (src/, R/data-native.R), to the same pixels as R
Rscript -e 'library(nnscratch, lib.loc = "lib"); s <- nnscratch:::native_status(); if (s != "package") stop("native_status: ", s)
  a <- create_dataset(nnscratch_sample(), cache = FALSE, warn = FALSE)$X; options(nnscratch.native = FALSE)
  b <- create_dataset(nnscratch_sample(), cache = FALSE, warn = FALSE)$X; stopifnot(identical(a, b))
  cat("installed package: compiled resize in use, same pixels as the resize in R\n")'
# 2. R CMD build + R CMD check on the tarball
R CMD build "$root" >build.log 2>&1 || { cat build.log; exit 1; }
tarball=$(ls nnscratch_*.tar.gz)
rc=0
# --no-tests (given by scripts/test.sh): tests/testthat has just run on the same sources, with the
# checkout's data; the check then covers installing, the examples and the vignette.
_R_CHECK_FORCE_SUGGESTS_=false R CMD check --no-manual --no-build-vignettes "$@" "$tarball" >check.log 2>&1 || rc=$?
grep -E "^\* checking|^Status|WARNING|ERROR|NOTE" check.log | grep -vE "\.\.\. OK$" || true
if [ $rc -ne 0 ] || grep -qE "^Status: .*(ERROR|WARNING)" check.log; then
  echo "R CMD check failed; full log:"; cat check.log
  for f in nnscratch.Rcheck/tests/*.Rout.fail; do [ -f "$f" ] && tail -50 "$f"; done
  exit 1
fi
grep "^Status" check.log
