"""nnscratch_sample (python/nnscratch/api/sample.py): the sample images are package data, ONE copy
of the bytes in git (data/sample; the package folder is a symbolic link to it), and the wheel's
package-data patterns take every sample file but the image cache. A real non-editable install in a
fresh venv is checked by scripts/check_installed_sample.sh (it downloads the dependencies)."""
from __future__ import annotations

import doctest
import fnmatch
import os
import tomllib
from pathlib import Path

import nnscratch.api.sample as sample_module
from nnscratch import create_dataset
from nnscratch.api import nnscratch_sample

ROOT = Path(__file__).resolve().parents[2]


def test_path_is_in_the_package_and_the_bytes_are_data_sample():
    path = Path(nnscratch_sample())
    assert path == Path(sample_module.__file__).resolve().parent / "sample"
    assert path.resolve() == (ROOT / "data" / "sample").resolve()          # one copy of the bytes
    assert sorted(p.name for p in path.iterdir() if not p.name.startswith(".")) == ["Cat", "Dog"]


def test_create_dataset_on_the_sample():
    ds = create_dataset(nnscratch_sample(), size=4, warn=False, cache=False, workers=1)
    assert ds.X.shape == (357, 4, 4, 3) and int(ds.y.sum()) == 183
    assert [f for f, _ in ds.skipped] == ["Cat/183.jpg", "Cat/184.jpg", "Dog/174.jpg", "Dog/175.jpg"]


def test_package_data_takes_every_sample_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["nnscratch.api"]
    sample = ROOT / "data" / "sample"
    files = [p.relative_to(sample).as_posix() for p in sample.rglob("*") if p.is_file()]
    taken = {f for f in files if any(fnmatch.fnmatch("sample/" + f, pat) for pat in patterns)}
    cache = {f for f in files if f.startswith(".nnscratch-cache/")}
    assert taken == set(files) - cache and len(taken) == 361                 # 357 images + 4 skipped files


def test_missing_sample_is_a_clear_error(monkeypatch, tmp_path):
    import pytest
    fake = tmp_path / "api" / "sample.py"
    monkeypatch.setattr(sample_module, "__file__", str(fake))
    with pytest.raises(FileNotFoundError, match="the nnscratch sample images are missing from this installation"):
        nnscratch_sample()


def test_docstring_examples():
    failed, attempted = doctest.testmod(sample_module, raise_on_error=False, verbose=False)[:2]
    assert attempted >= 2 and failed == 0
