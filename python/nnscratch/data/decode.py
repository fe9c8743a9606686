"""Decoding: image bytes to uint8 RGB pixels, resized with ``resize_area`` (R twin:
R/data-decode.R). Decoding rules: docs/formats.md, "Image files".

``decode_files`` runs ``load_image`` over many files, in worker processes when
asked (Python only; the result does not depend on the number of workers).
"""
from __future__ import annotations

import errno
import itertools
import multiprocessing
import os
import stat
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from .formats import (FILE_KINDS, REASON_BAD_NAME, REASON_BROKEN_LINK, REASON_CANNOT_READ, REASON_JPEG_DECODE,
                      REASON_NOT_REGULAR, REASON_PNG_DECODE, SkippedImage, check_image_bytes)
from .files import display_name
from .resize import resize_area

#: With ``workers=None``, folders with fewer files than this are read in this process
#: (starting workers costs more than it saves).
PARALLEL_MIN_FILES = 100


_STDERR_SINK = {"pid": None, "file": None}


def _captured_stderr(fn):
    """``(fn(), text)``: run ``fn`` with file descriptor 2 sent to a temporary file
    and return what was written there (libjpeg prints its warnings, e.g. "Corrupt
    JPEG data: ...", straight to fd 2, without the file's name)."""
    if _STDERR_SINK["pid"] != os.getpid():             # one sink per process (workers are forked)
        _STDERR_SINK.update(pid=os.getpid(), file=tempfile.TemporaryFile())
    sink = _STDERR_SINK["file"]
    try:
        sys.stderr.flush()
    except (AttributeError, ValueError, OSError):
        pass
    saved = os.dup(2)
    try:
        os.dup2(sink.fileno(), 2)
        try:
            out = fn()
        finally:
            os.dup2(saved, 2)
    finally:
        os.close(saved)
    if os.fstat(sink.fileno()).st_size == 0:
        return out, ""
    sink.seek(0)
    text = sink.read().decode("utf-8", "replace")
    sink.seek(0)
    sink.truncate()
    return out, text


def decoder_warnings(text):
    """The decoder's warning lines, cleaned (R's jpeg package prefixes "JPEG decompression: "), in order, once each."""
    out = []
    for line in text.replace("JPEG decompression: ", "\n").split("\n"):
        line = line.strip()
        if line and line not in out:
            out.append(line)
    return out


def report_decoder_warnings(path, lines):
    """One line per decoder warning, naming the file: ``<file>: <warning> (image kept)``."""
    for line in lines:
        print(f"{display_name(os.fspath(path))}: {line} (image kept)", file=sys.stderr, flush=True)


def decode_rgb(data: bytes, fmt: str, file=None):
    """Decode checked JPEG/PNG bytes to uint8 (H, W, 3) RGB (alpha dropped, 16-bit -> high byte).

    A JPEG the decoder warns about (libjpeg's "Corrupt JPEG data: ...": a body it
    cannot fully decode, filled in with gray) is kept, as R keeps it; each warning is
    printed to stderr on one line naming ``file``.
    """
    import cv2

    buf = np.frombuffer(data, dtype=np.uint8)

    def run():
        try:
            return cv2.imdecode(buf, cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
        except cv2.error:       # e.g. a header claiming more than CV_IO_MAX_IMAGE_PIXELS (2**30) pixels
            return None

    if fmt == "jpeg":
        img, text = _captured_stderr(run)
        if img is not None and text:
            report_decoder_warnings(file if file is not None else "<bytes>", decoder_warnings(text))
    else:
        img = run()
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

    Only regular files are read (a symbolic link to one is followed): a named
    pipe, socket or device is skipped without being opened for long (it is
    opened non-blocking and checked with ``fstat``), and so are a broken or
    looping link and a name that is not UTF-8 (R cannot open it).
    """
    path = os.fspath(path)
    if display_name(os.path.basename(path)) != os.path.basename(path):
        raise SkippedImage(REASON_BAD_NAME, path)
    data = read_regular_file(path)
    fmt, reason = check_image_bytes(data)
    if reason is not None:
        raise SkippedImage(reason, path)
    try:
        return decode_rgb(data, fmt, path)
    except SkippedImage as exc:
        raise SkippedImage(exc.reason, path) from None


def file_kind(mode):
    """The ``FILE_KINDS`` key of a ``st_mode`` that is not a regular file."""
    for key, test in (("fifo", stat.S_ISFIFO), ("socket", stat.S_ISSOCK), ("char", stat.S_ISCHR),
                      ("block", stat.S_ISBLK)):
        if test(mode):
            return key
    return "other"


def read_regular_file(path):
    """The bytes of a regular file; SkippedImage (with the reason) for anything else or a read error."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path) and not os.path.exists(path):
            raise SkippedImage(REASON_BROKEN_LINK, path) from None
        raise SkippedImage(REASON_CANNOT_READ.format(exc.strerror or exc), path) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise SkippedImage(REASON_CANNOT_READ.format(os.strerror(errno.EISDIR)), path)
        if not stat.S_ISREG(st.st_mode):
            raise SkippedImage(REASON_NOT_REGULAR.format(FILE_KINDS[file_kind(st.st_mode)]), path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise SkippedImage(REASON_CANNOT_READ.format(exc.strerror or exc), path) from None
    finally:
        os.close(fd)


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
