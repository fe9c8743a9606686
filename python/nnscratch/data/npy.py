"""``.npy`` files (NumPy format 1.0), the subset the image cache uses (R twin: R/data-npy.R).

uint8, little-endian int64 and float64 arrays only; ``write_npy`` writes the
bytes ``numpy.save`` writes. The subset: docs/formats.md, ".npy subset".
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..io.atomic import atomic_write
from ..utils.format import quote_text

NPY_MAGIC = b"\x93NUMPY"
#: dtypes the R twin supports, by their header 'descr'.
NPY_DTYPES = {"|u1": np.uint8, "<u1": np.uint8, "<i8": np.int64, "<f8": np.float64}


class NpyFormatError(ValueError):
    """An .npy file that is not a complete C-order/Fortran-order u1/i8/f8 array."""


def write_npy(path, x):
    """Write an array as a NumPy format 1.0 ``.npy`` file, atomically.

    Args:
        path: file to write.
        x: array of dtype uint8, int64 or float64 (the types R/data-npy.R reads);
            written in C order with the header ``numpy.save`` writes.
    """
    x = np.asarray(x)
    if x.dtype.str not in NPY_DTYPES:
        raise TypeError(f"write_npy: dtype {x.dtype} not supported (uint8, int64, float64)")
    x = x if x.flags.c_contiguous else x.copy(order="C")
    atomic_write(path, lambda fh: np.lib.format.write_array(fh, x, version=(1, 0), allow_pickle=False))


def read_npy_header(fh, path="<npy>"):
    """(descr, fortran_order, shape, data offset) of an .npy file (format 1.0 or 2.0), strictly."""
    from numpy.lib import format as npf

    magic = fh.read(8)
    if len(magic) < 8 or magic[:6] != NPY_MAGIC:
        raise NpyFormatError(f"{path}: not an .npy file (bad magic bytes)")
    major = magic[6]
    if major not in (1, 2):
        raise NpyFormatError(f"{path}: .npy format version {major}.{magic[7]} not supported")
    fh.seek(0)
    try:
        npf.read_magic(fh)
        reader = npf.read_array_header_1_0 if major == 1 else npf.read_array_header_2_0
        shape, fortran, dtype = reader(fh, max_header_size=100_000)
    except Exception as exc:   # ValueError, SyntaxError, EOFError, tokenize.TokenError (an unbalanced bracket), ...
        raise NpyFormatError(f"{path}: bad .npy header ({exc})") from None
    descr = dtype.str
    if descr not in NPY_DTYPES:
        raise NpyFormatError(f"{path}: dtype {quote_text(descr)} not supported ('|u1', '<i8', '<f8')")
    return descr, bool(fortran), tuple(int(s) for s in shape), fh.tell()


def parse_npy(data: bytes, path="<npy>"):
    """``read_npy`` on the bytes of a file already read (the image cache checksums them first)."""
    import io

    fh = io.BytesIO(data)
    descr, fortran, shape, offset = read_npy_header(fh, path)
    dtype = np.dtype(NPY_DTYPES[descr])
    count = int(np.prod(shape, dtype=np.int64))
    expected = offset + count * dtype.itemsize
    if len(data) != expected:
        what = "truncated" if len(data) < expected else "has trailing bytes"
        raise NpyFormatError(f"{path}: {what}: {len(data)} bytes, header {shape} {descr} needs {expected}")
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape, order="F" if fortran else "C")


def read_npy(path):
    """Read an ``.npy`` file written by ``write_npy``, R's ``write_npy`` or ``numpy.save``.

    Only uint8, little-endian int64 and float64 are accepted. The file must
    hold exactly the data its header announces (a truncated file or trailing
    bytes raise ``NpyFormatError``).
    """
    path = Path(path)
    with open(path, "rb") as fh:
        descr, fortran, shape, offset = read_npy_header(fh, path)
        dtype = np.dtype(NPY_DTYPES[descr])
        count = int(np.prod(shape, dtype=np.int64))
        expected = offset + count * dtype.itemsize
        actual = os.fstat(fh.fileno()).st_size
        if actual != expected:
            what = "truncated" if actual < expected else "has trailing bytes"
            raise NpyFormatError(f"{path}: {what}: {actual} bytes, header {shape} {descr} needs {expected}")
        data = np.fromfile(fh, dtype=dtype, count=count)
    if data.size != count:
        raise NpyFormatError(f"{path}: truncated while reading")
    return data.reshape(shape, order="F" if fortran else "C")
