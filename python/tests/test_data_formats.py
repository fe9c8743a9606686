"""Image formats from their bytes (nnscratch/data/formats.py): magic bytes, headers, skip reasons."""
from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from nnscratch.data import formats

from .image_makers import COLOUR, jpeg_bytes, png_bytes


def _png_claiming(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return formats.PNG_MAGIC + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _jpeg_claiming(width, height):
    data = bytearray(jpeg_bytes(COLOUR))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_jpeg_header():
    data = jpeg_bytes(COLOUR)
    ncomp, scan, size = formats.jpeg_header(data)
    assert ncomp == 3 and size == (30, 20) and 0 < scan < len(data)
    assert formats.jpeg_header(jpeg_bytes(COLOUR[..., 0]))[0] == 1
    assert formats.jpeg_header(data[:20]) == (None, None, (0, 0))       # cut before the frame header
    assert formats.jpeg_header(b"\xff\xd8\xff\xd9") == (None, None, (0, 0))  # EOI before any scan


def test_png_header():
    assert formats.png_header(png_bytes(COLOUR, 2)) == (2, True)
    assert formats.png_header(png_bytes(COLOUR[..., 0], 0)) == (0, True)
    assert formats.png_header(png_bytes(COLOUR, 2)[:-12]) == (2, False)
    assert formats.png_header(formats.PNG_MAGIC + bytes(30)) == (None, False)


@pytest.mark.parametrize("data, expected", [
    (b"", (None, formats.REASON_EMPTY)),
    (b"GIF89a" + bytes(20), (None, formats.REASON_NOT_IMAGE)),
    (formats.JPEG_MAGIC + bytes(10), ("jpeg", formats.REASON_JPEG_HEADER)),
    (jpeg_bytes(COLOUR)[:-2], ("jpeg", formats.REASON_JPEG_TRUNCATED)),
    (jpeg_bytes(COLOUR[..., 0]), ("jpeg", formats.REASON_JPEG_GRAY)),
    (jpeg_bytes(COLOUR), ("jpeg", None)),
    (formats.PNG_MAGIC + bytes(30), ("png", formats.REASON_PNG_HEADER)),
    (png_bytes(COLOUR, 2)[:-12], ("png", formats.REASON_PNG_TRUNCATED)),
    (png_bytes(COLOUR[..., 0], 0), ("png", formats.REASON_PNG_GRAY)),
    (png_bytes(np.dstack([COLOUR[..., 0], COLOUR[..., 1]]), 4), ("png", formats.REASON_PNG_GRAY_ALPHA)),
    (png_bytes(COLOUR, 2), ("png", None)),
], ids=["empty", "gif", "jpeg-header", "jpeg-truncated", "jpeg-gray", "jpeg", "png-header", "png-truncated",
        "png-gray", "png-gray-alpha", "png"])
def test_check_image_bytes(data, expected):
    assert formats.check_image_bytes(data) == expected


def test_cmyk_and_other_component_counts():
    data = bytearray(jpeg_bytes(COLOUR))
    sof = bytes(data).index(b"\xff\xc0")
    data[sof + 9] = 4
    assert formats.check_image_bytes(bytes(data)) == ("jpeg", formats.REASON_JPEG_CMYK)
    data[sof + 9] = 2
    assert formats.check_image_bytes(bytes(data)) == ("jpeg", "unsupported JPEG (2 components)")


@pytest.mark.parametrize("blob, size", [(_png_claiming(65536, 65536), "65536 x 65536"),
                                        (_jpeg_claiming(65000, 65000), "65000 x 65000"),
                                        (_jpeg_claiming(20000, 20000), "20000 x 20000")], ids=["png", "jpeg", "jpeg-20000"])
def test_header_claiming_a_huge_image_is_skipped_before_decoding(blob, size):
    """A few hundred bytes may claim gigabytes of pixels: skipped from the header, never decoded."""
    assert formats.check_image_bytes(blob)[1] == f"image too large ({size} pixels; the limit is 50,000,000)"
    assert formats.reason_too_large(7071, 7072) == "image too large (7071 x 7072 pixels; the limit is 50,000,000)"


def test_skipped_image_carries_reason_and_file():
    exc = formats.SkippedImage(formats.REASON_EMPTY, "Cat/1.jpg")
    assert exc.reason == formats.REASON_EMPTY and exc.file == "Cat/1.jpg"
    assert str(exc) == "Cat/1.jpg: empty file (0 bytes)" and isinstance(exc, ValueError)
    assert str(formats.SkippedImage("why")) == "why"
