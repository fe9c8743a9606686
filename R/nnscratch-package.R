#' nnscratch: a feed-forward neural network from scratch, step by step
#'
#' Every step of a small deep network (ReLU hidden layers, sigmoid output,
#' cross-entropy cost, backpropagation, gradient descent) in base R, with the
#' same function names, arguments and shapes as the Python/numpy twin in
#' `python/nnscratch/` of the repository. Samples are columns: `X` is
#' `(n_x, m)`, `Y` is `(1, m)`. Random numbers reproduce numpy's
#' `RandomState` streams exactly (see [numpy_random_state()]), so the same seed
#' gives the same network in both languages.
#'
#' The steps (the teaching core, one file each): [relu()], [sigmoid()],
#' [relu_backprop()], [sigmoid_backprop()], [init_param()], [for_prop()],
#' [for_activation()], [deep_model()], [cost_computation()], [back_prop()],
#' [back_activ()], [deep_model_back()], [update_parameters()], [dense_nn()]
#' (the training loop), [predict_labels()], [train_test_split()],
#' [flatten_images()].
#'
#' Beside them, the engine the command line trains with: [engine_fit()] (the
#' same loop with the one-pass step [forward_backward()], an update rule from
#' [update_rule()], divergence detection, interrupts, checkpoints and resume).
#'
#' The object API, in the conventions of R's modelling functions (samples as
#' rows): [nn_fit()] returns an `nnscratch_model` with [predict()][predict.nnscratch_model],
#' [summary()][summary.nnscratch_model], [plot()][plot.nnscratch_model] and
#' [coef()][coef.nnscratch_model] methods; [predict_image()] classifies image
#' files; [nnscratch_sample()] is the folder of sample images installed with the
#' package, read by [create_dataset()]. Models are saved and loaded with
#' [save_model()] and [load_model()], in the format the Python twin reads.
#'
#' Messages that name a position count as R indexes, from 1: a NaN in
#' `X[2, 3]` is reported "at row 2, column 3" (the Python twin, indexing from
#' 0, says "row 1, column 2" for the same value).
#'
#' @examples
#' # the steps, on 4 samples (columns) of 2 features
#' X <- matrix(c(0, 1, 1, 0, 1, 1, 0, 1), nrow = 2)
#' Y <- matrix(c(0, 1, 1, 0), nrow = 1)
#' fit <- dense_nn(X, Y, layers_dims = c(2, 3, 1), learning_rate = 0.5,
#'                 num_iterations = 200, init = "he")
#' predict_labels(X, Y, fit$parameters)$accuracy
#'
#' # the object API, on a data.frame (samples as rows)
#' df <- data.frame(a = c(0.1, 0.9, 0.2, 0.8), b = c(1, 0, 1, 0),
#'                  kind = factor(c("no", "yes", "no", "yes")))
#' m <- nn_fit(kind ~ ., data = df, hidden_layer_sizes = 3, num_iterations = 200,
#'             learning_rate = 0.5)
#' predict(m, df, type = "prob")
#' @keywords internal
#' @useDynLib nnscratch, .registration = TRUE
"_PACKAGE"
