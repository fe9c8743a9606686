"""Decoding: image bytes to uint8 RGB pixels, resized with ``resize_area`` (R twin:
R/data-decode.R). Decoding rules: docs/formats.md, "Image files".

``decode_files`` runs ``load_image`` over many files, in worker processes when
asked (Python only; the result does not depend on the number of workers).
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .formats import REASON_JPEG_DECODE, REASON_PNG_DECODE, SkippedImage, check_image_bytes
from .resize import resize_area

#: With ``workers=None``, folders with fewer files than this are read in this process
#: (starting workers costs more than it saves).
PARALLEL_MIN_FILES = 100


def decode_rgb(data: bytes, fmt: str):
    """Decode checked JPEG/PNG bytes to uint8 (H, W, 3) RGB (alpha dropped, 16-bit -> high byte)."""
    import cv2

    buf = np.frombuffer(data, dtype=np.uint8)
    try:
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    except cv2.error:       # e.g. a header claiming more than CV_IO_MAX_IMAGE_PIXELS (2**30) pixels
        img = None
    if img is None or img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
        raise SkippedImage(REASON_JPEG_DECODE if fmt == "jpeg" else REASON_PNG_DECODE)
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def read_image_rgb(path):
    """Read one colour image as RGB.

    Args:
        path: a JPEG or PNG file (the format is found from its bytes).
    Returns:
        uint8 array (H, W, 3), channels in RGB order.
    Raises:
        SkippedImage: the file is skipped; ``.reason`` is one of the ``REASON_*``
            strings of ``nnscratch.data.formats``.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise SkippedImage(f"cannot read file ({exc.strerror or exc})", path) from None
    fmt, reason = check_image_bytes(data)
    if reason is not None:
        raise SkippedImage(reason, path)
    try:
        return decode_rgb(data, fmt)
    except SkippedImage as exc:
        raise SkippedImage(exc.reason, path) from None


def load_image(path, size):
    """``read_image_rgb`` then ``resize_area``: uint8 (size, size, 3); raises SkippedImage."""
    return resize_area(read_image_rgb(path), size)


def _load_or_reason(path, size):
    """``load_image``, or the skip reason (a str) for a skipped file: what a worker returns."""
    try:
        return load_image(path, size)
    except SkippedImage as exc:
        return exc.reason


def resolve_workers(workers, n_files):
    """The number of processes for ``n_files`` files: 1 means this process.

    ``None``: ``os.cpu_count()``, but 1 for fewer than ``PARALLEL_MIN_FILES``
    files; an integer k >= 1: k (capped at ``n_files``).
    """
    if workers is None:
        if n_files < PARALLEL_MIN_FILES:
            return 1
        workers = os.cpu_count() or 1
    elif isinstance(workers, (bool, np.bool_)) or not isinstance(workers, (int, np.integer)) or workers < 1:
        raise ValueError(f"workers must be None or a positive integer; got {workers}")
    return max(1, min(int(workers), n_files))


def _pool_context():
    """'fork' on Linux: workers start in milliseconds and a script needs no
    ``if __name__ == "__main__":`` guard. Elsewhere the platform default
    ('spawn' on macOS and Windows), which needs that guard in scripts."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def decode_files(paths, size, workers=1, progress=False):
    """``load_image`` on every path, in order: a list of uint8 (size, size, 3) arrays or skip reasons (str).

    ``workers`` > 1 decodes in that many worker processes (chunks of files,
    results in the order of ``paths``, so the output equals the serial one).
    ``progress`` shows a tqdm bar with the count of skipped files.
    """
    n = len(paths)
    results = []
    bar = None
    skipped = 0

    def advance(r):
        nonlocal skipped
        results.append(r)
        if bar is not None:
            if isinstance(r, str):
                skipped += 1
                bar.set_postfix(skipped=skipped, refresh=False)
            bar.update(1)

    def make_bar(nw):
        from tqdm import tqdm
        return tqdm(total=n, desc=f"decoding images ({nw} worker{'s' if nw > 1 else ''})", unit="img")

    try:
        if workers <= 1 or n < 2:
            bar = make_bar(1) if progress else None
            for p in paths:
                advance(_load_or_reason(p, size))
        else:
            chunksize = max(1, min(64, n // (workers * 8)))
            # No cv2.setNumThreads in the workers: after a fork from a process whose
            # OpenCV thread pool has run, it deadlocks (OpenCV 4.14); resizing itself is safe.
            with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as ex:
                try:
                    # map submits every chunk at once (forking the workers) before the bar
                    # starts its monitor thread; results come back in input order.
                    it = ex.map(_load_or_reason, paths, itertools.repeat(size), chunksize=chunksize)
                    bar = make_bar(workers) if progress else None
                    for r in it:
                        advance(r)
                except BaseException:
                    ex.shutdown(wait=False, cancel_futures=True)
                    raise
    finally:
        if bar is not None:
            bar.close()
    return results
