"""The engine beside the teaching core: fast and safe training, used by the command line.

``engine_fit`` (fit.py) is ``dense_nn``'s loop with the fused one-pass step
(fused.py), an update rule as a parameter (rules.py), divergence detection,
interrupts, checkpoints and resume (stopping.py). ``engine_fit_epochs``
(epochs.py) trains by epochs of mini-batches with schedules, L2, dropout and
early stopping, on the same rules and stopping machinery. Measurements behind the
fused step: docs/performance.md.
"""
from .epochs import engine_fit_epochs, epoch_state_from_meta, epoch_state_to_meta
from .fit import engine_fit
from .fused import default_block_size, forward_backward
from .rules import UpdateRule, update_rule
from .stopping import TrainingDiverged, TrainingInterrupted, TrainingStopped

__all__ = [
    "engine_fit", "engine_fit_epochs", "epoch_state_to_meta", "epoch_state_from_meta", "update_rule", "UpdateRule",
    "TrainingStopped", "TrainingDiverged", "TrainingInterrupted",
    "forward_backward", "default_block_size",
]
