"""Mutants of the L2 and dropout steps (issue 13, helper core-b): R/regularization.R, R/dropout.R,
python/nnscratch/regularization.py, python/nnscratch/dropout.py. Format: catalogue.py."""
from __future__ import annotations

from .catalogue import P, py, r

T05bL2 = P + "test_05b_l2.py"
T06bDO = P + "test_06b_dropout.py"
T06cGC = P + "test_06c_gradient_checks.py"

MUTANTS = [
    # ------------------------------------------------------------------ L2, R
    r("l2-cost-half", "regularization.R", "(lambd / (2 * m)) * total", "(lambd / m) * total",
      "l2_cost without the 1/2 of the penalty", [T05bL2], k="l2_cost"),
    r("l2-cost-l1", "regularization.R", "total <- total + sum(W * W)", "total <- total + sum(abs(W))",
      "l2_cost sums |W| (L1) instead of W^2", [T05bL2], k="l2_cost"),
    r("l2-cost-lambd-zero", "regularization.R", "!is.finite(lambd) || lambd < 0)", "!is.finite(lambd) || lambd <= 0)",
      "lambd = 0 rejected (>= 0 is allowed)", [T05bL2], k="l2_cost"),
    r("l2-grads-order", "regularization.R", "out[[key]] <- dW + (lambd / m) * W", "out[[key]] <- dW + lambd * W / m",
      "l2_grads rounds lambd * W / m instead of (lambd / m) * W (the same maths, other bits)", [T05bL2],
      k="l2_grads"),
    r("l2-grads-2m", "regularization.R", "out[[key]] <- dW + (lambd / m) * W", "out[[key]] <- dW + (lambd / (2 * m)) * W",
      "l2_grads keeps the cost's 1/2 (the derivative of W^2 is 2 W)", [T06cGC, T05bL2]),
    # ------------------------------------------------------------------ L2, Python
    py("l2-cost-half", "regularization.py", "return float((lambd / (2 * m)) * total)", "return float((lambd / m) * total)",
       "l2_cost without the 1/2 of the penalty", [T05bL2], k="l2_cost"),
    py("l2-cost-biases", "regularization.py", 'W = parameters[f"W{l}"]', 'W = parameters[f"b{l}"]',
       "l2_cost penalizes the biases instead of the weights", [T05bL2], k="l2_cost"),
    py("l2-grads-order", "regularization.py", "out[key] = grads[key] + (lambd / m) * W",
       "out[key] = grads[key] + lambd * W / m",
       "l2_grads rounds lambd * W / m instead of (lambd / m) * W (the same maths, other bits)", [T05bL2],
       k="l2_grads"),
    py("l2-grads-sign", "regularization.py", "out[key] = grads[key] + (lambd / m) * W",
       "out[key] = grads[key] - (lambd / m) * W", "l2_grads subtracts the decay term", [T06cGC]),
    # ------------------------------------------------------------------ dropout, R
    r("dropout-byrow", "dropout.R", "U <- matrix(numpy_random_sample(gen, n * m), n, m, byrow = TRUE)",
      "U <- matrix(numpy_random_sample(gen, n * m), n, m)",
      "the uniforms filled column by column (numpy fills rand(n, m) row by row)", [T06bDO], k="masks"),
    r("dropout-logical", "dropout.R", 'masks[[paste0("D", l)]] <- 1 * (U < keep_prob)',
      'masks[[paste0("D", l)]] <- U < keep_prob', "masks stored as logical, not double", [T06bDO], k="masks"),
    r("dropout-output-mask", "dropout.R", "for (l in seq_len(length(dims) - 2L)) {",
      "for (l in seq_len(length(dims) - 1L)) {", "a mask drawn for the output layer too", [T06bDO], k="masks"),
    r("dropout-seed-default", "dropout.R", "dropout_masks <- function(layers_dims, m, keep_prob, seed = 0) {",
      "dropout_masks <- function(layers_dims, m, keep_prob, seed = 1) {", "dropout_masks' default seed changed",
      [T06bDO], k="signature or required"),
    r("dropout-fwd-noscale", "dropout.R", 'A <- (layer$A * masks[[paste0("D", l)]]) / keep_prob',
      'A <- layer$A * masks[[paste0("D", l)]]', "forward: dropped but not rescaled (not inverted dropout)",
      [T06bDO], k="forward_backward"),
    r("dropout-back-nomask", "dropout.R", 'grads[[dA]] <- (grads[[dA]] * masks[[paste0("D", l)]]) / keep_prob',
      "grads[[dA]] <- grads[[dA]] / keep_prob", "backward: rescaled but the dropped units still get a gradient",
      [T06bDO], k="forward_backward"),
    r("dropout-back-order", "dropout.R", 'grads[[dA]] <- (grads[[dA]] * masks[[paste0("D", l)]]) / keep_prob',
      'grads[[dA]] <- grads[[dA]] * (masks[[paste0("D", l)]] / keep_prob)',
      "backward: D / keep_prob first (the same maths, other bits)", [T06bDO], k="elementwise"),
    # ------------------------------------------------------------------ dropout, Python
    py("dropout-le", "dropout.py", "masks[f\"D{l}\"] = (gen.rand(dims[l], m) < keep_prob).astype(np.float64)",
       "masks[f\"D{l}\"] = (gen.rand(dims[l], m) > keep_prob).astype(np.float64)",
       "masks keep a unit with probability 1 - keep_prob", [T06bDO], k="masks"),
    py("dropout-fwd-order", "dropout.py", 'A = (A * masks[f"D{l}"]) / keep_prob',
       'A = A * (masks[f"D{l}"] / keep_prob)', "forward: D / keep_prob first (the same maths, other bits)",
       [T06bDO], k="elementwise"),
    py("dropout-back-after-relu", "dropout.py",
       'dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = back_activ(grads[f"dA{l}"], caches[l - 1], "relu", need)',
       'dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = back_activ(grads[f"dA{l}"] * keep_prob, caches[l - 1], "relu", need)',
       "backward: the rescaling undone before the ReLU backward", [T06cGC, T06bDO]),
    py("dropout-keep-prob-1", "dropout.py", "if not is_number or not 0 < keep_prob <= 1:",
       "if not is_number or not 0 < keep_prob < 1:", "keep_prob = 1 rejected", [T06bDO], k="masks"),
]
