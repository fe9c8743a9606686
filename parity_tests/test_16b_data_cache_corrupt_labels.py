"""A cache whose labels do not match the label mapping is corrupt in both languages, with the same
warning sentence (the cache path replaced by <cache>), and the data set is rebuilt from the images:
X and y the same as from a fresh decode (storage types included: X float64 <-> double,
y int64 <-> R's labels as the adapter delivers them)."""
import re
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from compare import assert_same
from nnscratch.data.cache import CacheWarning
from nnscratch.data.dataset import create_dataset
from nnscratch.data.npy import read_npy, write_npy

ROOT = Path(__file__).resolve().parents[1]

R_WARNINGS = """
nn_test_warnings <- function(path, size) {
  msgs <- character(0)
  d <- withCallingHandlers(create_dataset(path, size = size, cache = TRUE),
    warning = function(w) { msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(X = d$X, y = d$y, warnings = msgs)
}
"""


def folder_with_cache(tmp_path, tag):
    folder = tmp_path / tag
    for cls in ("Cat", "Dog"):
        (folder / cls).mkdir(parents=True)
        for f in sorted((ROOT / "data" / "sample" / cls).iterdir())[:3]:
            shutil.copy(f, folder / cls / f.name)
    create_dataset(folder, size=4, cache=True)  # Python writes the shared cache
    labels = sorted(folder.glob(".nnscratch-cache/**/*labels*.npy"))
    assert len(labels) == 1, labels
    y = read_npy(labels[0])
    write_npy(labels[0], 1 - y)  # valid file, wrong labels
    return folder


def normalise(msg, folder):
    return re.sub(r"'[^']*\.nnscratch-cache[^']*'|\S*\.nnscratch-cache\S*", "<cache>", msg.replace(str(folder), "<folder>"))


def test_corrupt_labels_same_warning_and_rebuilt(r, tmp_path):
    r.eval(R_WARNINGS)
    py_folder = folder_with_cache(tmp_path, "py")
    r_folder = folder_with_cache(tmp_path, "r")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        py = create_dataset(py_folder, size=4, cache=True)
    py_msgs = [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]
    rv = r.call("nn_test_warnings", str(r_folder), 4.0)
    r_msgs = list(rv["warnings"] or [])
    assert len(py_msgs) == 1 and "labels do not match the label mapping" in py_msgs[0], py_msgs
    assert [normalise(m, r_folder) for m in r_msgs] == [normalise(m, py_folder) for m in py_msgs]
    fresh = create_dataset(py_folder, size=4, cache=False)
    assert_same("X", fresh.X, py.X, rtol=0)
    assert_same("X", py.X, rv["X"], rtol=0)
    assert_same("y", py.y, rv["y"], rtol=0)
