"""One image cache for both languages: R/npy.R + R/image_cache.R vs nnscratch/image_cache.py.

* ``.npy``: R's ``write_npy`` writes the very bytes ``numpy.save`` writes, and
  R's ``read_npy`` gives numpy's values at the same indices (u1, i8, f8; 1-d to 4-d).
* A cache written by Python is read by R (status "hit") giving the identical
  X / y / files / skipped, and the other way round; both write byte-identical
  ``.npy`` files and the same manifest (up to R's rounding of the times).
* A stale cache (a file modified) and a corrupt one (truncated array, bad
  labels) written by one language are rebuilt by the other, with a warning
  for the corrupt one, and the rebuilt cache is then used by the first.
"""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np

import compare
from datasets import assert_same_dataset, py_load, r_load
import pytest

from nnscratch.data import cache as ic
from nnscratch.data import npy


def jpeg(rgb, quality=90):
    ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(rgb[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def make_folder(root: Path, n=5, seed=3):
    rng = np.random.RandomState(seed)
    for cls in ("Cat", "Dog"):
        (root / cls).mkdir(parents=True)
        for i in range(n):
            h, w = rng.randint(24, 90, 2)
            smooth = cv2.GaussianBlur(rng.randint(0, 256, (h, w, 3)).astype(np.uint8), (5, 5), 1.5)
            (root / cls / f"{i}.jpg").write_bytes(jpeg(smooth))
    whole = (root / "Cat" / "0.jpg").read_bytes()
    (root / "Cat" / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (root / "Dog" / "zero.jpg").write_bytes(b"")
    (root / "Dog" / "words.jpg").write_text("text\n")
    (root / "Other").mkdir()
    return root


# -- .npy ---------------------------------------------------------------------------------------

NPY_CASES = {
    "u1_4d": (np.random.RandomState(0).randint(0, 256, (5, 4, 4, 3)).astype(np.uint8), "u1"),
    "u1_2d": (np.arange(6, dtype=np.uint8).reshape(2, 3), "u1"),
    "u1_empty": (np.zeros((0, 2, 2, 3), np.uint8), "u1"),
    "i8_1d": (np.array([0, 1, -1, 2**31, -(2**31) - 1, 2**53, -(2**53)], dtype=np.int64), "i8"),
    "i8_2d": (np.arange(-6, 6, dtype=np.int64).reshape(3, 4), "i8"),
    "f8_3d": (np.random.RandomState(1).standard_normal((2, 3, 4)) * 10.0 ** np.arange(-12, 12).reshape(2, 3, 4), "f8"),
    "f8_1d": (np.array([0.0, -0.0, 1e-310, np.pi, 1e308, np.inf, -np.inf]), "f8"),
    "f8_5d": (np.arange(2 * 3 * 1 * 2 * 2, dtype=np.float64).reshape(2, 3, 1, 2, 2) / 7, "f8"),
}


@pytest.mark.parametrize("name", sorted(NPY_CASES))
def test_npy_round_trip_between_languages(r, tmp_path, name):
    arr, dtype = NPY_CASES[name]
    a, b = tmp_path / "numpy.npy", tmp_path / "r.npy"
    np.save(a, arr)
    got = r.call("read_npy", str(a))
    # int64 values beyond R's 32-bit integers come back as doubles (R has no int64): a documented exception.
    wide = arr.dtype == np.int64 and arr.size and (arr.max() > 2**31 - 1 or arr.min() < -(2**31 - 1))
    compare.assert_same(name, arr, got, rtol=0, r_typeof="double" if wide else None)
    assert np.array_equal(np.signbit(got), np.signbit(arr)), f"{name}: signs of zeros differ"
    r.eval(f'write_npy("{b}", read_npy("{a}"), dtype = "{dtype}")')
    assert b.read_bytes() == a.read_bytes(), f"{name}: R's write_npy bytes differ from numpy.save"
    back = npy.read_npy(b)
    assert back.dtype == arr.dtype and np.array_equal(back, arr)


def test_constants_and_user_cache_dir_agree(r, tmp_path):
    assert int(r.eval("IMAGE_LOADER_VERSION")[0]) == ic.LOADER_VERSION
    assert int(r.eval("IMAGE_CACHE_FORMAT_VERSION")[0]) == ic.CACHE_FORMAT_VERSION
    assert r.eval("IMAGE_CACHE_DIRNAME") == [ic.CACHE_DIRNAME]
    assert r.eval("IMAGE_CACHE_MTIME_TOLERANCE_NS")[0] == ic.MTIME_TOLERANCE_NS
    folder = tmp_path / "some folder é"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    for p in (folder, tmp_path / "link"):
        assert r.call("user_cache_dir", str(p)) == [str(ic.user_cache_dir(p))]
    assert r.call("escape_field", ["a\tb\\c\nd\re"]) == [ic.escape_field("a\tb\\c\nd\re")]


# -- one cache, two languages ------------------------------------------------------------------------

def test_python_cache_read_by_r(r, tmp_path):
    root = make_folder(tmp_path / "pets")
    d = py_load(root, size=16)
    assert d.cache["status"] == "written"
    rd, warned = r_load(r, root, size=16)
    assert rd["cache"]["status"] == ["hit"] and not warned
    assert_same_dataset("python cache -> R", d, rd)
    rcold, _ = r_load(r, root, size=16, cache="FALSE")
    assert_same_dataset("R without cache", d, rcold)


def test_r_cache_read_by_python_and_same_files(r, tmp_path):
    root = make_folder(tmp_path / "pets", seed=4)
    rd, _ = r_load(r, root, size=16)
    assert rd["cache"]["status"] == ["written"]
    d = py_load(root, size=16)
    assert d.cache["status"] == "hit"
    assert_same_dataset("R cache -> python", d, rd)
    # Python writes the same cache elsewhere: identical arrays, same manifest up to R's time rounding
    py_dir = tmp_path / "py_cache"
    assert py_load(root, size=16, cache=py_dir).cache["status"] == "written"
    r_dir = root / ".nnscratch-cache"
    for f in ("images_16.npy", "labels_16.npy"):
        assert (r_dir / f).read_bytes() == (py_dir / f).read_bytes(), f
    r_lines = (r_dir / "manifest_16.txt").read_text().split("\n")
    py_lines = (py_dir / "manifest_16.txt").read_text().split("\n")
    assert len(r_lines) == len(py_lines)
    for a, b in zip(r_lines, py_lines):
        if a.startswith("f\t"):
            pa, pb = a.split("\t"), b.split("\t")
            assert pa[:2] + pa[3:] == pb[:2] + pb[3:]
            assert abs(int(pa[2]) - int(pb[2])) <= 500, (a, b)     # R: double seconds
        else:
            assert a == b


def test_stale_cache_rebuilt_by_the_other_language(r, tmp_path):
    root = make_folder(tmp_path / "pets")
    py_load(root, size=16)                                   # Python writes
    f = root / "Dog" / "2.jpg"
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000))
    rd, warned = r_load(r, root, size=16)                    # R: stale -> rebuilds, no warning
    assert rd["cache"]["status"] == ["written"] and not warned
    assert rd["cache"]["miss"][0].startswith("stale (Dog/2.jpg: modified)")
    d = py_load(root, size=16)                               # Python uses R's rebuilt cache
    assert d.cache["status"] == "hit"
    assert_same_dataset("stale, rebuilt by R", d, rd)
    (root / "Cat" / "new.jpg").write_bytes((root / "Cat" / "1.jpg").read_bytes())
    d = py_load(root, size=16)                               # Python rebuilds, R uses it
    assert d.cache["miss"].startswith("stale (file list changed (1 new")
    rd, _ = r_load(r, root, size=16)
    assert rd["cache"]["status"] == ["hit"]
    assert_same_dataset("stale, rebuilt by python", d, rd)


def test_corrupt_cache_rebuilt_by_the_other_language(r, tmp_path):
    root = make_folder(tmp_path / "pets")
    cache = root / ".nnscratch-cache"
    py_load(root, size=16)
    img = cache / "images_16.npy"
    img.write_bytes(img.read_bytes()[:-50])                  # truncated
    rd, warned = r_load(r, root, size=16)
    assert rd["cache"]["status"] == ["written"]
    assert len(warned) == 1 and "is corrupt (images_16.npy: truncated" in warned[0] and "rebuilding it" in warned[0]
    d = py_load(root, size=16)
    assert d.cache["status"] == "hit"
    assert_same_dataset("corrupt, rebuilt by R", d, rd)
    np.save(cache / "labels_16.npy", np.zeros(len(d.files), np.int64))   # labels contradict the mapping
    with pytest.warns(ic.CacheWarning, match=r"is corrupt \(labels_16.npy: labels do not match"):
        d = py_load(root, size=16)
    assert d.cache["status"] == "written"
    rd, warned = r_load(r, root, size=16)
    assert rd["cache"]["status"] == ["hit"] and not warned
    assert_same_dataset("corrupt, rebuilt by python", d, rd)
    (cache / "manifest_16.txt").write_bytes((cache / "manifest_16.txt").read_bytes()[:-4])  # no "end"
    rd, warned = r_load(r, root, size=16)
    assert len(warned) == 1 and "manifest truncated" in warned[0]
    assert py_load(root, size=16).cache["status"] == "hit"
