"""One atomic file write, used by every writer (R twin: R/io-atomic.R): model files
(io/model.py), the image cache and ``.npy`` files (data/cache.py, data/npy.py), the
costs CSV (io/costs.py) and the cost-curve PNG (io/plot.py)."""
from __future__ import annotations

import itertools
import os

from ..utils.format import quote_text

_COUNTER = itertools.count()


class AtomicWriteError(OSError):
    """A file could not be written (disk full, no permission, ...); ``path`` was left as it was.

    An ``OSError`` with the ``errno`` and ``strerror`` of the failure, whose
    message names the file: ``cannot write '<path>': No space left on device``
    (R's ``atomic_write`` says ``cannot write '<path>': <R's reason>``).
    """

    def __init__(self, path, cause):
        super().__init__(getattr(cause, "errno", None), getattr(cause, "strerror", None) or str(cause))
        self.path = path
        self.message = f"cannot write {quote_text(path)}: {self.strerror}"

    def __str__(self):
        return self.message


def atomic_write(path, write):
    """Write a file atomically: readers see the old file or the complete new one.

    ``write(fh)`` fills a temporary file in the destination folder (``fh`` is a
    binary file object open for writing); the file is then flushed, fsync'ed
    and renamed over ``path``. On any failure (in ``write``, the flush, the
    fsync or the rename) the temporary file is removed and ``path`` is left as
    it was; an ``OSError`` (a full disk, a read-only folder, ...) is raised
    again as ``AtomicWriteError``, whose message names ``path``. The folder of
    ``path`` is created when missing. The file gets the mode ``open()`` gives a
    new file (0666 less the umask), like R's writers.

    Returns:
        ``path``.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'hello.txt')
        >>> atomic_write(path, lambda fh: fh.write(b'hello')) == path  # fh: the temporary file, binary
        True
        >>> open(path).read()
        'hello'
    """
    path = os.fspath(path)
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.tmp-{os.getpid()}-{next(_COUNTER)}")
    try:
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(tmp, "xb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, AtomicWriteError):
            raise AtomicWriteError(path, exc) from exc
        raise
    return path
