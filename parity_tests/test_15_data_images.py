"""Parity of the image pipeline: R/inter_area.R + R/dataset.R vs OpenCV + python/nnscratch/dataset.py.

* ``resize_area``: R's reimplementation of ``cv2.resize(..., interpolation=cv2.INTER_AREA)``
  against OpenCV itself on many source and output sizes (1x1, odd sizes, exact
  multiples, 64 -> 32 integer scale, wide, tall, smaller than the output so it
  upsamples, one side up and one down) and pixel patterns (noise, smooth,
  0/255 extremes, values that make rounding ties).
* decoding: R's jpeg/png packages against OpenCV's decoders on JPEG variants
  (4:2:0, 4:2:2, 4:4:4, progressive, several qualities) and PNG variants
  (RGB, RGBA, palette, palette + tRNS, 16-bit, gAMA chunk).
* ``create_dataset``: the embedded sample data and a folder with every kind of
  file to skip: same X, y, files (order) and skipped files with reasons.

Agreement is asked to be exact (tolerance 0): R emulates OpenCV's float32 and
fixed-point arithmetic step by step, and both sides decode with libjpeg-turbo
and libpng. Each test prints the fraction of differing pixels (``-s``).
"""
from __future__ import annotations

import struct
import warnings
import zlib
from pathlib import Path

import cv2
import numpy as np

import compare
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnscratch.data import dataset as ds
from nnscratch.data import decode, formats
from nnscratch.parity.bridge import RError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"

#: Largest allowed |R - OpenCV| (in 0..255 units) and fraction of differing values.
MAX_ABS_DIFF = 0
MAX_DIFF_FRACTION = 0.0


def cv_area(img, out_h, out_w):
    out = cv2.resize(np.ascontiguousarray(img), (int(out_w), int(out_h)), interpolation=cv2.INTER_AREA)
    return out if out.ndim == 3 else out[..., None]


def r_area(r, img, out_h, out_w=None):
    size = np.array([out_h, out_w if out_w is not None else out_h], dtype=np.int32)
    return r.call("resize_area", img.astype(np.int32), size)


def compare_pixels(name, ref, got, stats=None):
    """OpenCV's uint8 pixels against R's: R must return integer storage (uint8 <-> integer), same shape."""
    compare.check_storage(name, np.asarray(ref), got)
    ref = np.asarray(ref, dtype=np.int64)
    got = np.asarray(got, dtype=np.int64)
    assert ref.shape == got.shape, f"{name}: shape differs: OpenCV {ref.shape} vs R {got.shape}"
    d = np.abs(ref - got)
    if stats is not None:
        stats["values"] += d.size
        stats["differ"] += int((d > 0).sum())
        stats["max"] = max(stats["max"], int(d.max()) if d.size else 0)
    assert d.max(initial=0) <= MAX_ABS_DIFF, (
        f"{name}: max |OpenCV - R| = {d.max()} at {np.unravel_index(np.argmax(d), d.shape)}, "
        f"{(d > 0).mean():.4%} of values differ")
    return d


def report(label, stats):
    frac = stats["differ"] / max(stats["values"], 1)
    print(f"\n[{label}] {stats['values']} values compared, {stats['differ']} differ "
          f"({frac:.4%}), max |OpenCV - R| = {stats['max']}")
    assert frac <= MAX_DIFF_FRACTION


def patterns(h, w, rng):
    """Images (h, w, 3) uint8 with different statistics."""
    noise = rng.randint(0, 256, (h, w, 3))
    yy, xx = np.mgrid[0:h, 0:w]
    smooth = np.stack([(xx * 255) // max(w - 1, 1), (yy * 255) // max(h - 1, 1),
                       ((xx + yy) * 7) % 256], axis=2)
    extremes = rng.choice([0, 255], (h, w, 3))
    ties = rng.choice([0, 1, 2, 3, 253, 254, 255], (h, w, 3))   # sums that end in .5 and .25
    return {"noise": noise, "smooth": smooth, "extremes": extremes, "ties": ties}


# Source sizes (h, w) and output sides: every branch of cv::resize INTER_AREA.
SOURCE_SIZES = [
    (1, 1), (1, 7), (7, 1), (2, 2), (3, 5), (5, 3), (17, 29), (31, 31), (33, 33), (31, 33),
    (32, 32), (64, 64), (96, 96), (128, 64), (64, 128), (96, 32), (32, 96), (63, 65),
    (48, 48), (50, 40), (100, 100), (127, 211), (20, 70), (70, 20), (40, 64), (64, 40),
    (16, 200), (200, 16), (300, 225), (375, 500),
]
OUTPUT_SIDES = [32, 1, 5, 64]


def test_resize_area_matches_opencv(r):
    rng = np.random.RandomState(0)
    stats = {"values": 0, "differ": 0, "max": 0}
    for h, w in SOURCE_SIZES:
        for kind, img in patterns(h, w, rng).items():
            img = img.astype(np.uint8)
            for side in OUTPUT_SIDES:
                if side != 32 and kind not in ("noise", "ties"):
                    continue
                compare_pixels(f"{kind} {h}x{w} -> {side}", cv_area(img, side, side), r_area(r, img, side), stats)
    report("resize_area vs cv2.INTER_AREA, fixed sizes", stats)


def test_resize_area_non_square_outputs(r):
    rng = np.random.RandomState(1)
    stats = {"values": 0, "differ": 0, "max": 0}
    for (h, w), (oh, ow) in [((40, 60), (32, 16)), ((10, 90), (32, 32)), ((90, 10), (7, 45)),
                             ((33, 47), (47, 33)), ((64, 64), (32, 64)), ((64, 96), (32, 32))]:
        img = rng.randint(0, 256, (h, w, 3)).astype(np.uint8)
        compare_pixels(f"{h}x{w} -> {oh}x{ow}", cv_area(img, oh, ow), r_area(r, img, oh, ow), stats)
    report("resize_area, non-square outputs", stats)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(h=st.integers(1, 160), w=st.integers(1, 160), side=st.integers(1, 80), seed=st.integers(0, 2**31 - 1))
def test_resize_area_random_sizes(r, h, w, side, seed):
    img = np.random.RandomState(seed).randint(0, 256, (h, w, 3)).astype(np.uint8)
    compare_pixels(f"{h}x{w} -> {side}", cv_area(img, side, side), r_area(r, img, side))


# -- decoding ---------------------------------------------------------------------------

def png_bytes(pixels, colour_type, bit_depth=8, palette=None, trns=None, extra_chunks=()):
    """A minimal PNG encoder (any colour type / bit depth 8 or 16, optional chunks)."""
    pixels = np.asarray(pixels)
    h, w = pixels.shape[:2]
    rows = pixels.reshape(h, -1).astype(">u2" if bit_depth == 16 else "u1")
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, colour_type, 0, 0, 0))
    for kind, data in extra_chunks:
        out += chunk(kind, data)
    if palette is not None:
        out += chunk(b"PLTE", np.asarray(palette, dtype=np.uint8).tobytes())
    if trns is not None:
        out += chunk(b"tRNS", bytes(trns))
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def jpeg_bytes(rgb, **params):
    flags = []
    for k, v in params.items():
        flags += [getattr(cv2, "IMWRITE_JPEG_" + k.upper()), v]
    ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(rgb[..., ::-1]), flags)
    assert ok
    return buf.tobytes()


def image_files(tmp: Path):
    """name -> bytes of colour images that both sides must decode identically."""
    rng = np.random.RandomState(5)
    noisy = cv2.GaussianBlur(rng.randint(0, 256, (53, 71, 3)).astype(np.uint8), (5, 5), 1.2)
    odd = rng.randint(0, 256, (17, 9, 3)).astype(np.uint8)
    palette = rng.randint(0, 256, (16, 3)).astype(np.uint8)
    index = rng.randint(0, 16, (20, 24))
    files = {
        "q90_420.jpg": jpeg_bytes(noisy, quality=90),
        "q50_420.jpg": jpeg_bytes(noisy, quality=50),
        "q100_444.jpg": jpeg_bytes(noisy, quality=100, sampling_factor=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444),
        "q75_422.jpg": jpeg_bytes(noisy, quality=75, sampling_factor=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_422),
        "progressive.jpg": jpeg_bytes(noisy, quality=85, progressive=1),
        "odd_size.jpg": jpeg_bytes(odd, quality=95),
        "rgb.png": png_bytes(odd, 2),
        "rgba.png": png_bytes(np.concatenate([odd, rng.randint(0, 256, (17, 9, 1))], 2), 6),
        "palette.png": png_bytes(index, 3, palette=palette),
        "palette_trns.png": png_bytes(index, 3, palette=palette, trns=[0, 128, 255]),
        "rgb16.png": png_bytes(rng.randint(0, 65536, (11, 13, 3)), 2, bit_depth=16),
        "rgba16.png": png_bytes(rng.randint(0, 65536, (11, 13, 4)), 6, bit_depth=16),
        "gamma.png": png_bytes(odd, 2, extra_chunks=[(b"gAMA", struct.pack(">I", 100000))]),
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    return files


def test_decoders_agree(r, tmp_path):
    stats = {"values": 0, "differ": 0, "max": 0}
    for name in image_files(tmp_path):
        py = decode.read_image_rgb(tmp_path / name)
        got = r.call("read_image_rgb", str(tmp_path / name))
        compare_pixels(f"decode {name}", py, got, stats)
    report("read_image_rgb: jpeg/png packages vs OpenCV decoders", stats)


# -- create_dataset ------------------------------------------------------------------------

def py_dataset(path, **kw):
    # cache=False in both: each language decodes the files itself (with a shared
    # cache, R would only read what Python decoded; test_image_cache.py tests that).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ds.SkippedFilesWarning)
        return ds.create_dataset(path, cache=False, **kw)


def r_dataset(r, path, **kw):
    return r.create_dataset(path, warn=False, cache=False, **kw)


def assert_same_dataset(label, d, rd):
    assert rd.files == d.files, f"{label}: files or order differ"
    assert rd.skipped == d.skipped, f"{label}: skipped files differ:\nR  {rd.skipped}\npy {d.skipped}"
    assert np.array_equal(rd.y, d.y), f"{label}: labels differ"
    assert rd.X.shape == d.X.shape, f"{label}: X shape differs: R {rd.X.shape} vs python {d.X.shape}"
    stats = {"values": 0, "differ": 0, "max": 0}
    compare_pixels(f"{label} X*255", np.rint(d.X * 255), np.rint(rd.X * 255), stats)
    assert rd.X.dtype == d.X.dtype, f"{label}: X storage differs: R {rd.X.dtype} vs python {d.X.dtype}"
    assert np.array_equal(rd.X, d.X), f"{label}: X not bit-identical"  # x / 255 in float64 on both sides
    report(f"create_dataset {label}: {len(d.files)} images, {len(d.skipped)} skipped", stats)


def test_create_dataset_sample(r):
    d = py_dataset(SAMPLE)
    rd = r_dataset(r, SAMPLE)
    assert d.X.shape == (357, 32, 32, 3)
    assert_same_dataset("data/sample", d, rd)


def test_create_dataset_sample_other_size_and_labels(r):
    d = py_dataset(SAMPLE, size=20, labels={"Dog": 4, "Cat": 9})
    rd = r_dataset(r, SAMPLE, size=20, labels={"Dog": 4, "Cat": 9})
    assert_same_dataset("data/sample size 20", d, rd)


def test_create_dataset_skip_rules(r, tmp_path):
    cat, dog = tmp_path / "Cat", tmp_path / "Dog"
    cat.mkdir()
    dog.mkdir()
    (tmp_path / "Unmapped").mkdir()
    image_files(cat)
    rng = np.random.RandomState(9)
    colour = rng.randint(0, 256, (30, 40, 3)).astype(np.uint8)
    gray = colour[..., 0]
    whole = jpeg_bytes(colour)
    bad = {
        "empty.jpg": b"",
        "text.jpg": b"not an image\n",
        "Thumbs.db": b"\xd0\xcf\x11\xe0" + bytes(100),
        "truncated.jpg": whole[: len(whole) * 2 // 3],
        "no_eoi.jpg": whole[:-2],
        "header_only.jpg": whole[:100],
        "gray.jpg": cv2.imencode(".jpg", gray)[1].tobytes(),
        "gray.png": png_bytes(gray, 0),
        "gray16.png": png_bytes(gray.astype(np.uint16) * 257, 0, bit_depth=16),
        "gray_alpha.png": png_bytes(np.dstack([gray, gray]), 4),
        "cut.png": png_bytes(colour, 2)[:-12],
        "half.png": png_bytes(colour, 2)[:200],
        "picture.bmp": cv2.imencode(".bmp", colour)[1].tobytes(),
        "picture.webp": cv2.imencode(".webp", colour)[1].tobytes(),
    }
    try:
        from PIL import Image  # optional: a CMYK JPEG (cv2 cannot write one)
        import io
        buf = io.BytesIO()
        Image.fromarray(colour).convert("CMYK").save(buf, format="JPEG")
        bad["cmyk.jpg"] = buf.getvalue()
    except ImportError:
        pass
    for name, data in bad.items():
        (dog / name).write_bytes(data)
    (dog / "ok.png").write_bytes(png_bytes(colour, 2))

    d = py_dataset(tmp_path)
    rd = r_dataset(r, tmp_path)
    assert_same_dataset("skip rules", d, rd)
    reasons = dict(d.skipped)
    assert reasons["Dog/no_eoi.jpg"] == formats.REASON_JPEG_TRUNCATED
    assert reasons["Dog/header_only.jpg"] == formats.REASON_JPEG_HEADER
    assert reasons["Dog/gray16.png"] == formats.REASON_PNG_GRAY
    assert reasons["Dog/picture.webp"] == formats.REASON_NOT_IMAGE
    assert reasons.get("Dog/cmyk.jpg", formats.REASON_JPEG_CMYK) == formats.REASON_JPEG_CMYK
    assert len(d.files) == 14 and len(d.skipped) == len(bad)
    assert rd.ignored_folders == ["Unmapped"] == d.ignored_folders


def test_create_dataset_errors_match(r, tmp_path):
    (tmp_path / "Cat").mkdir()
    with pytest.raises(FileNotFoundError) as py_err:
        ds.create_dataset(tmp_path)
    with pytest.raises(RError) as r_err:
        r.create_dataset(tmp_path)
    assert "class folder 'Dog' not found in" in str(py_err.value)
    assert "class folder 'Dog' not found in" in str(r_err.value)
    (tmp_path / "Dog").mkdir()
    with pytest.raises(ValueError, match="no readable images in"):
        ds.create_dataset(tmp_path)
    with pytest.raises(RError, match="no readable images in"):
        r.create_dataset(tmp_path)


# -- cell edges a few thousandths from a whole pixel; the image size limit ------------------------

def test_resize_area_cell_edges_near_whole_pixels(r):
    """599 -> 200: the scale is 2.995, so cell edges fall 0.005, 0.010, ... short of whole pixels. OpenCV
    keeps a partial pixel whose share is above 1e-3 of a pixel; a tolerance of 1e-2 drops some, and those
    pixels change."""
    rng = np.random.RandomState(17)
    stats = {"values": 0, "differ": 0, "max": 0}
    for (h, w), (oh, ow) in [((8, 599), (8, 200)), ((599, 8), (200, 8)), ((599, 599), (200, 200)),
                             ((1001, 6), (1000, 3))]:
        for kind, img in patterns(h, w, rng).items():
            img = img.astype(np.uint8)
            compare_pixels(f"{kind} {h}x{w} -> {oh}x{ow}", cv_area(img, oh, ow), r_area(r, img, oh, ow), stats)
    report("resize_area, cell edges near whole pixels", stats)


def header_png(width, height, idat=b""):
    """A PNG whose IHDR claims width x height RGB pixels, with a short IDAT and an IEND chunk."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(idat or b"\x00" * 64)) + chunk(b"IEND", b""))


def test_create_dataset_skip_rules_image_size_limit(r, tmp_path):
    """MAX_PIXELS (50,000,000) is checked from the header: 10000 x 5001 is too large, 10000 x 5000 (exactly the
    limit) and 3000 x 2000 (6e6) are not, so they are decoded (and refused as unreadable) by both."""
    for name in ("Cat", "Dog"):
        (tmp_path / name).mkdir()
    rng = np.random.RandomState(3)
    (tmp_path / "Cat" / "ok.png").write_bytes(png_bytes(rng.randint(0, 256, (6, 5, 3)), 2))
    (tmp_path / "Dog" / "ok.png").write_bytes(png_bytes(rng.randint(0, 256, (5, 6, 3)), 2))
    claims = {"huge.png": (10000, 5001), "limit.png": (10000, 5000), "six_million.png": (3000, 2000)}
    for name, (w, h) in claims.items():
        (tmp_path / "Dog" / name).write_bytes(header_png(w, h))
    d = py_dataset(tmp_path, size=4)
    rd = r_dataset(r, tmp_path, size=4)
    assert_same_dataset("image size limit", d, rd)
    reasons = dict(d.skipped)
    assert reasons["Dog/huge.png"] == "image too large (10000 x 5001 pixels; the limit is 50,000,000)"
    assert "too large" not in reasons["Dog/limit.png"] and "too large" not in reasons["Dog/six_million.png"]
    for w, h in [(10000, 5001), (7072, 7071), (2**31, 1)]:
        assert r.call("reason_too_large", w, h) == [formats.reason_too_large(w, h)]
