"""The declared twin table: every public step and every helper that exists in both
languages, where it lives in each, and the known gaps, declared, never hidden.

A twin is (name, Python module, R file): Python module ``X/Y.py`` <-> R file
``X-Y.R``, a core module ``Y.py`` <-> ``Y.R``. test_00_twins.py checks that each
exists in both (a Python attribute of its module; an R object of the sourced
folder, defined in its twin file), and that the public steps' signatures match
(argument names, order, defaults), except for the gaps declared below (a
declared gap that no longer exists fails too: remove it).
"""
from __future__ import annotations

#: The notebook's steps and the engine: their signatures are compared.
PUBLIC_STEPS = {
    # name: (Python module, R file)
    "relu": ("nnscratch.activations", "activations.R"),
    "relu_backprop": ("nnscratch.activations", "activations.R"),
    "sigmoid": ("nnscratch.activations", "activations.R"),
    "sigmoid_backprop": ("nnscratch.activations", "activations.R"),
    "init_param": ("nnscratch.init_param", "init_param.R"),
    "for_prop": ("nnscratch.forward", "forward.R"),
    "for_activation": ("nnscratch.forward", "forward.R"),
    "deep_model": ("nnscratch.forward", "forward.R"),
    "cost_computation": ("nnscratch.cost", "cost.R"),
    "back_prop": ("nnscratch.backward", "backward.R"),
    "back_activ": ("nnscratch.backward", "backward.R"),
    "deep_model_back": ("nnscratch.backward", "backward.R"),
    "update_parameters": ("nnscratch.update", "update.R"),
    "dense_nn": ("nnscratch.train", "train.R"),
    "predict_labels": ("nnscratch.predict", "predict.R"),
    "train_test_split": ("nnscratch.split", "split.R"),
    "flatten_images": ("nnscratch.split", "split.R"),
    "labels_to_row": ("nnscratch.split", "split.R"),
    "create_dataset": ("nnscratch.data.dataset", "data-dataset.R"),
    "forward_backward": ("nnscratch.engine.fused", "engine-fused.R"),
    "default_block_size": ("nnscratch.engine.fused", "engine-fused.R"),
    "update_rule": ("nnscratch.engine.rules", "engine-rules.R"),
    "engine_fit": ("nnscratch.engine.fit", "engine-fit.R"),
    "save_model": ("nnscratch.io.model", "io-model.R"),
    "load_model": ("nnscratch.io.model", "io-model.R"),
}

#: The update rules' steps of the teaching core (issue 13). Their signatures, defaults and results
#: with only the required arguments are compared by test_07b_update_rules.py (test_00b's case table
#: does not list them yet); test_00_twins checks that each exists where the layout says.
UPDATE_STEPS = {
    "init_momentum": ("nnscratch.update", "update.R"),
    "update_parameters_with_momentum": ("nnscratch.update", "update.R"),
    "init_rmsprop": ("nnscratch.update", "update.R"),
    "update_parameters_with_rmsprop": ("nnscratch.update", "update.R"),
    "init_adam": ("nnscratch.update", "update.R"),
    "update_parameters_with_adam": ("nnscratch.update", "update.R"),
}

#: Training steps of the teaching core added by issue 13 (mini-batches, schedules, standardization,
#: L2, dropout) and the epochs engine. Their signatures and defaults are compared by their own
#: parity tests (test_07c ... test_11c); test_00_twins checks each exists where the layout says.
TRAINING_STEPS = {
    "random_mini_batches": ("nnscratch.batches", "batches.R"),
    "learning_rate_schedule": ("nnscratch.schedules", "schedules.R"),
    "fit_standardizer": ("nnscratch.standardize", "standardize.R"),
    "standardize": ("nnscratch.standardize", "standardize.R"),
    "l2_cost": ("nnscratch.regularization", "regularization.R"),
    "l2_grads": ("nnscratch.regularization", "regularization.R"),
    "dropout_masks": ("nnscratch.dropout", "dropout.R"),
    "deep_model_with_dropout": ("nnscratch.dropout", "dropout.R"),
    "deep_model_back_with_dropout": ("nnscratch.dropout", "dropout.R"),
    "engine_fit_epochs": ("nnscratch.engine.epochs", "engine-epochs.R"),
}

#: Helpers that exist in both languages (same name; contract of issue 11). Existence only.
HELPERS = {
    "scale_weights": ("nnscratch.init_param", "init_param.R"),
    "n_layers": ("nnscratch.forward", "forward.R"),
    "output_layer_dZ": ("nnscratch.backward", "backward.R"),
    "is_integral": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_layers_dims": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_seed": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_init": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_activation": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_matrix": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_finite": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_X_Y": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_learning_rate": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_positive_int": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_parameters": ("nnscratch.utils.validation", "utils-validation.R"),
    "check_training_args": ("nnscratch.utils.validation", "utils-validation.R"),
    "diverged": ("nnscratch.engine.stopping", "engine-stopping.R"),
    "n_recorded": ("nnscratch.engine.stopping", "engine-stopping.R"),
    "DIVERGENCE_WINDOW": ("nnscratch.engine.stopping", "engine-stopping.R"),
    "DIVERGENCE_FACTOR": ("nnscratch.engine.stopping", "engine-stopping.R"),
    "DIVERGENCE_MIN_COST": ("nnscratch.engine.stopping", "engine-stopping.R"),
    "list_image_files": ("nnscratch.data.files", "data-files.R"),
    "check_labels": ("nnscratch.data.files", "data-files.R"),
    "jpeg_header": ("nnscratch.data.formats", "data-formats.R"),
    "png_header": ("nnscratch.data.formats", "data-formats.R"),
    "check_image_bytes": ("nnscratch.data.formats", "data-formats.R"),
    "reason_too_large": ("nnscratch.data.formats", "data-formats.R"),
    "decode_rgb": ("nnscratch.data.decode", "data-decode.R"),
    "read_image_rgb": ("nnscratch.data.decode", "data-decode.R"),
    "resize_area": ("nnscratch.data.resize", "data-resize.R"),
    "load_image": ("nnscratch.data.decode", "data-decode.R"),
    "decode_files": ("nnscratch.data.decode", "data-decode.R"),
    "resolve_workers": ("nnscratch.data.decode", "data-decode.R"),
    "check_classes": ("nnscratch.data.dataset", "data-dataset.R"),
    "load_image_cache": ("nnscratch.data.cache", "data-cache.R"),
    "save_image_cache": ("nnscratch.data.cache", "data-cache.R"),
    "image_cache_manifest": ("nnscratch.data.cache", "data-cache.R"),
    "check_image_manifest": ("nnscratch.data.cache", "data-cache.R"),
    "image_cache_files": ("nnscratch.data.cache", "data-cache.R"),
    "escape_field": ("nnscratch.data.cache", "data-cache.R"),
    "unescape_field": ("nnscratch.data.cache", "data-cache.R"),
    "read_cache_npy": ("nnscratch.data.cache", "data-cache.R"),
    "user_cache_root": ("nnscratch.data.cache", "data-cache.R"),
    "user_cache_dir": ("nnscratch.data.cache", "data-cache.R"),
    "default_cache_dir": ("nnscratch.data.cache", "data-cache.R"),
    "resolve_cache_dir": ("nnscratch.data.cache", "data-cache.R"),
    "read_npy": ("nnscratch.data.npy", "data-npy.R"),
    "write_npy": ("nnscratch.data.npy", "data-npy.R"),
    "atomic_write": ("nnscratch.io.atomic", "io-atomic.R"),
    "model_to_lines": ("nnscratch.io.model", "io-model.R"),
    "format_meta_value": ("nnscratch.io.model", "io-model.R"),
    "parse_meta_value": ("nnscratch.io.model", "io-model.R"),
    "parse_int_strict": ("nnscratch.io.model", "io-model.R"),
    "read_model_lines": ("nnscratch.io.model", "io-model.R"),
    "check_block_header": ("nnscratch.io.model", "io-model.R"),
    "costs_to_csv_lines": ("nnscratch.io.costs", "io-costs.R"),
    "write_costs_csv": ("nnscratch.io.costs", "io-costs.R"),
    "write_cost_curve": ("nnscratch.io.plot", "io-plot.R"),
    "quote_text": ("nnscratch.utils.format", "utils-format.R"),
    "display_name": ("nnscratch.data.files", "data-files.R"),
    "list_tree_files": ("nnscratch.data.files", "data-files.R"),
    "read_regular_file": ("nnscratch.data.decode", "data-decode.R"),
    "decoder_warnings": ("nnscratch.data.decode", "data-decode.R"),
    "readable_now": ("nnscratch.data.cache", "data-cache.R"),
    "is_transient_reason": ("nnscratch.data.formats", "data-formats.R"),
    "labels_problem": ("nnscratch.cli.flags", "cli-flags.R"),
    "check_model_file": ("nnscratch.cli.predict", "cli-predict.R"),
    "path_join": ("nnscratch.cli.common", "cli-common.R"),
    "check_run_meta": ("nnscratch.io.model", "io-model.R"),
    "check_iterations": ("nnscratch.cli.train", "cli-train.R"),
    "prepare_out": ("nnscratch.cli.train", "cli-train.R"),
    "absolute_path": ("nnscratch.cli.train", "cli-train.R"),
    "fmt_setting": ("nnscratch.cli.train", "cli-train.R"),
    "checkout_root": ("nnscratch.cli.common", "cli-common.R"),
    "resolve_data": ("nnscratch.cli.common", "cli-common.R"),
    "print_data_summary": ("nnscratch.cli.common", "cli-common.R"),
    "resume_settings": ("nnscratch.cli.train", "cli-train.R"),
    "cmd_train": ("nnscratch.cli.train", "cli-train.R"),
    "cmd_predict": ("nnscratch.cli.predict", "cli-predict.R"),
    "cmd_evaluate": ("nnscratch.cli.predict", "cli-predict.R"),
    "model_and_size": ("nnscratch.cli.predict", "cli-predict.R"),
    "image_files": ("nnscratch.cli.predict", "cli-predict.R"),
    "confusion_counts": ("nnscratch.cli.predict", "cli-predict.R"),
    "format_confusion": ("nnscratch.cli.predict", "cli-predict.R"),
    "check_beta": ("nnscratch.update", "update.R"),
    "check_epsilon": ("nnscratch.update", "update.R"),
    "parameter_names": ("nnscratch.update", "update.R"),
    "zeros_like_parameters": ("nnscratch.update", "update.R"),
    "check_schedule_number": ("nnscratch.schedules", "schedules.R"),
    "check_standardizer": ("nnscratch.standardize", "standardize.R"),
    "check_lambd": ("nnscratch.regularization", "regularization.R"),
    "check_keep_prob": ("nnscratch.dropout", "dropout.R"),
    "check_masks": ("nnscratch.dropout", "dropout.R"),
    "predict_image": ("nnscratch.api.image", "api-image.R"),
    "nnscratch_sample": ("nnscratch.api.sample", "api-sample.R"),
    "forward_backward_output": ("nnscratch.engine.fused", "engine-fused.R"),
    "epoch_order": ("nnscratch.engine.epochs", "engine-epochs.R"),
    "batch_columns": ("nnscratch.engine.epochs", "engine-epochs.R"),
    "fused_above": ("nnscratch.engine.epochs", "engine-epochs.R"),
    "check_threads": ("nnscratch.engine.threads", "engine-threads.R"),
    "decide_threads": ("nnscratch.engine.threads", "engine-threads.R"),
    "step_work": ("nnscratch.engine.threads", "engine-threads.R"),
    "cores_allowed": ("nnscratch.engine.threads", "engine-threads.R"),
    "busy_cores": ("nnscratch.engine.threads", "engine-threads.R"),
    "resolve_threads": ("nnscratch.engine.threads", "engine-threads.R"),
    **UPDATE_STEPS,
    **TRAINING_STEPS,
}

#: Public names one language has and the other has not, with the reason.
ONE_LANGUAGE_ONLY = {
    "update": "Python only: the notebook's name for update_parameters (in R, update() is a base generic)",
    "NNClassifier": "Python only: the scikit-learn estimator; R's object API is nn_fit() returning an "
                    "nnscratch_model with S3 methods (issue 14), compared by test_27_object_apis.py",
    "predict": "Python only: the notebook's printing predict (in R, predict() is a stats generic); "
               "R users call predict_labels",
}

#: Public names R has and Python has not, with the reason.
R_ONLY = {
    "nn_fit": "R only: R's modelling-function convention (formula and matrix interfaces, S3 methods of "
              "class nnscratch_model); Python's object API is NNClassifier (issue 14)",
}

#: Signature differences (step, argument) -> reason. Arguments absent on one side are
#: declared with what="missing in R" / "missing in Python"; different defaults with what="default".
KNOWN_GAPS = {
    ("engine_fit", "dtype"): ("missing in R", "R computes in double only; float32 training is Python's"),
    ("engine_fit", "block_size"): ("default", "Python 'auto' picks the block width from the dtype; "
                                              "R NULL is one full-width pass (a column block is a copy in R)"),
    ("default_block_size", "dtype"): ("default", "Python takes a numpy dtype (np.float64), R its name "
                                                 "('float64'); the adapter passes the name"),
    ("create_dataset", "labels"): ("default", "Python None stands for {'Cat': 1, 'Dog': 0}; "
                                              "R writes the default out as c(Cat = 1, Dog = 0)"),
}
