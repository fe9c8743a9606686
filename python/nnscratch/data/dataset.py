"""``create_dataset``: the notebook's image loader, made correct (R twin: R/data-dataset.R).

One small function per step::

    list_image_files(path, labels)      -> files in a fixed order, with labels   (data/files.py)
    read_image_rgb(file)                -> uint8 (H, W, 3) RGB, or SkippedImage  (data/decode.py)
    resize_area(img, size)              -> uint8 (size, size, 3), INTER_AREA     (data/resize.py)
    stack, / 255.0                      -> X (m, size, size, 3) float64, y (m,) int64

``create_dataset`` wraps ``load_image`` (read + resize of one file, a pure
function of the file's bytes and ``size``) in a worker pool (``workers=``) and
a cache shared with R (``cache=``, data/cache.py). Which files are kept, and
the cache format: docs/formats.md.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np

from ..utils.format import quote_list, quote_text
from . import cache as ic
from .decode import PARALLEL_MIN_FILES, decode_files, resolve_workers
from .files import byte_key, check_labels, display_name, list_image_files


class SkippedFilesWarning(UserWarning):
    """Warned once by ``create_dataset`` when files were skipped."""


class Dataset:
    """What ``create_dataset`` returns: unpacks as ``X, y`` and carries a report.

    Attributes:
        X: (m, size, size, 3) float64 in [0, 1], RGB.
        y: (m,) int64 labels.
        files: the m kept files, in order, as paths relative to ``path`` with
            "/" separators (e.g. ``"Cat/10.jpg"``); ``X[i]`` comes from ``files[i]``.
        skipped: list of ``(file, reason)`` for the files that were not loaded
            (same relative form).
        ignored_folders: sub-folders of ``path`` that ``labels`` does not map.
        path: the folder that was read; labels: the mapping used; size: the side.
        cache: dict ``dir`` (the cache folder or None), ``status`` (``"hit"``:
            read from the cache; ``"written"``: decoded, cache written;
            ``"not written"``: decoded, the cache could not be written (warned);
            ``"off"``: ``cache=False``) and ``miss`` (None on a hit, else why
            the cache was not used: ``"absent"``, ``"stale (...)"``, ``"corrupt (...)"``).

    ``X, y = create_dataset(...)`` works because iteration yields ``X`` then
    ``y`` only; ``len()`` is the number of samples.
    """

    __slots__ = ("X", "y", "files", "skipped", "ignored_folders", "path", "labels", "size", "cache")

    def __init__(self, X, y, files, skipped, ignored_folders, path, labels, size, cache=None):
        self.X = X
        self.y = y
        self.files = list(files)
        self.skipped = list(skipped)
        self.ignored_folders = list(ignored_folders)
        self.path = str(path)
        self.labels = dict(labels)
        self.size = int(size)
        self.cache = dict(cache) if cache else {"dir": None, "status": "off", "miss": None}

    def __iter__(self):
        yield self.X
        yield self.y

    def __len__(self):
        return int(self.y.shape[0])

    def report(self) -> str:
        """A human-readable summary: counts per label, skipped files with reasons, ignored folders."""
        lines = [f"{self.path}: {len(self)} images of {self.size}x{self.size}"
                 + "".join(f", label {v}: {int(np.sum(self.y == v))}" for v in sorted(set(self.labels.values())))]
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} files:")
            lines.extend(f"  {f}: {r}" for f, r in self.skipped)
        if self.ignored_folders:
            lines.append("ignored sub-folders (not in labels): " + ", ".join(self.ignored_folders))
        return "\n".join(lines)

    def __repr__(self):
        return (f"Dataset(X={self.X.shape}, y={self.y.shape}, skipped={len(self.skipped)}, "
                f"ignored_folders={self.ignored_folders!r}, path={self.path!r})")


def _warn_skipped(skipped, total, path):
    shown = "; ".join(f"{f}: {r}" for f, r in skipped[:5])
    more = f"; ... and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    warnings.warn(f"create_dataset: skipped {len(skipped)} of {total} files in {quote_text(path)} "
                  f"(see .skipped): {shown}{more}", SkippedFilesWarning, stacklevel=3)


def check_classes(path, labels, entries, files, skipped):
    """Every mapped class must have at least one kept image (a one-class training set makes no sense)."""
    reasons = dict(skipped)
    for cls in sorted(labels, key=byte_key):
        prefix = cls + "/"
        if any(f.startswith(prefix) for f in files):
            continue
        listed = [rel for rel, _ in entries if rel.startswith(prefix)]
        folder = f"{path}/{cls}"
        why = (f"all {len(listed)} files in {quote_text(folder)} were skipped "
               f"(e.g. {listed[0]}: {reasons.get(listed[0])})" if listed else f"folder {quote_text(folder)} is empty")
        raise ValueError(f"create_dataset: class {quote_text(cls)} has no readable images: {why}. Every class in "
                         f"labels needs at least one image (add images, or leave {quote_text(cls)} out of labels)")


def create_dataset(path, size=32, labels=None, *, progress=False, warn=True, cache=True, workers=None):
    """Load a folder of class sub-folders of images into arrays.

    Args:
        path: folder laid out like Microsoft's PetImages: one sub-folder per
            class (``PetImages/Cat/*.jpg``, ``PetImages/Dog/*.jpg``).
        size: side of the square output images (int >= 1).
        labels: dict class folder name -> integer label; default
            ``{"Cat": 1, "Dog": 0}``. Every mapped folder must exist and hold
            at least one readable image; other sub-folders are ignored (listed
            in ``.ignored_folders``). A mapping with one class is accepted.
        progress: show a tqdm progress bar while decoding (with the count of
            skipped files).
        warn: warn (``SkippedFilesWarning``, once) when files were skipped.
        cache: ``True`` (default): read the decoded images from the cache when
            it matches the folder, else decode and write it (in
            ``path/.nnscratch-cache/``, or ``~/.cache/nnscratch/<hash>/`` when
            the folder is not writable); ``False``: no cache; a folder path: the
            cache folder to use. The cache is shared with R's ``create_dataset``
            (docs/formats.md, "Image cache"). A corrupt cache is rebuilt with a
            ``nnscratch.data.cache.CacheWarning``.
        workers: processes decoding the images: ``None`` (default) uses
            ``os.cpu_count()`` (one process for fewer than ``PARALLEL_MIN_FILES``
            files), 1 decodes in this process, k > 1 uses k worker processes
            (forked on Linux; elsewhere spawned, so a script needs the
            ``if __name__ == "__main__":`` guard). The result does not depend on it.
    Returns:
        A ``Dataset`` that unpacks as ``X, y``: X (m, size, size, 3) float64 RGB
        in [0, 1] (uint8 / 255.0), y (m,) int64; plus ``.files`` (kept files, in
        order, relative to ``path``), ``.skipped`` (list of ``(file, reason)``),
        ``.ignored_folders``, ``.cache`` and ``.report()``. Order: classes by
        folder name, files by name, both compared as bytes.
    Raises:
        FileNotFoundError: ``path`` or a mapped class folder is missing.
        ValueError: no image could be read (names the folder), a class has no
            readable image (names the class), or bad arguments.

    Example:
        >>> from nnscratch import nnscratch_sample
        >>> ds = create_dataset(nnscratch_sample(), size=8, warn=False, cache=False)
        >>> ds.X.shape, int(ds.y.sum()), len(ds.skipped)
        ((357, 8, 8, 3), 183, 4)
    """
    if isinstance(size, (bool, np.bool_)) or not float(size).is_integer() or int(size) < 1:
        raise ValueError(f"size must be a positive integer; got {size}")
    size = int(size)
    labels = check_labels(labels)
    resolve_workers(workers, PARALLEL_MIN_FILES)          # validate before any work
    if not (cache is None or isinstance(cache, (bool, str, os.PathLike))):
        raise ValueError(f"cache must be True, False or a folder path; got {cache}")
    real_entries, ignored = list_image_files(path, labels)
    entries = [(display_name(rel), lab) for rel, lab in real_entries]   # as reports and the cache show them
    root = Path(path)

    cache_dir = ic.resolve_cache_dir(path, cache)
    info = {"dir": None if cache_dir is None else str(cache_dir), "status": "off", "miss": None}
    hit = None
    if cache_dir is not None:
        key = ic.CacheKey.of_folder(root, real_entries, size, labels)
        hit, info["miss"] = ic.load_image_cache(cache_dir, key)
        if info["miss"] and info["miss"].startswith("corrupt"):
            ic.warn_cache(f"create_dataset: image cache in {quote_text(cache_dir)} is {info['miss']}; rebuilding it")

    if hit is not None:
        info["status"] = "hit"
        images, y, files, skipped = hit.images, hit.y, hit.files, hit.skipped
    else:
        results = decode_files([root / rel for rel, _ in real_entries], size,
                               resolve_workers(workers, len(entries)), progress)
        kept = [not isinstance(r, str) for r in results]
        files = [rel for (rel, _), k in zip(entries, kept) if k]
        skipped = [(rel, r) for (rel, _), r in zip(entries, results) if isinstance(r, str)]
        y = np.asarray([lab for (_, lab), k in zip(entries, kept) if k], dtype=np.int64)
        images = (np.stack([r for r in results if not isinstance(r, str)]) if files
                  else np.zeros((0, size, size, 3), np.uint8))
        if cache_dir is not None and files:
            try:
                ic.save_image_cache(cache_dir, key, images, y, [None if k else r for k, r in zip(kept, results)])
                info["status"] = "written"
            except OSError as exc:
                info["status"] = "not written"
                ic.warn_cache(f"create_dataset: cannot write the image cache in {quote_text(cache_dir)} "
                              f"({exc.strerror or exc}); continuing without it")

    if not files:
        raise ValueError(f"create_dataset: no readable images in {quote_text(path)} "
                         f"({len(entries)} files in {quote_list(sorted(labels, key=byte_key))}, "
                         f"{len(skipped)} skipped)")
    check_classes(path, labels, entries, files, skipped)
    if skipped and warn:
        _warn_skipped(skipped, len(entries), path)
    X = images.astype(np.float64)
    X /= 255.0                                    # the same doubles as uint8 / 255.0, one allocation
    return Dataset(X, y, files, skipped, ignored, path, labels, size, cache=info)
