"""The engine beside the teaching core: fast and safe training, used by the command line.

``engine_fit`` (fit.py) is ``dense_nn``'s loop with the fused one-pass step
(fused.py), an update rule as a parameter (rules.py), divergence detection,
interrupts, checkpoints and resume (stopping.py). Measurements behind the
fused step: docs/performance.md.
"""
from .fit import engine_fit
from .fused import default_block_size, forward_backward
from .rules import UpdateRule, update_rule
from .stopping import TrainingDiverged, TrainingInterrupted, TrainingStopped

__all__ = [
    "engine_fit", "update_rule", "UpdateRule",
    "TrainingStopped", "TrainingDiverged", "TrainingInterrupted",
    "forward_backward", "default_block_size",
]
