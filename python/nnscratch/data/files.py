"""Listing an image folder: class sub-folders, files in a fixed order (R twin: R/data-files.R)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..utils.format import quote_list, quote_text
from .cache import CACHE_DIRNAME

DEFAULT_LABELS = {"Cat": 1, "Dog": 0}


def byte_key(name: str) -> bytes:
    """Sort key: the name's bytes (locale-independent; R: ``sort(method = "radix")``). Python only."""
    return os.fsencode(name)


def check_labels(labels):
    """``labels``: a non-empty dict of class folder name -> integer label (None: ``DEFAULT_LABELS``)."""
    if labels is None:
        return dict(DEFAULT_LABELS)
    if not isinstance(labels, dict) or not labels:
        raise ValueError(f"labels must be a non-empty dict of folder name -> integer label; got {labels}")
    out = {}
    for k, v in labels.items():
        if not isinstance(k, str) or not k or "/" in k or "\\" in k:
            raise ValueError(f"labels keys must be folder names; got {quote_text(k)}")
        if isinstance(v, (bool, np.bool_)) or not float(v).is_integer():
            raise ValueError(f"labels must map to integers; {quote_text(k)} maps to {v}")
        out[k] = int(v)
    return out


def list_image_files(path, labels=None):
    """List the files of each mapped class folder, in a fixed order.

    Args:
        path: folder with one sub-folder per class (``PetImages/Cat``, ``PetImages/Dog``).
        labels: dict folder name -> integer label (default ``{"Cat": 1, "Dog": 0}``).
    Returns:
        ``(entries, ignored_folders)``: entries is a list of ``(relative_file, label)``
        with classes in byte order of folder name and files in byte order of file
        name (``"Cat/0.jpg", "Cat/1.jpg", "Cat/10.jpg", ...``); every regular file
        is listed (non-images are skipped later, with a reason); sub-folders of
        a class folder are not visited. ignored_folders: sub-folders of ``path``
        not in ``labels`` (and not the image cache), sorted.
    Raises:
        FileNotFoundError: ``path`` or a mapped class folder does not exist.
        NotADirectoryError: ``path`` is not a folder.
    """
    labels = check_labels(labels)
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"create_dataset: folder not found: {quote_text(path)}")
    if not root.is_dir():
        raise NotADirectoryError(f"create_dataset: not a folder: {quote_text(path)}")
    missing = sorted((c for c in labels if not (root / c).is_dir()), key=byte_key)
    if missing:
        raise FileNotFoundError(
            f"create_dataset: class folder {quote_text(missing[0])} not found in {quote_text(path)} "
            f"(labels name the sub-folders {quote_list(sorted(labels, key=byte_key))}; missing: {quote_list(missing)})")
    ignored = sorted((d.name for d in root.iterdir()
                      if d.is_dir() and d.name not in labels and d.name != CACHE_DIRNAME), key=byte_key)
    entries = []
    for cls in sorted(labels, key=byte_key):
        names = [e.name for e in os.scandir(root / cls) if e.is_file()]
        entries.extend((f"{cls}/{n}", labels[cls]) for n in sorted(names, key=byte_key))
    return entries, ignored
