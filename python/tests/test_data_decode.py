"""Decoding (nnscratch/data/decode.py): RGB pixels from checked bytes, INTER_AREA resizing,
worker processes."""
from __future__ import annotations

import os
import warnings

import cv2
import numpy as np
import pytest

from nnscratch import create_dataset
from nnscratch.data import decode, formats
from nnscratch.data.dataset import SkippedFilesWarning

from .image_makers import COLOUR, INDEX, PALETTE, RNG, WIDE16, jpeg_bytes, make_pet_folder


@pytest.fixture
def folder(tmp_path):
    return make_pet_folder(tmp_path)


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkippedFilesWarning)
        return create_dataset(path, **kw)


def test_alpha_dropped_palette_expanded_16bit_high_byte(folder):
    rgba = decode.read_image_rgb(folder / "Cat" / "rgba.png")
    np.testing.assert_array_equal(rgba, COLOUR)      # alpha dropped, not composited
    pal = decode.read_image_rgb(folder / "Cat" / "palette.png")
    np.testing.assert_array_equal(pal, PALETTE[INDEX])
    wide = decode.read_image_rgb(folder / "Cat" / "wide16.png")
    np.testing.assert_array_equal(wide, (WIDE16 >> 8).astype(np.uint8))
    d = load(folder, size=30)                         # 30x20 -> 30x30: resized with INTER_AREA
    expected = cv2.resize(COLOUR, (30, 30), interpolation=cv2.INTER_AREA) / 255.0
    np.testing.assert_array_equal(d.X[d.files.index("Cat/rgba.png")], expected)


def test_read_image_rgb_reasons(folder):
    for name, reason in [("empty.jpg", formats.REASON_EMPTY), ("text.jpg", formats.REASON_NOT_IMAGE),
                         ("gray.jpg", formats.REASON_JPEG_GRAY), ("gray_alpha.png", formats.REASON_PNG_GRAY_ALPHA),
                         ("truncated.jpg", formats.REASON_JPEG_TRUNCATED)]:
        with pytest.raises(formats.SkippedImage) as exc:
            decode.read_image_rgb(folder / "Cat" / name)
        assert exc.value.reason == reason
        assert name in str(exc.value)


def test_corrupt_frame_header_is_a_decoder_error(tmp_path):
    data = bytearray(jpeg_bytes(COLOUR))
    sof = bytes(data).index(b"\xff\xc0")
    data[sof + 7:sof + 9] = b"\x00\x00"              # image width 0 in the frame header
    (tmp_path / "bad.jpg").write_bytes(bytes(data))
    fmt, reason = formats.check_image_bytes(bytes(data))
    assert (fmt, reason) == ("jpeg", None)           # markers and EOI are in place ...
    with pytest.raises(formats.SkippedImage) as exc:      # ... but libjpeg gives up
        decode.read_image_rgb(tmp_path / "bad.jpg")
    assert exc.value.reason == formats.REASON_JPEG_DECODE


def test_load_image_is_read_then_resize(folder):
    img = decode.load_image(folder / "Cat" / "rgba.png", 30)
    assert img.dtype == np.uint8 and img.shape == (30, 30, 3)
    np.testing.assert_array_equal(img, cv2.resize(COLOUR, (30, 30), interpolation=cv2.INTER_AREA))
    with pytest.raises(formats.SkippedImage, match="empty file"):
        decode.load_image(folder / "Cat" / "empty.jpg", 30)


def test_unreadable_file_is_skipped_with_the_reason(tmp_path):
    with pytest.raises(formats.SkippedImage) as exc:
        decode.read_image_rgb(tmp_path)                 # a folder cannot be read as a file
    assert exc.value.reason.startswith("cannot read file (")


def test_decode_files_keeps_the_order_and_gives_reasons(folder):
    paths = [folder / "Cat" / n for n in ("red.png", "empty.jpg", "colour.jpg", "text.jpg")]
    for workers in (1, 2):
        out = decode.decode_files(paths, 8, workers=workers)
        assert [r if isinstance(r, str) else r.shape for r in out] == [
            (8, 8, 3), formats.REASON_EMPTY, (8, 8, 3), formats.REASON_NOT_IMAGE]
        assert np.all(out[0] == np.array([255, 0, 0], np.uint8))


def test_workers_give_the_same_result(tmp_path):
    root = tmp_path / "p"
    for cls in ("Cat", "Dog"):
        (root / cls).mkdir(parents=True)
        for i in range(30):
            (root / cls / f"{i}.jpg").write_bytes(jpeg_bytes(RNG.randint(0, 256, (24, 31, 3)).astype(np.uint8)))
    (root / "Cat" / "empty.jpg").write_bytes(b"")
    serial = load(root, cache=False, workers=1)
    for w in (2, 3):
        d = load(root, cache=False, workers=w)
        assert d.files == serial.files and d.skipped == serial.skipped and np.array_equal(d.X, serial.X)
    with pytest.raises(ValueError, match="workers must be None or a positive integer; got 0"):
        create_dataset(root, workers=0)
    with pytest.raises(ValueError, match="workers must be None or a positive integer; got 1.5"):
        create_dataset(root, workers=1.5)


def test_resolve_workers():
    assert decode.resolve_workers(None, decode.PARALLEL_MIN_FILES - 1) == 1
    assert decode.resolve_workers(None, 10**6) == (os.cpu_count() or 1)
    assert decode.resolve_workers(4, 3) == 3 and decode.resolve_workers(1, 100) == 1


def test_progress_bar_counts_skipped(folder, capsys):
    paths = sorted((folder / "Cat").glob("*.*"))
    decode.decode_files(paths, 8, workers=2, progress=True)
    err = capsys.readouterr().err
    assert "decoding images (2 workers)" in err and "skipped=7" in err and f"{len(paths)}/{len(paths)}" in err


def test_only_regular_files_are_read(tmp_path):
    """issue 12: a named pipe is skipped without blocking; a broken or looping link has its reason."""
    os.mkfifo(tmp_path / "pipe.jpg")
    os.symlink("self.jpg", tmp_path / "self.jpg")
    os.symlink("nowhere.jpg", tmp_path / "dangling.jpg")
    (tmp_path / os.fsdecode(b"caf\xe9.jpg")).write_bytes(b"x")
    for name, reason in [("pipe.jpg", "not a regular file (named pipe)"),
                         ("self.jpg", formats.REASON_BROKEN_LINK), ("dangling.jpg", formats.REASON_BROKEN_LINK),
                         (os.fsdecode(b"caf\xe9.jpg"), formats.REASON_BAD_NAME)]:
        with pytest.raises(formats.SkippedImage) as exc:
            decode.read_image_rgb(tmp_path / name)
        assert exc.value.reason == reason


def test_decoder_warning_is_printed_with_the_file_name(tmp_path, capfd):
    """issue 12: libjpeg's "Corrupt JPEG data" went to stderr without the file's name; the image is kept."""
    rng = np.random.RandomState(0)
    ok, buf = cv2.imencode(".jpg", rng.randint(0, 256, (40, 50, 3)).astype(np.uint8))
    data = buf.tobytes()
    _, scan, _ = formats.jpeg_header(data)
    f = tmp_path / "garbage.jpg"
    f.write_bytes(data[:scan] + bytes(rng.randint(0, 255, 300).astype(np.uint8)) + b"\xff\xd9")
    img = decode.read_image_rgb(f)
    assert img.shape == (40, 50, 3)
    assert capfd.readouterr().err == f"{f}: Corrupt JPEG data: premature end of data segment (image kept)\n"
