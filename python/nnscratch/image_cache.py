"""Cache of decoded images for ``create_dataset``, shared with R (R/image_cache.R, R/npy.R).

The second load of a folder reads one uint8 array instead of decoding every
JPEG again. Python and R read and write the same files, so a cache written by
one language is used by the other.

Where
-----
``cache=True`` (the default of ``create_dataset``): the folder
``<images>/.nnscratch-cache/`` if it exists and is writable or can be created;
otherwise ``$XDG_CACHE_HOME/nnscratch/<key>/`` (``~/.cache/nnscratch/<key>/``),
where ``<key>`` is the first 16 hex digits of the MD5 of the folder's real path
(symbolic links resolved) as bytes. ``cache="some/dir"`` uses that folder,
``cache=False`` neither reads nor writes a cache. ``create_dataset`` does not
list ``.nnscratch-cache`` among the ignored sub-folders.

Files (one set per image side ``S``; another side gets its own set)
-------------------------------------------------------------------
``images_S.npy``   uint8 (m, S, S, 3), C order: the kept images, RGB, before ``/ 255``
``labels_S.npy``   int64 (m,): their labels
``manifest_S.txt`` the key and the file list, one record per line, fields separated
                   by a tab, UTF-8, ``\\n`` line ends::

    nnscratch-image-cache<TAB>1          magic and cache format version
    loader_version<TAB>1                 LOADER_VERSION of the writer
    size<TAB>32                          S
    label<TAB>Cat<TAB>1                  one line per mapped class folder, byte order
    label<TAB>Dog<TAB>0
    files<TAB>361                        number of listed files (kept and skipped)
    kept<TAB>357                         m
    f<TAB>56006<TAB>1718022134511532044<TAB>ok<TAB>Cat/0.jpg
    ...                                  one per listed file, in create_dataset's order:
                                         byte size, modification time in ns, "ok" or the
                                         skip reason, name relative to the folder
    end                                  (a manifest without it is truncated)

Names and reasons are escaped: backslash, tab, newline and carriage return
become ``\\\\``, ``\\t``, ``\\n``, ``\\r``. The ``.npy`` files are NumPy format
1.0, exactly what ``numpy.save`` writes; R/npy.R reads and writes the same
bytes.

Validity
--------
The cache is used only when every part of the key equals the present state:
cache format version, ``LOADER_VERSION``, ``S``, the label mapping, and the
list of files with their sizes and modification times. Times are compared to
within 1 microsecond (``MTIME_TOLERANCE_NS``) because R's ``file.info`` gives
them as double-precision seconds (about 0.24 us resolution today), so a time
written by R can differ from the exact nanoseconds by a few hundred ns. A cache
that does not match is *stale* and rebuilt silently. A cache that cannot be
read as described (manifest truncated or malformed, an ``.npy`` file missing,
truncated, with a bad header, the wrong dtype or shape, or labels that
contradict the mapping) is *corrupt*: it is rebuilt with a ``CacheWarning``
and never trusted.

Writes are atomic per file: each file is written to a temporary file in the
cache folder and renamed over the old one. A rebuild first removes the
manifest, writes the two arrays, then the manifest last, so a manifest always
describes arrays written before it (a crash in between leaves no manifest,
i.e. no cache). Every file's content is a function of the key, so two
processes writing the same cache at once write the same bytes.

Bump ``LOADER_VERSION`` (here and ``IMAGE_LOADER_VERSION`` in R/image_cache.R)
whenever decoding, the skip rules or resizing change: every cache then
becomes stale.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Version of the decode + resize pipeline; part of the cache key. Bump it when
#: decoding, skip rules or resizing change (R: IMAGE_LOADER_VERSION).
LOADER_VERSION = 1
#: Version of the cache layout described in the module docstring.
CACHE_FORMAT_VERSION = 1
CACHE_MAGIC = "nnscratch-image-cache"
#: Name of the cache folder made inside an image folder.
CACHE_DIRNAME = ".nnscratch-cache"
#: Modification times closer than this are equal (R gives them as doubles).
MTIME_TOLERANCE_NS = 1000
#: Status of a kept file in the manifest (other files have their skip reason).
STATUS_KEPT = "ok"


class CacheWarning(UserWarning):
    """A cache was corrupt (rebuilt) or could not be written (the load goes on without it)."""


class CorruptCache(Exception):
    """The cache files cannot be trusted; the message says why."""


class StaleCache(Exception):
    """The cache is valid but for another state of the folder or other arguments."""


# -- .npy (NumPy format 1.0) --------------------------------------------------------

NPY_MAGIC = b"\x93NUMPY"
#: dtypes the R twin supports, by their header 'descr'.
NPY_DTYPES = {"|u1": np.uint8, "<u1": np.uint8, "<i8": np.int64, "<f8": np.float64}


class NpyFormatError(ValueError):
    """An .npy file that is not a complete C-order/Fortran-order u1/i8/f8 array."""


def _atomic_write(path, write):
    """Call ``write(fh)`` on a temporary file next to ``path``, then rename it over ``path``."""
    path = Path(path)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{next(_TMP_COUNTER)}")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_TMP_COUNTER = itertools.count()


def write_npy(path, x):
    """Write an array as a NumPy format 1.0 ``.npy`` file, atomically (temp file + rename).

    Args:
        path: file to write.
        x: array of dtype uint8, int64 or float64 (the types R/npy.R reads);
            written in C order with the header ``numpy.save`` writes.
    """
    x = np.asarray(x)
    if x.dtype.str not in NPY_DTYPES:
        raise TypeError(f"write_npy: dtype {x.dtype} not supported (uint8, int64, float64)")
    x = x if x.flags.c_contiguous else x.copy(order="C")
    _atomic_write(path, lambda fh: np.lib.format.write_array(fh, x, version=(1, 0), allow_pickle=False))


def read_npy_header(fh, path="<npy>"):
    """(descr, fortran_order, shape, data offset) of an .npy file (format 1.0 or 2.0), strictly."""
    from numpy.lib import format as npf

    magic = fh.read(8)
    if len(magic) < 8 or magic[:6] != NPY_MAGIC:
        raise NpyFormatError(f"{path}: not an .npy file (bad magic bytes)")
    major = magic[6]
    if major not in (1, 2):
        raise NpyFormatError(f"{path}: .npy format version {major}.{magic[7]} not supported")
    fh.seek(0)
    try:
        npf.read_magic(fh)
        reader = npf.read_array_header_1_0 if major == 1 else npf.read_array_header_2_0
        shape, fortran, dtype = reader(fh, max_header_size=100_000)
    except (ValueError, SyntaxError, EOFError) as exc:
        raise NpyFormatError(f"{path}: bad .npy header ({exc})") from None
    descr = dtype.str
    if descr not in NPY_DTYPES:
        raise NpyFormatError(f"{path}: dtype {descr!r} not supported ('|u1', '<i8', '<f8')")
    return descr, bool(fortran), tuple(int(s) for s in shape), fh.tell()


def read_npy(path):
    """Read an ``.npy`` file written by ``write_npy``, R's ``write_npy`` or ``numpy.save``.

    Only uint8, little-endian int64 and float64 are accepted. The file must
    hold exactly the data its header announces (a truncated file or trailing
    bytes raise ``NpyFormatError``).
    """
    path = Path(path)
    with open(path, "rb") as fh:
        descr, fortran, shape, offset = read_npy_header(fh, path)
        dtype = np.dtype(NPY_DTYPES[descr])
        count = int(np.prod(shape, dtype=np.int64))
        expected = offset + count * dtype.itemsize
        actual = os.fstat(fh.fileno()).st_size
        if actual != expected:
            what = "truncated" if actual < expected else "has trailing bytes"
            raise NpyFormatError(f"{path}: {what}: {actual} bytes, header {shape} {descr} needs {expected}")
        data = np.fromfile(fh, dtype=dtype, count=count)
    if data.size != count:
        raise NpyFormatError(f"{path}: truncated while reading")
    return data.reshape(shape, order="F" if fortran else "C")


# -- where the cache lives ----------------------------------------------------------------

def user_cache_root():
    """``$XDG_CACHE_HOME/nnscratch`` if XDG_CACHE_HOME is an absolute path, else ``~/.cache/nnscratch``."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path(os.path.expanduser("~")) / ".cache"
    return base / "nnscratch"


def user_cache_dir(path):
    """The per-user cache folder of an image folder: ``user_cache_root() / md5(realpath)[:16]``."""
    real = os.path.realpath(os.fspath(path))
    return user_cache_root() / hashlib.md5(os.fsencode(real)).hexdigest()[:16]


def default_cache_dir(path):
    """``path/.nnscratch-cache`` if it is (or can be made) a writable folder, else ``user_cache_dir(path)``."""
    local = Path(path) / CACHE_DIRNAME
    try:
        local.mkdir(exist_ok=True)
    except OSError:
        return user_cache_dir(path)
    if local.is_dir() and os.access(local, os.W_OK | os.X_OK):
        return local
    return user_cache_dir(path)


def resolve_cache_dir(path, cache):
    """The cache folder for ``create_dataset(path, cache=cache)``, or None when caching is off."""
    if cache is None or cache is False:
        return None
    if cache is True:
        return default_cache_dir(path)
    if isinstance(cache, (str, os.PathLike)):
        return Path(cache)
    raise ValueError(f"cache must be True, False or a folder path; got {cache!r}")


def cache_files(cache_dir, size):
    """dict images / labels / manifest -> path of the cache files for side ``size``."""
    d = Path(cache_dir)
    return {"images": d / f"images_{size}.npy", "labels": d / f"labels_{size}.npy",
            "manifest": d / f"manifest_{size}.txt"}


# -- the key ---------------------------------------------------------------------------------

def escape_field(s: str) -> str:
    """Backslash, tab, newline, CR -> ``\\\\``, ``\\t``, ``\\n``, ``\\r`` (R: escape_field)."""
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class CacheKey:
    """What a cache must match: side, label mapping, and each listed file's name, size and mtime."""

    size: int
    labels: dict
    names: list        # relative names, create_dataset's order
    sizes: list        # bytes (-1 when the file vanished since listing)
    mtimes_ns: list    # st_mtime_ns (0 when the file vanished)

    @classmethod
    def of_folder(cls, root, entries, size, labels):
        """Stat every listed file (``entries``: list of (relative name, label))."""
        names, sizes, mtimes = [], [], []
        root = os.fspath(root)
        for rel, _ in entries:
            try:
                st = os.stat(os.path.join(root, rel))
                sizes.append(int(st.st_size))
                mtimes.append(int(st.st_mtime_ns))
            except OSError:
                sizes.append(-1)
                mtimes.append(0)
            names.append(rel)
        return cls(int(size), dict(labels), names, sizes, mtimes)

    def expected_labels(self, kept_names):
        return np.array([self.labels[n.split("/", 1)[0]] for n in kept_names], dtype=np.int64)


def _sorted_labels(labels):
    return sorted(labels.items(), key=lambda kv: os.fsencode(kv[0]))


def manifest_text(key: CacheKey, statuses) -> bytes:
    """The manifest for ``key``; ``statuses[i]`` is None (kept) or the skip reason of file i."""
    kept = sum(s is None for s in statuses)
    lines = [f"{CACHE_MAGIC}\t{CACHE_FORMAT_VERSION}", f"loader_version\t{LOADER_VERSION}", f"size\t{key.size}"]
    lines += [f"label\t{escape_field(k)}\t{v}" for k, v in _sorted_labels(key.labels)]
    lines += [f"files\t{len(key.names)}", f"kept\t{kept}"]
    lines += [f"f\t{sz}\t{mt}\t{STATUS_KEPT if st is None else escape_field(st)}\t{escape_field(n)}"
              for n, sz, mt, st in zip(key.names, key.sizes, key.mtimes_ns, statuses)]
    lines.append("end")
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")


def _parse_int(s, what):
    try:
        if s.strip() != s or not s:
            raise ValueError
        return int(s)
    except ValueError:
        raise CorruptCache(f"manifest: bad {what} {s!r}") from None


def check_manifest(data: bytes, key: CacheKey):
    """Check a manifest against ``key``.

    Returns:
        ``(kept_names, skipped)``: the kept files in order, and ``[(file, reason)]``.
    Raises:
        CorruptCache: the manifest is malformed or truncated.
        StaleCache: it is well formed but for another key (message: what differs).
    """
    text = data.decode("utf-8", "surrogateescape")
    if "\x00" in text:
        raise CorruptCache("manifest contains NUL bytes")
    lines = text.split("\n")
    if len(lines) < 2 or lines[-1] != "" or lines[-2] != "end":
        raise CorruptCache("manifest truncated (no 'end' line)")
    lines = lines[:-2]
    head = lines[0].split("\t") if lines else []
    if len(head) != 2 or head[0] != CACHE_MAGIC:
        raise CorruptCache("manifest: bad first line (not an nnscratch image cache)")
    if head[1] != str(CACHE_FORMAT_VERSION):
        raise StaleCache(f"cache format version {head[1]}, expected {CACHE_FORMAT_VERSION}")
    i = 1
    fields = {}
    labels = []
    while i < len(lines) and not lines[i].startswith("f\t"):
        parts = lines[i].split("\t")
        if parts[0] == "label" and len(parts) == 3:
            labels.append((parts[1], _parse_int(parts[2], "label")))
        elif parts[0] in ("loader_version", "size", "files", "kept") and len(parts) == 2 and parts[0] not in fields:
            fields[parts[0]] = _parse_int(parts[1], parts[0])
        else:
            raise CorruptCache(f"manifest: unexpected line {i + 1}: {lines[i][:60]!r}")
        i += 1
    missing = [k for k in ("loader_version", "size", "files", "kept") if k not in fields]
    if missing:
        raise CorruptCache(f"manifest: missing {missing}")
    records = [ln.split("\t") for ln in lines[i:]]
    if len(records) != fields["files"]:
        raise CorruptCache(f"manifest: {len(records)} file lines, header says {fields['files']}")
    if any(len(r) != 5 or r[0] != "f" for r in records):
        raise CorruptCache("manifest: malformed file line")
    sizes = [_parse_int(r[1], "file size") for r in records]
    mtimes = [_parse_int(r[2], "modification time") for r in records]
    statuses = [r[3] for r in records]
    if sum(s == STATUS_KEPT for s in statuses) != fields["kept"]:
        raise CorruptCache("manifest: kept count does not match the file lines")

    if fields["loader_version"] != LOADER_VERSION:
        raise StaleCache(f"loader version {fields['loader_version']}, expected {LOADER_VERSION}")
    if fields["size"] != key.size:
        raise StaleCache(f"image size {fields['size']}, expected {key.size}")
    want_labels = [(escape_field(k), v) for k, v in _sorted_labels(key.labels)]
    if labels != want_labels:
        raise StaleCache("label mapping differs")
    names = [escape_field(n) for n in key.names]
    stored = [r[4] for r in records]
    if stored != names:
        added = sorted(set(names) - set(stored))
        removed = sorted(set(stored) - set(names))
        raise StaleCache(f"file list changed ({len(added)} new, {len(removed)} removed"
                         + (f", e.g. {(added or removed)[0]}" if added or removed else "") + ")")
    for n, a, b in zip(key.names, sizes, key.sizes):
        if a != b:
            raise StaleCache(f"{n}: size changed ({a} -> {b} bytes)")
    diff = np.abs(np.asarray(mtimes, dtype=np.int64) - np.asarray(key.mtimes_ns, dtype=np.int64))
    if np.any(diff > MTIME_TOLERANCE_NS):
        raise StaleCache(f"{key.names[int(np.argmax(diff > MTIME_TOLERANCE_NS))]}: modified")
    kept = [n for n, s in zip(key.names, statuses) if s == STATUS_KEPT]
    skipped = [(n, _unescape(s)) for n, s in zip(key.names, statuses) if s != STATUS_KEPT]
    return kept, skipped


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    out, it = [], iter(s)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


# -- load / save ---------------------------------------------------------------------------------

@dataclass
class CachedImages:
    images: np.ndarray   # uint8 (m, S, S, 3)
    y: np.ndarray        # int64 (m,)
    files: list
    skipped: list


def load_cache(cache_dir, key: CacheKey):
    """Read the cache for ``key``.

    Returns:
        ``(CachedImages or None, miss)``: on a hit ``miss`` is None; otherwise
        ``"absent"``, ``"stale (...)"`` or ``"corrupt (...)"``. The caller warns on corrupt.
    """
    paths = cache_files(cache_dir, key.size)
    try:
        data = paths["manifest"].read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None, "absent"
    except OSError as exc:
        return None, f"corrupt (cannot read {paths['manifest'].name}: {exc.strerror or exc})"
    try:
        kept, skipped = check_manifest(data, key)
        images = _read_checked(paths["images"], "|u1", (len(kept), key.size, key.size, 3))
        y = _read_checked(paths["labels"], "<i8", (len(kept),))
        if not np.array_equal(y, key.expected_labels(kept)):
            raise CorruptCache(f"{paths['labels'].name}: labels do not match the label mapping")
    except StaleCache as exc:
        return None, f"stale ({exc})"
    except CorruptCache as exc:
        return None, f"corrupt ({exc})"
    return CachedImages(images, y, kept, skipped), None


def _read_checked(path, descr, shape):
    try:
        x = read_npy(path)
    except FileNotFoundError:
        raise CorruptCache(f"{path.name} missing") from None
    except NpyFormatError as exc:
        raise CorruptCache(str(exc).replace(str(path), path.name)) from None
    except OSError as exc:
        raise CorruptCache(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if np.dtype(NPY_DTYPES[descr]) != x.dtype:
        raise CorruptCache(f"{path.name}: dtype {x.dtype}, expected {np.dtype(NPY_DTYPES[descr])}")
    if x.shape != shape:
        raise CorruptCache(f"{path.name}: shape {x.shape}, expected {shape}")
    return np.ascontiguousarray(x)


def remove_manifest(cache_dir, size):
    try:
        os.unlink(cache_files(cache_dir, size)["manifest"])
    except FileNotFoundError:
        pass


def save_cache(cache_dir, key: CacheKey, images, y, statuses):
    """Write the cache for ``key`` (manifest removed first, written last; each file atomically).

    Args:
        images: uint8 (m, S, S, 3) of the kept files; y: int64 (m,);
        statuses: per listed file, None (kept) or its skip reason.
    Raises:
        OSError: the folder cannot be created or written.
    """
    paths = cache_files(cache_dir, key.size)
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    remove_manifest(cache_dir, key.size)
    write_npy(paths["images"], np.asarray(images, dtype=np.uint8).reshape(-1, key.size, key.size, 3))
    write_npy(paths["labels"], np.asarray(y, dtype=np.int64))
    text = manifest_text(key, statuses)
    _atomic_write(paths["manifest"], lambda fh: fh.write(text))


def warn_cache(msg):
    warnings.warn(msg, CacheWarning, stacklevel=4)
