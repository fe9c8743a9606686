# Makes the tests run both ways:
# * under R CMD check (or devtools::test()), tests/testthat.R has already
#   loaded the nnscratch namespace and the tests run in an environment that
#   inherits from it: nothing to do here (sourcing again would double-load);
# * from a checkout (Rscript -e 'testthat::test_dir("tests/testthat")'), the
#   package is not loaded: source every file of the repository's R/ folder into
#   the global environment, which the test environments inherit from.
if (!isNamespaceLoaded("nnscratch")) {
  local({
    r_dir <- testthat::test_path("..", "..", "R")
    files <- sort(list.files(r_dir, pattern = "[.][Rr]$", full.names = TRUE))
    if (length(files) == 0L) {
      stop("nnscratch is not loaded and no R sources were found in ", normalizePath(r_dir, mustWork = FALSE))
    }
    for (f in files) sys.source(f, envir = globalenv(), keep.source = FALSE)
    # the checkout's C sources, compiled on first use (R/data-native.R)
    options(nnscratch.src_dir = testthat::test_path("..", "..", "src"))
  })
}
