# nnscratch_sample: where the sample image folder is (twin of
# python/nnscratch/api/sample.py). One copy of the images lives in git, in the
# repository's data/sample; inst/extdata/sample is a symbolic link to it, which
# R CMD INSTALL and R CMD build copy as a folder (.Rinstignore and .Rbuildignore
# leave out its image cache), so an installed package carries the images.

#' The sample image folder
#'
#' The path of the small image folder that comes with nnscratch (357 images
#' of two classes laid out like Microsoft's PetImages download: \code{Cat/}
#' and \code{Dog/}, plus four files that \code{\link{create_dataset}} skips;
#' the repository's \code{data/README.md} tells how it was made). Give it to
#' \code{\link{create_dataset}} to train without any download. The Python
#' twin is \code{nnscratch.nnscratch_sample()}.
#'
#' In an installed package it is
#' \code{system.file("extdata", "sample", package = "nnscratch")}; when the R
#' files are sourced from a checkout (as the tests do without installing), it
#' is the checkout's \code{data/sample}, the same images.
#'
#' @return The folder, a character string (an existing directory).
#' @export
#' @examples
#' path <- nnscratch_sample()
#' list.files(path) # "Cat" "Dog"
#' d <- create_dataset(path, size = 8, warn = FALSE, cache = FALSE)
#' dim(d$X) # 357 8 8 3
#' table(d$y)
nnscratch_sample <- function() {
  installed <- system.file("extdata", "sample", package = "nnscratch")
  # Running from the installed namespace: the installed copy. Sourced from a
  # checkout (helper-load.R): that checkout's copy first, so the tests never
  # read an older installed package's images.
  from_namespace <- identical(environmentName(topenv(environment(nnscratch_sample))), "nnscratch")
  if (!from_namespace) {
    root <- checkout_root()
    if (!is.null(root)) return(file.path(root, "data", "sample"))
  }
  if (nzchar(installed) && dir.exists(installed)) return(installed)
  nn_abort(paste("the sample image folder was not found: it is installed with the package",
                 "(inst/extdata/sample) and is data/sample in a checkout of nnscratch"),
           class = "nnscratch_file_not_found")
}
