"""Mutants of R's object API (issue 14, helper r-api): nn_fit and the nnscratch_model conversions
(R/api-model.R) and predict_image (R/api-image.R), killed by the object-API parity test."""
from .catalogue import P, r

T27 = P + "test_27_object_apis.py"

MUTANTS = [
    r("api-model-first-level-positive", "api-model.R", "Y <- labels_to_row(as.integer(y) - 1L)",
      "Y <- labels_to_row(2L - as.integer(y))",
      "the FIRST level taken as label 1 (glm's and NNClassifier's is the second)", [T27],
      k="same_parameters"),
    r("api-model-momentum-beta", "api-model.R", "rule <- update_rule(s$optimizer, s$learning_rate, beta = s$beta1,",
      "rule <- update_rule(s$optimizer, s$learning_rate, beta = 0.9,",
      "momentum's beta left at its default instead of beta1", [T27], k="same_parameters"),
    r("api-model-keep-prob", "api-model.R", "keep_prob = 1 - s$dropout)", "keep_prob = s$dropout + 0.5)",
      "dropout passed as a keep probability (dropout 0.2 -> keep 0.7, not 0.8)", [T27], k="same_parameters"),
    r("api-model-labels-swapped", "api-model.R", "meta$labels <- stats::setNames(c(0, 1), lv)",
      "meta$labels <- stats::setNames(c(1, 0), lv)",
      "a saved model maps the first level to 1: the classes swap in the other language", [T27],
      k="loads_into_nnclassifier"),
    r("api-model-loaded-levels", "api-model.R", "levels <- c(names(lab)[lab == 0], names(lab)[lab == 1])",
      "levels <- c(names(lab)[lab == 1], names(lab)[lab == 0])",
      "a loaded model's levels in the wrong order (the class labelled 1 first)", [T27],
      k="loads_into_nn_fit"),
    r("api-image-unscaled", "api-image.R", "images[i, , , ] <- as.double(img) / 255",
      "images[i, , , ] <- as.double(img)",
      "pixels not divided by 255 (the issue's silent probability 1.0)", [T27], k="same_model_file"),
]

MUTANTS += [
    r("api-sample-parent", "api-sample.R", 'if (!is.null(root)) return(file.path(root, "data", "sample"))',
      'if (!is.null(root)) return(file.path(root, "data"))',
      "the sample folder's parent instead of the folder", [T27], k="nnscratch_sample"),
]
