"""One atomic file write, used by every writer (R twin: R/io-atomic.R): model files
(io/model.py), the image cache and ``.npy`` files (data/cache.py, data/npy.py), the
costs CSV (io/costs.py) and the cost-curve PNG (io/plot.py)."""
from __future__ import annotations

import itertools
import os

_COUNTER = itertools.count()


def atomic_write(path, write):
    """Write a file atomically: readers see the old file or the complete new one.

    ``write(fh)`` fills a temporary file in the destination folder (``fh`` is a
    binary file object open for writing); the file is then flushed, fsync'ed
    and renamed over ``path``. On any failure (in ``write``, the flush, the
    fsync or the rename) the temporary file is removed and ``path`` is left as
    it was. The folder of ``path`` is created when missing.

    Returns:
        ``path``.
    """
    path = os.fspath(path)
    folder, name = os.path.split(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.tmp-{os.getpid()}-{next(_COUNTER)}")
    try:
        with open(tmp, "xb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
