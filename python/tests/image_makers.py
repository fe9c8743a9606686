"""Test images made in memory (shared by the test_data_* files): a minimal PNG encoder for
every colour type, JPEG via OpenCV, and a PetImages-like folder with every kind of file."""
from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np


def png_bytes(pixels, colour_type, bit_depth=8, palette=None):
    """A minimal PNG encoder (any colour type), so palette and gray+alpha files can be made.

    pixels: (H, W) or (H, W, C) integers (indices for colour type 3).
    """
    pixels = np.asarray(pixels)
    h, w = pixels.shape[:2]
    dtype = ">u2" if bit_depth == 16 else "u1"
    rows = pixels.reshape(h, -1).astype(dtype)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, colour_type, 0, 0, 0))
    if palette is not None:
        out += chunk(b"PLTE", np.asarray(palette, dtype=np.uint8).tobytes())
    return out + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def jpeg_bytes(rgb_or_gray, quality=95):
    img = rgb_or_gray if rgb_or_gray.ndim == 2 else np.ascontiguousarray(rgb_or_gray[..., ::-1])
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def solid(h, w, rgb):
    return np.broadcast_to(np.asarray(rgb, dtype=np.uint8), (h, w, 3)).copy()


RED = solid(10, 12, (255, 0, 0))
RNG = np.random.RandomState(0)
COLOUR = RNG.randint(0, 256, size=(20, 30, 3)).astype(np.uint8)
ALPHA = RNG.randint(0, 256, size=(20, 30, 1)).astype(np.uint8)
PALETTE = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30]], dtype=np.uint8)
INDEX = RNG.randint(0, 4, size=(16, 16))
WIDE16 = RNG.randint(0, 65536, size=(8, 8, 3)).astype(np.uint16)


def make_pet_folder(root):
    """A PetImages-like folder with every kind of file the loader must keep or skip."""
    cat, dog = root / "Cat", root / "Dog"
    cat.mkdir(parents=True)
    dog.mkdir()
    (root / "Other").mkdir()                       # unmapped: ignored
    (root / "Other" / "x.png").write_bytes(png_bytes(RED, 2))
    (root / "readme.txt").write_text("not a class")  # a file at the top: not a class folder
    (cat / "sub").mkdir()                              # sub-folder of a class: not visited
    (cat / "sub" / "deep.png").write_bytes(png_bytes(RED, 2))

    (cat / "red.png").write_bytes(png_bytes(RED, 2))                       # kept
    (cat / "rgba.png").write_bytes(png_bytes(np.concatenate([COLOUR, ALPHA], 2), 6))  # kept, alpha dropped
    (cat / "palette.png").write_bytes(png_bytes(INDEX, 3, palette=PALETTE))          # kept
    (cat / "wide16.png").write_bytes(png_bytes(WIDE16, 2, bit_depth=16))             # kept, high byte
    (cat / "colour.jpg").write_bytes(jpeg_bytes(COLOUR))                            # kept
    whole = jpeg_bytes(COLOUR)
    (cat / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    (cat / "empty.jpg").write_bytes(b"")
    (cat / "gray.jpg").write_bytes(jpeg_bytes(COLOUR[..., 0]))
    (cat / "gray.png").write_bytes(png_bytes(COLOUR[..., 0], 0))
    (cat / "gray_alpha.png").write_bytes(png_bytes(np.dstack([COLOUR[..., 0], ALPHA[..., 0]]), 4))
    (cat / "text.jpg").write_text("hello, I am not a JPEG\n")
    (cat / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))
    (dog / "1.jpg").write_bytes(jpeg_bytes(solid(40, 20, (0, 0, 255))))
    (dog / "10.png").write_bytes(png_bytes(solid(5, 5, (0, 255, 0)), 2))
    (dog / "2.png").write_bytes(png_bytes(solid(64, 64, (0, 0, 0)), 2))
    png = png_bytes(solid(8, 8, (1, 2, 3)), 2)
    (dog / "cut.png").write_bytes(png[:-12])           # IEND chunk cut off
    return root
