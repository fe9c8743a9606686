"""Image loading: ``create_dataset`` (the notebook's loader, made correct).

Pipeline, one small function per step (the R twin in R/dataset.R has the same
steps, rules and reason strings)::

    list_image_files(path, labels)      -> files in a fixed order, with labels
    read_image_rgb(file)                -> uint8 (H, W, 3) RGB, or SkippedImage(reason)
    resize_area(img, size)              -> uint8 (size, size, 3), OpenCV INTER_AREA
    stack, / 255.0                      -> X (m, size, size, 3) float64, y (m,) int64

``create_dataset`` wraps ``load_image`` (read + resize of one file, a pure
function of the file's bytes and ``size``) in a worker pool (``workers=``) and
a cache shared with R (``cache=``, see nnscratch/image_cache.py).

Which files are kept (the same rule in R)
-----------------------------------------
The format is found from the file's first bytes, never from its extension:
``FF D8 FF`` is JPEG, ``89 50 4E 47 0D 0A 1A 0A`` is PNG; anything else is
skipped ("not a JPEG or PNG file"), even if cv2 could read it (BMP, GIF, WebP,
...), because R reads JPEG and PNG only. Then the header decides:

* JPEG: the frame header must give 3 components (YCbCr or RGB). 1 component is a
  grayscale original (skipped); 4 (CMYK/YCCK) is skipped as unsupported. A JPEG
  without an end-of-image marker (``FF D9``) after its first scan is skipped as
  truncated: libjpeg would fill the missing part with gray and only print a
  warning, in both languages.
* PNG: the IHDR colour type decides: 0 (gray) and 4 (gray+alpha) are grayscale
  originals (skipped); 2 (RGB), 3 (palette, even a palette of grays) and
  6 (RGBA) are colour. A PNG whose chunks end before ``IEND`` is truncated.
* Colour files are decoded with ``cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION``:
  8-bit, 3 channels, an alpha channel is dropped (not composited over a
  background), 16-bit samples are reduced to their high byte (``v >> 8``,
  libpng's ``png_set_strip_16``), palettes are expanded. EXIF orientation is
  ignored (pixels are taken as stored) because R's jpeg package does not apply
  it. A decoder failure skips the file ("unreadable JPEG/PNG (decoder error)").
* The decoded BGR pixels are converted to RGB (the notebook passed
  ``cv2.COLOR_BGR2RGB`` as an imread *flag*, so its pixels stayed BGR).

Why not ask the decoder for the channel count? ``cv2.IMREAD_ANYCOLOR`` returns
2-D arrays for gray JPEG/PNG but 3 channels for a gray+alpha PNG, and
``IMREAD_UNCHANGED`` returns 4 channels for both gray+alpha and RGBA (checked
with OpenCV 4.14), so neither tells gray+alpha from colour; the header does.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

DEFAULT_LABELS = {"Cat": 1, "Dog": 0}

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Skip reasons. R/dataset.R uses the same strings, so reports can be compared.
REASON_EMPTY = "empty file (0 bytes)"
REASON_NOT_IMAGE = "not a JPEG or PNG file"
REASON_JPEG_HEADER = "corrupt JPEG (no frame header or scan)"
REASON_JPEG_TRUNCATED = "truncated JPEG (no end-of-image marker)"
REASON_JPEG_GRAY = "grayscale image (JPEG, 1 component)"
REASON_JPEG_CMYK = "unsupported JPEG colour space (4 components, CMYK)"
REASON_JPEG_DECODE = "unreadable JPEG (decoder error)"
REASON_PNG_HEADER = "corrupt PNG (no IHDR chunk)"
REASON_PNG_TRUNCATED = "truncated PNG (no IEND chunk)"
REASON_PNG_GRAY = "grayscale image (PNG, gray)"
REASON_PNG_GRAY_ALPHA = "grayscale image (PNG, gray+alpha)"
REASON_PNG_DECODE = "unreadable PNG (decoder error)"

#: Images whose header claims more pixels than this are skipped before decoding:
#: a 600-byte JPEG can claim 20000 x 20000 pixels, which decodes to 1.2 GB here
#: and to ~10 GB of doubles in R. 50 megapixels is 250 times a PetImages photo.
MAX_PIXELS = 50_000_000


def reason_too_large(width, height):
    return f"image too large ({width} x {height} pixels; the limit is {MAX_PIXELS:,})"


class SkippedImage(ValueError):
    """Raised by ``read_image_rgb`` for a file that is skipped; ``.reason`` says why."""

    def __init__(self, reason: str, file=None):
        self.reason = reason
        self.file = None if file is None else str(file)
        super().__init__(reason if file is None else f"{file}: {reason}")


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


# -- listing -------------------------------------------------------------------

def _byte_key(name: str) -> bytes:
    """Sort key: the name's bytes (locale-independent; R: ``sort(method = "radix")``)."""
    return os.fsencode(name)


def check_labels(labels):
    """``labels``: a non-empty dict of class folder name -> integer label."""
    if labels is None:
        return dict(DEFAULT_LABELS)
    if not isinstance(labels, dict) or not labels:
        raise ValueError(f"labels must be a non-empty dict of folder name -> integer label; got {labels!r}")
    out = {}
    for k, v in labels.items():
        if not isinstance(k, str) or not k or "/" in k or "\\" in k:
            raise ValueError(f"labels keys must be folder names; got {k!r}")
        if isinstance(v, (bool, np.bool_)) or not float(v).is_integer():
            raise ValueError(f"labels must map to integers; {k!r} maps to {v!r}")
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
        not in ``labels``, sorted.
    Raises:
        FileNotFoundError: ``path`` or a mapped class folder does not exist.
        NotADirectoryError: ``path`` is not a folder.
    """
    labels = check_labels(labels)
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"create_dataset: folder not found: {str(path)!r}")
    if not root.is_dir():
        raise NotADirectoryError(f"create_dataset: not a folder: {str(path)!r}")
    missing = sorted((c for c in labels if not (root / c).is_dir()), key=_byte_key)
    if missing:
        raise FileNotFoundError(
            f"create_dataset: class folder {missing[0]!r} not found in {str(path)!r} "
            f"(labels name the sub-folders {sorted(labels, key=_byte_key)}; missing: {missing})")
    from .image_cache import CACHE_DIRNAME

    ignored = sorted((d.name for d in root.iterdir()
                      if d.is_dir() and d.name not in labels and d.name != CACHE_DIRNAME), key=_byte_key)
    entries = []
    for cls in sorted(labels, key=_byte_key):
        names = [e.name for e in os.scandir(root / cls) if e.is_file()]
        entries.extend((f"{cls}/{n}", labels[cls]) for n in sorted(names, key=_byte_key))
    return entries, ignored


# -- header checks (no decoding) ---------------------------------------------------

def _jpeg_header(data: bytes):
    """(n_components, offset after the first SOS header, (width, height)) from a JPEG's marker segments.

    Walks SOI, then each marker segment by its length, until the first SOS;
    the first two values are None when the data ends (or a marker is malformed)
    before them; the size is (0, 0) until a frame header is seen.
    """
    n = len(data)
    i = 2
    ncomp = None
    size = (0, 0)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return ncomp, None, size
        m = data[i + 1]
        if m == 0xFF:                      # fill byte
            i += 1
            continue
        if 0xD0 <= m <= 0xD7 or m == 0x01:  # standalone markers
            i += 2
            continue
        if m == 0xD9:                      # EOI before any scan
            return ncomp, None, size
        seglen = (data[i + 2] << 8) | data[i + 3]
        if seglen < 2:
            return ncomp, None, size
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC) and i + 9 < n:  # SOFn
            ncomp = data[i + 9]
            size = ((data[i + 7] << 8) | data[i + 8], (data[i + 5] << 8) | data[i + 6])
        if m == 0xDA:                      # SOS
            return ncomp, i + 2 + seglen, size
        i += 2 + seglen
    return ncomp, None, size


def _png_header(data: bytes):
    """(colour_type, has_IEND) from a PNG's chunk list; colour_type None if IHDR is missing."""
    n = len(data)
    if n < 33 or data[12:16] != b"IHDR":
        return None, False
    colour_type = data[25]
    i = 8
    while i + 8 <= n:
        length = int.from_bytes(data[i:i + 4], "big")
        if data[i + 4:i + 8] == b"IEND":
            return colour_type, True
        i += 12 + length
    return colour_type, False


def check_image_bytes(data: bytes):
    """The skip reason for a file's bytes from its magic bytes and header, or None.

    Returns:
        ``(format, reason)``: format is ``"jpeg"``, ``"png"`` or None; reason is
        one of the ``REASON_*`` strings, or None when the file should be decoded.
    """
    if len(data) == 0:
        return None, REASON_EMPTY
    if data.startswith(JPEG_MAGIC):
        ncomp, scan, (width, height) = _jpeg_header(data)
        if ncomp is None or scan is None:
            return "jpeg", REASON_JPEG_HEADER
        if data.find(b"\xff\xd9", scan) < 0:
            return "jpeg", REASON_JPEG_TRUNCATED
        if ncomp == 1:
            return "jpeg", REASON_JPEG_GRAY
        if ncomp != 3:
            return "jpeg", REASON_JPEG_CMYK if ncomp == 4 else f"unsupported JPEG ({ncomp} components)"
        if width * height > MAX_PIXELS:
            return "jpeg", reason_too_large(width, height)
        return "jpeg", None
    if data.startswith(PNG_MAGIC):
        colour_type, has_iend = _png_header(data)
        if colour_type is None:
            return "png", REASON_PNG_HEADER
        if not has_iend:
            return "png", REASON_PNG_TRUNCATED
        if colour_type == 0:
            return "png", REASON_PNG_GRAY
        if colour_type == 4:
            return "png", REASON_PNG_GRAY_ALPHA
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if width * height > MAX_PIXELS:
            return "png", reason_too_large(width, height)
        return "png", None
    return None, REASON_NOT_IMAGE


# -- reading, resizing -------------------------------------------------------------

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
            strings (see the module docstring for the rules).
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


def resize_area(img, size):
    """Resize to (size, size) with OpenCV's ``INTER_AREA`` (R twin: R/inter_area.R).

    Args:
        img: uint8 (H, W, 3).
        size: output side (positive int).
    Returns:
        uint8 (size, size, 3). Downscaling averages source pixels by area;
        upscaling (in either direction) is OpenCV's bilinear-like area mode.
    """
    import cv2

    size = int(size)
    if size < 1:
        raise ValueError(f"size must be a positive integer; got {size}")
    return cv2.resize(np.ascontiguousarray(img), (size, size), interpolation=cv2.INTER_AREA)


def load_image(path, size):
    """``read_image_rgb`` then ``resize_area``: uint8 (size, size, 3); raises SkippedImage."""
    return resize_area(read_image_rgb(path), size)


# -- the loader ----------------------------------------------------------------------

def _warn_skipped(skipped, total, path):
    shown = "; ".join(f"{f}: {r}" for f, r in skipped[:5])
    more = f"; ... and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    warnings.warn(f"create_dataset: skipped {len(skipped)} of {total} files in {str(path)!r} "
                  f"(see .skipped): {shown}{more}", SkippedFilesWarning, stacklevel=3)


#: With ``workers=None``, folders with fewer files than this are read in this process
#: (starting workers costs more than it saves).
PARALLEL_MIN_FILES = 100


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
        raise ValueError(f"workers must be None or a positive integer; got {workers!r}")
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


def _check_classes(path, labels, entries, files, skipped):
    """Every mapped class must have at least one kept image (a one-class training set makes no sense)."""
    reasons = dict(skipped)
    for cls in sorted(labels, key=_byte_key):
        prefix = cls + "/"
        if any(f.startswith(prefix) for f in files):
            continue
        listed = [rel for rel, _ in entries if rel.startswith(prefix)]
        folder = os.path.join(str(path), cls)
        why = (f"all {len(listed)} files in {folder!r} were skipped (e.g. {listed[0]}: {reasons.get(listed[0])})"
               if listed else f"folder {folder!r} is empty")
        raise ValueError(f"create_dataset: class {cls!r} has no readable images: {why}. Every class in labels "
                         f"needs at least one image (add images, or leave {cls!r} out of labels)")


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
            (format and validity rules: ``nnscratch.image_cache``). A corrupt
            cache is rebuilt with an ``image_cache.CacheWarning``.
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
        folder name, files by name, both compared as bytes. Skip rules: module docstring.
    Raises:
        FileNotFoundError: ``path`` or a mapped class folder is missing.
        ValueError: no image could be read (names the folder), a class has no
            readable image (names the class), or bad arguments.
    """
    from . import image_cache as ic

    if isinstance(size, (bool, np.bool_)) or not float(size).is_integer() or int(size) < 1:
        raise ValueError(f"size must be a positive integer; got {size!r}")
    size = int(size)
    labels = check_labels(labels)
    resolve_workers(workers, PARALLEL_MIN_FILES)          # validate before any work
    if not (cache is None or isinstance(cache, (bool, str, os.PathLike))):
        raise ValueError(f"cache must be True, False or a folder path; got {cache!r}")
    entries, ignored = list_image_files(path, labels)
    root = Path(path)

    cache_dir = ic.resolve_cache_dir(path, cache)
    info = {"dir": None if cache_dir is None else str(cache_dir), "status": "off", "miss": None}
    hit = None
    if cache_dir is not None:
        key = ic.CacheKey.of_folder(root, entries, size, labels)
        hit, info["miss"] = ic.load_cache(cache_dir, key)
        if info["miss"] and info["miss"].startswith("corrupt"):
            ic.warn_cache(f"create_dataset: image cache in {str(cache_dir)!r} is {info['miss']}; rebuilding it")

    if hit is not None:
        info["status"] = "hit"
        images, y, files, skipped = hit.images, hit.y, hit.files, hit.skipped
    else:
        results = decode_files([root / rel for rel, _ in entries], size,
                               resolve_workers(workers, len(entries)), progress)
        kept = [not isinstance(r, str) for r in results]
        files = [rel for (rel, _), k in zip(entries, kept) if k]
        skipped = [(rel, r) for (rel, _), r in zip(entries, results) if isinstance(r, str)]
        y = np.asarray([lab for (_, lab), k in zip(entries, kept) if k], dtype=np.int64)
        images = (np.stack([r for r in results if not isinstance(r, str)]) if files
                  else np.zeros((0, size, size, 3), np.uint8))
        if cache_dir is not None and files:
            try:
                ic.save_cache(cache_dir, key, images, y, [None if k else r for k, r in zip(kept, results)])
                info["status"] = "written"
            except OSError as exc:
                info["status"] = "not written"
                ic.warn_cache(f"create_dataset: cannot write the image cache in {str(cache_dir)!r} "
                              f"({exc.strerror or exc}); continuing without it")

    if not files:
        raise ValueError(f"create_dataset: no readable images in {str(path)!r} "
                         f"({len(entries)} files in {sorted(labels, key=_byte_key)}, {len(skipped)} skipped)")
    _check_classes(path, labels, entries, files, skipped)
    if skipped and warn:
        _warn_skipped(skipped, len(entries), path)
    X = images.astype(np.float64)
    X /= 255.0                                    # the same doubles as uint8 / 255.0, one allocation
    return Dataset(X, y, files, skipped, ignored, path, labels, size, cache=info)
