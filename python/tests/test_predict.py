"""predict_labels (threshold 0.5, accuracy) and the notebook's printing predict."""
import numpy as np
import pytest

from nnscratch import predict, predict_labels


def test_predict_labels_threshold_and_accuracy_without_printing(capsys):
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 3.0, 1.0]])  # AL = s(-2), 0.5, s(3), s(1)
    y = np.array([[0.0, 1.0, 1.0, 0.0]])
    pred, acc = predict_labels(X, y, p)
    np.testing.assert_array_equal(pred, [[0.0, 0.0, 1.0, 1.0]])  # 0.5 is not > 0.5
    assert pred.dtype == np.float64
    assert acc == 0.5
    assert predict_labels(X, None, p)[1] is None
    assert capsys.readouterr().out == ""


def test_predict_prints_the_accuracy_and_returns_p(capsys):
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 3.0, 1.0]])
    pred = predict(X, np.array([[0.0, 1.0, 1.0, 0.0]]), p)
    np.testing.assert_array_equal(pred, [[0.0, 0.0, 1.0, 1.0]])
    assert capsys.readouterr().out == "Accuracy: 0.5\n"


def test_y_may_be_a_vector_of_m_labels():
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-2.0, 3.0]])
    assert predict_labels(X, np.array([0, 1]), p)[1] == 1.0


@pytest.mark.parametrize("y, msg", [(np.zeros((1, 3)), r"X has 2, y has 3")])
def test_rejects_y_of_another_length(y, msg):
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    with pytest.raises(ValueError, match=msg):
        predict_labels(np.array([[-2.0, 3.0]]), y, p)
