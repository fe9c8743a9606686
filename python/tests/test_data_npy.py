"""The .npy reader/writer (nnscratch/data/npy.py): numpy.save's bytes, strict reading."""
from __future__ import annotations

import numpy as np
import pytest

from nnscratch.data.npy import NpyFormatError, read_npy, write_npy


@pytest.mark.parametrize("arr", [
    np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
    np.random.RandomState(0).randint(0, 256, (5, 4, 4, 3)).astype(np.uint8),
    np.array([1, -2, 2**40, -(2**53)], dtype=np.int64),
    np.linspace(-1, 1, 12).reshape(3, 4),
    np.zeros((0, 2, 2, 3), np.uint8),
    np.array(3.5),
])
def test_npy_round_trip_and_same_bytes_as_numpy(tmp_path, arr):
    ours, theirs = tmp_path / "ours.npy", tmp_path / "theirs.npy"
    write_npy(ours, arr)
    np.save(theirs, arr)
    assert ours.read_bytes() == theirs.read_bytes()
    back = read_npy(ours)
    assert back.dtype == arr.dtype and back.shape == arr.shape and np.array_equal(back, arr)
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]   # temp file renamed


def test_npy_reads_fortran_order(tmp_path):
    a = np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3))
    np.save(tmp_path / "f.npy", a)
    np.testing.assert_array_equal(read_npy(tmp_path / "f.npy"), a)


def test_npy_rejects_bad_files(tmp_path):
    good = tmp_path / "good.npy"
    np.save(good, np.arange(10, dtype=np.int64))
    data = good.read_bytes()
    cases = {
        "truncated": (data[:-3], "truncated"),
        "trailing": (data + b"\x00", "trailing bytes"),
        "magic": (b"XXNUMPY" + data[7:], "bad magic"),
        "header": (data[:10] + b"{'descr': nonsense" + data[28:], "bad .npy header"),
        "empty": (b"", "bad magic"),
    }
    for name, (content, msg) in cases.items():
        p = tmp_path / f"{name}.npy"
        p.write_bytes(content)
        with pytest.raises(NpyFormatError, match=msg):
            read_npy(p)
    for arr in (np.zeros(3, ">f8"), np.zeros(3, np.int32), np.zeros(3, np.float32)):
        np.save(tmp_path / "other.npy", arr)
        with pytest.raises(NpyFormatError, match="not supported"):
            read_npy(tmp_path / "other.npy")
    with pytest.raises(TypeError, match="not supported"):
        write_npy(tmp_path / "x.npy", np.zeros(3, np.int32))




def test_header_with_an_unbalanced_bracket_is_a_format_error(tmp_path):
    """issue 12: tokenize.TokenError escaped read_npy (and the cache raised it on every run)."""


    f = tmp_path / "a.npy"
    np.save(f, np.arange(3, dtype=np.int64))
    data = bytearray(f.read_bytes())
    i = data.index(b"'shape': (")
    data[i + 9:i + 9] = b"("                            # "((3,), }": a bracket never closed
    j = data.rindex(b" \n")
    del data[j:j + 1]                                    # the header keeps its length
    f.write_bytes(bytes(data))
    with pytest.raises(NpyFormatError, match="bad .npy header"):
        read_npy(f)
