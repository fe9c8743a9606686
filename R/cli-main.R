# The command line: nnscratch_main() behind `Rscript inst/nnscratch.R train |
# predict | evaluate` (twin of python/nnscratch/cli/__init__.py: same
# sub-commands, flags, printed lines and exit statuses). Flags: R/cli-flags.R;
# sub-commands: R/cli-train.R, R/cli-predict.R.

# walkthrough, lab and parity-report run R from Python (the parity bridge): Python-only commands
CLI_COMMANDS <- c("train", "predict", "evaluate", "parity-report", "walkthrough", "lab")
PYTHON_ONLY_COMMANDS <- c("parity-report", "walkthrough", "lab")

#' The help of the command itself (nnscratch --help)
#' @noRd
cli_help <- function() {
  c(cli_usage(), "",
    "A feed-forward neural network from scratch (R twin of the Python implementation).", "",
    "sub-commands:",
    "  train      train on an image folder (default: the embedded sample data)",
    "  predict    probability and label for an image or every image of a folder",
    "  evaluate   accuracy and confusion matrix of a model on an image folder",
    "", "nnscratch COMMAND --help shows the flags of a sub-command.",
    "", cli_signals_help())
}

#' The nnscratch command line
#'
#' \code{nnscratch_main(c("train", "--iterations", "500"))} does what
#' \code{Rscript inst/nnscratch.R train --iterations 500} (or the Python
#' \code{nnscratch train --iterations 500}) does. Sub-commands:
#' \describe{
#'   \item{\code{train}}{\code{[--data DIR] [--labels Cat=1,Dog=0]
#'     [--hidden 16,8] [--seed 1] [--init he|xavier|scaled]
#'     [--optimizer gd|momentum|rmsprop|adam] [--lr LR] [--epochs 20]
#'     [--batch-size 128] [--beta1 0.9] [--beta2 0.999] [--epsilon 1e-08]
#'     [--lr-schedule constant|step|inverse|exponential] [--lr-decay 0]
#'     [--lr-interval 10] [--l2 0] [--dropout 0] [--no-standardize]
#'     [--val-size 0] [--patience 0] [--iterations N] [--cost-every 10]
#'     [--size 32] [--test-size 0.15] [--out out] [--quiet] [--no-cache]
#'     [--checkpoint-every N] [--resume [CHECKPOINT]]}: loads the image
#'     folder (by default the sample data of a checkout), splits it, trains
#'     and prints the accuracies. By default it trains by mini-batch epochs
#'     with \code{\link{engine_fit_epochs}} and the recipe measured in
#'     bench/ (Adam, learning rate 0.001, 20 epochs of 128, standardized
#'     inputs; update rule, schedule, L2, dropout, validation split and early
#'     stopping from the flags) and writes \code{model.txt},
#'     \code{history.csv} and \code{cost_curve.png} into \code{--out}. With
#'     \code{--iterations N} it trains full-batch with
#'     \code{\link{engine_fit}} as the notebook does (gradient descent,
#'     learning rate 0.02 unless given) and writes \code{costs.csv} instead
#'     of \code{history.csv}. \code{--resume} continues from
#'     \code{OUT/checkpoint.txt} (written every \code{--checkpoint-every}
#'     epochs or iterations, and on interruption).}
#'   \item{\code{predict}}{\code{--model FILE IMAGE_OR_DIR}: prints
#'     \code{path<TAB>probability<TAB>label} per image (a folder is searched
#'     recursively, files sorted by bytes); unreadable files are reported on
#'     stderr.}
#'   \item{\code{evaluate}}{\code{--model FILE [--data DIR] [--no-cache]}:
#'     accuracy and confusion matrix on an image folder.}
#' }
#' Flags are parsed with optparse; they are given as \code{--flag value} or
#' \code{--flag=value}, unique prefixes of a flag name are accepted, and
#' \code{nnscratch COMMAND --help} lists them.
#'
#' @param args Character vector of command-line arguments, the sub-command
#'   first.
#' @return The exit status, invisibly: 0 on success, 1 when predict read no
#'   image, 3 when training diverged, 130 when interrupted (the checkpoint is
#'   saved), 2 on a usage error or a failure (then
#'   \code{"nnscratch: error: <message>"} is printed on stderr). Nothing is
#'   signalled; the script inst/nnscratch.R passes the status to \code{quit()}.
#'   R cannot catch SIGTERM: started through the launcher
#'   \code{inst/nnscratch-r} (same arguments), a SIGTERM reaches R as SIGINT
#'   and a training run saves its checkpoint as it does on Ctrl-C.
#' @examples
#' nnscratch_main(c("train", "--help"))
#' out <- tempfile("nnscratch-")
#' nnscratch_main(c("train", "--data", nnscratch_sample(), "--size", "8", "--hidden", "4",
#'                  "--epochs", "2", "--quiet", "--no-cache", "--out", out))
#' list.files(out) # "cost_curve.png" "history.csv" "model.txt"
#' @export
nnscratch_main <- function(args = commandArgs(trailingOnly = TRUE)) {
  status <- tryCatch(
    withCallingHandlers(cli_dispatch(as.character(args)), warning = function(w) {
      cat_err(sprintf("nnscratch: warning: %s\n", conditionMessage(w)))
      invokeRestart("muffleWarning")
    }),
    interrupt = function(e) {
      cat_err("nnscratch: interrupted\n")
      130L
    },
    nnscratch_usage_error = function(e) {
      cat_err(cli_usage(e$command), "\n")
      cat_err(sprintf("nnscratch: error: %s\n", conditionMessage(e)))
      2L
    },
    error = function(e) {
      cat_err(sprintf("nnscratch: error: %s\n", conditionMessage(e)))
      2L
    }
  )
  invisible(as.integer(status))
}

#' Run one command line; returns its exit status
#' @noRd
cli_dispatch <- function(args) {
  if (length(args) == 0L) usage_abort("the following arguments are required: command")
  command <- args[[1L]]
  if (command %in% c("-h", "--help")) {
    cat(cli_help(), sep = "\n")
    return(0L)
  }
  if (!(command %in% CLI_COMMANDS)) {
    usage_abort(sprintf("argument command: invalid choice: %s (choose from %s)", quote_text(command),
                        paste(vapply(CLI_COMMANDS, quote_text, ""), collapse = ", ")))
  }
  if (command %in% PYTHON_ONLY_COMMANDS) {
    what <- switch(command, "parity-report" = "parity-report compares Python with R",
                   walkthrough = "walkthrough shows Python and R side by side", lab = "lab breaks a copy of R or Python")
    nn_abort(sprintf("%s and runs from Python only: nnscratch %s (.venv/bin/nnscratch)", what, command))
  }
  opts <- cli_parse(command, args[-1L])
  if (opts$help) {
    optparse::print_help(cli_parser(command))
    return(0L)
  }
  if (command == "train") {
    problem <- train_flags_problem(opts)
    if (!is.null(problem)) usage_abort(problem, command) # status 2, like a bad value
  }
  switch(command, train = cmd_train(opts), predict = cmd_predict(opts), evaluate = cmd_evaluate(opts))
}
