"""nnscratch: a feed-forward neural network from scratch, step by step.

The top-level modules are the notebook's steps (the teaching core); every step
has a twin of the same name, arguments and shapes in R (folder R/). Beside them:
``engine`` (fast and safe training, used by the command line), ``data``, ``io``,
``cli`` and ``utils``.

Shapes: X is (n_features, m) with one sample per column, Y is (1, m).
"""
from .activations import relu, relu_backprop, sigmoid, sigmoid_backprop
from .backward import back_activ, back_prop, deep_model_back
from .cost import cost_computation
from .data.dataset import create_dataset
from .engine import default_block_size, forward_backward
from .forward import deep_model, for_activation, for_prop
from .init_param import init_param
from .predict import predict, predict_labels
from .split import flatten_images, labels_to_row, train_test_split
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
]
