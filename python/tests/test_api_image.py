"""predict_image (python/nnscratch/api/image.py): an image file scores exactly as the same file does
inside create_dataset (decode, resize, / 255, flatten order, standardizer), paths only, clear errors."""
from __future__ import annotations

import doctest
import os

import numpy as np
import pytest

import nnscratch.api.image as image_module
from nnscratch import create_dataset, flatten_images
from nnscratch.api import NNClassifier, nnscratch_sample, predict_image
from nnscratch.io.model import save_model

SIZE = 8


@pytest.fixture(scope="module")
def sample():
    ds = create_dataset(nnscratch_sample(), size=SIZE, warn=False, cache=False, workers=1)
    return ds, flatten_images(ds.X).T                    # rows: (m, SIZE * SIZE * 3)


@pytest.fixture(scope="module")
def fitted(sample):
    ds, rows = sample
    y = np.where(ds.y == 1, "Cat", "Dog")
    return NNClassifier(num_iterations=60, standardize=True).fit(rows, y)


def files_of(ds, picks):
    return [os.path.join(ds.path, ds.files[i]) for i in picks]


def test_same_probability_as_the_data_set(sample, fitted):
    ds, rows = sample
    picks = [0, 5, 200, 356]
    out = predict_image(fitted, files_of(ds, picks))
    assert out["file"] == files_of(ds, picks)
    assert out["probability"].dtype == np.float64 and out["probability"].shape == (4,)
    assert np.array_equal(out["probability"], fitted.predict_proba(rows[picks])[:, 1])     # exact: same steps
    assert out["label"].tolist() == fitted.predict(rows[picks]).tolist()
    assert set(out["label"].tolist()) <= {"Cat", "Dog"}


def test_one_path_is_one_image(sample, fitted):
    ds, rows = sample
    out = predict_image(fitted, files_of(ds, [3])[0])
    assert out["probability"].shape == (1,) and len(out["file"]) == 1
    assert out["probability"][0] == fitted.predict_proba(rows[[3]])[0, 1]


def test_model_file_path(sample, fitted, tmp_path):
    ds, rows = sample
    path = fitted.save_model(tmp_path / "m.txt")
    out = predict_image(str(path), files_of(ds, [1, 300]))
    assert np.array_equal(out["probability"], fitted.predict_proba(rows[[1, 300]])[:, 1])
    assert out["label"].tolist() == fitted.predict(rows[[1, 300]]).tolist()


def test_model_file_without_labels_gives_0_1(sample, fitted, tmp_path):
    ds, rows = sample
    save_model(tmp_path / "bare.txt", fitted.parameters_, {"architecture": fitted.layers_, "image_size": SIZE,
                                                           "standardizer": fitted.standardizer_})
    out = predict_image(tmp_path / "bare.txt", files_of(ds, [0, 300]))
    assert out["label"].dtype.kind == "i"
    assert out["label"].tolist() == (fitted.predict_proba(rows[[0, 300]])[:, 1] > 0.5).astype(int).tolist()


def test_an_array_is_never_taken_for_images(sample, fitted):
    ds, _ = sample
    with pytest.raises(TypeError, match=r"got a numpy array of shape \(8, 8, 3\)\. predict_image reads files"):
        predict_image(fitted, ds.X[0])
    with pytest.raises(TypeError, match=r"paths\[1\] must be a file path; got ndarray"):
        predict_image(fitted, [files_of(ds, [0])[0], ds.X[0]])


def test_not_an_image_is_named(sample, fitted):
    for name, reason in (("Cat/184.jpg", "empty file"), ("Dog/175.jpg", "not a JPEG or PNG file"),
                         ("Cat/nope.jpg", "cannot read file")):
        path = os.path.join(nnscratch_sample(), name)
        with pytest.raises(ValueError, match=f"predict_image: '{path}' is not a readable image: {reason}"):
            predict_image(fitted, [path])


def test_model_must_take_images(sample):
    ds, _ = sample
    clf = NNClassifier(num_iterations=3).fit(np.eye(4)[[0, 1, 2, 3] * 3], [0, 1] * 6)   # 4 inputs: not s*s*3
    with pytest.raises(ValueError, match="the model takes 4 inputs, not the pixels of size x size x 3 images"):
        predict_image(clf, files_of(ds, [0]))
    with pytest.raises(ValueError, match="not fitted yet"):
        predict_image(NNClassifier(), files_of(ds, [0]))
    with pytest.raises(TypeError, match="model must be a fitted NNClassifier or a model file path; got dict"):
        predict_image({}, files_of(ds, [0]))


def test_no_paths(fitted):
    out = predict_image(fitted, [])
    assert out["file"] == [] and out["probability"].shape == (0,) and out["label"].shape == (0,)


def test_docstring_examples():
    failed, attempted = doctest.testmod(image_module, raise_on_error=False, verbose=False)[:2]
    assert attempted >= 4 and failed == 0
