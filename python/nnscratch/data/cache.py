"""Cache of decoded images for ``create_dataset``, shared with R (R twin: R/data-cache.R).

The second load of a folder reads one uint8 array instead of decoding every
image again; a cache written by one language is used by the other. Where it
lives, its files, when it is valid, stale or corrupt, and how it is written:
docs/formats.md, "Image cache".
"""
from __future__ import annotations

import hashlib
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..io.atomic import atomic_write
from ..utils.format import quote_text
from .formats import is_transient_reason
from .npy import NPY_DTYPES, NpyFormatError, parse_npy, write_npy

#: Version of the decode + resize pipeline; part of the cache key. Bump it when
#: decoding, skip rules or resizing change (R: IMAGE_LOADER_VERSION).
LOADER_VERSION = 1
#: Version of the cache layout (docs/formats.md). 2: MD5 checksums of the arrays in the
#: manifest; files that could not be read are re-checked instead of trusted.
CACHE_FORMAT_VERSION = 2
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
    raise ValueError(f"cache must be True, False or a folder path; got {cache}")


def image_cache_files(cache_dir, size):
    """dict images / labels / manifest -> path of the cache files for side ``size``."""
    d = Path(cache_dir)
    return {"images": d / f"images_{size}.npy", "labels": d / f"labels_{size}.npy",
            "manifest": d / f"manifest_{size}.txt"}


# -- the key ---------------------------------------------------------------------------------

def escape_field(s: str) -> str:
    """Backslash, tab, newline, CR -> ``\\\\``, ``\\t``, ``\\n``, ``\\r``."""
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def unescape_field(s: str) -> str:
    """The inverse of ``escape_field`` (a backslash before any other character is kept)."""
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


@dataclass
class CacheKey:
    """What a cache must match: side, label mapping, and each listed file's name, size and mtime."""

    size: int
    labels: dict
    names: list        # relative names as shown (display_name), create_dataset's order
    sizes: list        # bytes (-1 when stat fails: vanished, broken link; or a name that is not UTF-8)
    mtimes_ns: list    # st_mtime_ns (0 in those cases)
    root: str = None   # the image folder (to re-check files that could not be read), or None

    @classmethod
    def of_folder(cls, root, entries, size, labels):
        """Stat every listed file (``entries``: list of (relative name, label))."""
        from .files import display_name

        names, sizes, mtimes = [], [], []
        root = os.fspath(root)
        for rel, _ in entries:
            shown = display_name(rel)
            try:
                if shown != rel:
                    raise OSError("name is not UTF-8: never read, so not stat'ed (R cannot)")
                st = os.stat(os.path.join(root, rel))
                sizes.append(int(st.st_size))
                mtimes.append(int(st.st_mtime_ns))
            except OSError:
                sizes.append(-1)
                mtimes.append(0)
            names.append(shown)
        return cls(int(size), dict(labels), names, sizes, mtimes, root)

    def expected_labels(self, kept_names):
        return np.array([self.labels[n.split("/", 1)[0]] for n in kept_names], dtype=np.int64)


def _sorted_labels(labels):
    return sorted(labels.items(), key=lambda kv: os.fsencode(kv[0]))


def image_cache_manifest(key: CacheKey, statuses, checksums=("", "")) -> str:
    """The manifest text for ``key``; ``statuses[i]`` is None (kept) or the skip reason of file i;
    ``checksums``: the MD5 (hex) of the bytes of images_S.npy and labels_S.npy."""
    kept = sum(s is None for s in statuses)
    lines = [f"{CACHE_MAGIC}\t{CACHE_FORMAT_VERSION}", f"loader_version\t{LOADER_VERSION}", f"size\t{key.size}",
             f"images_md5\t{checksums[0]}", f"labels_md5\t{checksums[1]}"]
    lines += [f"label\t{escape_field(k)}\t{v}" for k, v in _sorted_labels(key.labels)]
    lines += [f"files\t{len(key.names)}", f"kept\t{kept}"]
    lines += [f"f\t{sz}\t{mt}\t{STATUS_KEPT if st is None else escape_field(st)}\t{escape_field(n)}"
              for n, sz, mt, st in zip(key.names, key.sizes, key.mtimes_ns, statuses)]
    lines.append("end")
    return "\n".join(lines) + "\n"


def _manifest_int(s, what):
    try:
        if s.strip() != s or not s:
            raise ValueError
        return int(s)
    except ValueError:
        raise CorruptCache(f"manifest: bad {what} {quote_text(s)}") from None


def check_image_manifest(path, key: CacheKey):
    """Check the manifest file ``path`` against ``key``.

    Returns:
        ``(kept_names, skipped, checksums)``: the kept files in order, ``[(file, reason)]``
        and the MD5 (hex) of the two arrays' files.
    Raises:
        CorruptCache: the manifest is unreadable, malformed or truncated.
        StaleCache: it is well formed but for another key (message: what differs).
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CorruptCache(f"cannot read {Path(path).name}: {exc.strerror or exc}") from None
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
    sums = {}
    while i < len(lines) and not lines[i].startswith("f\t"):
        parts = lines[i].split("\t")
        if parts[0] in ("images_md5", "labels_md5") and len(parts) == 2 and parts[0] not in sums:
            if len(parts[1]) != 32 or any(c not in "0123456789abcdef" for c in parts[1]):
                raise CorruptCache(f"manifest: bad {parts[0]} {quote_text(parts[1][:40])}")
            sums[parts[0]] = parts[1]
        elif parts[0] == "label" and len(parts) == 3:
            labels.append((parts[1], _manifest_int(parts[2], "label")))
        elif parts[0] in ("loader_version", "size", "files", "kept") and len(parts) == 2 and parts[0] not in fields:
            fields[parts[0]] = _manifest_int(parts[1], parts[0])
        else:
            raise CorruptCache(f"manifest: unexpected line {i + 1}: {quote_text(lines[i][:60])}")
        i += 1
    missing = [k for k in ("loader_version", "size", "images_md5", "labels_md5", "files", "kept")
               if k not in fields and k not in sums]
    if missing:
        raise CorruptCache(f"manifest: missing {', '.join(missing)}")
    records = [ln.split("\t") for ln in lines[i:]]
    if len(records) != fields["files"]:
        raise CorruptCache(f"manifest: {len(records)} file lines, header says {fields['files']}")
    if any(len(r) != 5 or r[0] != "f" for r in records):
        raise CorruptCache("manifest: malformed file line")
    sizes = [_manifest_int(r[1], "file size") for r in records]
    mtimes = [_manifest_int(r[2], "modification time") for r in records]
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
    skipped = [(n, unescape_field(s)) for n, s in zip(key.names, statuses) if s != STATUS_KEPT]
    if key.root is not None:
        for n, r in skipped:
            if is_transient_reason(r) and readable_now(os.path.join(key.root, n)):
                raise StaleCache(f"{n}: readable now")
    return kept, skipped, (sums["images_md5"], sums["labels_md5"])


def readable_now(path):
    """A regular file this process may read (``access``, no open: a named pipe must not block)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode) and os.access(path, os.R_OK)
    except OSError:
        return False


# -- load / save ---------------------------------------------------------------------------------

@dataclass
class CachedImages:
    images: np.ndarray   # uint8 (m, S, S, 3)
    y: np.ndarray        # int64 (m,)
    files: list
    skipped: list


def file_md5(path):
    """MD5 (hex) of a file's bytes: ``tools::md5sum`` in R."""
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


def read_cache_npy(path, descrs, shape, md5=None):
    """One cache array, checked: its header's dtype must be one of ``descrs``, its shape
    ``shape``, and the MD5 of its bytes ``md5`` (when given).

    Raises CorruptCache (naming the file, not its folder) on any problem.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:     # a writable buffer: the array is not read-only
            data = bytearray(os.fstat(fh.fileno()).st_size)
            data = data[:fh.readinto(data)]
    except FileNotFoundError:
        raise CorruptCache(f"{path.name} missing") from None
    except OSError as exc:
        raise CorruptCache(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        x = parse_npy(data, path.name)
    except NpyFormatError as exc:
        raise CorruptCache(str(exc)) from None
    want = np.dtype(NPY_DTYPES[descrs[0]])
    if x.dtype != want:
        raise CorruptCache(f"{path.name}: dtype {x.dtype}, expected {want}")
    if x.shape != tuple(shape):
        raise CorruptCache(f"{path.name}: shape {x.shape}, expected {tuple(shape)}")
    if md5 is not None and hashlib.md5(data).hexdigest() != md5:
        raise CorruptCache(f"{path.name}: MD5 checksum differs from the manifest's (contents changed)")
    return np.ascontiguousarray(x)


def load_image_cache(cache_dir, key: CacheKey):
    """Read the cache for ``key``.

    Returns:
        ``(CachedImages or None, miss)``: on a hit ``miss`` is None; otherwise
        ``"absent"``, ``"stale (...)"`` or ``"corrupt (...)"``. The caller warns on corrupt.

    A cache that looks corrupt while another process is rewriting it (its manifest
    vanished or was replaced during the read: writers remove the manifest before
    touching the arrays) is ``"absent (being rewritten by another process)"``, not corrupt.
    """
    paths = image_cache_files(cache_dir, key.size)
    before = _identity(paths["manifest"])
    if before is None:
        return None, "absent"
    try:
        kept, skipped, sums = check_image_manifest(paths["manifest"], key)
        y = read_cache_npy(paths["labels"], ("<i8",), (len(kept),))
        if not np.array_equal(y, key.expected_labels(kept)):
            raise CorruptCache(f"{paths['labels'].name}: labels do not match the label mapping")
        y = read_cache_npy(paths["labels"], ("<i8",), (len(kept),), sums[1])
        images = read_cache_npy(paths["images"], ("|u1", "<u1"), (len(kept), key.size, key.size, 3), sums[0])
    except StaleCache as exc:
        return None, f"stale ({exc})"
    except CorruptCache as exc:
        if _identity(paths["manifest"]) != before:
            return None, "absent (being rewritten by another process)"
        return None, f"corrupt ({exc})"
    return CachedImages(images, y, kept, skipped), None


def _identity(path):
    """(inode, mtime, size) of a file, None when missing: a replaced manifest has another."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def save_image_cache(cache_dir, key: CacheKey, images, y, statuses):
    """Write the cache for ``key`` (manifest removed first, written last; each file atomically).

    Args:
        images: uint8 (m, S, S, 3) of the kept files; y: int64 (m,);
        statuses: per listed file, None (kept) or its skip reason.
    Raises:
        OSError: the folder cannot be created or written.
    """
    paths = image_cache_files(cache_dir, key.size)
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    try:
        os.unlink(paths["manifest"])
    except FileNotFoundError:
        pass
    write_npy(paths["images"], np.asarray(images, dtype=np.uint8).reshape(-1, key.size, key.size, 3))
    write_npy(paths["labels"], np.asarray(y, dtype=np.int64))
    sums = (file_md5(paths["images"]), file_md5(paths["labels"]))
    data = image_cache_manifest(key, statuses, sums).encode("utf-8", "surrogateescape")
    atomic_write(paths["manifest"], lambda fh: fh.write(data))


def warn_cache(msg):
    warnings.warn(msg, CacheWarning, stacklevel=4)
