"""Mutants of the issue-13 io work: the epochs engine's model-file keys, the standardizer blocks, the
history CSV and predict/evaluate with a standardizer (helper "io"). Killed by
parity_tests/test_17c_io_model_training_keys.py."""
from .catalogue import P, py, r

T17c = P + "test_17c_io_model_training_keys.py"

MUTANTS = [
    r("cli-predict-standardizer-ignored", "cli-predict.R", "  if (is.null(standardizer)) return(X)",
      "  return(X)", "R's predict/evaluate forget the model's standardizer", [T17c], k="command_lines"),
    py("cli-predict-standardizer-ignored", "cli/predict.py",
       "        x = model_inputs((img.astype(np.float64) / 255.0).reshape(-1, 1), standardizer)",
       "        x = (img.astype(np.float64) / 255.0).reshape(-1, 1)",
       "Python's predict feeds raw pixels to a standardized model", [T17c], k="command_lines"),
    py("costs-history-column-order", "io/costs.py",
       'HISTORY_COLUMNS = ("epoch", "cost", "accuracy", "val_cost", "val_accuracy")',
       'HISTORY_COLUMNS = ("epoch", "cost", "val_cost", "accuracy", "val_accuracy")',
       "history CSV columns accuracy and val_cost swapped", [T17c], k="history_csv"),
    r("model-dropout-range", "io-model.R", "dropout = c(0, 1, 0)", "dropout = c(0, 1, 1)",
      "R's reader accepts dropout 1 (keep_prob 0)", [T17c], k="refusals"),
    py("model-batch-size-range", "io/model.py", '"batch_size": 1, "epochs": 1,', '"batch_size": 0, "epochs": 1,',
       "Python's reader accepts batch_size 0", [T17c], k="refusals"),
    r("model-nan-text", "io-model.R", '  out[is.na(x)] <- "nan"', '  out[is.na(x)] <- "NaN"',
      "R writes NaN in the history as R's sprintf does, not as Python", [T17c], k="same_bytes"),
]
