"""Parity of the object APIs (issue 14): Python's ``NNClassifier`` and R's ``nn_fit``, their model
files, and ``predict_image``.

Both objects are fed the same rows (samples as rows on both sides: each API transposes once,
to the engine's columns) with the same settings and seed, and computed independently.

Tolerances:

* trained parameters, cost histories and probabilities after training: the engine's whole-run
  parity (test_11_train_dense_nn, test_07b_update_rules): every step differs only by the
  summation order of matrix products and sums (numpy/BLAS vs R), which gradient descent carries
  along without amplifying much: parameters rtol 1e-10 (atol 1e-14 for entries that cancel to
  ~0), costs rtol 1e-12 (RTOL_SUM_ORDER), probabilities rtol 1e-10. Predicted classes must be
  identical (the probabilities are checked to be farther than 1e-6 from 0.5, so they cannot flip).
  The standardizer (a mean and a std per feature, sums) is compared within RTOL_SUM_ORDER.
* a model file written by one language and read by the other: the parameters are the very doubles
  that were written (``%.17g``): rtol 0; the probabilities of the same parameters are one forward
  pass: RTOL_SUM_ORDER.
* predict_image on the same model file in both languages: the pixels are bit-identical (the data
  family's parity, test_15), so only the forward pass differs: RTOL_SUM_ORDER; after training each
  language's own model on the sample: the whole-run tolerance above.
"""
import os

import numpy as np
import pytest

from compare import RTOL_SUM_ORDER, assert_same, assert_same_dict
from nnscratch import create_dataset, flatten_images
from nnscratch.api import NNClassifier, nnscratch_sample, predict_image
from nnscratch.io.model import load_model

RTOL_PARAMS, ATOL_PARAMS = 1e-10, 1e-14
RTOL_PROB = 1e-10

R_HELPERS = r"""
parity27_summary <- function(fit, x) {
  list(parameters = coef(fit), prob = unname(predict(fit, x, type = "prob")),
       class = as.character(predict(fit, x)), levels = fit$levels,
       costs = if (is.null(fit$costs)) numeric(0) else fit$costs,
       history_cost = if (is.null(fit$history)) numeric(0) else fit$history$cost,
       standardizer = fit$standardizer)
}
parity27_fit <- function(x, y, path, ...) {
  fit <- nn_fit(x, y, ...)
  with(model_parts(fit), save_model(path, parameters, meta))
  parity27_summary(fit, x)
}
parity27_load <- function(path, x) {
  fit <- as_nnscratch_model(path)
  list(parameters = coef(fit), prob = unname(predict(fit, x, type = "prob")),
       class = as.character(predict(fit, x)), levels = fit$levels)
}
parity27_image <- function(model, paths) {
  out <- predict_image(model, paths)
  list(file = out$file, probability = out$probability, label = as.character(out$label))
}
parity27_sample_fit <- function(size, ...) {
  d <- create_dataset(nnscratch_sample(), size = size, warn = FALSE, cache = FALSE)
  nn_fit(t(flatten_images(d$X)), d$y, ...)
}
parity27_sample_image <- function(paths, size, ...) parity27_image(parity27_sample_fit(size, ...), paths)
"""


@pytest.fixture(scope="module")
def rh(rb):
    """The bridge with this module's R helpers defined in the sourced environment."""
    rb.eval(R_HELPERS)
    return rb


def rows_case(kind, m=60, n=6, seed=27):
    """X (m, n) rows and labels: strings "Cat"/"Dog" or ints 0/1 (both classes present)."""
    rng = np.random.RandomState(seed)
    X = rng.rand(m, n) * np.linspace(1, 3, n)
    score = X[:, 0] - X[:, 1] + 0.5 * X[:, 2] - 0.3
    y01 = (score > np.median(score)).astype(np.int64)
    if kind == "str":
        return X, np.where(y01 == 1, "Dog", "Cat")
    return X, y01


# name -> (labels, settings shared by NNClassifier(...) and nn_fit(...))
CASES = {
    "gd full batch, string classes": ("str", dict(hidden_layer_sizes=(5, 3), learning_rate=0.1,
                                                   num_iterations=300, seed=3)),
    "adam full batch, 0/1, standardized": ("int", dict(hidden_layer_sizes=(4,), learning_rate=0.01,
                                                        num_iterations=150, optimizer="adam", init="xavier",
                                                        seed=11, standardize=True)),
    "momentum by epochs, l2, dropout": ("str", dict(hidden_layer_sizes=(6, 4), learning_rate=0.05, epochs=6,
                                                    batch_size=16, optimizer="momentum", beta1=0.8, l2=0.01,
                                                    dropout=0.2, seed=5)),
    "rmsprop by epochs (batch_size default), default layers": ("int", dict(epochs=4, optimizer="rmsprop",
                                                                         learning_rate=0.002, seed=2)),
}


def r_settings(settings):
    """The same settings for R: a tuple of widths becomes a double vector (c(5, 3))."""
    out = dict(settings)
    if "hidden_layer_sizes" in out:
        out["hidden_layer_sizes"] = [float(h) for h in out["hidden_layer_sizes"]]
    return out


def py_labels(clf, X):
    return [str(c) for c in clf.predict(X)]


@pytest.fixture(scope="module")
def fitted(rh, tmp_path_factory):
    """name -> (X, y, clf, Python model file, R summary, R model file), computed once."""
    folder = tmp_path_factory.mktemp("objects")
    out = {}
    for i, (name, (kind, settings)) in enumerate(CASES.items()):
        X, y = rows_case(kind, seed=27 + i)
        clf = NNClassifier(**settings).fit(X, y)
        py_file = str(folder / f"py_{i}.txt")
        clf.save_model(py_file)
        r_file = str(folder / f"r_{i}.txt")
        r_fit = rh.call("parity27_fit", X, list(y) if kind == "str" else y, r_file, **r_settings(settings))
        out[name] = (X, y, clf, py_file, r_fit, r_file)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_same_parameters_from_the_same_settings_and_seed(fitted, name):
    X, y, clf, _, r_fit, _ = fitted[name]
    assert r_fit["levels"] == [str(c) for c in clf.classes_]
    assert_same_dict(clf.parameters_, r_fit["parameters"], rtol=RTOL_PARAMS, atol=ATOL_PARAMS)
    if hasattr(clf, "costs_"):
        assert len(clf.costs_) == len(r_fit["costs"]) > 0
        assert_same("costs", np.array(clf.costs_), r_fit["costs"], rtol=RTOL_SUM_ORDER)
    else:
        assert len(clf.history_["cost"]) == len(r_fit["history_cost"]) == CASES[name][1]["epochs"]
        assert_same("history cost", np.array(clf.history_["cost"]), r_fit["history_cost"], rtol=RTOL_SUM_ORDER)
    if CASES[name][1].get("standardize"):
        assert_same_dict(clf.standardizer_, r_fit["standardizer"], rtol=RTOL_SUM_ORDER)


@pytest.mark.parametrize("name", list(CASES))
def test_same_predictions(fitted, name):
    X, y, clf, _, r_fit, _ = fitted[name]
    p = clf.predict_proba(X)[:, 1]
    assert_same("probability of classes_[1] / the second level", p, r_fit["prob"], rtol=RTOL_PROB)
    assert np.all(np.abs(p - 0.5) > 1e-6), "a probability this close to 0.5 could flip a class"
    assert py_labels(clf, X) == r_fit["class"]
    assert len(set(r_fit["class"])) == 2, "the case should predict both classes"


@pytest.mark.parametrize("name", list(CASES))
def test_a_python_model_file_loads_into_nn_fit_objects(rh, fitted, name):
    X, y, clf, py_file, _, _ = fitted[name]
    r_loaded = rh.call("parity27_load", py_file, X)
    assert r_loaded["levels"] == [str(c) for c in clf.classes_]
    assert_same_dict(clf.parameters_, r_loaded["parameters"], rtol=0)
    assert_same("probability", clf.predict_proba(X)[:, 1], r_loaded["prob"], rtol=RTOL_SUM_ORDER)
    assert py_labels(clf, X) == r_loaded["class"]


@pytest.mark.parametrize("name", list(CASES))
def test_an_r_model_file_loads_into_nnclassifier(rh, fitted, name):
    X, y, _, _, r_fit, r_file = fitted[name]
    clf = NNClassifier.load_model(r_file)
    assert [str(c) for c in clf.classes_] == r_fit["levels"]
    assert clf.classes_.dtype.kind == np.asarray(y).dtype.kind, "0/1 labels come back as ints, names as strings"
    assert_same_dict(clf.parameters_, r_fit["parameters"], rtol=0)
    # the R object that wrote the file predicts the same as the Python object that read it
    r_loaded = rh.call("parity27_load", r_file, X)
    assert_same("probability", clf.predict_proba(X)[:, 1], r_loaded["prob"], rtol=RTOL_SUM_ORDER)
    assert py_labels(clf, X) == r_loaded["class"] == r_fit["class"]
    # the two files hold the same header keys (created_by aside)
    py_meta = load_model(fitted[name][3])[1]
    r_meta = load_model(r_file)[1]
    assert sorted(set(py_meta) - {"created_by"}) == sorted(set(r_meta) - {"created_by"})
    assert r_meta["labels"] == py_meta["labels"]


SIZE = 8
SAMPLE_SETTINGS = dict(hidden_layer_sizes=(4,), num_iterations=60, learning_rate=0.1, seed=4)


def sample_paths():
    folder = nnscratch_sample()
    # JPEG and PNG, both classes, an RGBA PNG (Cat/7.png: alpha dropped), odd sizes
    names = ["Cat/0.jpg", "Cat/7.png", "Cat/10.png", "Dog/1.jpg", "Dog/112.jpg"]
    paths = [os.path.join(folder, n) for n in names]
    assert all(os.path.isfile(p) for p in paths)
    return paths


@pytest.fixture(scope="module")
def sample_model(tmp_path_factory):
    X, y = create_dataset(nnscratch_sample(), size=SIZE, warn=False, cache=False, workers=1)
    clf = NNClassifier(**SAMPLE_SETTINGS).fit(flatten_images(X).T, y)
    path = str(tmp_path_factory.mktemp("sample") / "model.txt")
    clf.save_model(path)
    return clf, path


def test_predict_image_same_model_file_same_probabilities(rh, sample_model):
    clf, path = sample_model
    paths = sample_paths()
    py = predict_image(path, paths)
    r_out = rh.call("parity27_image", path, paths)
    assert r_out["file"] == py["file"] == paths
    assert_same("predict_image probability", py["probability"], r_out["probability"], rtol=RTOL_SUM_ORDER)
    assert [str(v) for v in py["label"]] == r_out["label"]
    # a Python object and the file it wrote agree (the file is exact)
    assert_same("object vs file", predict_image(clf, paths)["probability"], py["probability"], rtol=0)


def test_predict_image_each_language_trains_and_predicts(rh, sample_model):
    clf, _ = sample_model
    paths = sample_paths()
    py = predict_image(clf, paths)
    r_out = rh.call("parity27_sample_image", paths, float(SIZE), **r_settings(SAMPLE_SETTINGS))
    assert_same("predict_image probability after training", py["probability"], r_out["probability"], rtol=RTOL_PROB)
    assert np.all(np.abs(py["probability"] - 0.5) > 1e-6)
    assert [str(v) for v in py["label"]] == r_out["label"]
    assert len(set(r_out["label"])) == 2, "both classes predicted"


def test_nnscratch_sample_is_the_same_folder_in_both(rb):
    """Both languages find the one copy of the sample images (data/sample of this checkout, which the
    installed packages carry as package data / inst/extdata), with the same image files."""
    import os

    py_folder = nnscratch_sample()
    r_folder = rb.eval("nnscratch_sample()")[0]
    assert os.path.realpath(py_folder) == os.path.realpath(r_folder)
    assert sorted(os.listdir(r_folder)) == sorted(os.listdir(py_folder))
    assert {"Cat", "Dog"} <= set(os.listdir(r_folder))
