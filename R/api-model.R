# nn_fit and the S3 class "nnscratch_model": the object API an R user expects
# (a formula or a matrix in, an object with print, summary, predict, plot and
# coef methods out), in the conventions of glm and nnet::nnet. R only: the
# Python counterpart is the scikit-learn estimator nnscratch.NNClassifier
# (python/nnscratch/api/classifier.py), with the same settings and defaults.
# Training is the engine's (engine_fit, or engine_fit_epochs by epochs); this
# file only converts between R's modelling conventions and the core's.

#' Full-batch training records the cost every this many iterations: the command
#' line's --cost-every default (CLI_DEFAULTS of R/cli-flags.R, the one place the
#' defaults live; read at run time, cli-flags.R is collated after this file)
#' @noRd
nn_fit_cost_every <- function() as.numeric(CLI_DEFAULTS$cost_every)

#' Samples as rows -> samples as columns: THE one transpose of the object API
#'
#' R's modelling functions (and scikit-learn) take one sample per ROW: a
#' data.frame row, a model matrix row. The core keeps the notebook's
#' convention, one sample per COLUMN (\code{X} is (n0, m), so that a layer is
#' \code{W \%*\% A + b}). nn_fit and every predict go through this function,
#' and only through it, to pass from one to the other.
#' @param x (m, n0) numeric matrix, one sample per row.
#' @return (n0, m) double matrix, one sample per column.
#' @noRd
samples_as_columns <- function(x) {
  out <- t(x)
  storage.mode(out) <- "double"
  dimnames(out) <- NULL
  out
}

#' A response as a two-level factor (factor, logical, 0/1 numeric, character)
#'
#' Factors keep their levels (unused ones dropped); logical becomes
#' FALSE/TRUE, numeric 0/1 becomes "0"/"1", character is sorted by bytes (as
#' Python's np.unique sorts). The second level is label 1 (glm's convention).
#' @noRd
response_factor <- function(y, name) {
  what <- quote_text(name)
  if (is.factor(y)) {
    y <- droplevels(y)
  } else if (is.logical(y)) {
    y <- factor(y, levels = c(FALSE, TRUE))
  } else if (is.numeric(y)) {
    if (!is.null(dim(y)) && sum(dim(y) > 1L) > 1L) {
      nn_abort(sprintf("response %s must be a vector (one label per sample); got a matrix %s", what, fmt_shape(y)))
    }
    y <- as.vector(y)
    bad <- !is.na(y) & !(y %in% c(0, 1))
    if (any(bad)) {
      nn_abort(sprintf(paste("response %s must be a factor, a logical or numeric 0/1; got the value %s",
                             "(make it a factor for other class names)"), what, format(y[bad][1L])))
    }
    y <- factor(y, levels = c(0, 1))
  } else if (is.character(y)) {
    y <- factor(y, levels = sort_bytes(unique(y[!is.na(y)])))
  } else {
    nn_abort(sprintf("response %s must be a factor, a logical or numeric 0/1; got %s", what, class(y)[1L]),
             class = "nnscratch_type_error")
  }
  present <- levels(droplevels(y))
  if (nlevels(y) != 2L || length(present) != 2L) {
    found <- if (length(present)) paste(vapply(present, quote_text, ""), collapse = ", ") else "none"
    nn_abort(sprintf("response %s must have exactly two classes (nn_fit is a binary classifier); got %d: %s",
                     what, length(present), found))
  }
  y
}

#' Stop when a matrix has NA or non-finite values, naming the first (1-based row and column)
#' @noRd
check_finite_rows <- function(x, name, hint) {
  bad <- which(!is.finite(x), arr.ind = TRUE)
  if (!nrow(bad)) return(invisible())
  bad <- bad[order(bad[, 1L], bad[, 2L]), , drop = FALSE]
  i <- bad[1L, 1L]
  j <- bad[1L, 2L]
  v <- x[i, j]
  what <- if (is.na(v) && !is.nan(v)) "a missing value (NA)" else sprintf("a non-finite value (%s)", format(v))
  col <- if (!is.null(colnames(x))) sprintf("column %d (%s)", j, quote_text(colnames(x)[j])) else sprintf("column %d", j)
  nn_abort(sprintf("%s has %s at row %d, %s%s", name, what, i, col, hint))
}

#' A numeric matrix with one sample per row, from a matrix or an all-numeric data.frame
#' @noRd
as_sample_rows <- function(x, name) {
  if (is.data.frame(x)) {
    num <- vapply(x, function(col) is.numeric(col) || is.logical(col), logical(1))
    if (!all(num)) {
      nn_abort(sprintf(paste("%s must be a numeric matrix (one sample per row); column %s of the data.frame is %s:",
                             "use the formula interface, nn_fit(y ~ ., data = df), to encode factors"),
                       name, quote_text(names(x)[!num][1L]), class(x[[which(!num)[1L]]])[1L]),
               class = "nnscratch_type_error")
    }
    x <- as.matrix(x)
  }
  if (!(is.numeric(x) || is.logical(x))) {
    nn_abort(sprintf("%s must be a numeric matrix (one sample per row); got %s", name, class(x)[1L]),
             class = "nnscratch_type_error")
  }
  if (is.null(dim(x))) {
    nn_abort(sprintf(paste("%s must be a matrix with one sample per row; got a vector of length %d",
                           "(one sample: matrix(v, nrow = 1); one feature: matrix(v, ncol = 1))"), name, length(x)))
  }
  if (length(dim(x)) != 2L) nn_abort(sprintf("%s must be a matrix (m, n0); got an array %s", name, fmt_shape(x)))
  storage.mode(x) <- "double"
  x
}

#' One setting: a single number (whole when asked), in range
#' @noRd
check_setting <- function(name, value, whole = FALSE, low = -Inf, low_open = FALSE, high = Inf, high_open = FALSE) {
  ok <- is.numeric(value) && length(value) == 1L && !is.na(value) && is.finite(value) &&
    (!whole || value == floor(value)) && (if (low_open) value > low else value >= low) &&
    (if (high_open) value < high else value <= high)
  if (!ok) {
    range <- c(if (is.finite(low)) sprintf("%s %g", if (low_open) ">" else ">=", low),
               if (is.finite(high)) sprintf("%s %g", if (high_open) "<" else "<=", high))
    nn_abort(sprintf("%s must be a %s%s; got %s", name, if (whole) "whole number" else "number",
                     if (length(range)) paste0(" ", paste(range, collapse = " and ")) else "",
                     paste(format(value), collapse = ", ")))
  }
  as.double(value)
}

#' The shared settings checked, as a named list (the order of nn_fit's arguments)
#' @noRd
check_fit_settings <- function(s) {
  h <- s$hidden_layer_sizes
  if (!is.numeric(h) || anyNA(h) || any(!is.finite(h)) || any(h < 1) || any(h != floor(h))) {
    nn_abort(sprintf("hidden_layer_sizes must be positive whole numbers, e.g. c(16, 8); got %s",
                     paste(format(h), collapse = ", ")))
  }
  s$hidden_layer_sizes <- as.double(h)
  s$learning_rate <- check_setting("learning_rate", s$learning_rate, low = 0, low_open = TRUE)
  s$num_iterations <- check_setting("num_iterations", s$num_iterations, whole = TRUE, low = 1)
  if (!is.character(s$init) || length(s$init) != 1L || !(s$init %in% MODEL_INITS)) {
    nn_abort(sprintf("init must be one of %s; got %s", paste(vapply(MODEL_INITS, quote_text, ""), collapse = ", "),
                     quote_text(paste(format(s$init), collapse = ","))))
  }
  s$seed <- check_setting("seed", s$seed, whole = TRUE, low = 0, high = 2^32 - 1)
  if (!is.character(s$optimizer) || length(s$optimizer) != 1L || !(s$optimizer %in% UPDATE_RULES)) {
    nn_abort(sprintf("optimizer must be one of %s; got %s", paste(vapply(UPDATE_RULES, quote_text, ""), collapse = ", "),
                     quote_text(paste(format(s$optimizer), collapse = ","))))
  }
  if (!is.null(s$epochs)) s$epochs <- check_setting("epochs", s$epochs, whole = TRUE, low = 1)
  if (!is.null(s$batch_size)) s$batch_size <- check_setting("batch_size", s$batch_size, whole = TRUE, low = 1)
  s$beta1 <- check_setting("beta1", s$beta1, low = 0, high = 1, high_open = TRUE)
  s$beta2 <- check_setting("beta2", s$beta2, low = 0, high = 1, high_open = TRUE)
  s$epsilon <- check_setting("epsilon", s$epsilon, low = 0, low_open = TRUE)
  s$l2 <- check_setting("l2", s$l2, low = 0)
  s$dropout <- check_setting("dropout", s$dropout, low = 0, high = 1, high_open = TRUE)
  if (!isTRUE(s$standardize) && !isFALSE(s$standardize)) {
    nn_abort(sprintf("standardize must be TRUE or FALSE; got %s", paste(format(s$standardize), collapse = ", ")))
  }
  by_epochs <- !is.null(s$epochs) || !is.null(s$batch_size)
  if (!by_epochs && (s$l2 > 0 || s$dropout > 0)) {
    nn_abort(sprintf(paste("l2 and dropout are applied by the epochs engine: give epochs or batch_size",
                           "(full-batch training has neither); got l2 = %g, dropout = %g"), s$l2, s$dropout))
  }
  if (by_epochs) { # the other one takes the command line's default (CLI_DEFAULTS)
    if (is.null(s$epochs)) s$epochs <- as.numeric(CLI_DEFAULTS$epochs)
    if (is.null(s$batch_size)) s$batch_size <- as.numeric(CLI_DEFAULTS$batch_size)
  }
  s
}

#' Train on x (m, n0, samples as rows) and a two-level factor y: the list
#' that becomes an nnscratch_model (no class, call or terms yet)
#' @noRd
fit_network <- function(x, y, settings) {
  s <- check_fit_settings(settings)
  X <- samples_as_columns(x) # (n0, m): the core's convention from here on
  Y <- labels_to_row(as.integer(y) - 1L) # the second level is label 1
  standardizer <- NULL
  if (s$standardize) {
    standardizer <- fit_standardizer(X)
    X <- standardize(X, standardizer)
  }
  layers_dims <- c(nrow(X), s$hidden_layer_sizes, 1)
  rule <- update_rule(s$optimizer, s$learning_rate, beta = s$beta1, beta1 = s$beta1, beta2 = s$beta2,
                      epsilon = s$epsilon)
  costs <- NULL
  history <- NULL
  if (is.null(s$epochs)) {
    run <- engine_fit(X, Y, layers_dims, learning_rate = s$learning_rate, num_iterations = s$num_iterations,
                      seed = s$seed, init = s$init, rule = rule, cost_every = nn_fit_cost_every())
    costs <- run$costs
  } else {
    run <- engine_fit_epochs(X, Y, layers_dims, rule = rule, epochs = s$epochs, batch_size = s$batch_size,
                             seed = s$seed, init = s$init, l2 = s$l2, keep_prob = 1 - s$dropout)
    history <- run$history
  }
  parameters <- run$parameters
  AL <- deep_model(X, parameters)$AL
  prob <- as.vector(AL)
  names(prob) <- rownames(x)
  list(parameters = parameters, layers_dims = layers_dims, levels = levels(y), settings = s,
       standardizer = standardizer, costs = costs, cost_every = if (!is.null(costs)) nn_fit_cost_every(),
       history = history, fitted.values = prob, cost = cost_computation(AL, Y),
       accuracy = predict_labels(X, Y, parameters)$accuracy, n_samples = ncol(X), feature_names = colnames(x),
       image_size = NULL)
}

#' Train a binary classifier: the object interface
#'
#' Fits an L-layer network (ReLU hidden layers of \code{hidden_layer_sizes}
#' units, one sigmoid output) to a two-class response and returns an object
#' of class \code{"nnscratch_model"}, in the conventions of \code{glm} and
#' \code{nnet::nnet}: a formula interface, \code{nn_fit(y ~ ., data = df)},
#' and a matrix interface, \code{nn_fit(x, y)}, with the methods
#' \code{print}, \code{summary}, \code{predict}, \code{plot} (the cost
#' curve), \code{coef} (the weights) and \code{fitted}. The Python
#' counterpart is \code{nnscratch.NNClassifier} (scikit-learn's conventions):
#' the same settings with the same defaults give the same weights from the
#' same seed (parity_tests/test_27_object_apis.py).
#'
#' Samples are ROWS here, as in every R modelling function (a data.frame row,
#' a row of \code{x}); the steps of the teaching core keep the notebook's
#' samples-as-COLUMNS convention (\code{X} is (n0, m)). The object API
#' transposes once, in one internal function (\code{samples_as_columns}),
#' used by \code{nn_fit} and every \code{predict}.
#'
#' Training: full batch with \code{\link{engine_fit}} for
#' \code{num_iterations} steps when \code{epochs} and \code{batch_size} are
#' both NULL; by epochs of shuffled mini-batches with
#' \code{engine_fit_epochs} when either is given (the other takes the
#' command line's default: 10 epochs, batches of 64); \code{l2} and
#' \code{dropout} need the epochs engine. The update rule is
#' \code{update_rule(optimizer, learning_rate, beta = beta1, beta1, beta2,
#' epsilon)}. With \code{standardize = TRUE} every feature is standardized
#' with \code{\link{fit_standardizer}} on the training rows, and predict
#' applies the same standardizer.
#'
#' Classes: a factor response keeps its levels (unused ones dropped); a
#' logical response becomes \code{FALSE}/\code{TRUE}, a numeric 0/1 response
#' \code{"0"}/\code{"1"}, a character response its values sorted. There must
#' be exactly two; the SECOND level is label 1, the class whose probability
#' the network outputs (glm's convention).
#'
#' Missing values: the formula interface drops incomplete rows with
#' \code{na.action} (\code{getOption("na.action")}, \code{na.omit} by
#' default, as glm); the matrix interface refuses them with an error naming
#' the first row and column (R's 1-based positions).
#'
#' @param x For the matrix interface, a numeric matrix (or all-numeric
#'   data.frame) with one sample per row, (m, n0); for the generic, a
#'   formula or that matrix.
#' @param y The response for \code{x}: a factor, logical or 0/1 numeric
#'   vector of m values.
#' @param formula A formula \code{response ~ predictors} (\code{response ~ .}
#'   for every other column of \code{data}). Predictors are encoded by
#'   \code{model.matrix}, without the intercept column (the network has
#'   biases).
#' @param data A data.frame holding the variables of \code{formula}.
#' @param subset,na.action As in \code{lm} and \code{glm}.
#' @param hidden_layer_sizes Widths of the hidden layers (\code{integer(0)}:
#'   none, a logistic regression).
#' @param learning_rate Step size (> 0).
#' @param num_iterations Full-batch gradient steps (without epochs/batch_size).
#' @param init Weight init recipe of \code{\link{init_param}}: "he",
#'   "xavier" or "scaled" (the notebook's).
#' @param seed Seed of the initial weights (and of the mini-batch shuffles and
#'   dropout masks), a whole number in \[0, 2^32 - 1\].
#' @param optimizer "gd", "momentum", "rmsprop" or "adam" (see
#'   \code{\link{update_rule}}).
#' @param epochs,batch_size NULL (full batch) or whole numbers: train by
#'   epochs of mini-batches.
#' @param beta1 Momentum's beta and Adam's beta1, in [0, 1).
#' @param beta2 RMSprop's and Adam's beta2, in [0, 1).
#' @param epsilon RMSprop's and Adam's epsilon (> 0).
#' @param l2 L2 regularization strength (>= 0; epochs engine).
#' @param dropout Probability of dropping a hidden unit, in [0, 1) (epochs
#'   engine).
#' @param standardize Standardize the features (TRUE/FALSE).
#' @param ... For the formula method: the settings above. For the matrix
#'   method: nothing (an unknown argument is an error).
#' @return An object of class \code{"nnscratch_model"}, a list with
#'   \code{parameters} (\code{W1, b1, ..., WL, bL}, \code{coef()}),
#'   \code{layers_dims}, \code{levels} (the two classes; the second is label
#'   1), \code{settings} (the arguments above), \code{standardizer} (NULL or
#'   \code{list(mean, std)}), \code{costs} and \code{cost_every} (full batch:
#'   the cost every 10 iterations) or \code{history} (by epochs),
#'   \code{fitted.values} (the training probabilities of the second class),
#'   \code{cost} and \code{accuracy} (cross-entropy and accuracy of the final
#'   network on the training rows), \code{n_samples}, \code{feature_names},
#'   \code{call}; the formula method adds \code{terms}, \code{xlevels},
#'   \code{contrasts} and \code{na.action}.
#' @seealso \code{\link{predict.nnscratch_model}}, \code{\link{model_parts}}
#'   and \code{\link{as_nnscratch_model}} (model files),
#'   \code{\link{predict_image}}, \code{\link{nnscratch_sample}}.
#' @export
#' @examples
#' # the formula interface, on a data.frame
#' df <- data.frame(a = c(0.1, 0.9, 0.2, 0.8, 0.15, 0.85), b = c(1, 0, 1, 0, 1, 0),
#'                  kind = factor(c("no", "yes", "no", "yes", "no", "yes")))
#' fit <- nn_fit(kind ~ a + b, data = df, hidden_layer_sizes = 3, num_iterations = 200,
#'               learning_rate = 0.5)
#' fit
#' predict(fit, df, type = "prob")
#' predict(fit, data.frame(a = 0.7, b = 0)) # a factor with levels "no", "yes"
#'
#' # the matrix interface (samples as rows) on images: 10 of each class of the
#' # installed sample (all of them: create_dataset(nnscratch_sample()), slower)
#' few <- file.path(tempdir(), "few")
#' for (cl in c("Cat", "Dog")) {
#'   dir.create(file.path(few, cl), recursive = TRUE, showWarnings = FALSE)
#'   file.copy(head(list.files(file.path(nnscratch_sample(), cl), full.names = TRUE), 10), file.path(few, cl))
#' }
#' d <- create_dataset(few, size = 8, warn = FALSE, cache = FALSE)
#' x <- t(flatten_images(d$X)) # (20, 192)
#' fit2 <- nn_fit(x, d$y == 1, hidden_layer_sizes = 4, num_iterations = 50)
#' summary(fit2)
#' table(predicted = predict(fit2, x), true = d$y)
nn_fit <- function(x, ...) UseMethod("nn_fit")

#' @rdname nn_fit
#' @export
nn_fit.default <- function(x, y, hidden_layer_sizes = c(16, 8), learning_rate = 0.02, num_iterations = 600,
                           init = "he", seed = 1, optimizer = "gd", epochs = NULL, batch_size = NULL, beta1 = 0.9,
                           beta2 = 0.999, epsilon = 1e-8, l2 = 0, dropout = 0, standardize = FALSE, ...) {
  extra <- list(...)
  if (length(extra)) {
    nm <- names(extra)
    shown <- if (is.null(nm)) "an unnamed argument" else paste(vapply(nm, quote_text, ""), collapse = ", ")
    nn_abort(sprintf("nn_fit: unknown argument(s) %s", shown), class = "nnscratch_type_error")
  }
  if (missing(y)) nn_abort("nn_fit: y (the response) is missing; or use the formula interface, nn_fit(y ~ ., data = df)")
  x <- as_sample_rows(x, "x")
  if (length(y) != nrow(x)) {
    nn_abort(sprintf("x and y must have the same number of samples (rows of x): x has %d, y has %d", nrow(x), length(y)))
  }
  if (nrow(x) < 1L) nn_abort("x must have at least one sample (row)")
  if (anyNA(y)) {
    nn_abort(sprintf("y has a missing value (NA) at position %d: remove those samples (the formula interface drops them with na.action)",
                     which(is.na(y))[1L]))
  }
  check_finite_rows(x, "x", ": remove those rows (the formula interface drops rows with NA, with na.action)")
  y <- response_factor(y, "y")
  settings <- list(hidden_layer_sizes = hidden_layer_sizes, learning_rate = learning_rate,
                   num_iterations = num_iterations, init = init, seed = seed, optimizer = optimizer, epochs = epochs,
                   batch_size = batch_size, beta1 = beta1, beta2 = beta2, epsilon = epsilon, l2 = l2,
                   dropout = dropout, standardize = standardize)
  fit <- fit_network(x, y, settings)
  fit$response <- "y"
  fit$call <- match.call()
  fit$call[[1L]] <- as.name("nn_fit") # the call as the user wrote it, not the method's name
  structure(fit, class = "nnscratch_model")
}

#' @rdname nn_fit
#' @export
nn_fit.formula <- function(formula, data, ..., subset, na.action) {
  cl <- match.call()
  cl[[1L]] <- as.name("nn_fit")
  mf <- match.call(expand.dots = FALSE)
  keep <- match(c("formula", "data", "subset", "na.action"), names(mf), 0L)
  mf <- mf[c(1L, keep)]
  mf$drop.unused.levels <- TRUE
  mf[[1L]] <- quote(stats::model.frame)
  mf <- eval(mf, parent.frame())
  mt <- attr(mf, "terms")
  if (attr(mt, "response") == 0L) nn_abort("nn_fit: the formula has no response (write response ~ predictors)")
  response <- deparse1(formula[[2L]])
  x <- stats::model.matrix(mt, mf)
  xint <- match("(Intercept)", colnames(x), nomatch = 0L)
  if (xint > 0L) x <- x[, -xint, drop = FALSE] # the network has biases (as nnet)
  if (ncol(x) == 0L) nn_abort("nn_fit: the formula has no predictors")
  y <- stats::model.response(mf)
  if (is.null(y) || length(y) == 0L) nn_abort(sprintf("nn_fit: no complete rows to train on (response %s)", quote_text(response)))
  y <- response_factor(y, response)
  fit <- nn_fit.default(x, y, ...)
  fit$response <- response
  fit$call <- cl
  fit$terms <- mt
  fit$xlevels <- stats::.getXlevels(mt, mf)
  fit$contrasts <- attr(x, "contrasts")
  fit$na.action <- attr(mf, "na.action")
  fit
}

#' The network's inputs from X (n0, m), one sample per column: X standardized
#' with the model's standardizer when it has one, else X
#' @noRd
network_inputs <- function(object, X) {
  if (is.null(object$standardizer)) return(X)
  standardize(X, object$standardizer)
}

#' The network's inputs (n0, m) from new rows x (m, n0)
#' @noRd
model_input_columns <- function(object, x) network_inputs(object, samples_as_columns(x))

#' Probabilities of the second class for a matrix of rows (NA rows give NA)
#' @noRd
probabilities_for_rows <- function(object, x) {
  n0 <- object$layers_dims[[1L]]
  if (ncol(x) != n0) {
    nn_abort(sprintf("newdata has %d columns (features) but the model takes %s", ncol(x), fmt_whole(n0)))
  }
  prob <- rep(NA_real_, nrow(x))
  ok <- rowSums(!is.finite(x)) == 0
  if (any(ok)) prob[ok] <- as.vector(deep_model(model_input_columns(object, x[ok, , drop = FALSE]), object$parameters)$AL)
  names(prob) <- rownames(x)
  prob
}

#' Predict with an nnscratch_model
#'
#' @param object A model from \code{\link{nn_fit}} (or
#'   \code{\link{as_nnscratch_model}}).
#' @param newdata For a formula fit, a data.frame with the predictors of the
#'   formula (factor levels as in training); otherwise a numeric matrix with
#'   one sample per row and the training columns (a vector is refused: write
#'   \code{matrix(v, nrow = 1)} for one sample). Missing: the training rows.
#'   Rows with missing values get NA.
#' @param type "class": a factor with the response's levels (the second when
#'   the probability is above 0.5); "prob": the probability of the second
#'   level (label 1), a numeric vector.
#' @param ... Unused.
#' @return A factor or a numeric vector, one value per row of
#'   \code{newdata}, named by its row names.
#' @export
#' @examples
#' x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2) # OR
#' fit <- nn_fit(x, c(0, 1, 1, 1), hidden_layer_sizes = 4, num_iterations = 300, learning_rate = 0.5)
#' predict(fit, x, type = "prob")
#' predict(fit, matrix(c(1, 0), nrow = 1))
predict.nnscratch_model <- function(object, newdata, type = c("class", "prob"), ...) {
  type <- match.arg(type)
  if (missing(newdata) || is.null(newdata)) {
    if (is.null(object$fitted.values)) {
      nn_abort("this model has no training rows (it was loaded from a file): give newdata")
    }
    prob <- stats::napredict(object$na.action, object$fitted.values)
  } else if (!is.null(object$terms)) {
    if (!is.data.frame(newdata) && !is.list(newdata)) {
      nn_abort(sprintf("newdata must be a data.frame with the formula's predictors (the model was fitted with a formula); got %s",
                       class(newdata)[1L]), class = "nnscratch_type_error")
    }
    tt <- stats::delete.response(object$terms)
    mf <- stats::model.frame(tt, newdata, na.action = stats::na.pass, xlev = object$xlevels)
    if (!is.null(cl <- attr(tt, "dataClasses"))) stats::.checkMFClasses(cl, mf)
    x <- stats::model.matrix(tt, mf, contrasts.arg = object$contrasts)
    xint <- match("(Intercept)", colnames(x), nomatch = 0L)
    if (xint > 0L) x <- x[, -xint, drop = FALSE]
    prob <- probabilities_for_rows(object, x)
  } else {
    x <- as_sample_rows(newdata, "newdata")
    fn <- object$feature_names
    if (!is.null(fn) && !is.null(colnames(x)) && ncol(x) == length(fn) && !identical(colnames(x), fn)) {
      nn_abort(sprintf("newdata's column names differ from the training columns (first difference: column %d is %s, was %s)",
                       which(colnames(x) != fn)[1L], quote_text(colnames(x)[colnames(x) != fn][1L]),
                       quote_text(fn[colnames(x) != fn][1L])))
    }
    prob <- probabilities_for_rows(object, x)
  }
  if (type == "prob") return(prob)
  out <- factor(ifelse(prob > 0.5, object$levels[2L], object$levels[1L]), levels = object$levels)
  names(out) <- names(prob)
  out
}

#' The architecture as "n0-n1-...-1"
#' @noRd
architecture_text <- function(layers_dims) paste(fmt_whole(layers_dims), collapse = "-")

#' "full batch, 600 iterations of gd" or "10 epochs of batches of 64, adam"
#' @noRd
training_text <- function(s) {
  if (is.null(s$epochs)) {
    sprintf("full batch, %s iterations of %s", fmt_whole(s$num_iterations), s$optimizer)
  } else {
    sprintf("%s epochs of mini-batches of %s, %s", fmt_whole(s$epochs), fmt_whole(s$batch_size), s$optimizer)
  }
}

#' @rdname summary.nnscratch_model
#' @export
print.nnscratch_model <- function(x, ...) {
  cat(sprintf("nnscratch_model: a %s network (ReLU hidden layers, sigmoid output)\n", architecture_text(x$layers_dims)))
  if (!is.null(x$call)) cat("Call: ", paste(deparse(x$call), collapse = "\n"), "\n", sep = "")
  cat(sprintf("Classes: %s (label 0), %s (label 1)\n", quote_text(x$levels[1L]), quote_text(x$levels[2L])))
  cat(sprintf("Training: %s, learning rate %g\n", training_text(x$settings), x$settings$learning_rate))
  if (!is.null(x$cost)) {
    cat(sprintf("Training cost %.6f, accuracy %.6f on %d samples\n", x$cost, x$accuracy, as.integer(x$n_samples)))
  }
  invisible(x)
}

#' Summarise an nnscratch_model
#'
#' @param object A model from \code{\link{nn_fit}}.
#' @param x A model (\code{print}) or its summary (\code{print} of a
#'   \code{"summary.nnscratch_model"}).
#' @param ... Unused.
#' @return \code{summary}: an object of class \code{"summary.nnscratch_model"}
#'   with \code{call}, \code{architecture} (the layer widths),
#'   \code{n_parameters} (weights and biases), \code{response},
#'   \code{levels}, \code{settings}, \code{standardized}, \code{n_samples},
#'   \code{cost} (the final training cross-entropy) and \code{accuracy} (on
#'   the training rows); its print method shows them.
#' @export
#' @examples
#' x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2)
#' fit <- nn_fit(x, c(FALSE, TRUE, TRUE, TRUE), hidden_layer_sizes = 2, num_iterations = 20)
#' summary(fit)
summary.nnscratch_model <- function(object, ...) {
  n_par <- sum(vapply(object$parameters, length, 0))
  structure(list(call = object$call, architecture = object$layers_dims, n_parameters = n_par,
                 response = object$response, levels = object$levels, settings = object$settings,
                 standardized = !is.null(object$standardizer), n_samples = object$n_samples,
                 cost = object$cost, accuracy = object$accuracy),
            class = "summary.nnscratch_model")
}

#' @rdname summary.nnscratch_model
#' @export
print.summary.nnscratch_model <- function(x, ...) {
  if (!is.null(x$call)) cat("Call:\n", paste(deparse(x$call), collapse = "\n"), "\n\n", sep = "")
  cat(sprintf("Architecture: %s (ReLU hidden layers, sigmoid output), %s weights and biases\n",
              architecture_text(x$architecture), fmt_whole(x$n_parameters)))
  resp <- if (is.null(x$response)) "" else sprintf("%s: ", quote_text(x$response))
  cat(sprintf("Response: %s%s (label 0), %s (label 1)\n", resp, quote_text(x$levels[1L]), quote_text(x$levels[2L])))
  s <- x$settings
  cat("Settings:\n")
  shown <- c(hidden_layer_sizes = paste(fmt_whole(s$hidden_layer_sizes), collapse = ","),
             learning_rate = sprintf("%g", s$learning_rate),
             num_iterations = if (is.null(s$epochs)) fmt_whole(s$num_iterations) else "(by epochs)",
             init = s$init, seed = fmt_whole(s$seed), optimizer = s$optimizer,
             epochs = if (is.null(s$epochs)) "NULL" else fmt_whole(s$epochs),
             batch_size = if (is.null(s$batch_size)) "NULL" else fmt_whole(s$batch_size),
             beta1 = sprintf("%g", s$beta1), beta2 = sprintf("%g", s$beta2), epsilon = sprintf("%g", s$epsilon),
             l2 = sprintf("%g", s$l2), dropout = sprintf("%g", s$dropout), standardize = format(isTRUE(s$standardize)))
  cat(sprintf("  %-18s %s\n", names(shown), shown), sep = "")
  if (!is.null(x$cost)) {
    cat(sprintf("Training samples: %d\n", as.integer(x$n_samples)))
    cat(sprintf("Final cost: %.6f\n", x$cost))
    cat(sprintf("Training accuracy: %.6f\n", x$accuracy))
  }
  invisible(x)
}

#' Plot the cost curve of an nnscratch_model
#'
#' Base graphics: the training cost against the iteration (full batch, every
#' 10 iterations) or the epoch (by epochs).
#'
#' @param x A model from \code{\link{nn_fit}}.
#' @param ... Passed to \code{plot}.
#' @return \code{x}, invisibly.
#' @export
#' @examples
#' x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2)
#' fit <- nn_fit(x, c(0, 1, 1, 1), hidden_layer_sizes = 2, num_iterations = 100, learning_rate = 0.5)
#' plot(fit)
plot.nnscratch_model <- function(x, ...) {
  if (!is.null(x$history) && length(x$history$cost)) {
    graphics::plot(x$history$epoch, x$history$cost, type = "b", xlab = "epoch", ylab = "cost",
                   main = "Training cost per epoch", ...)
  } else if (length(x$costs)) {
    every <- if (is.null(x$cost_every)) 1 else x$cost_every
    graphics::plot((seq_along(x$costs) - 1) * every, x$costs, type = "l", xlab = "iteration", ylab = "cost",
                   main = sprintf("Training cost (learning rate %g)", x$settings$learning_rate), ...)
  } else {
    nn_abort("this model has no cost history to plot")
  }
  invisible(x)
}

#' The weights and biases of an nnscratch_model
#'
#' @param object A model from \code{\link{nn_fit}}.
#' @param ... Unused.
#' @return The named list \code{W1, b1, ..., WL, bL}: \code{W<l>} is
#'   (n_l, n_(l-1)), \code{b<l>} is (n_l, 1) (the core's shapes: one row per
#'   unit).
#' @export
#' @examples
#' x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2)
#' fit <- nn_fit(x, c(0, 1, 1, 1), hidden_layer_sizes = 3, num_iterations = 10)
#' lapply(coef(fit), dim) # W1 3x2, b1 3x1, W2 1x3, b2 1x1
coef.nnscratch_model <- function(object, ...) object$parameters

#' An nnscratch_model as the parameters and meta of a model file
#'
#' What \code{\link{save_model}} writes and \code{\link{load_model}}
#' returns: \code{with(model_parts(fit), save_model(path, parameters, meta))}
#' saves a model, \code{as_nnscratch_model(path)} reads it back. The meta
#' holds the architecture, the settings, the cost history, the standardizer,
#' \code{image_size} when the inputs are side x side x 3 images, and
#' \code{labels}, the two class names mapped to 0 (the first level) and 1 (the
#' second), as Python's \code{NNClassifier.save_model} writes them. The formula's terms, the feature names and the training
#' rows are not saved: a loaded model predicts from a matrix.
#'
#' @param object A model from \code{\link{nn_fit}}.
#' @return \code{list(parameters = , meta = )}.
#' @export
#' @examples
#' x <- matrix(c(0, 0, 1, 1, 0, 1, 0, 1), ncol = 2)
#' fit <- nn_fit(x, factor(c("no", "yes", "yes", "yes")), hidden_layer_sizes = 2, num_iterations = 10)
#' f <- tempfile(fileext = ".txt")
#' with(model_parts(fit), save_model(f, parameters, meta))
#' back <- as_nnscratch_model(f)
#' identical(predict(back, x, type = "prob"), unname(predict(fit, x, type = "prob")))
model_parts <- function(object) {
  if (!inherits(object, "nnscratch_model")) {
    nn_abort(sprintf("object must be an nnscratch_model (from nn_fit); got %s", class(object)[1L]),
             class = "nnscratch_type_error")
  }
  lv <- object$levels
  if (any(!nzchar(lv)) || any(grepl("[,\r\n]", lv))) {
    nn_abort(sprintf("the class names %s cannot be written in a model file (no commas, line breaks or empty names)",
                     paste(vapply(lv, quote_text, ""), collapse = ", ")))
  }
  s <- object$settings
  meta <- list(architecture = object$layers_dims, init = s$init, seed = s$seed, learning_rate = s$learning_rate)
  if (is.null(s$epochs)) meta$iterations <- s$num_iterations
  meta$image_size <- object$image_size
  if (is.null(meta$image_size)) { # inputs that are s x s x 3 images: their side (as NNClassifier writes it)
    side <- round(sqrt(object$layers_dims[[1L]] / 3))
    if (side >= 1 && 3 * side * side == object$layers_dims[[1L]]) meta$image_size <- side
  }
  meta$labels <- stats::setNames(c(0, 1), lv) # first level -> 0, second -> 1
  meta$created_by <- "r"
  if (!is.null(object$costs)) {
    meta$cost_every <- object$cost_every
    meta$costs <- object$costs
  }
  meta$update_rule <- s$optimizer
  hyper <- update_rule(s$optimizer, s$learning_rate, beta = s$beta1, beta1 = s$beta1, beta2 = s$beta2,
                       epsilon = s$epsilon)$hyper # the rule's own: momentum's beta, Adam's beta1, beta2, epsilon
  hyper$learning_rate <- NULL
  if (length(hyper)) meta$optimizer_hyper <- hyper
  if (!is.null(s$epochs)) {
    meta$batch_size <- s$batch_size
    meta$epochs <- s$epochs
    meta$l2 <- s$l2
    meta$dropout <- s$dropout
    h <- object$history
    if (!is.null(h)) {
      meta$history_cost <- h$cost
      meta$history_accuracy <- h$accuracy
      meta$history_val_cost <- h$val_cost
      meta$history_val_accuracy <- h$val_accuracy
    }
  }
  meta$standardizer <- object$standardizer
  list(parameters = object$parameters, meta = meta)
}

#' An nnscratch_model from a model file
#'
#' The inverse of \code{\link{model_parts}}: turns what
#' \code{\link{load_model}} returns (or a model file's path, or a file
#' written by Python's \code{NNClassifier} or by the command line) into an
#' \code{"nnscratch_model"} that \code{predict}, \code{summary},
#' \code{coef}, \code{plot} and \code{\link{predict_image}} accept. The
#' classes are the file's \code{labels} (the name mapped to 0 is the first
#' level, the one mapped to 1 the second); a file without labels gives the
#' levels "0" and "1". Settings the file does not record take nn_fit's
#' defaults. It predicts from a matrix (one sample per row).
#'
#' @param x A model file path, \code{list(parameters = , meta = )} as
#'   \code{\link{load_model}} returns, or an \code{"nnscratch_model"}
#'   (returned as is).
#' @return An \code{"nnscratch_model"} without training rows
#'   (\code{fitted.values}, \code{cost} and \code{accuracy} are NULL).
#' @export
#' @examples
#' p <- init_param(c(2, 3, 1), seed = 1, init = "he")
#' f <- tempfile(fileext = ".txt")
#' save_model(f, p, list(architecture = c(2, 3, 1), labels = c(Cat = 1, Dog = 0)))
#' m <- as_nnscratch_model(f)
#' m$levels # "Dog" "Cat"
#' predict(m, matrix(c(0.5, 0.2), nrow = 1), type = "prob")
as_nnscratch_model <- function(x) {
  if (inherits(x, "nnscratch_model")) return(x)
  if (is.character(x)) x <- load_model(x)
  if (!is.list(x) || !is.list(x$parameters) || !is.list(x$meta)) {
    nn_abort("x must be a model file path or list(parameters = , meta = ) as load_model returns",
             class = "nnscratch_type_error")
  }
  meta <- x$meta
  dims <- meta$architecture
  if (is.null(dims)) nn_abort("the model has no architecture")
  check_parameters(x$parameters, n0 = dims[[1L]])
  levels <- c("0", "1")
  if (!is.null(meta$labels)) {
    lab <- meta$labels
    if (length(lab) != 2L || !setequal(as.numeric(lab), c(0, 1))) {
      nn_abort(sprintf("the model's labels must map two classes to 0 and 1, e.g. Cat=1,Dog=0; got %s",
                       paste0(names(lab), "=", lab, collapse = ",")))
    }
    levels <- c(names(lab)[lab == 0], names(lab)[lab == 1])
  }
  hyper <- meta$optimizer_hyper
  pick <- function(value, default) if (is.null(value)) default else value
  by_epochs <- !is.null(meta$epochs) || !is.null(meta$batch_size)
  settings <- list(hidden_layer_sizes = as.double(dims[-c(1L, length(dims))]),
                   learning_rate = pick(meta$learning_rate, 0.02),
                   num_iterations = pick(meta$iterations, 600), init = pick(meta$init, "he"),
                   seed = pick(meta$seed, 1), optimizer = pick(meta$update_rule, "gd"),
                   epochs = if (by_epochs) pick(meta$epochs, as.numeric(CLI_DEFAULTS$epochs)),
                   batch_size = if (by_epochs) pick(meta$batch_size, as.numeric(CLI_DEFAULTS$batch_size)),
                   beta1 = pick(hyper$beta1, pick(hyper$beta, 0.9)), beta2 = pick(hyper$beta2, 0.999),
                   epsilon = pick(hyper$epsilon, 1e-8), l2 = pick(meta$l2, 0), dropout = pick(meta$dropout, 0),
                   standardize = !is.null(meta$standardizer))
  for (key in c("learning_rate", "num_iterations", "seed", "epochs", "batch_size", "beta1", "beta2", "epsilon", "l2",
                "dropout")) {
    if (!is.null(settings[[key]])) settings[[key]] <- as.double(settings[[key]]) # as nn_fit keeps them
  }
  history <- NULL
  if (!is.null(meta$history_cost)) {
    history <- list(epoch = seq_along(meta$history_cost), cost = meta$history_cost,
                    accuracy = meta$history_accuracy, val_cost = meta$history_val_cost,
                    val_accuracy = meta$history_val_accuracy)
  }
  structure(list(parameters = x$parameters, layers_dims = as.double(dims), levels = levels, settings = settings,
                 standardizer = meta$standardizer, costs = meta$costs,
                 cost_every = if (!is.null(meta$costs)) pick(meta$cost_every, 1), history = history,
                 fitted.values = NULL, cost = NULL, accuracy = NULL, n_samples = NULL, feature_names = NULL,
                 image_size = meta$image_size, response = NULL, call = NULL),
            class = "nnscratch_model")
}
