"""Fuzz pass over the image reader and the loader: no file makes them crash, hang
or raise anything but the documented errors.

* ``read_image_rgb(file)`` returns a uint8 (H, W, 3) array or raises
  ``SkippedImage`` whose ``.reason`` is one of the documented reasons;
* ``create_dataset(folder)`` returns a ``Dataset`` or raises the documented
  ``FileNotFoundError`` / ``ValueError``.

Inputs: random bytes; truncations of valid JPEG and PNG files (every byte, for
small files, and at points hypothesis picks); single-byte changes; valid magic
bytes followed by junk; a valid start spliced to junk and an end-of-image
marker (so that the decoder itself runs). Hangs: hypothesis's deadline catches
slow examples and a faulthandler watchdog ends the run (with a traceback) if one
example takes minutes, even inside C code. The number of cases is printed
(``pytest -s``) and checked. The model reader's fuzz is in test_io_model.py;
R's twin of this file is tests/testthat/test-fuzz.R.
"""
import faulthandler
import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnscratch.data import formats
from nnscratch.data.dataset import Dataset, create_dataset
from nnscratch.data.decode import read_image_rgb
from nnscratch.data.formats import SkippedImage

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

REASONS = {v for k, v in vars(formats).items() if k.startswith("REASON_")}
OTHER_REASONS = re.compile(r"unsupported JPEG \(\d+ components\)|cannot read file.*|image too large \(\d+ x \d+ pixels; the limit is 50,000,000\)")
HANG_SECONDS = 120  # the watchdog: one example taking this long is a hang
COUNTS = {"read_image_rgb": 0, "create_dataset": 0, "exhaustive": 0}


def encode(ext, img, *params):
    ok, buf = cv2.imencode(ext, img, list(params))
    assert ok
    return buf.tobytes()


def make_bases():
    rs = np.random.RandomState(0)
    rgb = rs.randint(0, 256, (8, 8, 3), dtype=np.uint8)
    bases = {
        "jpeg": encode(".jpg", rgb),
        "jpeg progressive": encode(".jpg", rs.randint(0, 256, (9, 7, 3), dtype=np.uint8), cv2.IMWRITE_JPEG_PROGRESSIVE, 1),
        "jpeg gray": encode(".jpg", rgb[:, :, 0]),
        "png": encode(".png", rgb),
        "png rgba": encode(".png", rs.randint(0, 256, (5, 6, 4), dtype=np.uint8)),
        "png 16-bit": encode(".png", rs.randint(0, 65536, (4, 4, 3)).astype(np.uint16)),
        "png gray": encode(".png", rgb[:, :, 1]),
    }
    for cls in ("Cat", "Dog"):  # two real files of the sample data
        for ext in ("jpg", "png"):
            files = sorted((f for f in (SAMPLE / cls).glob(f"*.{ext}") if f.stat().st_size > 0), key=lambda f: f.stat().st_size)
            if files:
                bases[f"sample {cls} {ext}"] = files[0].read_bytes()
    return bases


BASES = make_bases()
BASE_LIST = list(BASES.values())
MAGICS = [formats.JPEG_MAGIC, formats.JPEG_MAGIC + b"\xe0\x00\x10JFIF\x00", formats.PNG_MAGIC,
          formats.PNG_MAGIC + b"\x00\x00\x00\rIHDR"]


@st.composite
def truncated(draw):
    base = draw(st.sampled_from(BASE_LIST))
    return base[:draw(st.integers(0, len(base)))]


@st.composite
def byte_changed(draw):
    base = draw(st.sampled_from(BASE_LIST))
    pos = draw(st.integers(0, len(base) - 1))
    return base[:pos] + bytes([base[pos] ^ draw(st.integers(1, 255))]) + base[pos + 1:]


@st.composite
def magic_then_junk(draw):
    return draw(st.sampled_from(MAGICS)) + draw(st.binary(max_size=600))


@st.composite
def spliced(draw):
    """A valid start, junk, then an end marker: passes the header checks, so the decoder runs."""
    base = draw(st.sampled_from(BASE_LIST))
    cut = draw(st.integers(0, len(base)))
    end = b"\xff\xd9" if base.startswith(formats.JPEG_MAGIC) else base[-12:]  # EOI, or the IEND chunk
    return base[:cut] + draw(st.binary(max_size=300)) + end


BLOBS = st.one_of(st.binary(max_size=1500), truncated(), byte_changed(), magic_then_junk(), spliced(),
                  st.sampled_from(BASE_LIST))


class Watchdog:
    """faulthandler: dump the tracebacks and end the process if an example hangs."""

    def __enter__(self):
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)

    def __exit__(self, *exc):
        faulthandler.cancel_dump_traceback_later()
        return False


def check_read(path):
    """read_image_rgb(path): a uint8 (H, W, 3) array or SkippedImage with a documented reason."""
    with Watchdog():
        try:
            img = read_image_rgb(path)
        except SkippedImage as exc:
            assert exc.reason in REASONS or OTHER_REASONS.fullmatch(exc.reason), exc.reason
            return exc.reason
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8, type(img)
    assert img.ndim == 3 and img.shape[2] == 3 and img.shape[0] >= 1 and img.shape[1] >= 1, img.shape
    return "decoded"


@pytest.fixture(scope="module")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="nnscratch-fuzz-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


FUZZ_SETTINGS = dict(deadline=timedelta(seconds=10), database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                            HealthCheck.data_too_large])


@settings(max_examples=800, **FUZZ_SETTINGS)
@given(blob=BLOBS)
def test_fuzz_read_image_rgb(workdir, blob):
    f = workdir / "image"
    f.write_bytes(blob)
    COUNTS["read_image_rgb"] += 1
    check_read(f)


def test_every_truncation_and_byte_change_of_small_files(workdir):
    """Exhaustive on the small generated files: every truncation, every byte inverted."""
    seen = {}
    for name, base in BASES.items():
        if name.startswith("sample"):
            continue
        variants = [base[:n] for n in range(len(base))]
        variants += [base[:i] + bytes([base[i] ^ 0xFF]) + base[i + 1:] for i in range(len(base))]
        for blob in variants:
            f = workdir / "exhaustive"
            f.write_bytes(blob)
            outcome = check_read(f)
            seen[outcome] = seen.get(outcome, 0) + 1
            COUNTS["exhaustive"] += 1
    # every kind of failure was met
    assert {formats.REASON_EMPTY, formats.REASON_JPEG_TRUNCATED, formats.REASON_PNG_TRUNCATED,
            formats.REASON_JPEG_HEADER, formats.REASON_NOT_IMAGE, "decoded"} <= set(seen), seen


#: No cache and no worker processes: every example decodes in this process.
LOADER_KWARGS = {"warn": False, "cache": False, "workers": 1}


@settings(max_examples=150, **FUZZ_SETTINGS)
@given(cats=st.lists(BLOBS, max_size=3), dogs=st.lists(BLOBS, max_size=3), extra=st.booleans(),
       size=st.integers(1, 6))
def test_fuzz_create_dataset(workdir, cats, dogs, extra, size):
    COUNTS["create_dataset"] += 1
    folder = Path(tempfile.mkdtemp(dir=workdir))
    for cls, blobs in (("Cat", cats), ("Dog", dogs)):
        (folder / cls).mkdir()
        for k, blob in enumerate(blobs):
            (folder / cls / f"{k}.jpg").write_bytes(blob)
    if extra:  # a folder labels does not map, and a nested folder in a class
        (folder / "Other").mkdir()
        (folder / "Other" / "x.png").write_bytes(BASES["png"])
        (folder / "Cat" / "nested").mkdir()
    try:
        with Watchdog():
            try:
                ds = create_dataset(folder, size=size, **LOADER_KWARGS)
            except (FileNotFoundError, ValueError) as exc:
                assert not isinstance(exc, SkippedImage)
                assert "create_dataset" in str(exc), str(exc)
                return
        assert isinstance(ds, Dataset)
        X, y = ds
        assert X.shape == (len(ds.files), size, size, 3) and X.dtype == np.float64
        assert np.all((X >= 0) & (X <= 1))
        assert len(ds.files) + len(ds.skipped) == len(cats) + len(dogs)
        assert set(y.tolist()) <= {0, 1} and len(y) == len(ds.files)
        for _, reason in ds.skipped:
            assert reason in REASONS or OTHER_REASONS.fullmatch(reason), reason
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_fuzz_missing_folders(workdir):
    with pytest.raises(FileNotFoundError, match="create_dataset: folder not found"):
        create_dataset(workdir / "nope", **LOADER_KWARGS)
    (workdir / "only-cats" / "Cat").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="class folder 'Dog' not found"):
        create_dataset(workdir / "only-cats", **LOADER_KWARGS)
    f = workdir / "a-file"
    f.write_bytes(b"x")
    with pytest.raises((FileNotFoundError, NotADirectoryError)):
        create_dataset(f, **LOADER_KWARGS)


def test_fuzz_case_count():
    total = sum(COUNTS.values())
    print(f"\nimage fuzz cases: read_image_rgb {COUNTS['read_image_rgb']} (hypothesis), "
          f"{COUNTS['exhaustive']} (every truncation and byte change of the small files), "
          f"create_dataset {COUNTS['create_dataset']} folders; total {total}")
    assert COUNTS["read_image_rgb"] >= 800 and COUNTS["create_dataset"] >= 150 and COUNTS["exhaustive"] >= 1000
