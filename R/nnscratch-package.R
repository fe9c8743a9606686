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
#' @keywords internal
"_PACKAGE"
