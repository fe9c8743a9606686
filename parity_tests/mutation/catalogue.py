"""The mutation catalogue: single-line mistakes of the kind a porter makes.

Each entry is a plain dict (the format is shared with the teaching kit's
break-it lab; docs/mutation.md):

* ``id``: unique, ``<lang>-<file stem>-<what>``;
* ``lang``: ``"r"`` (the file is under ``R/``) or ``"python"`` (under ``python/nnscratch/``);
* ``file``: path from the checkout root;
* ``original``: text that must occur EXACTLY ONCE in the file (``--check`` and
  every run fail loudly otherwise, so the catalogue cannot silently rot);
* ``replacement``: what it becomes (one line, no newline);
* ``description``: the mistake, in a few words;
* ``tests``: the parity test files (or ``file::test`` ids) that should kill it,
  as few as possible, run in this order with ``pytest -x``;
* ``k`` (optional): a pytest ``-k`` expression narrowing ``tests``;
* ``equivalent`` (optional): why the mutant cannot change any result. An
  equivalent mutant may survive; any other survivor fails the run.

Lines that other work is likely to reshape (data / io / cli) carry 1-3 mutants
per file; the core, engine, utils, the RNG, resize and npy carry the rest.
"""
from __future__ import annotations

P = "parity_tests/"
T00 = P + "test_00_twins.py"
T00b = P + "test_00b_defaults.py"
T00c = P + "test_00c_cli_flags.py"
T01 = P + "test_01_rng.py"
T02 = P + "test_02_activations.py"
T03 = P + "test_03_init_param.py"
T04 = P + "test_04_forward.py"
T05 = P + "test_05_cost.py"
T06 = P + "test_06_backward.py"
T07 = P + "test_07_update.py"
T08 = P + "test_08_predict.py"
T09 = P + "test_09_split.py"
T10 = P + "test_10_forward_backward_properties.py"
T11 = P + "test_11_train_dense_nn.py"
T11b = P + "test_11b_engine_recorded_histories.py"
T12 = P + "test_12_engine_fused.py"
T12b = P + "test_12b_engine_fused_exact.py"
T14 = P + "test_14_validation_messages.py"
T15 = P + "test_15_data_images.py"
T15b = P + "test_15b_data_edge_shapes.py"
T15c = P + "test_15c_data_fast_resize.py"
T16 = P + "test_16_data_cache.py"
T16b = P + "test_16b_data_cache_corrupt_labels.py"
T17 = P + "test_17_io_model_files.py"
T17b = P + "test_17b_io_writers.py"
T18 = P + "test_18_io_model_files_across_rscript.py"
T19 = P + "test_19_cli_end_to_end.py"
T20 = P + "test_20_cli_r_faults.py"
T21 = P + "test_21_parity_report.py"
T24 = P + "test_24_data_robustness.py"
T25 = P + "test_25_cli_messages_robustness.py"


def mutant(id, lang, file, original, replacement, description, tests, k=None, equivalent=None):
    entry = {"id": id, "lang": lang, "file": file, "original": original, "replacement": replacement,
             "description": description, "tests": list(tests)}
    if k:
        entry["k"] = k
    if equivalent:
        entry["equivalent"] = equivalent
    return entry


def r(id, file, original, replacement, description, tests, **kw):
    return mutant("r-" + id, "r", "R/" + file, original, replacement, description, tests, **kw)


def py(id, file, original, replacement, description, tests, **kw):
    return mutant("py-" + id, "python", "python/nnscratch/" + file, original, replacement, description, tests, **kw)


MUTANTS = [
    # ------------------------------------------------------------------ R core
    r("act-relu-max", "activations.R", "A <- pmax(Z, 0)", "A <- max(Z, 0)",
      "max() (one number) for pmax() (element-wise)", [T02]),
    r("act-relu-tie", "activations.R", "off <- !((Z > 0) & !is.na(Z))", "off <- !((Z >= 0) & !is.na(Z))",
      "ReLU derivative at exactly Z == 0: >= for >", [T02]),
    r("act-sigmoid-tie", "activations.R", "neg <- which(Z < 0)", "neg <- which(Z <= 0)",
      "sigmoid's negative branch also taken at Z == 0", [T02],
      equivalent="at Z == 0, e = exp(-0) = 1 and both branches give 1 / (1 + 1) = 1 / 2 = 0.5 exactly"),
    r("act-sigmoid-overflow", "activations.R", "A[neg] <- e[neg] / (1 + e[neg])",
      "A[neg] <- 1 / (1 + exp(-Z[neg]))",
      "the textbook formula for Z < 0 (exp overflows, last bits differ)", [T02]),
    r("act-sigmoid-back-sign", "activations.R", "  dA * s * (1 - s)", "  dA * s * (1 + s)",
      "sign flip in sigmoid'", [T02]),
    r("init-default-seed", "init_param.R", 'init_param <- function(layers_dims, seed = 1, init = "scaled")',
      'init_param <- function(layers_dims, seed = 0, init = "scaled")',
      "default seed 1 -> 0", [T00]),
    r("init-byrow", "init_param.R", "nrow = n_l, ncol = n_prev, byrow = TRUE)", "nrow = n_l, ncol = n_prev)",
      "byrow = TRUE dropped (numpy fills row by row)", [T03]),
    r("init-he", "init_param.R", "he = Z * sqrt(2 / n_prev)", "he = Z * sqrt(1 / n_prev)",
      "He scale 2/n -> 1/n", [T03]),
    r("init-bias-int", "init_param.R", "matrix(0, nrow = n_l, ncol = 1L)", "matrix(0L, nrow = n_l, ncol = 1L)",
      "biases stored as integer zeros instead of double", [T03]),
    r("fwd-bias-recycle", "forward.R", "Z <- W %*% A + as.vector(b)", "Z <- W %*% A + rep(as.vector(b), each = ncol(A))",
      "bias recycled along the wrong axis", [T04]),
    r("fwd-hidden-sigmoid", "forward.R", 'parameters[[paste0("b", l)]], "relu")',
      'parameters[[paste0("b", l)]], "sigmoid")',
      "hidden layers use sigmoid instead of ReLU", [T04]),
    r("fwd-n-layers-div", "forward.R", "length(parameters) %/% 2L", "length(parameters) / 2L",
      "/ for %/%: n_layers returns a double", [T04]),
    r("cost-log1p", "cost.R", "(1 - Y) * log1p(-P))", "(1 - Y) * log(1 - P))",
      "log(1 - P) for log1p(-P) (cancellation near P = 1)", [T05]),
    r("cost-eps", "cost.R", "EPS <- 1e-15", "EPS <- 1e-12",
      "clipping tolerance changed", [T05]),
    r("cost-m-rows", "cost.R", "else ncol(Y)", "else nrow(Y)",
      "m taken from the rows of Y", [T05]),
    r("back-db-sum", "backward.R", "db <- matrix(rowSums(dZ) / m, ncol = 1L)",
      "db <- matrix(sum(dZ) / m, nrow = nrow(dZ), ncol = 1L)",
      "sum() for rowSums() in db", [T06]),
    r("back-m-rows", "backward.R", "m <- ncol(A_prev)", "m <- nrow(A_prev)",
      "m taken from the rows of A_prev", [T06]),
    r("back-dz-sign", "backward.R", "  AL - Y", "  Y - AL",
      "output dZ sign flip", [T06]),
    r("back-need-input-grad", "backward.R", "need <- l > 1L || input_grad", "need <- l >= 1L || input_grad",
      "dA0 computed although input_grad = FALSE", [T06]),
    r("update-b-sign", "update.R",
      '- learning_rate * list_entry(grads, paste0("db", l), "grads")',
      '+ learning_rate * list_entry(grads, paste0("db", l), "grads")',
      "b moves up the gradient", [T07]),
    r("update-last-layer", "update.R", "for (l in seq_len(L)) {", "for (l in seq_len(L - 1L)) {",
      "the output layer is not updated (off by one)", [T07]),
    r("train-iter-index", "train.R", "for (i in seq_len(num_iterations) - 1L) {",
      "for (i in seq_len(num_iterations)) {",
      "iterations counted from 1: costs recorded at 100, 200, ... instead of 0, 100, ...", [T11]),
    r("train-default-lr", "train.R", "layers_dims, learning_rate = 0.0075, num_iterations = 5000,",
      "layers_dims, learning_rate = 0.075, num_iterations = 5000,",
      "dense_nn's default learning rate changed", [T00]),
    r("train-print-format", "train.R", 'cat(sprintf("Cost after iteration %d: %f\\n", i, cost))',
      'cat(sprintf("Cost after iteration %d: %g\\n", i, cost))',
      "printed cost %f -> %g", [T11], k="print_cost"),
    r("predict-tie", "predict.R", "p <- (AL > 0.5) & !is.na(AL)", "p <- (AL >= 0.5) & !is.na(AL)",
      ">= 0.5 for > 0.5 (a probability of exactly 0.5 becomes 1)", [T08]),
    r("predict-int", "predict.R", 'storage.mode(p) <- "double"', 'storage.mode(p) <- "integer"',
      "predictions returned as an integer matrix", [T08]),
    r("predict-mean", "predict.R", "sum(p == y) / length(p)", "mean(p == y)",
      "accuracy as R's mean() of a logical: it divides in long double and rounds twice, numpy's mean divides "
      "once; the two differ in the last bit for e.g. 115 right of 2051 (a real bug the mutation run found)", [T08]),
    r("split-perm-0based", "split.R", "perm <- numpy_permutation(numpy_random_state(seed), n) + 1L",
      "perm <- numpy_permutation(numpy_random_state(seed), n)",
      "numpy's 0-based permutation used as R indexes (off by one)", [T09]),
    r("split-ceiling", "split.R", "n_test <- ceiling(test_size * n)", "n_test <- round(test_size * n)",
      "round() for ceiling() in the test-set size", [T09]),
    r("split-drop", "split.R", "rep(list(TRUE), length(d) - 1L), list(drop = FALSE))",
      "rep(list(TRUE), length(d) - 1L))",
      "drop = FALSE dropped (a 1-sample part loses its dimensions)", [T09]),
    r("split-aperm", "split.R", "aperm(array(images, d), rev(seq_along(d)))", "aperm(array(images, d), seq_along(d))",
      "flatten without reversing the axes (column- vs row-major)", [T09]),
    r("split-labels-int", "split.R", "matrix(as.numeric(y), nrow = 1L)", "matrix(as.integer(y), nrow = 1L)",
      "labels row stored as integer instead of double", [T09]),
    r("package-doc", "nnscratch-package.R", '"_PACKAGE"', "NULL",
      "the package documentation sentinel removed", [T00],
      equivalent="the file holds only roxygen comments and the \"_PACKAGE\" sentinel, which roxygen2 reads "
                 "and sourcing evaluates to a discarded string: no function, constant or result depends on it"),
    # ------------------------------------------------------------------ R engine
    r("fit-good-params", "engine-fit.R", "good <- if (is.null(before)) now else before", "good <- now",
      "diverged run reports the diverging step's parameters and iteration count", [T14],
      k="divergence"),
    r("fit-cost-every", "engine-fit.R", "if (i %% cost_every == 0) {", "if ((i + 1) %% cost_every == 0) {",
      "costs recorded one iteration late", [T11b]),
    r("fit-default-cost-every", "engine-fit.R", "rule_state = NULL, cost_every = 100, callback = NULL,",
      "rule_state = NULL, cost_every = 10, callback = NULL,",
      "engine_fit's default cost_every changed", [T00]),
    r("fit-interrupt-msg", "engine-fit.R", '"training interrupted after %d iterations"',
      '"training interrupted after %d iteration"',
      "a message word changed (interrupt)", [T11b], k="interrupt"),
    r("fused-db-rowmeans", "engine-fused.R", "matrix(rowSums(dZ[[l]]) / m, ncol = 1L)",
      "matrix(rowMeans(dZ[[l]]), ncol = 1L)",
      "rowMeans for rowSums / m in the fused step (long-double division)", [T12b]),
    r("fused-block-div", "engine-fused.R", "k <- (4 * 2^20) %/% (n0 * itemsize)", "k <- (4 * 2^20) / (n0 * itemsize)",
      "/ for %/% in the default block size", [T12],
      equivalent="k - k %% 32 is 32 * floor(k / 32) and floor(floor(x) / 32) = floor(x / 32); checked in R "
                 "for every n0 up to 2e6 with itemsize 8 and 4 (no difference), and beyond n0 * itemsize = 2^17 "
                 "k < 32, so both give max(32, .) = 32"),
    r("fused-block-int", "engine-fused.R", "as.integer(max(32, k - k %% 32))", "max(32, k - k %% 32)",
      "default block size returned as a double instead of an integer", [T12], k="default_block_size"),
    r("fused-block-overlap", "engine-fused.R", "cols <- starts[bi]:min(starts[bi] + k - 1L, m)",
      "cols <- starts[bi]:min(starts[bi] + k, m)",
      "blocks overlap by one column (off by one)", [T12]),
    r("fused-relu-tie", "engine-fused.R", "dZ <- dA * (Z > 0) + 0", "dZ <- dA * (Z >= 0) + 0",
      "fused ReLU derivative at exactly Z == 0", [T12b]),
    r("fused-dw1", "engine-fused.R", "if (l == 1L) dW1 / m else", "if (l == 1L) dW1 / (m - 1) else",
      "dW1 divided by m - 1", [T12]),
    r("rules-default-lr", "engine-rules.R", 'update_rule <- function(name = "gd", learning_rate = 0.0075,',
      'update_rule <- function(name = "gd", learning_rate = 0.01,',
      "update_rule's default learning rate changed", [T00]),
    r("rules-step", "engine-rules.R", "update_parameters(parameters, grads, learning_rate)",
      "update_parameters(parameters, grads, learning_rate / 2)",
      "the gd rule halves the learning rate", [T11]),
    r("stop-window", "engine-stopping.R", "DIVERGENCE_WINDOW <- 100L", "DIVERGENCE_WINDOW <- 10L",
      "divergence window changed", [T11b, T14], k="diverge"),
    r("stop-factor-tie", "engine-stopping.R", "cost > DIVERGENCE_FACTOR * low &&", "cost >= DIVERGENCE_FACTOR * low &&",
      ">= for > in the divergence test", [T11b, T14], k="diverge"),
    r("stop-n-recorded", "engine-stopping.R", "ceiling(done / cost_every) - ceiling(start / cost_every)",
      "floor(done / cost_every) - floor(start / cost_every)",
      "number of recorded costs of a stopped run off by one", [T11b], k="diverge or interrupt"),
    # ------------------------------------------------------------------ R utils
    r("fmt-shape-comma", "utils-format.R", 'if (length(d) == 1L) "," else ""', '""',
      "a 1-D shape printed (3) instead of (3,)", [T14], k="same_rejection or predict_labels"),
    r("fmt-g6", "utils-format.R", 'sprintf("%.6g", x)', 'sprintf("%g", x)',
      "%g for %.6g", [T14], k="divergence",
      equivalent="C's %g has a default precision of 6: %g and %.6g print the same characters"),
    r("fmt-quote", "utils-format.R", 'return(paste0("\\"", x, "\\""))', "return(paste0(\"'\", x, \"'\"))",
      "a text holding ' quoted with ' instead of \"", [T14], k="same_rejection or predict_labels"),
    r("fmt-whole", "utils-format.R", 'sprintf("%.0f", x), sprintf("%.17g", x)', 'sprintf("%.0f", x), sprintf("%.15g", x)',
      "non-whole numbers written with 15 instead of 17 digits", [T14], k="fmt_whole"),
    r("val-seed-max", "utils-validation.R", "seed < 0 || seed > 4294967295", "seed < 0 || seed >= 4294967295",
      "largest seed rejected (>= for >)", [T01]),
    # issue 14: R's positions are 1-based (parity_tests/positions.py maps them); the mutants make them 0-based
    r("val-finite-index", "utils-validation.R", "name, first[[1L]], first[[2L]]))",
      "name, first[[1L]] - 1L, first[[2L]] - 1L))",
      "0-based row/column in R's NaN message", [T14], k="same_rejection or predict_labels"),
    r("val-dims-index", "utils-validation.R", 'entry %d is %s", i, format(d))', 'entry %d is %s", i - 1L, format(d))',
      "0-based entry number in R's layers_dims message", [T14], k="same_rejection or predict_labels"),
    r("val-lr-zero", "utils-validation.R", "      learning_rate <= 0) {", "      learning_rate < 0) {",
      "a learning rate of 0 accepted", [T14], k="same_rejection or predict_labels"),
    r("val-msg-word", "utils-validation.R", '"Y must hold labels 0 or 1; found %s at column %d"',
      '"Y must hold labels 0 and 1; found %s at column %d"',
      "a message word changed (labels)", [T14], k="same_rejection or predict_labels"),
    r("rng-init-index", "utils-rng.R", "(u32_mul(1812433253, x) + i) %% TWO_32", "(u32_mul(1812433253, x) + i + 1) %% TWO_32",
      "MT seeding index off by one", [T01]),
    r("rng-double-bits", "utils-rng.R", "floor(a / 32) * 67108864 + floor(b / 64)", "floor(a / 32) * 67108864 + floor(b / 32)",
      "53-bit double built from the wrong bits", [T01]),
    r("rng-gauss-order", "utils-rng.R", "rbind(f * x2[ok], f * x1[ok])", "rbind(f * x1[ok], f * x2[ok])",
      "the two normals of a polar pair swapped", [T01]),
    r("rng-gauss-cache", "utils-rng.R", "gen$gauss <- res[m + 1L]", "gen$gauss <- res[m]",
      "the cached normal is the one already returned", [T01]),
    r("rng-perm-index", "utils-rng.R", "p <- n - t + 1", "p <- n - t",
      "Fisher-Yates swap index off by one", [T01]),
    r("rng-perm-reject", "utils-rng.R", "if (v <= i) {", "if (v < i) {",
      "bounded draw rejects the bound itself", [T01]),
    # ------------------------------------------------------------------ R data
    r("resize-round-half", "data-resize.R", "round_even <- function(x) round(x)", "round_even <- function(x) floor(x + 0.5)",
      "round half up for OpenCV's round half to even", [T15], k="resize"),
    r("resize-fast-2x2", "data-resize.R", "return((s + 2) %/% 4)", "return((s + 1) %/% 4)",
      "2x2 average rounded with + 1 instead of + 2 (the reference resize_area_core)", [T15c], k="equals_reference"),
    r("resize-f32", "data-resize.R", "prod <- f32(M[, e$si + 1L, drop = FALSE] * rep(e$alpha, each = H))",
      "prod <- M[, e$si + 1L, drop = FALSE] * rep(e$alpha, each = H)",
      "float32 rounding dropped in the general area pass (the reference)", [T15c], k="equals_reference"),
    r("resize-tol", "data-resize.R", "if (sx1 - fsx1 > 1e-3) {", "if (sx1 - fsx1 > 1e-2) {",
      "cell-edge tolerance 1e-3 -> 1e-2 (the reference)", [T15c], k="equals_reference"),
    r("resize-linear-div", "data-resize.R", "sat_u8((a + b + 2) %/% 4)", "sat_u8((a + b + 2) / 4)",
      "/ for %/% in the upscaling pass", [T15], k="resize",
      equivalent="a + b + 2 >= 0, so (a + b + 2) / 4 clipped to 255 and truncated by storage.mode(out) <- "
                 "'integer' is floor((a + b + 2) / 4) clipped, the same whole number as %/%"),
    r("npy-int64-sign", "data-npy.R", "hi <- hi - (hi >= 2147483648) * 4294967296",
      "hi <- hi - (hi > 2147483648) * 4294967296",
      "int64 sign boundary: a high word of exactly 2^31 read as positive", [T15b], k="npy",
      equivalent="the only value that changes is a high word of exactly 2^31: read as -2^31 it fails "
                 "hi < -2097152, read as +2^31 it fails hi > 2097152, and both abort with the same message "
                 "('int64 value beyond 2^53'); every other high word is converted as before"),
    r("npy-int64-2p53", "data-npy.R", "(hi == 2097152 & lo > 0)", "(hi == 2097152 & lo >= 0)",
      "int64 limit: exactly 2^53 refused (>= for >)", [T15b, T16], k="npy"),
    r("npy-hlen-endian", "data-npy.R", "hlen <- as.integer(pre[9L]) + 256L * as.integer(pre[10L])",
      "hlen <- 256L * as.integer(pre[9L]) + as.integer(pre[10L])",
      "header length read big-endian", [T16]),
    r("npy-c-order", "data-npy.R", "tm <- t(matrix(v, nrow = P, ncol = m))", "tm <- matrix(v, nrow = m, ncol = P)",
      "C-order data read as column-major", [T16]),
    r("npy-pad", "data-npy.R", "padlen <- 64L - ((10L + hlen) %% 64L)", "padlen <- 16L - ((10L + hlen) %% 16L)",
      "header padded to 16 bytes instead of 64", [T16]),
    r("files-locale-sort", "data-files.R", 'sort(enc2utf8(as.character(x)), method = "radix")',
      "sort(enc2utf8(as.character(x)))",
      "locale sort instead of byte order", [T15], k="create_dataset"),
    r("formats-msg", "data-formats.R", '"grayscale image (JPEG, 1 component)"', '"greyscale image (JPEG, 1 component)"',
      "a skip reason's word changed", [T15], k="skip_rules or decoders"),
    r("formats-max-pixels", "data-formats.R", "MAX_PIXELS <- 50000000", "MAX_PIXELS <- 5000000",
      "image size limit changed", [T15, T16], k="skip_rules or constants"),
    r("decode-channel", "data-decode.R", "x <- bitwAnd(bitwShiftR(nr, 8L * (k - 1L)), 255L)",
      "x <- bitwAnd(bitwShiftR(nr, 8L * k), 255L)",
      "native raster channel shift off by one (G, B, alpha for R, G, B)", [T15], k="decoders",
      equivalent="native_channel is the readable statement of the packing, no longer on the decoding path "
                 "since issue 16 (native_rgb decodes; its own mutant r-decode-native-rgb-bytes is killed); "
                 "tests/testthat/test-data-decode.R checks the two agree"),
    r("decode-na-word", "data-decode.R", "x[is.na(x)] <- 0L", "x[is.na(x)] <- 255L",
      "R's NA raster word (0x80000000, black with alpha 128) decoded as white", [T15b], k="one_pixel_wide",
      equivalent="in native_channel, the reference no longer on the decoding path (native_rgb reads the NA "
                 "word's bytes 0, 0, 0, 128 directly); tests/testthat/test-data-decode.R checks the two agree"),
    r("dataset-scale", "data-dataset.R", "X <- t(images) / 255", "X <- t(images) / 256",
      "pixels divided by 256", [T15], k="create_dataset_sample"),
    r("dataset-msg", "data-dataset.R", '"create_dataset: no readable images in', '"create_dataset: no usable images in',
      "a message word changed (no readable images)", [T15], k="errors_match or skip_rules"),
    r("cache-md5-len", "data-cache.R", "substr(unname(tools::md5sum(tmp)), 1L, 16L)",
      "substr(unname(tools::md5sum(tmp)), 1L, 12L)",
      "user cache folder name 12 hex digits instead of 16", [T16], k="constants"),
    r("cache-mtime-tol", "data-cache.R", "IMAGE_CACHE_MTIME_TOLERANCE_NS <- 1000", "IMAGE_CACHE_MTIME_TOLERANCE_NS <- 1e6",
      "modification-time tolerance changed", [T16]),
    r("cache-corrupt-msg", "data-cache.R", '"%s: labels do not match the label mapping"',
      '"%s: labels do not match the labels mapping"',
      "the cache-corrupt message for bad labels changed", [T16b]),
    # ------------------------------------------------------------------ R io
    r("atomic-copy", "io-atomic.R", "if (!file.rename(tmp, path)) {", "if (!file.copy(tmp, path, overwrite = TRUE)) {",
      "copy instead of rename: the temporary file stays next to the result", [T17b], k="only_its_file"),
    r("costs-iter-index", "io-costs.R", "its <- (seq_along(costs) - 1) * cost_every", "its <- seq_along(costs) * cost_every",
      "cost CSV iterations off by one", [T17b, T19], k="csv or 1-he"),
    r("costs-digits", "io-costs.R", 'paste0(fmt_whole(its), ",", sprintf("%.17g", costs))',
      'paste0(fmt_whole(its), ",", sprintf("%.15g", costs))',
      "cost CSV with 15 significant digits", [T17b], k="csv"),
    r("plot-iter-index", "io-plot.R", "its <- (seq_along(costs) - 1) * cost_every", "its <- seq_along(costs) * cost_every",
      "cost plot x axis off by one iteration", [T17b], k="plot_x"),
    r("model-digits", "io-model.R", 'txt <- matrix(sprintf("%.17g", as.double(a)), nrow = nr, ncol = nc)',
      'txt <- matrix(sprintf("%.15g", as.double(a)), nrow = nr, ncol = nc)',
      "model matrices written with 15 significant digits", [T18], k="byte_identical"),
    r("model-int-max", "io-model.R", "MODEL_INT_MAX <- 2^53 - 1", "MODEL_INT_MAX <- 2^31 - 1",
      "largest whole number in a model file 2^31 - 1", [T17]),
    r("model-seed-int", "io-model.R", 'return(if (key != "seed" && abs(v) <= .Machine$integer.max) as.integer(v) else v)',
      "return(if (abs(v) <= .Machine$integer.max) as.integer(v) else v)",
      "the seed read back as an integer instead of a double", [T17], k="storage_types"),
    # ------------------------------------------------------------------ R cli
    r("cli-path-join", "cli-common.R", 'path_join <- function(dir, name) if (endsWith(dir, "/"))',
      'path_join <- function(dir, name) if (startsWith(dir, "/"))',
      "path_join tests the wrong end of the folder name (doubled or missing slash)", [T19], k="1-he"),
    r("cli-default-lr", "cli-flags.R", 'lr = "0.001", lr_full_batch = "0.02"', 'lr = "0.01", lr_full_batch = "0.02"',
      "the command line's default learning rate changed", [T00c], k="defaults"),
    r("cli-pos-int", "cli-flags.R", 'if (v < 1) usage_abort(sprintf("argument %s: must be a positive integer',
      'if (v < 0) usage_abort(sprintf("argument %s: must be a positive integer',
      "--iterations 0 accepted", [T14], k="cli_flags"),
    r("cli-main-choice-msg", "cli-main.R", '"argument command: invalid choice: %s (choose from %s)"',
      '"argument command: invalid choice: %s (choose one of %s)"',
      "a usage-error word changed (unknown command)", [T25], k="unknown_command"),
    r("cli-predict-tie", "cli-predict.R", "if (prob > 0.5) 1 else 0", "if (prob >= 0.5) 1 else 0",
      "predict labels a probability of exactly 0.5 as 1", [T25], k="one_half"),
    r("cli-predict-digits", "cli-predict.R", 'cat(sprintf("%s\\t%.6f\\t%s\\n", f, prob,',
      'cat(sprintf("%s\\t%.5f\\t%s\\n", f, prob,',
      "predicted probability printed with 5 decimals", [T18], k="predicts_the_same"),
    r("cli-train-split-msg", "cli-train.R", 'cat(sprintf("split: %d train, %d test (test_size %g, random_state %s)\\n"',
      'cat(sprintf("split: %d train, %d test (test size %g, random_state %s)\\n"',
      "a printed word changed (split line)", [T19], k="1-he"),
    r("cli-train-labels-y", "cli-train.R", "Y_train = labels_to_row(parts[[3L]])", "Y_train = labels_to_row(1 - parts[[3L]])",
      "training labels inverted", [T19], k="1-he"),
    # ------------------------------------------------------------------ Python core
    py("act-relu-tie", "activations.py", "dZ = np.where(Z > 0, dA, 0.0)", "dZ = np.where(Z >= 0, dA, 0.0)",
       "ReLU derivative at exactly Z == 0: >= for >", [T02]),
    py("act-sigmoid-tie", "activations.py", "A = np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
       "A = np.where(Z > 0, 1.0 / (1.0 + e), e / (1.0 + e))",
       "sigmoid's branch at exactly Z == 0", [T02],
       equivalent="at Z == 0, e = exp(-0) = 1 and both branches give 1 / (1 + 1) = 0.5 exactly"),
    py("act-sigmoid-back", "activations.py", "dZ = dA * s * (1.0 - s)", "dZ = dA * (s - s * s)",
       "sigmoid' as s - s^2 (different rounding)", [T02]),
    py("act-relu-int", "activations.py", "A = np.maximum(Z, 0.0)", "A = np.maximum(Z, 0)",
       "0 for 0.0 in ReLU: an integer Z stays integer (R's pmax(Z, 0) gives double)", [T02]),
    py("init-default-seed", "init_param.py", 'def init_param(layers_dims, seed=1, init="scaled"):',
       'def init_param(layers_dims, seed=0, init="scaled"):',
       "default seed 1 -> 0", [T00]),
    py("init-transpose", "init_param.py", "scale_weights(rng.randn(n_l, n_prev), n_prev, init)",
       "scale_weights(rng.randn(n_prev, n_l).T, n_prev, init)",
       "weights drawn transposed (column order)", [T03]),
    py("fwd-n-layers-div", "forward.py", "return len(parameters) // 2", "return len(parameters) / 2",
       "/ for //: n_layers returns a float", [T04]),
    py("fwd-hidden-sigmoid", "forward.py", 'parameters[f"b{l}"], "relu")', 'parameters[f"b{l}"], "sigmoid")',
       "hidden layers use sigmoid instead of ReLU", [T04]),
    py("cost-log1p", "cost.py", "np.log1p(-P)", "np.log(1.0 - P)",
       "log(1 - P) for log1p(-P)", [T05]),
    py("cost-m", "cost.py", "m = Y.shape[1]", "m = Y.shape[0]",
       "m taken from the rows of Y", [T05]),
    py("back-db-mean", "backward.py", "db = np.sum(dZ, axis=1, keepdims=True) / m",
       "db = np.mean(dZ, axis=1, keepdims=True)",
       "np.mean for sum / m", [T06],
       equivalent="numpy's mean of a float64 array is np.add.reduce(...) divided by the count: "
                  "the same pairwise sum and the same single division as sum / m (for an integer dZ, which "
                  "no step produces, np.mean would sum in float64 and differ once a row sum passes 2^53)"),
    py("back-need", "backward.py", "need = l > 1 or input_grad", "need = l >= 1 or input_grad",
       "dA0 computed although input_grad is False", [T06]),
    py("update-b-sign", "update.py", '- learning_rate * grads[f"db{l}"]', '+ learning_rate * grads[f"db{l}"]',
       "b moves up the gradient", [T07]),
    py("train-iter-index", "train.py", "for i in range(num_iterations):", "for i in range(1, num_iterations + 1):",
       "iterations counted from 1", [T11]),
    py("train-default-lr", "train.py", "def dense_nn(X, Y, layers_dims, learning_rate=0.0075,",
       "def dense_nn(X, Y, layers_dims, learning_rate=0.075,",
       "dense_nn's default learning rate changed", [T00]),
    py("predict-tie", "predict.py", "p = (AL > 0.5).astype(np.float64)", "p = (AL >= 0.5).astype(np.float64)",
       ">= 0.5 for > 0.5", [T08]),
    py("predict-int", "predict.py", "p = (AL > 0.5).astype(np.float64)", "p = (AL > 0.5).astype(np.int64)",
       "predictions returned as int64", [T08]),
    py("split-labels-int", "split.py", "return np.asarray(y, dtype=np.float64).reshape(1, -1)",
       "return np.asarray(y, dtype=np.int64).reshape(1, -1)",
       "labels row as int64", [T09]),
    py("split-flatten-order", "split.py", "return images.reshape(images.shape[0], int(np.prod(images.shape[1:]))).T",
       "return images.reshape(int(np.prod(images.shape[1:])), images.shape[0])",
       "flatten with the wrong reshape", [T09]),
    py("split-default-test-size", "split.py", "def train_test_split(*arrays, test_size=0.15, random_state=1):",
       "def train_test_split(*arrays, test_size=0.2, random_state=1):",
       "train_test_split's default test_size changed", [T00]),
]

# -- update rules with a state (issue 13): momentum, RMSprop, Adam, as core steps and engine rules ----
T07u = P + "test_07b_update_rules.py"

MUTANTS += [
    py("momentum-beta-swap", "update.py",
       'new_v["v" + d] = beta * v["v" + d] + (1 - beta) * grads[d]',
       'new_v["v" + d] = (1 - beta) * v["v" + d] + beta * grads[d]',
       "momentum: beta and 1 - beta swapped", [T07u], k="momentum"),
    py("rmsprop-no-square", "update.py",
       'new_s["s" + d] = beta2 * s["s" + d] + (1 - beta2) * grads[d] ** 2',
       'new_s["s" + d] = beta2 * s["s" + d] + (1 - beta2) * grads[d]',
       "RMSprop averages the gradient, not its square", [T07u], k="rmsprop"),
    py("rmsprop-eps-inside", "update.py",
       'learning_rate * grads[d] / (np.sqrt(new_s["s" + d]) + epsilon)',
       'learning_rate * grads[d] / np.sqrt(new_s["s" + d] + epsilon)',
       "RMSprop: epsilon inside the square root", [T07u], k="rmsprop"),
    py("adam-bias-t-minus-1", "update.py", "correction1 = 1 - beta1 ** t", "correction1 = 1 - beta1 ** (t - 1)",
       "Adam's bias correction with t - 1 (steps counted from 0)", [T07u], k="adam"),
    py("adam-correction2-beta1", "update.py", "correction2 = 1 - beta2 ** t", "correction2 = 1 - beta1 ** t",
       "Adam corrects s with beta1", [T07u], k="adam"),
    py("adam-no-square", "update.py", '(1 - beta2) * g ** 2', '(1 - beta2) * g',
       "Adam's s averages the gradient, not its square", [T07u], k="adam"),
    py("rules-adam-t", "engine/rules.py", 't = int(state["t"][0, 0]) + 1', 't = int(state["t"][0, 0]) + 2',
       "the Adam rule skips a step count", [T07u], k="engine"),
    r("momentum-beta-swap", "update.R",
      'new_v[[vd]] <- beta * list_entry(v, vd, "v") + (1 - beta) * list_entry(grads, d, "grads")',
      'new_v[[vd]] <- (1 - beta) * list_entry(v, vd, "v") + beta * list_entry(grads, d, "grads")',
      "momentum: beta and 1 - beta swapped", [T07u], k="momentum"),
    r("rmsprop-no-square", "update.R", 'new_s[[sd]] <- beta2 * list_entry(s, sd, "s") + (1 - beta2) * dW^2',
      'new_s[[sd]] <- beta2 * list_entry(s, sd, "s") + (1 - beta2) * dW',
      "RMSprop averages the gradient, not its square", [T07u], k="rmsprop"),
    r("rmsprop-eps-inside", "update.R", "learning_rate * dW / (sqrt(new_s[[sd]]) + epsilon)",
      "learning_rate * dW / sqrt(new_s[[sd]] + epsilon)",
      "RMSprop: epsilon inside the square root", [T07u], k="rmsprop"),
    r("adam-bias-t-minus-1", "update.R", "correction1 <- 1 - beta1^t", "correction1 <- 1 - beta1^(t - 1)",
      "Adam's bias correction with t - 1 (steps counted from 0)", [T07u], k="adam"),
    r("adam-eps-inside", "update.R", '"parameters") - learning_rate * v_hat / (sqrt(s_hat) + epsilon)',
      '"parameters") - learning_rate * v_hat / sqrt(s_hat + epsilon)',
      "Adam: epsilon inside the square root", [T07u], k="adam"),
    r("adam-default-beta2", "update.R", "beta2 = 0.999, epsilon = 1e-8) {", "beta2 = 0.99, epsilon = 1e-8) {",
      "Adam's default beta2 changed", [T07u], k="signature or required"),
    r("rules-adam-t", "engine-rules.R", "t <- state$t[1, 1] + 1", "t <- state$t[1, 1] + 2",
      "the Adam rule skips a step count", [T07u], k="engine"),
]


# Per-topic catalogues (issue 13 on): parity_tests/mutation/catalogue_<topic>.py each define
# MUTANTS = [...] with the py()/r() helpers above; they are appended here in name order.
def _topic_catalogues():
    import importlib
    import pkgutil
    from pathlib import Path

    found = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name.startswith("catalogue_"):
            found += importlib.import_module(f"{__package__}.{info.name}").MUTANTS
    return found


MUTANTS += _topic_catalogues()
