"""Mutants of the epochs engine (helper "engine"): engine_fit_epochs in python/nnscratch/engine/epochs.py and
R/engine-epochs.R -- the seed of each epoch, the last batch, the learning-rate schedule, the restore of the
best parameters at early stopping, the stream position on resume."""
from .catalogue import P, py, r

T11c = P + "test_11c_engine_epochs.py"

MUTANTS = [
    r("engine-epochs-seed-per-epoch", "engine-epochs.R", "gen <- numpy_random_state((run$seed + e) %% 2^32)",
      "gen <- numpy_random_state(run$seed %% 2^32)",
      "every epoch shuffles with the same seed (seed + e forgotten)", [T11c], k="same_batches"),
    py("engine-epochs-seed-per-epoch", "engine/epochs.py", 'gen = np.random.RandomState((run["seed"] + e) % 2**32)',
       'gen = np.random.RandomState((run["seed"] + e + 1) % 2**32)',
       "epoch e shuffles with seed + e + 1 (off by one)", [T11c], k="same_batches"),
    r("engine-epochs-last-batch", "engine-epochs.R",
      "for (b in state$batch + seq_len(run$n_batches - state$batch)) {",
      "for (b in state$batch + seq_len(run$n_batches - 1L - state$batch)) {",
      "the last, smaller batch of each epoch skipped", [T11c], k="five_epochs and gd-plain"),
    py("engine-epochs-lr-schedule", "engine/epochs.py",
       'lr = learning_rate_schedule(rule.hyper["learning_rate"], e, run["lr_schedule"], run["lr_decay"],',
       'lr = learning_rate_schedule(rule.hyper["learning_rate"], 0, run["lr_schedule"], run["lr_decay"],',
       "the schedule evaluated at epoch 0 every epoch (the learning rate never decays)", [T11c],
       k="resumed_in_r and gd"),
    r("engine-epochs-restore-best", "engine-epochs.R",
      "parameters <- if (patience > 0 && !is.null(state$best_parameters)) state$best_parameters else state$parameters",
      "parameters <- state$parameters",
      "early stopping returns the last parameters, not the best epoch's", [T11c], k="early_stopping"),
    py("engine-epochs-restore-best", "engine/epochs.py", 'if patience and state["best_parameters"] is not None:',
       'if False and state["best_parameters"] is not None:',
       "early stopping returns the last parameters, not the best epoch's", [T11c], k="early_stopping"),
    r("engine-epochs-resume-masks", "engine-epochs.R",
      "for (b in seq_len(skip)) draw_masks(run, length(batch_index(run, order, b)), gen)",
      "for (b in seq_len(skip)) NULL",
      "resume mid-epoch without redrawing the masks of the batches done (stream out of step)", [T11c],
      k="same_batches"),
    py("engine-epochs-resume-masks", "engine/epochs.py", 'for b in range(skip):',
       'for b in range(max(skip - 1, 0)):',
       "resume mid-epoch redraws the masks of one batch too few", [T11c], k="same_batches"),
]
