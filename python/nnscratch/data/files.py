"""Listing an image folder: class sub-folders, files in a fixed order (R twin: R/data-files.R)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np

from ..utils.format import quote_list, quote_text
from .cache import CACHE_DIRNAME

DEFAULT_LABELS = {"Cat": 1, "Dog": 0}


def byte_key(name: str) -> bytes:
    """Sort key: the name's bytes (locale-independent; R: ``sort(method = "radix")``). Python only."""
    return os.fsencode(name)


class UnreadableFolderError(PermissionError, ValueError):
    """A folder of the data set cannot be listed; the message names it and says why."""


def display_name(name: str) -> str:
    """A file name as reports and the cache manifest show it: bytes that are not UTF-8
    (``os.listdir`` gives them as surrogates) become ``\\xNN`` (R: ``display_name``)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def is_bad_name(name: str) -> bool:
    """True when ``name`` (as ``os.listdir`` gives it) is not valid UTF-8: such a file is skipped."""
    return display_name(name) != name


def _scan(folder):
    """Names in ``folder`` (UnreadableFolderError naming it when it cannot be listed)."""
    try:
        return os.listdir(folder)
    except OSError as exc:
        raise UnreadableFolderError(f"create_dataset: cannot read the folder {quote_text(os.fspath(folder))} "
                                    f"({exc.strerror or exc})") from None


def _is_dir(path):
    """A folder, or a symbolic link to one (never visited); False for anything ``stat`` fails on."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


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
        name (``"Cat/0.jpg", "Cat/1.jpg", "Cat/10.jpg", ...``); every entry of a
        class folder that is not a folder is listed: regular files, symbolic links
        to files, and the entries ``read_image_rgb`` skips with a reason (named
        pipes, sockets, devices, broken or looping links; a name that is not
        UTF-8 is kept as the operating system gives it, see ``is_bad_name``).
        Sub-folders of a class folder, and links to folders, are not visited.
        ignored_folders: sub-folders of ``path`` not in ``labels`` (and not the
        image cache), sorted.
    Raises:
        FileNotFoundError: ``path`` or a mapped class folder does not exist.
        NotADirectoryError: ``path`` is not a folder.
        UnreadableFolderError (a PermissionError and a ValueError): ``path`` or a
            class folder cannot be listed (the message names it).
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
    ignored = sorted((display_name(n) for n in _scan(root)
                      if n not in labels and n != CACHE_DIRNAME and _is_dir(root / n)), key=byte_key)
    entries = []
    for cls in sorted(labels, key=byte_key):
        folder = root / cls
        names = [n for n in _scan(folder) if is_bad_name(n) or not _is_dir(folder / n)]
        entries.extend((f"{cls}/{n}", labels[cls]) for n in sorted(names, key=byte_key))
    return entries, ignored


def list_tree_files(target):
    """Every file below a folder, for ``predict``: relative names (``"a/b.jpg"``, as the system
    gives them: show them with ``display_name``) in byte order of the names as shown.

    The same rule as ``list_image_files``, one level deeper each time: every entry
    that is not a folder is listed (``read_image_rgb`` skips named pipes, broken or
    looping links and the like with a reason), folders are visited but symbolic
    links to folders never are (no loops), and names starting with "." (the image
    cache ``.nnscratch-cache`` among them) are left out. R twin: ``list_tree_files``.

    Raises:
        FileNotFoundError: ``target`` does not exist; NotADirectoryError: it is not a folder;
        UnreadableFolderError: a folder below it cannot be listed.
    """
    if target is None or os.fspath(target) == "":
        raise ValueError("the folder name is empty")
    root = os.fspath(target)
    if not os.path.exists(root):
        raise FileNotFoundError(f"no such file or folder: {quote_text(root)}")
    if not os.path.isdir(root):
        raise NotADirectoryError(f"not a folder: {quote_text(root)}")
    out = []
    todo = [""]
    while todo:
        sub = todo.pop()
        folder = os.path.join(root, sub) if sub else root
        for n in _scan(folder):
            if n.startswith("."):
                continue
            rel = f"{sub}/{n}" if sub else n
            full = os.path.join(folder, n)
            if not is_bad_name(n) and _is_dir(full):
                if not os.path.islink(full):
                    todo.append(rel)
                continue
            out.append(rel)
    return sorted(out, key=lambda r: byte_key(display_name(r)))   # byte order of the names as shown
