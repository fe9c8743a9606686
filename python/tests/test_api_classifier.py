"""NNClassifier (python/nnscratch/api/classifier.py): scikit-learn's own estimator checks, the
scikit-learn tools (Pipeline, GridSearchCV, cross_val_score, pickle), classes, errors, model files,
and exact equality with the engine it calls (the estimator adds nothing to the maths)."""
from __future__ import annotations

import doctest
import pickle

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator, check_estimators_data_not_an_array

import nnscratch.api.classifier as classifier_module
from nnscratch.engine import engine_fit, update_rule
from nnscratch.forward import deep_model
from nnscratch.io.model import ModelFileError, load_model, save_model
from nnscratch.api import NNClassifier

#: scikit-learn checks that may report "skipped", and why. Nothing is skipped on our side
#: (no expected_failed_checks): these two skip THEMSELVES when the environment lacks something.
ENVIRONMENT_SKIPS = {
    "check_array_api_input": "runs only with SCIPY_ARRAY_API=1 and an array-API library; NNClassifier is "
                             "numpy-only (the network is written in numpy) and does not declare array API support",
    "check_classifier_data_not_an_array": "its DataFrame half needs pandas, which is not a dependency; its "
                                          "NotAnArray half is run on its own in test_data_not_an_array",
}


def blobs(m=60, n=4, seed=0, labels=(0, 1)):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, m)
    X = rng.normal(size=(m, n)) + 2.0 * y[:, None]
    return X, np.asarray(labels)[y]


# -- scikit-learn's estimator checks -------------------------------------------------------------

def test_check_estimator_passes():
    results = check_estimator(NNClassifier(), on_skip=None, on_fail=None)
    assert len(results) > 40
    bad = [(r["check_name"], r["status"], repr(r["exception"])) for r in results
           if not (r["status"] == "passed" or (r["status"] == "skipped" and r["check_name"] in ENVIRONMENT_SKIPS))]
    assert not bad, bad
    names = {r["check_name"] for r in results}
    assert "check_classifier_not_supporting_multiclass" in names       # binary_only declared and honoured


def test_data_not_an_array():
    X = np.array([[3, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 1], [0, 3], [1, 0], [2, 0], [4, 4], [2, 3], [3, 2]])
    y = np.array([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2])
    check_estimators_data_not_an_array("NNClassifier", NNClassifier(), X, y, "NotAnArray")


def test_binary_only_tag():
    from sklearn.utils import get_tags
    assert get_tags(NNClassifier()).classifier_tags.multi_class is False


# -- settings ------------------------------------------------------------------------------------

def test_defaults_are_the_contract():
    assert NNClassifier().get_params() == {
        "hidden_layer_sizes": (16, 8), "learning_rate": 0.02, "num_iterations": 600, "init": "he", "seed": 1,
        "optimizer": "gd", "epochs": None, "batch_size": None, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
        "l2": 0.0, "dropout": 0.0, "standardize": False}


def test_settings_stored_unchanged_and_checked_in_fit():
    X, y = blobs()
    clf = NNClassifier(hidden_layer_sizes=(0,), learning_rate=-1)       # no error: stored as given
    assert clf.hidden_layer_sizes == (0,) and clf.learning_rate == -1
    with pytest.raises(ValueError, match=r"hidden_layer_sizes must be positive integers \(e.g. \(16, 8\)\); got \(0,\)"):
        clf.fit(X, y)
    with pytest.raises(ValueError, match="learning_rate must be a positive number; got -1"):
        NNClassifier(learning_rate=-1).fit(X, y)
    with pytest.raises(ValueError, match="update rule must be one of 'gd', 'momentum', 'rmsprop', 'adam'; got 'sgd'"):
        NNClassifier(optimizer="sgd").fit(X, y)
    with pytest.raises(ValueError, match=r"l2 needs training by epochs: give epochs or batch_size"):
        NNClassifier(l2=0.1).fit(X, y)
    with pytest.raises(ValueError, match=r"dropout must be a number in \[0, 1\); got 1"):
        NNClassifier(dropout=1, epochs=2).fit(X, y)
    with pytest.raises(ValueError, match="standardize must be True or False; got 'yes'"):
        NNClassifier(standardize="yes").fit(X, y)


# -- the maths is the engine's, exactly ------------------------------------------------------------

def test_fit_is_engine_fit_on_the_transposed_data():
    X, y = blobs(m=50, n=5)
    clf = NNClassifier(num_iterations=120).fit(X, y)
    rule = update_rule("gd", 0.02, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8)
    parameters, costs = engine_fit(X.T, y.reshape(1, -1).astype(float), [5, 16, 8, 1], 0.02, 120, seed=1,
                                   init="he", rule=rule, cost_every=10)
    assert clf.layers_ == [5, 16, 8, 1]
    assert set(clf.parameters_) == set(parameters)
    for k in parameters:
        assert np.array_equal(clf.parameters_[k], parameters[k]), k
    assert clf.costs_ == costs and len(costs) == 12
    AL, caches = deep_model(X.T, parameters)
    assert np.array_equal(clf.predict_proba(X)[:, 1], AL.ravel())
    assert np.array_equal(clf.predict_proba(X)[:, 0], 1.0 - AL.ravel())
    assert np.array_equal(clf.decision_function(X), caches[-1][1].ravel())      # Z_L, the logit
    assert np.array_equal(clf.predict(X), (AL.ravel() > 0.5).astype(int))


def test_string_classes_map_like_np_unique():
    """classes_[1] is label 1: "Dog" > "Cat", so Dog is the network's positive class."""
    X, y01 = blobs(m=40, n=3)
    y = np.where(y01 == 1, "Dog", "Cat")
    clf = NNClassifier(num_iterations=50).fit(X, y)
    ref = NNClassifier(num_iterations=50).fit(X, y01)
    assert clf.classes_.tolist() == ["Cat", "Dog"]
    for k in ref.parameters_:
        assert np.array_equal(clf.parameters_[k], ref.parameters_[k])
    assert clf.predict(X).tolist() == np.where(ref.predict(X) == 1, "Dog", "Cat").tolist()
    assert clf.score(X, y) == ref.score(X, y01)


@pytest.mark.parametrize("labels", [(-1, 1), (3.0, 7.0), ("no", "yes"), (False, True)])
def test_any_two_labels(labels):
    X, y = blobs(m=40, n=3, labels=labels)
    clf = NNClassifier(num_iterations=30).fit(X, y)
    assert clf.classes_.tolist() == list(labels)
    assert set(clf.predict(X).tolist()) <= set(labels)
    assert clf.predict(X).dtype == np.asarray(labels).dtype


def test_standardize_fits_on_the_training_set():
    from nnscratch.standardize import fit_standardizer, standardize
    X, y = blobs(m=40, n=3)
    X = X * [1.0, 100.0, 0.01] + [0.0, 50.0, -3.0]
    clf = NNClassifier(num_iterations=40, standardize=True).fit(X, y)
    s = fit_standardizer(X.T)
    assert np.array_equal(clf.standardizer_["mean"], s["mean"]) and np.array_equal(clf.standardizer_["std"], s["std"])
    parameters, _ = engine_fit(standardize(X.T, s), y.reshape(1, -1).astype(float), [3, 16, 8, 1], 0.02, 40,
                               seed=1, init="he", rule=update_rule("gd", 0.02), cost_every=10)
    assert np.array_equal(clf.parameters_["W1"], parameters["W1"])
    assert np.array_equal(clf.predict_proba(X)[:, 1], deep_model(standardize(X.T, s), parameters)[0].ravel())
    assert not hasattr(NNClassifier(num_iterations=5).fit(X, y), "standardizer_")


def test_epochs_mode_is_engine_fit_epochs():
    from nnscratch.engine.epochs import engine_fit_epochs
    X, y = blobs(m=70, n=4)
    clf = NNClassifier(epochs=3, batch_size=16, optimizer="momentum", l2=0.1, dropout=0.2).fit(X, y)
    rule = update_rule("momentum", 0.02, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8)
    parameters, history = engine_fit_epochs(X.T, y.reshape(1, -1).astype(float), [4, 16, 8, 1], rule=rule, epochs=3,
                                            batch_size=16, seed=1, init="he", l2=0.1, keep_prob=0.8)
    for k in parameters:
        assert np.array_equal(clf.parameters_[k], parameters[k]), k
    assert clf.history_["epoch"] == [1, 2, 3] and clf.history_["cost"] == history["cost"]
    assert not hasattr(clf, "costs_")
    only_batch = NNClassifier(batch_size=16).fit(X, y)        # epochs takes the command line's default, 20
    assert only_batch.history_["epoch"] == list(range(1, 21))
    only_epochs = NNClassifier(epochs=1).fit(X, y)            # batch_size the command line's 128: one batch of 70
    assert only_epochs.batch_size is None and len(only_epochs.history_["epoch"]) == 1
    refit = clf.set_params(epochs=None, batch_size=None, l2=0.0, dropout=0.0, num_iterations=10).fit(X, y)
    assert hasattr(refit, "costs_") and not hasattr(refit, "history_")


# -- errors ---------------------------------------------------------------------------------------

def test_more_than_two_classes_names_y_and_the_classes():
    X, _ = blobs(m=30)
    y = np.array(["Cat", "Dog", "Fox"] * 10)
    with pytest.raises(ValueError, match=r"y has 3 classes \(\['Cat', 'Dog', 'Fox'\]\); NNClassifier is a binary "
                                         r"classifier: y must hold exactly two classes"):
        NNClassifier().fit(X, y)
    with pytest.raises(ValueError, match=r"y has 3 classes \(\[0, 1, 2\]\)"):
        NNClassifier().fit(X, np.arange(30) % 3)


def test_one_class():
    X, _ = blobs(m=10)
    with pytest.raises(ValueError, match=r"y has only one class \(\[7\]\)"):
        NNClassifier().fit(X, np.full(10, 7))


def test_wrong_inputs():
    X, y = blobs(m=20, n=3)
    with pytest.raises(ValueError, match="Unknown label type"):
        NNClassifier().fit(X, np.linspace(0, 1, 20))
    with pytest.raises(ValueError, match="NaN"):
        NNClassifier().fit(np.where(X > 1, np.nan, X), y)
    clf = NNClassifier(num_iterations=5).fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but NNClassifier is expecting 3 features as input"):
        clf.predict(X[:, :2])
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        NNClassifier().predict(X)


def test_feature_names_in(monkeypatch):
    """feature_names_in_ comes from scikit-learn's own validation (validate_data). pandas is not a
    dependency, so a table with string column names is stood in for: an array with ``columns``
    that scikit-learn's ``_get_feature_names`` reads as it reads a DataFrame's."""
    import sklearn.utils.validation as validation

    class Table(np.ndarray):
        pass

    def table(a, columns):
        t = np.asarray(a).view(Table)
        t.columns = np.asarray(columns, dtype=object)
        return t

    real = validation._get_feature_names
    monkeypatch.setattr(validation, "_get_feature_names",
                        lambda X: X.columns if isinstance(X, Table) else real(X))
    X, y = blobs(m=20, n=3)
    clf = NNClassifier(num_iterations=5).fit(table(X, ["a", "b", "c"]), y)
    assert clf.feature_names_in_.tolist() == ["a", "b", "c"]
    assert clf.n_features_in_ == 3
    clf.predict(table(X, ["a", "b", "c"]))
    with pytest.raises(ValueError, match="The feature names should match those that were passed during fit"):
        clf.predict(table(X, ["a", "c", "b"]))
    assert not hasattr(NNClassifier(num_iterations=5).fit(X, y), "feature_names_in_")


# -- scikit-learn tools ---------------------------------------------------------------------------

def test_pipeline_grid_search_and_cross_val_score():
    X, y = blobs(m=60, n=4)
    y = np.where(y == 1, "yes", "no")
    pipe = Pipeline([("scale", StandardScaler()), ("nn", NNClassifier(num_iterations=100, learning_rate=0.1))])
    assert pipe.fit(X, y).score(X, y) > 0.9
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.8
    grid = GridSearchCV(pipe, {"nn__hidden_layer_sizes": [(4,), (8, 4)], "nn__learning_rate": [0.05, 0.1]}, cv=3)
    grid.fit(X, y)
    assert set(grid.best_params_) == {"nn__hidden_layer_sizes", "nn__learning_rate"}
    assert grid.best_estimator_.named_steps["nn"].classes_.tolist() == ["no", "yes"]
    assert len(grid.cv_results_["params"]) == 4


def test_pickle_round_trip():
    X, y = blobs(m=40, n=3, labels=("Cat", "Dog"))
    clf = NNClassifier(num_iterations=40, standardize=True).fit(X, y)
    back = pickle.loads(pickle.dumps(clf))
    assert back.get_params() == clf.get_params()
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.predict(X).tolist() == clf.predict(X).tolist()


# -- model files ----------------------------------------------------------------------------------

def test_save_and_load_model_round_trip(tmp_path):
    X, y = blobs(m=40, n=12, labels=("Cat", "Dog"))
    clf = NNClassifier(hidden_layer_sizes=(5,), num_iterations=30, seed=7, init="xavier", standardize=True).fit(X, y)
    path = clf.save_model(tmp_path / "m.txt")
    parameters, meta = load_model(path)
    assert meta["labels"] == {"Cat": 0, "Dog": 1}
    assert meta["architecture"] == [12, 5, 1] and meta["init"] == "xavier" and meta["seed"] == 7
    assert meta["learning_rate"] == 0.02 and meta["iterations"] == 30 and meta["cost_every"] == 10
    assert meta["costs"] == clf.costs_ and meta["update_rule"] == "gd" and meta["created_by"] == "python"
    assert meta["image_size"] == 2                                     # 12 inputs = 2 x 2 x 3
    back = NNClassifier.load_model(path)
    assert back.get_params() == clf.get_params()
    assert back.classes_.tolist() == ["Cat", "Dog"] and back.n_features_in_ == 12 and back.image_size_ == 2
    assert np.array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert back.predict(X).tolist() == clf.predict(X).tolist()


def test_save_and_load_epochs_model(tmp_path):
    X, y = blobs(m=40, n=5)
    clf = NNClassifier(epochs=2, batch_size=8, optimizer="adam", learning_rate=0.01, l2=0.5).fit(X, y)
    _, meta = load_model(clf.save_model(tmp_path / "e.txt"))
    assert meta["optimizer_hyper"] == {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}
    assert meta["epochs"] == 2 and meta["batch_size"] == 8 and meta["l2"] == 0.5 and meta["dropout"] == 0.0
    assert meta["history_cost"] == clf.history_["cost"] and "iterations" not in meta and "image_size" not in meta
    back = NNClassifier.load_model(tmp_path / "e.txt")
    assert back.get_params() == clf.get_params()
    assert back.classes_.tolist() == [0, 1] and back.classes_.dtype.kind == "i"     # 0/1 stay numbers
    assert np.array_equal(back.predict(X), clf.predict(X))
    assert back.history_["cost"] == clf.history_["cost"]


def test_load_a_command_line_model(tmp_path):
    """The command line's labels Cat=1,Dog=0: classes_ is ordered by label, so Cat is classes_[1]."""
    rng = np.random.RandomState(3)
    parameters = {"W1": rng.normal(size=(2, 3)), "b1": np.zeros((2, 1)), "W2": rng.normal(size=(1, 2)),
                  "b2": np.zeros((1, 1))}
    save_model(tmp_path / "cli.txt", parameters, {"architecture": [3, 2, 1], "labels": {"Cat": 1, "Dog": 0},
                                                  "image_size": 1})
    clf = NNClassifier.load_model(tmp_path / "cli.txt")
    assert clf.classes_.tolist() == ["Dog", "Cat"] and clf.hidden_layer_sizes == (2,)
    X = rng.normal(size=(6, 3))
    p = deep_model(X.T, parameters)[0].ravel()
    assert np.array_equal(clf.predict_proba(X)[:, 1], p)
    assert clf.predict(X).tolist() == np.where(p > 0.5, "Cat", "Dog").tolist()
    save_model(tmp_path / "bare.txt", parameters, {"architecture": [3, 2, 1]})
    assert NNClassifier.load_model(tmp_path / "bare.txt").classes_.tolist() == [0, 1]
    save_model(tmp_path / "three.txt", parameters, {"architecture": [3, 2, 1], "labels": {"a": 0, "b": 1, "c": 1}})
    with pytest.raises(ModelFileError, match="the model's labels must map two classes to 0 and 1"):
        NNClassifier.load_model(tmp_path / "three.txt")


def test_class_names_a_model_file_cannot_hold(tmp_path):
    X, y = blobs(m=20, n=3, labels=("a,b", "c"))
    clf = NNClassifier(num_iterations=5).fit(X, y)
    with pytest.raises(ValueError, match="class 'a,b' cannot be written to a model file's labels"):
        clf.save_model(tmp_path / "m.txt")
    assert not (tmp_path / "m.txt").exists()


def test_docstring_examples():
    failed, attempted = doctest.testmod(classifier_module, raise_on_error=False, verbose=False)[:2]
    assert attempted >= 4 and failed == 0
