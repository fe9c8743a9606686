"""The object APIs (issue 14): what users of each language expect, built on the steps.

``NNClassifier`` (classifier.py): a scikit-learn estimator, samples as rows;
``predict_image`` (image.py): probability and label of image files, preprocessed
exactly as ``create_dataset`` does; ``nnscratch_sample`` (sample.py): the sample
images installed with the package. R twins: R/api-model.R (``nn_fit``),
R/api-image.R, R/api-sample.R.
"""
from .classifier import NNClassifier
from .image import predict_image
from .sample import nnscratch_sample

__all__ = ["NNClassifier", "predict_image", "nnscratch_sample"]
