"""nnscratch: a feed-forward neural network from scratch, step by step.

The top-level modules are the notebook's steps (the teaching core); every step
has a twin of the same name, arguments and shapes in R (folder R/). Beside them:
``engine`` (fast and safe training, used by the command line), ``data``, ``io``,
``cli`` and ``utils``.

Shapes: X is (n_features, m) with one sample per column, Y is (1, m).
"""
from .activations import relu, relu_backprop, sigmoid, sigmoid_backprop
from .api import NNClassifier, nnscratch_sample, predict_image
from .backward import back_activ, back_prop, deep_model_back
from .batches import random_mini_batches
from .cost import cost_computation
from .data.dataset import create_dataset
from .dropout import deep_model_back_with_dropout, deep_model_with_dropout, dropout_masks
from .engine import default_block_size, forward_backward
from .forward import deep_model, for_activation, for_prop
from .init_param import init_param
from .predict import predict, predict_labels
from .regularization import l2_cost, l2_grads
from .schedules import SCHEDULES, learning_rate_schedule
from .split import flatten_images, labels_to_row, train_test_split
from .standardize import fit_standardizer, standardize
from .train import dense_nn
from .update import (init_adam, init_momentum, init_rmsprop, update, update_parameters, update_parameters_with_adam,
                     update_parameters_with_momentum, update_parameters_with_rmsprop)

__version__ = "0.1.0"

__all__ = [
    "relu", "relu_backprop", "sigmoid", "sigmoid_backprop",
    "init_param",
    "for_prop", "for_activation", "deep_model",
    "cost_computation",
    "back_prop", "back_activ", "deep_model_back",
    "update_parameters", "update",
    "init_momentum", "update_parameters_with_momentum", "init_rmsprop", "update_parameters_with_rmsprop",
    "init_adam", "update_parameters_with_adam",
    "create_dataset", "train_test_split", "flatten_images", "labels_to_row",
    "dense_nn", "forward_backward", "default_block_size",
    "predict_labels", "predict",
    # issue 13: the training steps the course adds after the notebook
    "random_mini_batches", "learning_rate_schedule", "SCHEDULES", "fit_standardizer", "standardize",
    "l2_cost", "l2_grads", "dropout_masks", "deep_model_with_dropout", "deep_model_back_with_dropout",
    # issue 14: the object API (R: nn_fit and its S3 methods) and its twins
    "NNClassifier", "predict_image", "nnscratch_sample",
]
