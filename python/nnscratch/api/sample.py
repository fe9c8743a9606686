"""``nnscratch_sample()``: the sample images installed with the package (R twin: R/api-sample.R).

The images are package data: ``nnscratch/api/sample/{Cat,Dog}/`` (in the
repository a symbolic link to ``data/sample/``, the one copy of the bytes,
described in data/README.md; ``pip install`` copies the files into the wheel,
see ``[tool.setuptools.package-data]`` in pyproject.toml). R installs the same
files from ``inst/extdata/sample`` and finds them with ``system.file``.
"""
from __future__ import annotations

import os

#: The sample folder, relative to this package folder.
SAMPLE_DIR = "sample"


def nnscratch_sample():
    """The path of the sample image folder installed with nnscratch (a str).

    It holds ``Cat/`` (183 handwritten "3"s, label 1) and ``Dog/`` (174 "8"s, label 0)
    as JPEG and PNG files, plus 4 files that ``create_dataset`` skips (data/README.md).

    Returns:
        the folder's path, ready for ``create_dataset``.
    Raises:
        FileNotFoundError: the installation lacks the sample (a package built
            without its package data).

    Example:
        >>> from nnscratch import create_dataset
        >>> X, y = create_dataset(nnscratch_sample(), size=8, warn=False, cache=False, workers=1)
        >>> X.shape, int(y.sum())
        ((357, 8, 8, 3), 183)
    """
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), SAMPLE_DIR)
    if not (os.path.isdir(os.path.join(path, "Cat")) and os.path.isdir(os.path.join(path, "Dog"))):
        raise FileNotFoundError(f"the nnscratch sample images are missing from this installation "
                                f"(expected {path}/Cat and {path}/Dog); reinstall nnscratch")
    return path
