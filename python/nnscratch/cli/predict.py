"""``nnscratch predict`` and ``nnscratch evaluate``: use a saved model (R twin: R/cli-predict.R)."""
from __future__ import annotations

import os
import stat
import sys

import numpy as np

from .common import path_join, resolve_data, write_line
from .flags import MAX_MODEL_BYTES, MAX_SIZE, labels_problem


def check_model_file(model_path):
    """Refuse, before reading it, a model file that is not a regular file (``/dev/zero``, a FIFO:
    reading would never end or block) or larger than MAX_MODEL_BYTES (1 GiB; the notebook's largest
    network is a few MB). A missing file or a folder is left to load_model, which names it."""
    try:
        st = os.stat(model_path)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        return
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"{model_path}: not an nnscratch model file (not a regular file)")
    if st.st_size > MAX_MODEL_BYTES:
        raise ValueError(f"{model_path}: not an nnscratch model file ({st.st_size} bytes; a model file is "
                         f"at most 1 GiB)")


def model_and_size(model_path):
    """``(parameters, size, labels)`` of a model file (``model_for_prediction`` without the standardizer)."""
    return model_for_prediction(model_path)[:3]


def model_inputs(X, standardizer):
    """The network's inputs: ``X`` (n0, m), pixels / 255, standardized with the model's standardizer
    (``standardize``: (X - mean) / std) when the model has one, else X unchanged."""
    if standardizer is None:
        return X
    from ..standardize import standardize

    return standardize(X, standardizer)


def model_for_prediction(model_path):
    """``(parameters, size, labels, standardizer)`` of a model file; the input layer must be size x size x 3.

    The model's image_size must be 1 to MAX_SIZE and its labels, when it has
    them, must map two class folders to 1 and 0 (what --labels accepts);
    every refusal names the model file. ``standardizer`` is the model's
    ``{"mean": (n0, 1), "std": (n0, 1)}`` (trained with ``--standardize``) or None."""
    from ..data.files import DEFAULT_LABELS
    from ..io.model import load_model

    model_path = os.fspath(model_path)
    check_model_file(model_path)
    parameters, meta = load_model(model_path)
    size = int(meta.get("image_size", 32))
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"{model_path}: image_size must be from 1 to {MAX_SIZE}; got {size}")
    n0 = meta["architecture"][0]
    if n0 != size * size * 3:
        raise ValueError(f"{model_path}: the model takes {n0} inputs, not {size}x{size}x3 images")
    labels = meta.get("labels", dict(DEFAULT_LABELS))
    if labels_problem(list(labels.items())) is not None:
        raise ValueError(f"{model_path}: the model's labels must map two class folders (sub-folder names) "
                         f"to 1 and 0, e.g. Cat=1,Dog=0")
    return parameters, size, labels, meta.get("standardizer")


def image_files(target):
    """An image file (as typed), or every file below a folder as ``path_join(target, name)``:
    ``list_tree_files``'s rule (links to folders never followed, so no loops; names starting
    with "." such as the image cache left out; byte order). Anything that is not a regular
    file is then skipped by ``load_image`` with the reason."""
    from ..data.files import list_tree_files

    if os.path.exists(target) and not os.path.isdir(target):
        return [target]
    if not os.path.isdir(target):
        raise FileNotFoundError(f"no such file or folder: {target}")
    return [path_join(target, rel) for rel in list_tree_files(target)]


def cmd_predict(args):
    from ..data.decode import load_image
    from ..data.formats import SkippedImage
    from ..forward import deep_model

    parameters, size, labels, standardizer = model_for_prediction(args.model)
    names = {v: k for k, v in labels.items()}
    n_ok = n_skipped = 0
    for f in image_files(args.target):
        try:
            img = load_image(f, size)
        except SkippedImage as exc:
            write_line(f"skipped {f}: {exc.reason}", sys.stderr)
            n_skipped += 1
            continue
        x = model_inputs((img.astype(np.float64) / 255.0).reshape(-1, 1), standardizer)
        prob = float(deep_model(x, parameters)[0][0, 0])
        label = 1 if prob > 0.5 else 0
        write_line("%s\t%.6f\t%s" % (f, prob, names.get(label, label)))
        n_ok += 1
    if n_skipped:
        print(f"{n_ok} images predicted, {n_skipped} skipped", file=sys.stderr)
    return 0 if n_ok else 1


def confusion_counts(y_true, y_pred):
    """2x2 counts: rows are the true label (0, 1), columns the predicted label (0, 1)."""
    y_true = np.asarray(y_true).ravel().astype(int)
    y_pred = np.asarray(y_pred).ravel().astype(int)
    bad = sorted(set(np.unique(np.concatenate([y_true, y_pred])).tolist()) - {0, 1})
    if bad:  # a negative label would index from the end: a wrong table, not an error
        raise ValueError("evaluate needs labels 0 and 1; got [%s]" % ", ".join("%d" % v for v in bad))
    cm = np.zeros((2, 2), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def format_confusion(cm, names):
    """Text table; ``names`` maps label -> class name."""
    n0, n1 = str(names.get(0, 0)), str(names.get(1, 1))
    w = max(len(n0), len(n1), 4) + 2
    lines = [" " * (w + 6) + "predicted",
             "true".ljust(w + 6) + f"{n0:>{w}}{n1:>{w}}",
             f"{n0:<{w}}(0)   {cm[0, 0]:>{w}}{cm[0, 1]:>{w}}",
             f"{n1:<{w}}(1)   {cm[1, 0]:>{w}}{cm[1, 1]:>{w}}"]
    return "\n".join(lines)


def cmd_evaluate(args):
    from ..data.dataset import create_dataset
    from ..predict import predict_labels
    from ..split import flatten_images, labels_to_row

    parameters, size, labels, standardizer = model_for_prediction(args.model)
    data = resolve_data(args.data)
    ds = create_dataset(data, size=size, labels=labels, warn=False, cache=not args.no_cache)
    X, y = ds
    p, acc = predict_labels(model_inputs(flatten_images(X), standardizer), labels_to_row(y), parameters)
    write_line(f"data: {data}: {len(y)} images, {len(ds.skipped)} skipped")
    print("accuracy: %.4f" % acc)
    print(format_confusion(confusion_counts(y, p), {v: k for k, v in labels.items()}))
    return 0
