"""``predict_image(model, paths)``: probability and label of image files (R twin: R/api-image.R).

Each file goes through the data family's own steps, exactly as ``create_dataset``
loads a training image: ``load_image`` (decode to RGB, then ``resize_area`` to
the model's ``image_size``), ``/ 255.0``, ``flatten_images`` (the training
feature order), then the model's standardizer when it has one. So an image
scores the same here as in a data set, with no step to forget (a raw uint8
image, or a (32, 32, 3) array read as 32 samples).
"""
from __future__ import annotations

import os

import numpy as np

from ..data.decode import load_image
from ..data.formats import SkippedImage
from ..predict import predict_labels
from ..split import flatten_images
from ..utils.format import quote_text
from .classifier import NNClassifier


def _as_model(model):
    if isinstance(model, (str, os.PathLike)):
        return NNClassifier.load_model(model)
    if isinstance(model, NNClassifier):
        if not hasattr(model, "parameters_"):
            raise ValueError("predict_image: the NNClassifier is not fitted yet; call fit first")
        return model
    raise TypeError(f"predict_image: model must be a fitted NNClassifier or a model file path; "
                    f"got {type(model).__name__}")


def _as_paths(paths):
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if isinstance(paths, np.ndarray):
        raise TypeError(f"predict_image: paths must be an image file path or a list of them; got a numpy array of "
                        f"shape {paths.shape}. predict_image reads files; for pixels already in memory, "
                        "images (k, size, size, 3) scaled to [0, 1], use model.predict_proba(images.reshape(k, -1))")
    if isinstance(paths, (list, tuple)):
        for i, p in enumerate(paths):
            if not isinstance(p, (str, os.PathLike)):
                raise TypeError(f"predict_image: paths[{i}] must be a file path; got {type(p).__name__}")
        return list(paths)
    raise TypeError(f"predict_image: paths must be an image file path or a list of them; got {type(paths).__name__}")


def predict_image(model, paths):
    """The model's probability and label for each image file.

    Args:
        model: a fitted ``NNClassifier`` whose inputs are s x s x 3 images (its
            ``image_size_`` from a model file, else the s with n_features_in_ ==
            3 s^2), or the path of a model file (``NNClassifier.load_model``).
        paths: one image path (str or path object) or a list/tuple of them. Only
            paths: a numpy array is refused (an image array would otherwise be
            ambiguous, a (32, 32, 3) image looking like 32 samples).
    Returns:
        dict ``file``: the k paths as given (str); ``probability``: float64 (k,),
        the probability of the positive class ``classes_[1]``; ``label``: (k,),
        the predicted class (``classes_[1]`` where the probability is above 0.5,
        else ``classes_[0]``; 0/1 ints for a model file without labels).
    Raises:
        ValueError: a path is not a readable JPEG/PNG image (the message names
            it and gives the reason), or the model does not take s x s x 3 images.
        TypeError: model or paths of another kind.

    Example:
        >>> import os
        >>> from nnscratch import create_dataset, flatten_images
        >>> from nnscratch.api import NNClassifier, nnscratch_sample
        >>> X, y = create_dataset(nnscratch_sample(), size=8, warn=False, cache=False, workers=1)
        >>> clf = NNClassifier(num_iterations=200, learning_rate=0.05).fit(flatten_images(X).T, y)
        >>> out = predict_image(clf, [os.path.join(nnscratch_sample(), "Cat", "0.jpg")])
        >>> out["label"].tolist(), out["probability"].shape
        ([1], (1,))
    """
    model = _as_model(model)
    files = _as_paths(paths)
    size = model._image_size()
    if size is None:
        raise ValueError(f"predict_image: the model takes {model.layers_[0]} inputs, not the pixels of "
                         "size x size x 3 images")
    if not files:   # (flatten_images cannot reshape an empty stack: numpy's reshape(0, -1) is ambiguous)
        return {"file": [], "probability": np.zeros(0), "label": model.classes_[:0]}
    images = []
    for p in files:
        try:
            images.append(load_image(p, size))
        except SkippedImage as exc:
            raise ValueError(f"predict_image: {quote_text(os.fspath(p))} is not a readable image: {exc.reason}") \
                from None
    images = np.stack(images).astype(np.float64)
    images /= 255.0                                    # create_dataset's scaling, the same doubles
    X = model._network_inputs(flatten_images(images))  # (n0, k), create_dataset's feature order
    _, probability = model._logit_and_probability(X)
    labels, _ = predict_labels(X, None, model.parameters_)
    return {"file": [os.fspath(p) for p in files], "probability": probability,
            "label": model.classes_[labels.ravel().astype(np.intp)]}
