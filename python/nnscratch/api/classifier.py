"""``NNClassifier``: the network as a scikit-learn estimator (Python only; R's counterpart is ``nn_fit``).

The teaching core and the engine keep the notebook's convention, one sample per
COLUMN (``X`` is ``(n_features, m)``). scikit-learn (like every Python modelling
library) puts one sample per ROW. ``NNClassifier`` takes rows and turns them into
columns at exactly one place, ``samples_as_columns`` below, then calls the
engine (``engine_fit``, or ``engine_fit_epochs`` with ``epochs``/``batch_size``)
and the core's forward pass: it adds no maths of its own.

Model files: ``NNClassifier.save_model(path)`` writes the fitted network with
``nnscratch.io.model.save_model`` (the format both languages read, docs/formats.md)
and ``NNClassifier.load_model(path)`` builds a fitted classifier from any model
file (one written by the command line or by R's ``nn_fit``).
"""
from __future__ import annotations

import math
import numbers
import re

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ..cli.flags import DEFAULTS
from ..engine.fit import engine_fit
from ..engine.rules import update_rule
from ..forward import deep_model
from ..predict import predict_labels
from ..utils.format import quote_text
from ..utils.validation import check_init, check_learning_rate, check_positive_int, check_seed, is_integral

try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - scikit-learn 1.3 to 1.5
    def _validate_data(estimator, X="no_validation", y="no_validation", **kwargs):
        return estimator._validate_data(X, y, **kwargs)

#: Cost recorded every this many iterations in full-batch mode (``costs_``); the command line's default.
COST_EVERY = 10
#: ``batch_size`` / ``epochs`` when only the other one is given: the command line's defaults
#: (nnscratch.cli.flags.DEFAULTS; R's nn_fit reads CLI_DEFAULTS the same way).
DEFAULT_BATCH_SIZE = DEFAULTS["batch_size"]
DEFAULT_EPOCHS = DEFAULTS["epochs"]
#: Class names a model file's ``labels`` line can hold (it is ``name=0,name=1`` on one line).
_BAD_LABEL = re.compile(r"[,\n\r]")
_INT_TEXT = re.compile(r"[+-]?[0-9]+")


def samples_as_columns(X):
    """THE transpose of the object API: ``X`` (m, n_features), one sample per row (scikit-learn's
    convention) -> (n_features, m), one sample per column (the core's and the engine's, as in the
    notebook). A view, no copy: the same memory layout as ``flatten_images`` gives.

    Example:
        >>> X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # 2 samples (rows), 3 features
        >>> samples_as_columns(X)
        array([[1., 4.],
               [2., 5.],
               [3., 6.]])
    """
    return X.T


class NNClassifier(ClassifierMixin, BaseEstimator):
    """A feed-forward binary classifier (ReLU hidden layers, sigmoid output), scikit-learn style.

    Samples are ROWS here (``X`` is ``(n_samples, n_features)``), as everywhere in
    scikit-learn; the network itself works on COLUMNS (the notebook's convention),
    so ``fit`` and the prediction methods transpose once, in ``samples_as_columns``.

    Args (stored unchanged, checked by ``fit``; the same names and defaults as R's ``nn_fit``):
        hidden_layer_sizes: widths of the hidden layers, e.g. ``(16, 8)``; ``()`` is
            logistic regression. The network is ``[n_features, *hidden_layer_sizes, 1]``.
        learning_rate: the step size (a positive number).
        num_iterations: full-batch gradient steps (used when ``epochs`` and
            ``batch_size`` are both None).
        init: ``"he"``, ``"xavier"`` or ``"scaled"`` (``init_param``'s recipes).
        seed: an integer in [0, 2**32 - 1]; the same seed gives the same network.
        optimizer: ``"gd"``, ``"momentum"`` (its beta is ``beta1``), ``"rmsprop"`` or ``"adam"``.
        epochs, batch_size: giving either trains by epochs of mini-batches
            (``engine_fit_epochs``); the other then takes the command line's
            default (``DEFAULT_BATCH_SIZE`` 128, ``DEFAULT_EPOCHS`` 20).
        beta1, beta2, epsilon: the optimizer's hyper-parameters.
        l2: L2 strength (epochs mode only).
        dropout: probability of dropping a hidden unit, in [0, 1) (epochs mode only).
        standardize: standardize every feature with the training set's mean and
            (population) standard deviation; kept in ``standardizer_`` and applied
            to every X the model sees afterwards.

    Attributes (after ``fit``):
        classes_: the two classes, ``np.unique(y)``; ``classes_[1]`` is the positive
            class (label 1, the network's output), ``classes_[0]`` label 0.
        n_features_in_, feature_names_in_ (when X had string column names).
        layers_: ``[n_features, *hidden_layer_sizes, 1]``.
        parameters_: the network, dict ``W1, b1, ...`` (``W_l`` is (n_l, n_(l-1))).
        costs_: full-batch mode: the cost every ``COST_EVERY`` (10) iterations.
        history_: epochs mode: ``engine_fit_epochs``'s history (per-epoch lists).
        standardizer_: ``{"mean": (n_features, 1), "std": (n_features, 1)}`` (standardize=True).

    Example:
        >>> import numpy as np
        >>> X = np.array([[0., 0.], [0., 1.], [1., 0.], [1., 1.]] * 5)
        >>> y = np.array(["no", "no", "no", "yes"] * 5)
        >>> clf = NNClassifier(hidden_layer_sizes=(4,), learning_rate=0.5, num_iterations=300).fit(X, y)
        >>> clf.classes_.tolist()
        ['no', 'yes']
        >>> clf.predict([[1., 1.], [0., 1.]]).tolist()
        ['yes', 'no']
        >>> clf.predict_proba([[1., 1.]]).shape
        (1, 2)
        >>> clf.score(X, y)
        1.0
    """

    def __init__(self, hidden_layer_sizes=(16, 8), learning_rate=0.02, num_iterations=600, init="he", seed=1,
                 optimizer="gd", epochs=None, batch_size=None, beta1=0.9, beta2=0.999, epsilon=1e-8, l2=0.0,
                 dropout=0.0, standardize=False):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.learning_rate = learning_rate
        self.num_iterations = num_iterations
        self.init = init
        self.seed = seed
        self.optimizer = optimizer
        self.epochs = epochs
        self.batch_size = batch_size
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2 = l2
        self.dropout = dropout
        self.standardize = standardize

    # -- scikit-learn's tags: a binary classifier ----------------------------------------------

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _more_tags(self):  # pragma: no cover - scikit-learn < 1.6
        return {"binary_only": True}

    # -- settings ------------------------------------------------------------------------------

    def _hidden(self):
        h = self.hidden_layer_sizes
        sizes = [h] if is_integral(h) else (list(h) if isinstance(h, (list, tuple, np.ndarray)) else None)
        if sizes is None or any(not is_integral(s) or int(s) < 1 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be positive integers (e.g. (16, 8)); got {h!r}")
        return [int(s) for s in sizes]

    def _settings(self):
        """The checked settings; ``epochs`` is None in full-batch mode."""
        s = {"hidden": self._hidden(), "learning_rate": check_learning_rate(self.learning_rate),
             "init": check_init(self.init), "seed": check_seed(self.seed)}
        s["rule"] = update_rule(self.optimizer, s["learning_rate"], beta=self.beta1, beta1=self.beta1,
                                beta2=self.beta2, epsilon=self.epsilon)
        epochs_mode = self.epochs is not None or self.batch_size is not None
        if epochs_mode:
            s["epochs"] = check_positive_int("epochs", DEFAULT_EPOCHS if self.epochs is None else self.epochs)
            s["batch_size"] = check_positive_int(
                "batch_size", DEFAULT_BATCH_SIZE if self.batch_size is None else self.batch_size)
        else:
            s["epochs"] = None
            s["num_iterations"] = check_positive_int("num_iterations", self.num_iterations)
        for name, value, high in (("l2", self.l2, math.inf), ("dropout", self.dropout, 1.0)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < high:
                rng = "a finite number >= 0" if high == math.inf else "a number in [0, 1)"
                raise ValueError(f"{name} must be {rng}; got {value!r}")
            if value and not epochs_mode:
                raise ValueError(f"{name} needs training by epochs: give epochs or batch_size "
                                 f"(full-batch training has no {name})")
        if not isinstance(self.standardize, (bool, np.bool_)):
            raise ValueError(f"standardize must be True or False; got {self.standardize!r}")
        return s

    # -- fit -----------------------------------------------------------------------------------

    def fit(self, X, y):
        """Train on X (m, n_features), one sample per row, and y (m,): exactly two classes.

        Returns self. The network trains on ``samples_as_columns(X)`` (the engine's
        convention) and ``Y`` = 1 where ``y == classes_[1]``, else 0, with the same
        engine call and seed as the command line: the result is exactly
        ``engine_fit(X.T, Y, layers_, learning_rate, num_iterations, seed=seed,
        init=init, rule=..., cost_every=10)``.

        Raises:
            ValueError: y does not hold exactly two classes (the message names
                them), X is not a finite 2-D array of numbers, a bad setting.
        """
        settings = self._settings()
        X, y = _validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        classes, y_index = np.unique(y, return_inverse=True)
        if len(classes) != 2:
            found = _class_list(classes)
            if len(classes) < 2:
                raise ValueError(f"y has only one class ({found}); NNClassifier is a binary classifier: "
                                 "y must hold exactly two classes")
            raise ValueError(f"Only binary classification is supported. y has {len(classes)} classes ({found}); "
                             "NNClassifier is a binary classifier: y must hold exactly two classes")
        Xc = samples_as_columns(X)
        Y = y_index.reshape(1, -1).astype(np.float64)      # (1, m): 1 for classes[1], 0 for classes[0]
        standardizer = None
        if self.standardize:
            from ..standardize import fit_standardizer, standardize
            standardizer = fit_standardizer(Xc)
            Xc = standardize(Xc, standardizer)
        layers = [X.shape[1], *settings["hidden"], 1]
        if settings["epochs"] is None:
            parameters, costs = engine_fit(Xc, Y, layers, settings["learning_rate"], settings["num_iterations"],
                                           seed=settings["seed"], init=settings["init"], rule=settings["rule"],
                                           cost_every=COST_EVERY)
            history = None
        else:
            from ..engine.epochs import engine_fit_epochs
            parameters, history = engine_fit_epochs(
                Xc, Y, layers, rule=settings["rule"], epochs=settings["epochs"],
                batch_size=settings["batch_size"], seed=settings["seed"], init=settings["init"],
                l2=float(self.l2), keep_prob=1.0 - float(self.dropout))
            costs = None
        self._set_fitted(classes, layers, parameters, costs, history, standardizer)
        return self

    def _set_fitted(self, classes, layers, parameters, costs, history, standardizer):
        for name in ("costs_", "history_", "standardizer_"):
            self.__dict__.pop(name, None)           # a refit in the other mode leaves no stale attribute
        self.classes_ = classes
        self.layers_ = list(layers)
        self.parameters_ = parameters
        if costs is not None:
            self.costs_ = list(costs)
        if history is not None:
            self.history_ = history
        if standardizer is not None:
            self.standardizer_ = standardizer

    # -- prediction ----------------------------------------------------------------------------

    def _inputs(self, X):
        """X (m, n_features) rows -> the network's inputs (n_features, m): columns, standardized when fitted so."""
        check_is_fitted(self, "parameters_")
        X = _validate_data(self, X, reset=False, dtype=np.float64)
        return self._network_inputs(samples_as_columns(X))

    def _network_inputs(self, Xc):
        """Columns (n_features, m) -> what the network sees (the standardizer applied when there is one)."""
        standardizer = getattr(self, "standardizer_", None)
        if standardizer is None:
            return Xc
        from ..standardize import standardize
        return standardize(Xc, standardizer)

    def _logit_and_probability(self, Xc):
        """(Z_L, A_L) of the output layer for network inputs Xc (n_features, m), each (m,)."""
        AL, caches = deep_model(Xc, self.parameters_)
        ZL = caches[-1][1]                                 # the sigmoid's cache is its input Z_L
        return ZL.ravel(), AL.ravel()

    def decision_function(self, X):
        """The logit of the positive class ``classes_[1]``: the output layer's Z_L (before the sigmoid), (m,)."""
        return self._logit_and_probability(self._inputs(X))[0]

    def predict_proba(self, X):
        """(m, 2): column 1 the network's probability of ``classes_[1]``, column 0 one minus it."""
        p = self._logit_and_probability(self._inputs(X))[1]
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        """The class of every row: ``classes_[1]`` where the probability is above 0.5 (the core's
        ``predict_labels``), else ``classes_[0]``."""
        labels, _ = predict_labels(self._inputs(X), None, self.parameters_)
        return self.classes_[labels.ravel().astype(np.intp)]

    # -- model files ---------------------------------------------------------------------------

    def model_meta(self):
        """The model-file header of this fitted classifier (``meta`` for ``nnscratch.io.model.save_model``).

        Records the architecture, init, seed, learning rate, the optimizer and its
        hyper-parameters, the mode's settings and training record (``iterations``,
        ``cost_every``, ``costs``; or ``epochs``, ``batch_size``, ``l2``, ``dropout``
        and the ``history_*`` lists), ``labels`` (``classes_[0]`` -> 0,
        ``classes_[1]`` -> 1), ``image_size`` when the inputs are s x s x 3 images,
        ``created_by`` "python" and the standardizer.
        """
        check_is_fitted(self, "parameters_")
        names = [str(c) for c in self.classes_]
        for name in names:
            if _BAD_LABEL.search(name) or not name:
                raise ValueError(f"class {quote_text(name)} cannot be written to a model file's labels "
                                 "(a class name must be non-empty, without ',' or a line break)")
        settings = self._settings()
        rule = settings["rule"]
        meta = {"architecture": list(self.layers_), "init": settings["init"], "seed": settings["seed"],
                "learning_rate": settings["learning_rate"], "labels": {names[0]: 0, names[1]: 1},
                "created_by": "python", "update_rule": rule.name}
        size = self._image_size()
        if size is not None:
            meta["image_size"] = size
        hyper = {k: v for k, v in rule.hyper.items() if k != "learning_rate"}
        if hyper:
            meta["optimizer_hyper"] = hyper
        if hasattr(self, "history_"):
            meta.update(epochs=settings["epochs"], batch_size=settings["batch_size"], l2=float(self.l2),
                        dropout=float(self.dropout))
            for key in ("cost", "accuracy", "val_cost", "val_accuracy"):
                meta["history_" + key] = [float(v) for v in self.history_[key]]
        else:
            meta.update(iterations=settings["num_iterations"], cost_every=COST_EVERY,
                        costs=[float(c) for c in getattr(self, "costs_", [])])
        if getattr(self, "standardizer_", None) is not None:
            meta["standardizer"] = self.standardizer_
        return meta

    def _image_size(self):
        """The image side s when the inputs are s x s x 3 images: the model file's image_size, or
        the s with n_features_in_ == 3 s^2; None otherwise."""
        size = getattr(self, "image_size_", None)
        if size is not None:
            return int(size)
        n0 = self.layers_[0]
        s = math.isqrt(n0 // 3)
        return s if n0 % 3 == 0 and 3 * s * s == n0 else None

    def save_model(self, path):
        """Write the fitted network to a model file (``nnscratch.io.model.save_model``, written
        atomically; header: ``model_meta()``). Returns ``path``. It loads with
        ``NNClassifier.load_model``, with ``nnscratch predict``, and in R
        (``load_model``; a ``nnscratch_model`` from it predicts the same classes)."""
        from ..io.model import save_model
        save_model(path, self.parameters_, self.model_meta())
        return path

    @classmethod
    def load_model(cls, path):
        """A fitted ``NNClassifier`` from a model file (written by ``save_model``, the command line
        or R's ``nn_fit``).

        The settings the file records become the constructor arguments (the others
        keep their defaults); ``classes_`` comes from the ``labels`` line, ordered
        by label (``classes_[1]`` is the class labelled 1; names that are integers
        written as ``str(int)`` become ints, so a model trained on 0/1 labels
        predicts 0/1 again); a file without labels gives ``classes_ = [0, 1]``.
        ``image_size_`` is the file's ``image_size`` (None when absent).
        """
        from ..io.model import ModelFileError, load_model
        parameters, meta = load_model(path)
        dims = list(meta["architecture"])
        if dims[-1] != 1:
            raise ModelFileError(f"{path}: the output layer has {dims[-1]} units; a binary classifier has 1")
        kwargs = {"hidden_layer_sizes": tuple(dims[1:-1])}
        for key in ("learning_rate", "init", "seed", "epochs", "batch_size", "l2", "dropout"):
            if key in meta:
                kwargs[key] = meta[key]
        if "iterations" in meta and meta["iterations"] >= 1:
            kwargs["num_iterations"] = meta["iterations"]
        if "update_rule" in meta:
            kwargs["optimizer"] = meta["update_rule"]
        hyper = meta.get("optimizer_hyper", {})
        for key, arg in (("beta1", "beta1"), ("beta", "beta1"), ("beta2", "beta2"), ("epsilon", "epsilon")):
            if key in hyper:
                kwargs[arg] = hyper[key]
        kwargs["standardize"] = "standardizer" in meta
        model = cls(**kwargs)
        classes = _classes_from_labels(meta.get("labels"), path)
        history = None
        if "history_cost" in meta:
            n = len(meta["history_cost"])
            history = {"epoch": list(range(1, n + 1))}
            for key in ("cost", "accuracy", "val_cost", "val_accuracy"):
                history[key] = list(meta.get("history_" + key, [float("nan")] * n))
            history["best_epoch"] = meta.get("best_epoch")
        costs = meta.get("costs") if history is None else None
        model._set_fitted(classes, dims, parameters, costs, history, meta.get("standardizer"))
        model.n_features_in_ = dims[0]
        model.image_size_ = meta.get("image_size")
        return model


def _class_list(classes):
    """The classes for a message: ``['Cat', 'Dog', 'Fox']`` or ``[0, 1, 2]``."""
    return "[" + ", ".join(quote_text(c) if isinstance(c, str) else repr(c.item() if hasattr(c, "item") else c)
                           for c in classes) + "]"


def _classes_from_labels(labels, path):
    """``classes_`` from a model file's ``labels`` (name -> 0/1): [name of 0, name of 1]."""
    from ..io.model import ModelFileError
    if labels is None:
        return np.array([0, 1])
    by_label = {lab: name for name, lab in labels.items()}
    if len(labels) != 2 or set(by_label) != {0, 1}:
        raise ModelFileError(f"{path}: the model's labels must map two classes to 0 and 1; got "
                             + ",".join(f"{n}={v}" for n, v in labels.items()))
    names = [by_label[0], by_label[1]]
    if all(_INT_TEXT.fullmatch(n) and str(int(n)) == n for n in names):
        return np.array([int(n) for n in names])
    return np.array(names)
