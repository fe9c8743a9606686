"""The image cache of create_dataset (nnscratch/data/cache.py): hits, stale and corrupt caches, where it lives."""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest

from nnscratch import create_dataset
from nnscratch.data import cache as ic
from nnscratch.data import dataset as ds
from nnscratch.data import formats
from nnscratch.data.npy import read_npy


def jpeg(rgb, quality=90):
    ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(rgb[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def make_folder(root: Path, n_per_class=4, seed=0):
    """Cat/Dog folders of small JPEGs plus two files that are skipped."""
    rng = np.random.RandomState(seed)
    for cls in ("Cat", "Dog"):
        (root / cls).mkdir(parents=True)
        for i in range(n_per_class):
            h, w = rng.randint(20, 60, 2)
            (root / cls / f"{i}.jpg").write_bytes(jpeg(rng.randint(0, 256, (h, w, 3)).astype(np.uint8)))
    (root / "Cat" / "empty.jpg").write_bytes(b"")
    (root / "Dog" / "text.jpg").write_text("not a picture\n")
    return root


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ds.SkippedFilesWarning)
        return create_dataset(path, **kw)


def same(a, b):
    assert a.files == b.files and a.skipped == b.skipped
    assert np.array_equal(a.y, b.y) and a.y.dtype == b.y.dtype == np.int64
    assert a.X.dtype == b.X.dtype == np.float64 and np.array_equal(a.X, b.X)


@pytest.fixture
def folder(tmp_path):
    return make_folder(tmp_path / "pets")


# -- hits -----------------------------------------------------------------------------------------

def test_second_load_hits_the_cache_and_is_identical(folder):
    cold = load(folder)
    assert cold.cache == {"dir": str(folder / ".nnscratch-cache"), "status": "written", "miss": "absent"}
    files = sorted(p.name for p in (folder / ".nnscratch-cache").iterdir())
    assert files == ["images_32.npy", "labels_32.npy", "manifest_32.txt"]
    warm = load(folder)
    assert warm.cache["status"] == "hit" and warm.cache["miss"] is None
    same(cold, warm)
    same(load(folder, cache=False), warm)
    assert warm.ignored_folders == []                       # the cache folder is not a class
    assert read_npy(folder / ".nnscratch-cache" / "images_32.npy").shape == (8, 32, 32, 3)


def test_hit_still_warns_about_skipped_files_and_checks_classes(folder):
    load(folder)
    with pytest.warns(ds.SkippedFilesWarning, match="skipped 2 of 10 files"):
        d = create_dataset(folder)
    assert d.cache["status"] == "hit"
    assert d.skipped == [("Cat/empty.jpg", formats.REASON_EMPTY), ("Dog/text.jpg", formats.REASON_NOT_IMAGE)]


def test_cache_off_and_explicit_folder(folder, tmp_path):
    d = load(folder, cache=False)
    assert d.cache == {"dir": None, "status": "off", "miss": None}
    assert not (folder / ".nnscratch-cache").exists()
    where = tmp_path / "elsewhere" / "cache"
    assert load(folder, cache=where).cache["status"] == "written"
    assert load(folder, cache=str(where)).cache["status"] == "hit"
    assert not (folder / ".nnscratch-cache").exists()
    with pytest.raises(ValueError, match="cache must be True, False or a folder path"):
        create_dataset(folder, cache=3)


def test_sizes_have_separate_caches(folder):
    load(folder, size=8)
    load(folder, size=16)
    assert load(folder, size=8).cache["status"] == "hit"
    assert load(folder, size=16).X.shape == (8, 16, 16, 3)


def test_user_cache_dir_when_the_folder_is_not_writable(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (folder / ".nnscratch-cache").write_text("a file where the cache folder would go")  # mkdir fails
    d = load(folder)
    expected = ic.user_cache_dir(folder)
    assert d.cache["dir"] == str(expected) and d.cache["status"] == "written"
    assert expected.parent == tmp_path / "xdg" / "nnscratch" and len(expected.name) == 16
    assert load(folder).cache["status"] == "hit"


def test_unwritable_cache_warns_and_goes_on(folder, tmp_path):
    blocker = tmp_path / "plain_file"
    blocker.write_text("x")
    with pytest.warns(ic.CacheWarning) as rec:
        d = load(folder, cache=blocker / "sub")
    assert [str(w.message) for w in rec if w.category is ic.CacheWarning] == [
        f"create_dataset: cannot write the image cache in {str(blocker / 'sub')!r} (Not a directory); "
        "continuing without it"]
    assert d.cache["status"] == "not written" and d.cache["miss"] == "absent" and d.X.shape == (8, 32, 32, 3)


# -- stale ------------------------------------------------------------------------------------------

def assert_rebuilt(folder, miss_start, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ic.CacheWarning)          # stale: no warning
        d = load(folder, **kw)
    assert d.cache["status"] == "written" and d.cache["miss"].startswith(miss_start), d.cache
    same(d, load(folder, cache=False, **kw))
    assert load(folder, **kw).cache["status"] == "hit"
    return d


def test_stale_modified_file(folder):
    load(folder)
    f = folder / "Cat" / "1.jpg"
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000))
    assert_rebuilt(folder, "stale (Cat/1.jpg: modified)")


def test_stale_replaced_file_same_name(folder):
    before = load(folder)
    rng = np.random.RandomState(42)
    (folder / "Dog" / "0.jpg").write_bytes(jpeg(rng.randint(0, 256, (33, 21, 3)).astype(np.uint8)))
    d = assert_rebuilt(folder, "stale (Dog/0.jpg: size changed")
    assert not np.array_equal(d.X, before.X)


def test_stale_added_removed_and_fixed_files(folder):
    load(folder)
    (folder / "Dog" / "new.jpg").write_bytes((folder / "Dog" / "0.jpg").read_bytes())
    assert_rebuilt(folder, "stale (file list changed (1 new, 0 removed, e.g. Dog/new.jpg)")
    (folder / "Cat" / "0.jpg").unlink()
    assert_rebuilt(folder, "stale (file list changed (0 new, 1 removed")
    (folder / "Cat" / "empty.jpg").write_bytes((folder / "Cat" / "1.jpg").read_bytes())   # a skipped file fixed
    d = assert_rebuilt(folder, "stale (Cat/empty.jpg: size changed")
    assert "Cat/empty.jpg" in d.files


def test_stale_labels_and_loader_version(folder, monkeypatch):
    load(folder)
    d = assert_rebuilt(folder, "stale (label mapping differs)", labels={"Cat": 0, "Dog": 1})
    assert d.y.tolist() == [0] * 4 + [1] * 4
    monkeypatch.setattr(ic, "LOADER_VERSION", ic.LOADER_VERSION + 1)
    assert_rebuilt(folder, f"stale (loader version {ic.LOADER_VERSION - 1}", labels={"Cat": 0, "Dog": 1})


def test_mtime_tolerance_is_one_microsecond(folder):
    load(folder)
    man = folder / ".nnscratch-cache" / "manifest_32.txt"
    text = man.read_text()

    def shift(ns):
        lines = text.split("\n")
        out = []
        for ln in lines:
            if ln.startswith("f\t"):
                p = ln.split("\t")
                p[2] = str(int(p[2]) + ns)
                ln = "\t".join(p)
            out.append(ln)
        man.write_text("\n".join(out))

    shift(-900)          # what R writes: its doubles are a few hundred ns off
    assert load(folder).cache["status"] == "hit"
    shift(1001)
    assert load(folder).cache["miss"].startswith("stale (Cat/0.jpg: modified)")


def test_awkward_file_names(tmp_path):
    root = make_folder(tmp_path / "odd")
    data = (root / "Cat" / "0.jpg").read_bytes()
    for name in ("tab\tname.jpg", "back\\slash.jpg", "new\nline.jpg", "ünïcode é.jpg", "sp ace.jpg"):
        (root / "Cat" / name).write_bytes(data)
    cold = load(root)
    warm = load(root)
    assert warm.cache["status"] == "hit"
    same(cold, warm)
    assert "Cat/new\nline.jpg" in warm.files and "Cat/tab\tname.jpg" in warm.files


# -- corrupt ------------------------------------------------------------------------------------------

def corrupt_and_reload(folder, damage, why):
    good = load(folder)
    cache = folder / ".nnscratch-cache"
    damage(cache)
    with pytest.warns(ic.CacheWarning, match=r"image cache in .* is corrupt \(" + why):
        d = load(folder)
    assert d.cache["status"] == "written"
    same(d, good)
    assert load(folder).cache["status"] == "hit"


def truncate(path, keep):
    data = path.read_bytes()
    path.write_bytes(data[:keep(len(data))])


@pytest.mark.parametrize("damage, why", [
    (lambda c: truncate(c / "images_32.npy", lambda n: n - 100), "images_32.npy: truncated"),
    (lambda c: truncate(c / "images_32.npy", lambda n: 30), "images_32.npy: bad .npy header"),
    (lambda c: (c / "images_32.npy").write_bytes(b"garbage" * 10), "images_32.npy: not an .npy file"),
    (lambda c: (c / "images_32.npy").unlink(), "images_32.npy missing"),
    (lambda c: np.save(c / "images_32.npy", np.zeros((7, 32, 32, 3), np.uint8)), r"images_32.npy: shape \(7, 32, 32, 3\)"),
    (lambda c: np.save(c / "images_32.npy", np.zeros((8, 32, 32, 3), np.float64)), "images_32.npy: dtype float64"),
    (lambda c: np.save(c / "labels_32.npy", np.arange(8, dtype=np.int64)), "labels_32.npy: labels do not match"),
    (lambda c: truncate(c / "labels_32.npy", lambda n: n - 8), "labels_32.npy: truncated"),
    (lambda c: truncate(c / "manifest_32.txt", lambda n: n - 20), r"manifest truncated \(no 'end' line\)"),
    (lambda c: (c / "manifest_32.txt").write_bytes(b"\x00\x01\x02end\n"), "manifest contains NUL"),
    (lambda c: (c / "manifest_32.txt").write_text("hello\nend\n"), "manifest: bad first line"),
    (lambda c: (c / "manifest_32.txt").write_text(
        (c / "manifest_32.txt").read_text().replace("kept\t8", "kept\t7")), "manifest: kept count"),
    (lambda c: (c / "manifest_32.txt").write_text(
        (c / "manifest_32.txt").read_text().replace("\tok\t", "\tok\tx\t", 1)), "manifest: malformed file line"),
])
def test_corrupt_cache_is_rebuilt_with_a_warning(folder, damage, why):
    corrupt_and_reload(folder, damage, why)


def test_interrupted_rebuild_leaves_no_manifest(folder, monkeypatch):
    load(folder)
    (folder / "Cat" / "new.jpg").write_bytes((folder / "Cat" / "0.jpg").read_bytes())

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ic, "image_cache_manifest", boom)      # dies after writing the arrays
    with pytest.raises(KeyboardInterrupt):
        load(folder)
    cache = folder / ".nnscratch-cache"
    assert not (cache / "manifest_32.txt").exists()
    assert not [p for p in cache.iterdir() if ".tmp-" in p.name]
    monkeypatch.undo()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ic.CacheWarning)
        assert load(folder).cache["miss"] == "absent"


# -- the manifest ------------------------------------------------------------------------------------

def test_manifest_text_and_escapes():
    key = ic.CacheKey(8, {"Dog": 0, "Cat": 1}, ["Cat/a\tb.jpg", "Dog/x.jpg"], [10, 20], [1_000_000_007, 5])
    text = ic.image_cache_manifest(key, [None, "empty file (0 bytes)"], ("0" * 32, "f" * 32))
    assert text == ("nnscratch-image-cache\t2\nloader_version\t1\nsize\t8\n"
                    f"images_md5\t{'0' * 32}\nlabels_md5\t{'f' * 32}\nlabel\tCat\t1\nlabel\tDog\t0\n"
                    "files\t2\nkept\t1\nf\t10\t1000000007\tok\tCat/a\\tb.jpg\n"
                    "f\t20\t5\tempty file (0 bytes)\tDog/x.jpg\nend\n")
    for s in ["plain", "tab\tnew\nline\rcr", "back\\slash", "\\t literally", ""]:
        assert ic.unescape_field(ic.escape_field(s)) == s
    assert ic.escape_field("a\\b\tc") == "a\\\\b\\tc"


def test_check_image_manifest_round_trip(tmp_path):
    key = ic.CacheKey(8, {"Cat": 1}, ["Cat/a.jpg", "Cat/b.jpg"], [10, 20], [100, 200])
    sums = ("0123456789abcdef" * 2, "f" * 32)
    (tmp_path / "m.txt").write_text(ic.image_cache_manifest(key, ["truncated\treason", None], sums))
    assert ic.check_image_manifest(tmp_path / "m.txt", key) == (["Cat/b.jpg"], [("Cat/a.jpg", "truncated\treason")],
                                                                 sums)
    with pytest.raises(ic.StaleCache, match="image size 8, expected 9"):
        ic.check_image_manifest(tmp_path / "m.txt", ic.CacheKey(9, key.labels, key.names, key.sizes, key.mtimes_ns))
    with pytest.raises(ic.CorruptCache, match="cannot read nope.txt"):
        ic.check_image_manifest(tmp_path / "nope.txt", key)


def test_read_cache_npy_checks_dtype_and_shape(tmp_path):
    np.save(tmp_path / "a.npy", np.zeros((2, 3), np.uint8))
    assert ic.read_cache_npy(tmp_path / "a.npy", ("|u1", "<u1"), (2, 3)).shape == (2, 3)
    with pytest.raises(ic.CorruptCache, match=r"^a.npy: shape \(2, 3\), expected \(3, 2\)$"):
        ic.read_cache_npy(tmp_path / "a.npy", ("|u1",), (3, 2))
    with pytest.raises(ic.CorruptCache, match="^a.npy: dtype uint8, expected int64$"):
        ic.read_cache_npy(tmp_path / "a.npy", ("<i8",), (2, 3))
    with pytest.raises(ic.CorruptCache, match="^b.npy missing$"):
        ic.read_cache_npy(tmp_path / "b.npy", ("<i8",), (2, 3))


def test_image_cache_files(tmp_path):
    assert ic.image_cache_files(tmp_path, 16) == {"images": tmp_path / "images_16.npy",
                                                  "labels": tmp_path / "labels_16.npy",
                                                  "manifest": tmp_path / "manifest_16.txt"}


# -- issue 12: checksums, read errors ---------------------------------------------------------------

def test_arrays_edited_consistently_are_refused_by_their_checksum(tmp_path):
    folder = make_folder(tmp_path / "pets")
    good = load(folder)
    img = folder / ".nnscratch-cache" / "images_32.npy"
    np.save(img, np.load(img)[::-1].copy())              # reversed, header still right
    with pytest.warns(ic.CacheWarning, match=r"images_32.npy: MD5 checksum differs"):
        d = load(folder)
    same(d, good)
    assert load(folder).cache["status"] == "hit"


def test_a_read_error_is_not_a_permanent_skip(tmp_path):
    """A reason that does not come from the bytes ("cannot read file (...)") is re-checked on load."""
    folder = make_folder(tmp_path / "pets")
    load(folder)
    man = folder / ".nnscratch-cache" / "manifest_32.txt"
    text = man.read_text()
    assert "\tok\tCat/1.jpg\n" in text
    kept = sum(line.split("\t")[3] == "ok" for line in text.splitlines() if line.startswith("f\t"))
    man.write_text(text.replace("\tok\tCat/1.jpg\n", "\tcannot read file (Permission denied)\tCat/1.jpg\n")
                   .replace(f"kept\t{kept}\n", f"kept\t{kept - 1}\n"))
    d = load(folder)
    assert d.cache["miss"] == "stale (Cat/1.jpg: readable now)" and "Cat/1.jpg" in d.files
