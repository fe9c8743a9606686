"""fit_standardizer / standardize (nnscratch/standardize.py): hand-computed values, constant features, checks."""
import numpy as np
import pytest

from nnscratch.standardize import fit_standardizer, standardize


def test_hand_example():
    s = fit_standardizer(np.array([[1.0, 3.0], [5.0, 5.0], [-2.0, 6.0]]))
    assert list(s) == ["mean", "std"]
    np.testing.assert_array_equal(s["mean"], [[2.0], [5.0], [2.0]])
    np.testing.assert_array_equal(s["std"], [[1.0], [1.0], [4.0]])   # row 2 is constant: std 1, not 0
    assert s["mean"].shape == (3, 1) and s["std"].shape == (3, 1)
    assert s["mean"].dtype == np.float64 and s["std"].dtype == np.float64


def test_population_std_ddof_0_not_r_sd():
    s = fit_standardizer(np.array([[1.0, 2.0, 3.0, 4.0]]))
    assert s["mean"][0, 0] == 2.5
    assert s["std"][0, 0] == np.sqrt(1.25)        # sum of squares 5 / m = 4; R's sd() would give sqrt(5 / 3)
    assert s["std"][0, 0] == np.std([1.0, 2.0, 3.0, 4.0])


def test_constant_feature_std_1_and_mean_its_value():
    X = np.array([[0.1, 0.1, 0.1], [1.0, 2.0, 4.0]])
    assert X[0].mean() != 0.1                     # numpy's mean of three 0.1 is 0.10000000000000002
    s = fit_standardizer(X)
    assert s["mean"][0, 0] == 0.1 and s["std"][0, 0] == 1.0
    Z = standardize(X, s)
    assert Z[0].tolist() == [0.0, 0.0, 0.0]


def test_one_sample_every_feature_constant():
    X = np.array([[3.0], [-7.5]])
    s = fit_standardizer(X)
    np.testing.assert_array_equal(s["mean"], X)
    np.testing.assert_array_equal(s["std"], [[1.0], [1.0]])
    np.testing.assert_array_equal(standardize(X, s), [[0.0], [0.0]])


def test_underflowing_std_stored_as_1():
    X = np.array([[0.0, 1e-170]])                  # deviations 5e-171: squares underflow to 0
    s = fit_standardizer(X)
    assert s["std"][0, 0] == 1.0
    assert np.isfinite(standardize(X, s)).all()


def test_integer_input_gives_floats():
    s = fit_standardizer(np.array([[1, 3], [2, 2]]))
    assert s["mean"].dtype == np.float64
    np.testing.assert_array_equal(s["mean"], [[2.0], [2.0]])
    assert standardize(np.array([[1, 3], [2, 2]]), s).dtype == np.float64


def test_standardize_hand_example():
    s = {"mean": np.array([[2.0], [5.0]]), "std": np.array([[1.0], [2.0]])}
    out = standardize(np.array([[1.0, 3.0, 2.0], [5.0, 9.0, 0.0]]), s)
    np.testing.assert_array_equal(out, [[-1.0, 1.0, 0.0], [0.0, 2.0, -2.5]])


def test_standardize_uses_the_training_statistics_on_other_data():
    train = np.array([[0.0, 2.0, 4.0, 6.0]])        # mean 3, std sqrt(5)
    s = fit_standardizer(train)
    out = standardize(np.array([[3.0, 8.0]]), s)
    assert out[0, 0] == 0.0 and out[0, 1] == 5.0 / np.sqrt(5.0)


def test_standardized_training_set_has_mean_0_std_1():
    rs = np.random.RandomState(0)
    X = rs.randn(6, 50) * np.array([[1], [10], [0.01], [1e3], [5], [1]]) + np.array([[0], [100], [-3], [1e4], [0], [7]])
    Z = standardize(X, fit_standardizer(X))
    np.testing.assert_allclose(Z.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=1), 1.0, rtol=1e-12)


def test_inputs_untouched():
    X = np.array([[1.0, 3.0], [5.0, 9.0]])
    X0 = X.copy()
    s = fit_standardizer(X)
    standardize(X, s)
    np.testing.assert_array_equal(X, X0)


@pytest.mark.parametrize("X, message", [
    (np.zeros((3, 0)), "X must have at least one sample (column) to fit a standardizer; got shape (3, 0)"),
    (np.array([[1.0, np.nan]]), "X holds NaN or infinite values (first at row 0, column 1)"),
    (np.zeros(3), "X must be a 2-D array (n, m) with one sample per column; got shape (3,)"),
], ids=["no samples", "nan", "vector"])
def test_fit_errors(X, message):
    with pytest.raises(ValueError) as info:
        fit_standardizer(X)
    assert str(info.value) == message


def test_standardize_errors_name_the_arguments():
    s = fit_standardizer(np.array([[1.0, 3.0], [5.0, 9.0]]))
    with pytest.raises(ValueError) as info:
        standardize(np.zeros((3, 4)), s)
    assert str(info.value) == "X has 3 rows (features) but the standardizer was fitted on 2 features"
    with pytest.raises(ValueError) as info:
        standardize(np.zeros((2, 4)), {"mean": s["mean"]})
    assert str(info.value) == "standardizer must have entries 'mean' and 'std' (as fit_standardizer returns)"
    with pytest.raises(ValueError) as info:
        standardize(np.zeros((2, 4)), {"mean": s["mean"], "std": np.ones((2, 2))})
    assert str(info.value) == "standardizer's mean and std must both have shape (n0, 1); got (2, 1) and (2, 2)"
    with pytest.raises(ValueError) as info:
        standardize(np.zeros((2, 4)), {"mean": s["mean"], "std": np.array([[1.0], [0.0]])})
    assert str(info.value) == "standardizer's std must hold finite positive numbers"
