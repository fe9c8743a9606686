"""The parity harness's Python side: the embedded R session (``bridge``), the R steps with
Python's signatures and result shapes (``adapter``) and the ``nnscratch parity-report``
command (``report``). Nothing in the core imports this package."""
