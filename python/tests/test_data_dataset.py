"""create_dataset (nnscratch/data/dataset.py): kept and skipped files, order, RGB, shapes, messages,
and the sample data."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from nnscratch import create_dataset
from nnscratch.data import dataset as ds

from .image_makers import COLOUR, RED, jpeg_bytes, make_pet_folder, png_bytes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture
def folder(tmp_path):
    return make_pet_folder(tmp_path)


EXPECTED_FILES = ["Cat/colour.jpg", "Cat/palette.png", "Cat/red.png", "Cat/rgba.png", "Cat/wide16.png",
                  "Dog/1.jpg", "Dog/10.png", "Dog/2.png"]
EXPECTED_SKIPPED = [
    ("Cat/Thumbs.db", "not a JPEG or PNG file"),
    ("Cat/empty.jpg", "empty file (0 bytes)"),
    ("Cat/gray.jpg", "grayscale image (JPEG, 1 component)"),
    ("Cat/gray.png", "grayscale image (PNG, gray)"),
    ("Cat/gray_alpha.png", "grayscale image (PNG, gray+alpha)"),
    ("Cat/text.jpg", "not a JPEG or PNG file"),
    ("Cat/truncated.jpg", "truncated JPEG (no end-of-image marker)"),
    ("Dog/cut.png", "truncated PNG (no IEND chunk)"),
]


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ds.SkippedFilesWarning)
        return create_dataset(path, **kw)


# -- the temporary folder ---------------------------------------------------------------

def test_kept_and_skipped_files(folder):
    d = load(folder)
    assert d.files == EXPECTED_FILES
    assert d.skipped == EXPECTED_SKIPPED
    assert d.ignored_folders == ["Other"]
    assert d.y.tolist() == [1, 1, 1, 1, 1, 0, 0, 0]
    assert d.y.dtype == np.int64
    assert d.X.shape == (8, 32, 32, 3) and d.X.dtype == np.float64
    assert len(d) == 8
    assert "skipped 8 files" in d.report() and "Cat/truncated.jpg: truncated JPEG" in d.report()


def test_unpacks_as_X_y_and_warns_once(folder):
    with pytest.warns(ds.SkippedFilesWarning) as rec:
        X, y = create_dataset(folder)
    assert len(rec) == 1
    msg = str(rec[0].message)
    assert "skipped 8 of 16 files" in msg and "Cat/Thumbs.db: not a JPEG or PNG file" in msg
    assert X.shape == (8, 32, 32, 3) and y.shape == (8,)


def test_no_warning_when_nothing_skipped(tmp_path):
    for c in ("Cat", "Dog"):
        (tmp_path / c).mkdir()
        (tmp_path / c / "a.png").write_bytes(png_bytes(RED, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = create_dataset(tmp_path)
    assert d.skipped == [] and d.y.tolist() == [1, 0]


def test_rgb_order_pure_red(folder):
    d = load(folder)
    red = d.X[d.files.index("Cat/red.png")]
    assert np.all(red[..., 0] == 1.0) and np.all(red[..., 1:] == 0.0)
    blue = d.X[d.files.index("Dog/1.jpg")]          # JPEG: lossy, but clearly blue
    assert blue[..., 2].min() > 0.95 and blue[..., :2].max() < 0.05
    green = d.X[d.files.index("Dog/10.png")]        # 5x5 upsampled to 32x32
    assert np.all(green == np.array([0.0, 1.0, 0.0]))


def test_values_are_uint8_over_255(folder):
    d = load(folder, size=64)
    black = d.X[d.files.index("Dog/2.png")]          # 64x64 -> 64x64: unchanged
    assert np.all(black == 0.0)
    assert np.array_equal(d.X * 255.0, np.round(d.X * 255.0))
    assert d.X.min() >= 0.0 and d.X.max() <= 1.0


def test_custom_labels_and_class_order(folder):
    d = load(folder, labels={"Dog": 7, "Cat": 3})
    assert d.files[0].startswith("Cat/") and d.y.tolist() == [3] * 5 + [7] * 3
    d = load(folder, labels={"Dog": 1})
    assert d.files == ["Dog/1.jpg", "Dog/10.png", "Dog/2.png"]
    assert d.ignored_folders == ["Cat", "Other"]
    with pytest.raises(ValueError, match="labels must map to integers"):
        load(folder, labels={"Cat": 0.5})
    with pytest.raises(ValueError, match="non-empty dict"):
        load(folder, labels={})


def test_missing_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        create_dataset(tmp_path / "nope")
    (tmp_path / "Cat").mkdir()
    with pytest.raises(FileNotFoundError, match=r"class folder 'Dog' not found in .*" + tmp_path.name):
        create_dataset(tmp_path)


def test_empty_class_folder_and_empty_result(tmp_path):
    (tmp_path / "Cat").mkdir()
    (tmp_path / "Dog").mkdir()
    with pytest.raises(ValueError, match="no readable images in .*" + tmp_path.name):
        create_dataset(tmp_path)
    (tmp_path / "Dog" / "x.jpg").write_bytes(b"")
    with pytest.raises(ValueError, match="1 skipped"):
        create_dataset(tmp_path)
    (tmp_path / "Dog" / "y.png").write_bytes(png_bytes(RED, 2))
    # Cat empty, Dog has one image: one class only is an error naming the empty class
    with pytest.raises(ValueError) as exc:
        load(tmp_path)
    assert str(exc.value) == (
        f"create_dataset: class 'Cat' has no readable images: folder {str(tmp_path / 'Cat')!r} is empty. "
        "Every class in labels needs at least one image (add images, or leave 'Cat' out of labels)")
    d = load(tmp_path, labels={"Dog": 0})             # a one-class mapping is the caller's choice
    assert d.files == ["Dog/y.png"] and d.y.tolist() == [0]


def test_class_with_only_unreadable_files(tmp_path):
    (tmp_path / "Cat").mkdir()
    (tmp_path / "Dog").mkdir()
    (tmp_path / "Cat" / "a.png").write_bytes(png_bytes(RED, 2))
    whole = jpeg_bytes(COLOUR)
    (tmp_path / "Dog" / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "Dog" / "zero.jpg").write_bytes(b"")
    (tmp_path / "Dog" / "words.jpg").write_text("I am text\n")
    for cache in (True, True, False):                 # cold, from the cache, without cache
        with pytest.raises(ValueError) as exc:
            load(tmp_path, cache=cache)
        assert str(exc.value) == (
            f"create_dataset: class 'Dog' has no readable images: all 3 files in {str(tmp_path / 'Dog')!r} "
            "were skipped (e.g. Dog/cut.jpg: truncated JPEG (no end-of-image marker)). Every class in labels "
            "needs at least one image (add images, or leave 'Dog' out of labels)")


def test_bad_files_are_skipped_and_counted_at_the_end(tmp_path):
    """Truncated JPEG, zero-byte file, text named .jpg: skipped with the file and the reason; the load goes on."""
    for c in ("Cat", "Dog"):
        (tmp_path / c).mkdir()
        for i in range(3):
            (tmp_path / c / f"{i}.jpg").write_bytes(jpeg_bytes(COLOUR))
    whole = jpeg_bytes(COLOUR)
    (tmp_path / "Cat" / "truncated.jpg").write_bytes(whole[: len(whole) - 300])
    (tmp_path / "Cat" / "zero.jpg").write_bytes(b"")
    (tmp_path / "Dog" / "notes.jpg").write_text("shopping list\n")
    for workers in (1, 2):
        with pytest.warns(ds.SkippedFilesWarning) as rec:
            d = create_dataset(tmp_path, workers=workers, cache=False)
        msg = str(rec[0].message)
        assert msg.startswith(f"create_dataset: skipped 3 of 9 files in {str(tmp_path)!r} (see .skipped): ")
        for part in ("Cat/truncated.jpg: truncated JPEG (no end-of-image marker)",
                     "Cat/zero.jpg: empty file (0 bytes)", "Dog/notes.jpg: not a JPEG or PNG file"):
            assert part in msg
        assert len(d.files) == 6 and len(d.skipped) == 3


def test_missing_folder_message(tmp_path):
    with pytest.raises(FileNotFoundError) as exc:
        create_dataset(tmp_path / "PetImages")
    assert str(exc.value) == f"create_dataset: folder not found: {str(tmp_path / 'PetImages')!r}"
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        create_dataset(tmp_path / "f")


def test_workers_and_cache_do_not_change_the_result(folder):
    ref = load(folder, cache=False, workers=1)
    for kw in ({"workers": 2, "cache": False}, {"workers": 2}, {}, {"workers": 1}):
        d = load(folder, **kw)
        assert d.files == ref.files and d.skipped == ref.skipped
        assert np.array_equal(d.X, ref.X) and np.array_equal(d.y, ref.y)
    assert d.cache["status"] == "hit" and d.ignored_folders == ref.ignored_folders == ["Other"]


def test_bad_size(folder):
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="size must be a positive integer"):
            create_dataset(folder, size=bad)


# -- the embedded sample data -------------------------------------------------------------

def test_sample_data():
    with pytest.warns(ds.SkippedFilesWarning):
        d = create_dataset(SAMPLE, cache=False)           # no cache folder in the checkout
    assert d.X.shape == (357, 32, 32, 3) and d.X.dtype == np.float64
    assert d.X.min() >= 0.0 and d.X.max() <= 1.0
    assert d.y.dtype == np.int64
    assert int(np.sum(d.y == 1)) == 183 and int(np.sum(d.y == 0)) == 174
    assert d.y.tolist() == [1] * 183 + [0] * 174
    assert d.skipped == [
        ("Cat/183.jpg", "truncated JPEG (no end-of-image marker)"),
        ("Cat/184.jpg", "empty file (0 bytes)"),
        ("Dog/174.jpg", "grayscale image (JPEG, 1 component)"),
        ("Dog/175.jpg", "not a JPEG or PNG file"),
    ]
    assert d.ignored_folders == []
    assert d.files[:5] == ["Cat/0.jpg", "Cat/1.jpg", "Cat/10.png", "Cat/100.jpg", "Cat/101.jpg"]
    assert d.files == sorted(d.files, key=lambda f: f.encode())
    assert "Cat/7.png" in d.files                     # the RGBA PNG is kept
    # background is light and ink dark in every image: corners are bright
    assert d.X[:, 0, 0, :].mean() > 0.6
