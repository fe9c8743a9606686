# Helpers shared by the sub-commands (twin of python/nnscratch/cli/common.py).

#' The repository root of a checkout that has the sample data, or NULL
#'
#' Looks at \code{getOption("nnscratch.root")} (set by inst/nnscratch.R when
#' it runs from a checkout), then at the working folder and its parents.
#' @noRd
checkout_root <- function() {
  is_root <- function(d) {
    desc <- file.path(d, "DESCRIPTION")
    file.exists(desc) && dir.exists(file.path(d, "data", "sample")) &&
      isTRUE(tryCatch(read.dcf(desc, fields = "Package")[1L, 1L] == "nnscratch", error = function(e) FALSE))
  }
  opt <- getOption("nnscratch.root")
  if (!is.null(opt) && is_root(opt)) return(normalizePath(opt))
  d <- normalizePath(getwd(), mustWork = FALSE)
  repeat {
    if (is_root(d)) return(d)
    parent <- dirname(d)
    if (parent == d) return(NULL)
    d <- parent
  }
}

#' The checkout's data/sample, or NULL outside a checkout
#' @noRd
default_data_dir <- function() {
  root <- checkout_root()
  if (is.null(root)) NULL else file.path(root, "data", "sample")
}

#' The --data folder as given, or the checkout's data/sample when none was given (NULL)
#'
#' An empty name and a file are refused here, before anything is loaded (a
#' missing folder is reported by create_dataset).
#' @noRd
resolve_data <- function(arg) {
  if (identical(arg, "")) nn_abort("--data must not be empty")
  data <- if (!is.null(arg)) arg else default_data_dir()
  if (is.null(data)) {
    nn_abort("no --data given and no sample data found (it ships with a checkout of nnscratch, in data/sample)")
  }
  if (file.exists(data) && !dir.exists(data)) nn_abort(sprintf("--data %s is a file, not a folder", quote_text(data)))
  data
}

#' A file in a folder as Python's os.path.join prints it: "out" + "model.txt" -> "out/model.txt"
#' @noRd
#' The lines a training run prints about its data (Python twin: print_data_summary in cli/common.py)
#'
#' "data: <folder>: N images (<label>: n, ...), K skipped, loaded in S s", then
#' one line per skipped file. dataset: create_dataset's list (y, skipped data
#' frame of file and reason); labels: named 0/1 vector; seconds: load time.
#' @noRd
print_data_summary <- function(data, dataset, labels, seconds) {
  y <- dataset$y
  skipped <- dataset$skipped
  counts <- paste(sprintf("%s: %d", names(labels), vapply(labels, function(v) sum(y == v), integer(1))), collapse = ", ")
  cat(sprintf("data: %s: %d images (%s), %d skipped, loaded in %.2f s\n", data, length(y), counts,
              nrow(skipped), seconds))
  for (k in seq_len(nrow(skipped))) cat(sprintf("  skipped %s: %s\n", skipped$file[k], skipped$reason[k]))
}

path_join <- function(dir, name) if (endsWith(dir, "/")) paste0(dir, name) else paste0(dir, "/", name)

#' Name of label value v: the last class name mapped to it ({v: k} in Python), or v
#' @noRd
label_name <- function(labels, v) {
  hit <- names(labels)[labels == v]
  if (length(hit)) hit[length(hit)] else fmt_whole(v)
}

#' Print on stderr
#' @noRd
cat_err <- function(...) cat(..., file = stderr(), sep = "")
