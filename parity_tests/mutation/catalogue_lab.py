"""The break-it lab (issue 15, item 2): porting mistakes a student breaks the code with, and the
parity test that catches each one. ``nnscratch lab list | run MISTAKE | run --all`` (docs/lab.md).

The entries are ordinary mutation-catalogue entries (catalogue.py, docs/mutation.md): one line of
ONE implementation (R or Python) changed in a temporary copy, the tests that should catch it. So
``python -m parity_tests.mutation --all`` runs them too. Three teaching fields are added (the
runner ignores them):

* ``title``: the lesson's title (one line, shown by ``nnscratch lab list``);
* ``lesson``: the paragraph a student reads after the run: what the languages do differently and
  why the test failed;
* ``guide``: the row of docs/python-vs-r.md the mistake illustrates (``notebook`` for the six
  defects of the course notebook's hand-written R port).

Ids are stable: docs/python-vs-r.md and docs/lab.md refer to them.
"""
from __future__ import annotations

from .catalogue import P, mutant

T02 = P + "test_02_activations.py"
T04 = P + "test_04_forward.py"
T06 = P + "test_06_backward.py"
T07 = P + "test_07_update.py"
T09 = P + "test_09_split.py"
T09b = P + "test_09b_mini_batches.py"
T09c = P + "test_09c_standardize.py"
T11 = P + "test_11_train_dense_nn.py"
T15 = P + "test_15_data_images.py"
T16 = P + "test_16_data_cache.py"
T03 = P + "test_03_init_param.py"
GAPS = P + "test_29_lab_gaps.py"


def lab(id, lang, file, original, replacement, title, description, tests, lesson, guide, **kw):
    root = "R/" if lang == "r" else "python/nnscratch/"
    entry = mutant("lab-" + id, lang, root + file, original, replacement, description, tests, **kw)
    entry.update(title=title, lesson=lesson, guide=guide)
    return entry


MUTANTS = [
    # ------------------------------------------------------------- the notebook's hand-written R port
    lab("nb-sigmoid-sign", "r", "activations.R", "  e <- exp(-abs(Z)) # in (0, 1]",
        "  return(list(A = 1 / (1 + exp(Z)), cache = Z))",
        "sigmoid with the wrong sign: 1 / (1 + exp(Z))",
        "the notebook's R sigmoid: exp(Z) for exp(-Z)", [T02], k="sigmoid",
        lesson="1 / (1 + exp(Z)) is sigmoid(-Z) = 1 - sigmoid(Z): still between 0 and 1, still S-shaped, so "
               "nothing looks wrong and the network even trains (it learns the labels upside down, with "
               "negated weights). Only a side-by-side comparison of the numbers shows it: test_sigmoid "
               "compares R's A with numpy's for the same Z and fails on the first entry.",
        guide="notebook"),
    lab("nb-dAL-sign", "r", "backward.R", "  AL - Y",
        "  -(Y / AL + (1 - Y) / (1 - AL)) * AL * (1 - AL)",
        "dAL with the wrong sign of the (1 - Y) term",
        "the notebook's dAL = -(Y/AL + (1-Y)/(1-AL)) (a + for the -), times sigmoid'", [T06],
        lesson="The derivative of the cross-entropy is dAL = -(Y/AL - (1-Y)/(1-AL)); with + for the second "
               "minus every gradient of a Y = 0 sample points the wrong way. nnscratch computes the output "
               "layer's dZ = dAL * AL * (1 - AL) = AL - Y directly; the naive port gives "
               "-(Y (1 - AL) + (1 - Y) AL), which is never AL - Y. test_06 compares every dW, db and dA "
               "of both languages for the same caches, so the output layer's dW differs at once.",
        guide="notebook"),
    lab("nb-db-scalar", "r", "backward.R", "db <- matrix(rowSums(dZ) / m, ncol = 1L)", "db <- sum(dZ) / m",
        "db as one number: sum(dZ) for rowSums(dZ)",
        "the notebook's db = (1/m) * sum(dZ): a scalar, not an (n, 1) column", [T06],
        lesson="numpy's np.sum(dZ, axis=1, keepdims=True) is one sum per unit, an (n, 1) column. R's sum() "
               "adds every element of the matrix into one number, and R then recycles that number into "
               "every row of b without a warning, so training still runs. The parity comparison checks "
               "shapes before values: 'db: shape differs: python (3, 1) vs R (1,)'.",
        guide="db"),
    lab("nb-update-layer-shift", "r", "update.R", "  L <- n_layers(parameters)",
        "  L <- n_layers(parameters) - 1L",
        "the update loop shifted by one layer: the output layer is never updated",
        "the notebook's update loop over 1:(L - 1) (Python's range(1, L) with L counting the input layer)", [T07],
        lesson="Python's notebook counted layers from the input (L = len(layers_dims)) and looped "
               "range(1, L); ported with R's L = number of weight matrices the loop 1:(L - 1) stops one "
               "layer early, so W_L and b_L keep their initial values. The cost still falls (the hidden "
               "layers learn), which is why nobody noticed. test_update_parameters compares every "
               "updated parameter: 'W2' (the output layer) is missing from R's result.",
        guide="notebook"),
    lab("nb-print-never", "r", "train.R", 'if (print_cost) cat(sprintf("Cost after iteration %d: %f\\n", i, cost))',
        'if (print_cost) sprintf("Cost after iteration %d: %f\\n", i, cost)',
        "a print that can never print: sprintf() without cat() inside a loop",
        "the notebook's progress line built with sprintf/paste but never printed", [T11], k="print_cost",
        lesson="At R's prompt a value is printed automatically; inside a function or a loop it is not. "
               "sprintf() only builds the string, so the line is computed and thrown away on every 100th "
               "iteration: print_cost = TRUE prints nothing. (Python's print() always prints.) "
               "test_dense_nn_print_cost_prints_the_same_lines captures both languages' output and "
               "compares the lines.",
        guide="notebook"),
    lab("nb-loop-iteration-2", "r", "train.R", "parameters <- update_parameters(parameters, grads, learning_rate)",
        "parameters <- for (step in 1L) parameters <- update_parameters(parameters, grads, learning_rate)",
        "a loop that fails from iteration 2: the value of a for loop is NULL",
        "the parameters become NULL after the first iteration (a function/assignment whose value is a for loop)",
        [T11], k="dense_nn_same",
        lesson="In R a function returns the value of its last expression, and the value of a for loop is "
               "NULL (invisibly). The notebook's R update ended with its for loop, so "
               "parameters <- update(...) set the parameters to NULL: iteration 1 runs, iteration 2 "
               "fails in the forward pass ('parameters must be a list ...'). Python's function without "
               "return gives None and fails the same way, but Python's notebook had the return. "
               "test_dense_nn_same_costs_and_parameters runs the loop in both languages.",
        guide="notebook"),
    # ------------------------------------------------------------- the guide's rows
    lab("byrow-fill", "r", "init_param.R", "nrow = n_l, ncol = n_prev, byrow = TRUE)", "nrow = n_l, ncol = n_prev)",
        "matrix() fills by column, numpy by row",
        "byrow = TRUE dropped when the weights are built from numpy's random stream", [T03],
        lesson="numpy's randn(rows, cols) fills its stream row by row (C order); R's matrix(x, rows, cols) "
               "fills column by column. Same numbers, different places: W1 is a transposed-and-reshaped "
               "version of numpy's. test_03 compares the weights exactly ('W1: max |py - r| ... at (0, 1)').",
        guide="filling a matrix from a stream"),
    lab("aperm-order", "r", "split.R", "aperm(array(images, d), rev(seq_along(d)))",
        "aperm(array(images, d), c(length(d), seq_along(d)[-c(1L, length(d))], 1L))",
        "aperm with the wrong axis order: h and w swapped in the flattened features",
        "flatten_images with aperm(images, c(4, 2, 3, 1)) for c(4, 3, 2, 1)", [T09], k="flatten",
        lesson="numpy's reshape(m, -1) reads an (m, H, W, C) stack in C order (c fastest, then w, then h). "
               "R stores arrays column-major, so flatten_images reverses all the axes, c(4, 3, 2, 1), "
               "before setting the dim. c(4, 2, 3, 1) keeps c fastest but then walks h before w: every "
               "image is transposed inside its feature vector. test_flatten_images compares the "
               "(features, m) matrices exactly.",
        guide="flattening images"),
    lab("zero-based-permutation", "r", "batches.R", "permutation <- numpy_permutation(gen, m) + 1L",
        "permutation <- numpy_permutation(gen, m)",
        "numpy's 0-based permutation used as R indexes",
        "random_mini_batches indexes with numpy's 0..m-1 permutation", [T09b], k="bit_identical",
        lesson="numpy's permutation holds 0..m-1; R indexes from 1. Used as is, X[, perm] silently drops "
               "the column indexed 0 (R's x[0] selects nothing) and every other sample moves one place: "
               "the batches have the wrong samples and one sample too few. "
               "test_batches_are_bit_identical compares every batch.",
        guide="indices"),
    lab("locale-sort", "r", "data-files.R", 'sort(enc2utf8(as.character(x)), method = "radix")',
        "sort(enc2utf8(as.character(x)))",
        "sort() follows the locale; Python sorts bytes",
        "file names sorted in the locale's order instead of byte order", [T15], k="create_dataset",
        lesson="R's sort() of strings uses the locale's collation (in en_US 'b' < 'B' < 'c', and "
               "punctuation is ignored); Python's sorted() compares code points (all capitals before "
               "lower case). The image files then come in another order, so the split and every "
               "number after it differ. method = 'radix' sorts in the C locale's byte order. "
               "test_15 compares the list of files of the sample data set.",
        guide="file order"),
    lab("bias-recycling", "r", "forward.R", "Z <- W %*% A + as.vector(b)",
        "Z <- W %*% A + rep(as.vector(b), each = ncol(A))",
        "recycling along the wrong axis: matrix(0, 2, 4) + c(1, 2, 3, 4)",
        "the bias repeated per sample instead of per unit", [T04], k="for_prop or deep_model",
        lesson="numpy broadcasts the (n, 1) b over the m columns. R recycles a vector along the "
               "column-major storage: matrix(0, 2, 4) + c(1, 2, 3, 4) gives rows 1 3 1 3 and 2 4 2 4, "
               "no warning, because 4 divides 8. Here rep(b, each = m) builds a vector of length n * m "
               "that walks down the columns: unit 1 of sample 1 gets b1, unit 2 of sample 1 gets b1 too. "
               "R's plain as.vector(b) (length n) is right only because it runs down each column. "
               "test_for_prop compares Z.",
        guide="adding the bias"),
    lab("dropped-dimension", "r", "batches.R",
        "mini_batches[[num_complete + 1]] <- list(X = X_shuffled[, cols, drop = FALSE],",
        "mini_batches[[num_complete + 1]] <- list(X = X_shuffled[, cols],",
        "one sample drops a dimension: X[, i] is a vector",
        "the last mini-batch taken without drop = FALSE", [T09b], k="one_sample or bit_identical",
        lesson="R's x[, i] with one column returns a plain vector: the (n0, 1) matrix becomes a length-n0 "
               "vector and nrow()/ncol() are NULL. numpy's X[:, i] drops the axis as well, but X[:, i:j] "
               "(a slice) keeps it. The last mini-batch has one sample when m %% size == 1: "
               "the R batch loses its dim. The parity tests compare shapes before values: "
               "'X: shape differs: python (4, 1) vs R (4,)'.",
        guide="dropping dimensions"),
    lab("integer-overflow", "r", "engine-epochs.R", "gen <- numpy_random_state((run$seed + e) %% 2^32)",
        "gen <- numpy_random_state((as.integer(run$seed) + e) %% 2^32)",
        "R integers stop at 2^31 - 1 (NA beyond); numpy int64 wraps",
        "the epoch seed computed with R integers", [P + "test_11c_engine_epochs.py"], k="same_batches",
        lesson="Python's int has no limit; numpy's int64 wraps around silently past 2^63 - 1; R's integer "
               "is 32-bit and as.integer(4294967295) is NA (with a warning). Seeds go up to 2^32 - 1, so "
               "the epoch seed (seed + e) mod 2^32 must be computed in doubles (exact to 2^53). "
               "test_29_lab_gaps trains by epochs with the largest seed, 4294967295 (its second epoch "
               "wraps to seed 0), in both languages.",
        guide="integers"),
    lab("copy-vs-alias", "python", "update.py", "    updated = {}", "    updated = parameters",
        "aliasing: the update writes into the caller's dict",
        "update_parameters modifies its input (q = p is not a copy in Python)", [GAPS, T07], k="unchanged or update",
        lesson="In R, q <- p and then q$W1[1, 1] <- 99 leaves p unchanged (copy-on-modify). In Python, "
               "q = p names the same dict: writing q['W1'] writes p['W1']. An update that fills the "
               "caller's dict replaces the caller's parameters: code that keeps the old parameters "
               "(to compare, to roll back a diverged step) silently loses them. "
               "test_29_lab_gaps checks that both languages leave their inputs unchanged.",
        guide="copy-on-modify vs aliasing"),
    lab("double-vs-integer", "r", "init_param.R", "matrix(0, nrow = n_l, ncol = 1L)",
        "matrix(0L, nrow = n_l, ncol = 1L)",
        "0L is an integer, 0 a double",
        "the biases stored as R integers", [T03],
        lesson="R's literal 1 is a double and 1L an integer; numpy's np.zeros is float64. The values "
               "are equal (0 == 0L) but the storage type is not, and R keeps it: an integer matrix "
               "prints and serialises differently, and integer arithmetic can overflow to NA. "
               "assert_same compares storage types first: 'b1: storage type differs: python float64 "
               "vs R integer'.",
        guide="1 vs 1L"),
    lab("partial-matching", "r", "standardize.R",
        'is.null(standardizer[["mean"]]) || is.null(standardizer[["std"]])',
        "is.null(standardizer$mean) || is.null(standardizer$std)",
        "$ matches a unique prefix: list(means = ...)$mean is not NULL",
        "check_standardizer reads the entries with $ instead of [[", [GAPS], k="misnamed",
        lesson="x$mean returns x$means when no entry is called exactly 'mean' and only one starts with it "
               "(partial matching, silently); x[['mean']] does not match partially. Python's dict "
               "raises KeyError. A standardizer with entries 'means' and 'std' then passes R's check "
               "and fails later with another message. test_29_lab_gaps gives both languages the "
               "misnamed standardizer and compares the refusal.",
        guide="$ partial matching"),
    lab("integer-division-sign", "r", "data-npy.R", "hi <- floor(x / 4294967296)", "hi <- trunc(x / 4294967296)",
        "C's truncating division for Python's // (floor)",
        "the high word of a negative int64 computed with truncation toward 0", [T16], k="npy",
        lesson="Python's // and % round toward minus infinity, and so do R's %/% and %% "
               "(-7 // 2 == -4, -7 %/% 2 == -4, -7 % 2 == 1, -7 %% 2 == 1). The trap is the third "
               "way: C's division, as.integer(a / b), trunc() or int(a / b) round toward 0 (-3), "
               "and fmod keeps the sign of a. write_npy splits a negative int64 into words with the "
               "floor: with trunc, -1 is written as 0x00000000FFFFFFFF-ish garbage. test_16 compares "
               "R's bytes with numpy.save's.",
        guide="integer division and modulo"),
    lab("seq-1-to-0", "r", "forward.R", "  for (l in seq_len(L - 1L)) {", "  for (l in 1:(L - 1L)) {",
        "1:0 is c(1, 0), not empty",
        "the hidden-layer loop written 1:(L - 1)", [T04], k="deep_model",
        lesson="Python's range(1, L) is empty when L = 1; R's 1:(L - 1) is 1:0 = c(1, 0), two iterations "
               "counting down. A network without hidden layers ([3, 1]) then runs 'layer 1' as a ReLU "
               "and 'layer 0' (parameters$W0 is NULL). seq_len(L - 1) is empty for L = 1. "
               "test_deep_model_every_layer includes the one-layer network [3, 1].",
        guide="1:0"),
    lab("na-vs-nan", "r", "activations.R", "off <- !((Z > 0) & !is.na(Z))", "off <- !(Z > 0)",
        "NaN > 0 is NA in R, False in numpy",
        "the ReLU derivative's mask built without handling NaN", [GAPS, T02], k="nan or relu_backprop",
        lesson="In numpy NaN > 0 is False. In R NaN > 0 is NA (so is NA > 0), and a logical index holding "
               "NA cannot be assigned through ('NAs are not allowed in subscripted assignments'). is.na() "
               "is TRUE for both NA and NaN, is.nan() only for NaN; Python has only NaN (and None, "
               "which is not a number). test_relu_backprop feeds a Z holding NaN.",
        guide="NULL / NA / None / NaN"),
    lab("sd-ddof", "r", "standardize.R", "std <- sqrt(rowMeans((X - mean)^2))", "std <- apply(X, 1L, sd)",
        "R's sd() divides by m - 1, numpy's std by m",
        "the population std of standardize computed with R's sd()", [T09c], k="population or within",
        lesson="numpy's X.std() is the population standard deviation (ddof = 0, divided by m); R's sd() "
               "is the sample estimate (divided by m - 1). The standardized features differ by a factor "
               "sqrt(m / (m - 1)): small, but every later number moves. test_population_std_not_r_sd "
               "compares the fitted std.",
        guide="sd() vs np.std"),
]
