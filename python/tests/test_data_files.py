"""Listing an image folder (nnscratch/data/files.py): byte order, labels, ignored folders, messages."""
from __future__ import annotations

import warnings

import pytest

from nnscratch import create_dataset
from nnscratch.data.dataset import SkippedFilesWarning
from nnscratch.data.files import DEFAULT_LABELS, byte_key, check_labels, list_image_files

from .image_makers import RED, make_pet_folder, png_bytes, solid


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedFilesWarning)
        return create_dataset(path, **kw)


def test_sorted_byte_order(tmp_path):
    (tmp_path / "Cat").mkdir()
    (tmp_path / "Dog").mkdir()
    names = ["b.png", "10.png", "2.png", "1.png", "B.png", "a.png", "_.png"]
    for i, n in enumerate(names):
        (tmp_path / "Dog" / n).write_bytes(png_bytes(solid(4, 4, (i, 0, 0)), 2))
    (tmp_path / "Cat" / "z.png").write_bytes(png_bytes(RED, 2))
    d = load(tmp_path)
    assert d.files == ["Cat/z.png", "Dog/1.png", "Dog/10.png", "Dog/2.png", "Dog/B.png",
                       "Dog/_.png", "Dog/a.png", "Dog/b.png"]
    # each image remembers where it came from: red channel = index in `names` / 255
    assert [round(v * 255) for v in d.X[1:, 0, 0, 0]] == [names.index(f[4:]) for f in d.files[1:]]


def test_list_image_files_entries_and_ignored_folders(tmp_path):
    root = make_pet_folder(tmp_path / "pets")
    (root / ".nnscratch-cache").mkdir()                 # the image cache is not a class
    entries, ignored = list_image_files(root)
    assert ignored == ["Other"]
    assert entries[:3] == [("Cat/Thumbs.db", 1), ("Cat/colour.jpg", 1), ("Cat/empty.jpg", 1)]
    assert [e for e in entries if e[0].startswith("Dog/")] == [("Dog/1.jpg", 0), ("Dog/10.png", 0),
                                                                ("Dog/2.png", 0), ("Dog/cut.png", 0)]
    assert len(entries) == 16 and not any("sub" in rel for rel, _ in entries)
    entries, ignored = list_image_files(root, {"Dog": 5})
    assert ignored == ["Cat", "Other"] and {lab for _, lab in entries} == {5}


def test_check_labels():
    assert check_labels(None) == DEFAULT_LABELS == {"Cat": 1, "Dog": 0}
    assert check_labels({"a": 2.0}) == {"a": 2}
    for bad, msg in [({}, "labels must be a non-empty dict of folder name -> integer label; got {}"),
                     ({"a/b": 1}, "labels keys must be folder names; got 'a/b'"),
                     ({"Cat": 0.5}, "labels must map to integers; 'Cat' maps to 0.5"),
                     ({"Cat": True}, "labels must map to integers; 'Cat' maps to True")]:
        with pytest.raises(ValueError) as exc:
            check_labels(bad)
        assert str(exc.value) == msg


def test_byte_key_orders_by_bytes():
    assert sorted(["b", "B", "_", "10", "2", "é", "z"], key=byte_key) == ["10", "2", "B", "_", "b", "z", "é"]


def test_missing_folder_messages(tmp_path):
    with pytest.raises(FileNotFoundError) as exc:
        list_image_files(tmp_path / "nope")
    assert str(exc.value) == f"create_dataset: folder not found: '{tmp_path}/nope'"
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError) as exc:
        list_image_files(tmp_path / "f")
    assert str(exc.value) == f"create_dataset: not a folder: '{tmp_path}/f'"
    (tmp_path / "Cat").mkdir()
    with pytest.raises(FileNotFoundError) as exc:
        list_image_files(tmp_path)
    assert str(exc.value) == (f"create_dataset: class folder 'Dog' not found in '{tmp_path}' "
                              "(labels name the sub-folders ['Cat', 'Dog']; missing: ['Dog'])")


def test_links_pipes_and_bad_names_are_listed_once_without_loops(tmp_path):
    """issue 12: a looping link raised OSError (Errno 40) from is_file(); links to folders are never visited."""
    import os

    from nnscratch.data.files import display_name, list_tree_files

    for cls in ("Cat", "Dog"):
        (tmp_path / cls).mkdir()
        (tmp_path / cls / "a.png").write_bytes(png_bytes(RED, 2))
    os.symlink(".", tmp_path / "Cat" / "loop")
    os.symlink("self.jpg", tmp_path / "Cat" / "self.jpg")
    os.mkfifo(tmp_path / "Cat" / "pipe.jpg")
    (tmp_path / "Dog" / os.fsdecode(b"caf\xe9.jpg")).write_bytes(b"x")
    entries, _ = list_image_files(tmp_path)
    assert [display_name(rel) for rel, _ in entries] == ["Cat/a.png", "Cat/pipe.jpg", "Cat/self.jpg",
                                                          "Dog/a.png", "Dog/caf\\xe9.jpg"]
    (tmp_path / ".nnscratch-cache").mkdir()
    (tmp_path / ".nnscratch-cache" / "images_8.npy").write_bytes(b"")
    assert [display_name(r) for r in list_tree_files(tmp_path)] == [
        "Cat/a.png", "Cat/pipe.jpg", "Cat/self.jpg", "Dog/a.png", "Dog/caf\\xe9.jpg"]
    with pytest.raises(ValueError, match="the folder name is empty"):
        list_tree_files("")
