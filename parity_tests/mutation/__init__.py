"""Mutation check of the parity suite (issue 17, item 5).

A catalogue (:mod:`parity_tests.mutation.catalogue`) of single-line mistakes of
the kind a porter makes, in both languages. The runner
(:mod:`parity_tests.mutation.runner`) applies each one to a temporary copy of
``R/`` (run through ``NNSCRATCH_R_DIR``) or of ``python/nnscratch`` (first on
``PYTHONPATH``), runs the parity tests that should notice it, and reports
whether they did. Run it with::

    .venv/bin/python -m parity_tests.mutation --all     # the kill table
    .venv/bin/python -m parity_tests.mutation --check   # every original text still found once

See docs/mutation.md. The teaching kit's break-it lab uses the same catalogue
format and the same :func:`runner.apply_mutant`.
"""
