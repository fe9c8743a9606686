# predict_image: the probability and label of image files under a trained
# model (twin of python/nnscratch/api/image.py). Each image goes through the
# data family's own steps (load_image: decode + resize_area, RGB; / 255;
# flatten_images), exactly as create_dataset and `nnscratch predict` prepare
# them, then the model's standardizer when it has one.

#' The model's input side: size x size x 3 = n0 (image_size, or found from n0)
#' @noRd
model_image_size <- function(model) {
  n0 <- model$layers_dims[[1L]]
  size <- model$image_size
  if (is.null(size)) {
    size <- round(sqrt(n0 / 3))
    if (size < 1 || 3 * size * size != n0) {
      nn_abort(sprintf("predict_image: the model takes %s inputs, which are not the size x size x 3 pixels of an image",
                       fmt_whole(n0)))
    }
  } else if (3 * size * size != n0) {
    nn_abort(sprintf("predict_image: the model takes %s inputs, not %sx%sx3 images (its image_size)", fmt_whole(n0),
                     fmt_whole(size), fmt_whole(size)))
  }
  as.integer(size)
}

#' Predict image files with a trained model
#'
#' Loads each image exactly as \code{\link{create_dataset}} does (the format
#' found from its bytes, decoded to RGB, alpha dropped, resized with
#' \code{\link{resize_area}} to the model's side, divided by 255, flattened
#' in the order of \code{\link{flatten_images}}), standardizes it with the
#' model's standardizer when it has one, and runs the network. The Python
#' twin is \code{nnscratch.predict_image}.
#'
#' The side is the model's \code{image_size} (a model file records it), else
#' the one that fits its inputs (n0 = side x side x 3). Only file paths are
#' accepted: an array of pixels is refused rather than guessed at (a
#' (32, 32, 3) image is not 32 samples); use \code{predict} with one sample
#' per row for pixels.
#'
#' @param model A model from \code{\link{nn_fit}} or
#'   \code{\link{as_nnscratch_model}}, a model file path (a file written by
#'   either language, the command line included), or
#'   \code{list(parameters = , meta = )} from \code{\link{load_model}}.
#' @param paths One image file path, or a character vector (or list) of them.
#' @return A data.frame with one row per path, in order: \code{file} (the
#'   path as given), \code{probability} (of label 1, the second class) and
#'   \code{label} (a factor with the model's classes: the second when the
#'   probability is above 0.5; "0"/"1" for a model without class names).
#'   A path that is missing, a folder or not an image that create_dataset
#'   would load (empty, another format, truncated, grayscale, ...) is an error
#'   naming it.
#' @export
#' @examples
#' # train on 10 images of each class of the installed sample (all of them:
#' # create_dataset(nnscratch_sample()), slower), copied to a temporary folder
#' few <- file.path(tempdir(), "few")
#' for (cl in c("Cat", "Dog")) {
#'   dir.create(file.path(few, cl), recursive = TRUE, showWarnings = FALSE)
#'   file.copy(head(list.files(file.path(nnscratch_sample(), cl), full.names = TRUE), 10), file.path(few, cl))
#' }
#' d <- create_dataset(few, size = 8, warn = FALSE, cache = FALSE)
#' fit <- nn_fit(t(flatten_images(d$X)), factor(d$y, levels = c(0, 1), labels = c("Dog", "Cat")),
#'               hidden_layer_sizes = 4, num_iterations = 50)
#' files <- file.path(few, d$files[c(1, 20)])
#' predict_image(fit, files) # probability and label of each file, preprocessed as create_dataset does
predict_image <- function(model, paths) {
  if (is.list(paths) && !is.data.frame(paths) && all(vapply(paths, function(p) is.character(p) && length(p) == 1L, TRUE))) {
    paths <- unlist(paths, use.names = FALSE)
  }
  if (!is.character(paths)) {
    what <- if (!is.null(dim(paths))) sprintf("a %s array %s", class(paths[1L])[1L], fmt_shape(paths)) else class(paths)[1L]
    nn_abort(sprintf(paste("predict_image: paths must be image file paths (a character vector); got %s.",
                           "To predict from pixels, use predict(model, newdata) with one sample per row"), what),
             class = "nnscratch_type_error")
  }
  if (length(paths) == 0L) nn_abort("predict_image: paths is empty (give one image path or several)")
  if (anyNA(paths)) nn_abort(sprintf("predict_image: paths has NA at position %d", which(is.na(paths))[1L]))
  if (!inherits(model, "nnscratch_model")) {
    if (!(is.character(model) && length(model) == 1L) && !(is.list(model) && !is.null(model$parameters))) {
      nn_abort(sprintf(paste("predict_image: model must be an nnscratch_model (nn_fit), a model file path or",
                             "list(parameters, meta) from load_model; got %s"), class(model)[1L]),
               class = "nnscratch_type_error")
    }
    model <- as_nnscratch_model(model)
  }
  size <- model_image_size(model)
  k <- length(paths)
  images <- array(0, c(k, size, size, 3L))
  for (i in seq_len(k)) {
    p <- paths[[i]]
    if (!file.exists(p)) {
      nn_abort(sprintf("predict_image: no such file: %s", quote_text(p)), class = "nnscratch_file_not_found")
    }
    if (dir.exists(p)) nn_abort(sprintf("predict_image: %s is a folder, not an image file", quote_text(p)))
    img <- tryCatch(load_image(p, size), nnscratch_skipped_image = function(e) {
      nn_abort(sprintf("predict_image: %s is not an image it can read: %s", quote_text(p), e$reason))
    })
    images[i, , , ] <- as.double(img) / 255 # as create_dataset: integer value / 255
  }
  X <- network_inputs(model, flatten_images(images)) # (n0, k): already the core's columns
  prob <- as.vector(deep_model(X, model$parameters)$AL)
  label <- factor(ifelse(prob > 0.5, model$levels[2L], model$levels[1L]), levels = model$levels)
  data.frame(file = paths, probability = prob, label = label, stringsAsFactors = FALSE)
}
