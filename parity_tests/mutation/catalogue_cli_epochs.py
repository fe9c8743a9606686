"""Mutants of the command lines' recipe flags and training by epochs (helper "cli"): python/nnscratch/cli/
{flags,train_epochs}.py and R/cli-{flags,train-epochs}.R -- a default, a range, the dropout flag turned into
keep_prob, the validation split's seed, the standardizer fitted on the wrong split."""
from .catalogue import P, T00c, py, r

T19b = P + "test_19b_cli_epochs.py"

MUTANTS = [
    r("cli-flags-epsilon-default", "cli-flags.R", 'epsilon = "1e-08", lr_schedule = "constant"',
      'epsilon = "1e-07", lr_schedule = "constant"',
      "R's --epsilon default 1e-07 instead of 1e-08", [T00c], k="defaults"),
    py("cli-flags-unit-range", "cli/flags.py", "return None if 0 <= value < 1 else",
       "return None if 0 <= value <= 1 else",
       "--dropout 1 / --beta1 1 accepted (the [0, 1) range closed)", [T00c], k="refusals"),
    py("cli-epochs-keep-prob", "cli/train_epochs.py", "lr_interval=args.lr_interval, l2=args.l2, keep_prob=1.0 - args.dropout,",
       "lr_interval=args.lr_interval, l2=args.l2, keep_prob=1.0 - args.dropout / 2,",
       "--dropout P passed as keep_prob 1 - P/2", [T19b], k="alike and adam-dropout"),
    r("cli-epochs-val-seed", "cli-train-epochs.R",
      "v <- train_test_split(X_tr, y_tr, test_size = opts$val_size, random_state = opts$seed)",
      "v <- train_test_split(X_tr, y_tr, test_size = opts$val_size, random_state = opts$seed + 1)",
      "the validation split drawn with seed + 1", [T19b], k="alike and standardize"),
    r("cli-epochs-standardize-split", "cli-train-epochs.R", "standardizer <- fit_standardizer(d$X_train)",
      "standardizer <- fit_standardizer(cbind(d$X_train, d$X_test))",
      "the standardizer fitted on the training and test sets", [T19b], k="alike and standardize"),
]
