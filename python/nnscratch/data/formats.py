"""Image formats: which files are kept, decided from their bytes (R twin: R/data-formats.R).

The format comes from the magic bytes, never from the extension; the JPEG or
PNG header then decides whether the file is a colour image worth decoding.
The rules and the skip reasons (shared word for word with R) are in
docs/formats.md, "Image files".
"""
from __future__ import annotations

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# Skip reasons. R/data-formats.R uses the same strings, so reports can be compared.
REASON_EMPTY = "empty file (0 bytes)"
REASON_NOT_IMAGE = "not a JPEG or PNG file"
REASON_JPEG_HEADER = "corrupt JPEG (no frame header or scan)"
REASON_JPEG_TRUNCATED = "truncated JPEG (no end-of-image marker)"
REASON_JPEG_GRAY = "grayscale image (JPEG, 1 component)"
REASON_JPEG_CMYK = "unsupported JPEG colour space (4 components, CMYK)"
REASON_JPEG_DECODE = "unreadable JPEG (decoder error)"
REASON_PNG_HEADER = "corrupt PNG (no IHDR chunk)"
REASON_PNG_TRUNCATED = "truncated PNG (no IEND chunk)"
REASON_PNG_GRAY = "grayscale image (PNG, gray)"
REASON_PNG_GRAY_ALPHA = "grayscale image (PNG, gray+alpha)"
REASON_PNG_DECODE = "unreadable PNG (decoder error)"
#: Decided without reading the bytes: the name, or what the directory entry is.
REASON_BAD_NAME = "file name is not valid UTF-8"
REASON_BROKEN_LINK = "broken symbolic link (missing target or a loop)"
#: ``REASON_NOT_REGULAR.format(kind)``, kind one of ``FILE_KINDS``' values.
REASON_NOT_REGULAR = "not a regular file ({})"
FILE_KINDS = {"fifo": "named pipe", "socket": "socket", "char": "character device",
              "block": "block device", "other": "unknown type"}
#: "cannot read file (<the system's message>)", e.g. "(Permission denied)".
REASON_CANNOT_READ = "cannot read file ({})"
#: Reasons that do not come from the file's bytes: the image cache re-checks such
#: files on every load instead of trusting them (docs/formats.md, "Image cache").
TRANSIENT_PREFIXES = ("cannot read file", "not a regular file", "broken symbolic link")


def is_transient_reason(reason) -> bool:
    return isinstance(reason, str) and reason.startswith(TRANSIENT_PREFIXES)

#: Images whose header claims more pixels than this are skipped before decoding:
#: a 600-byte JPEG can claim 20000 x 20000 pixels, which decodes to 1.2 GB here
#: and to ~10 GB of doubles in R. 50 megapixels is 250 times a PetImages photo.
MAX_PIXELS = 50_000_000


def reason_too_large(width, height):
    return f"image too large ({width} x {height} pixels; the limit is {MAX_PIXELS:,})"


class SkippedImage(ValueError):
    """Raised by ``read_image_rgb`` for a file that is skipped; ``.reason`` says why."""

    def __init__(self, reason: str, file=None):
        self.reason = reason
        self.file = None if file is None else str(file)
        super().__init__(reason if file is None else f"{file}: {reason}")


def jpeg_header(data: bytes):
    """(n_components, offset after the first SOS header, (width, height)) from a JPEG's marker segments.

    Walks SOI, then each marker segment by its length, until the first SOS;
    the first two values are None when the data ends (or a marker is malformed)
    before them; the size is (0, 0) until a frame header is seen.
    """
    n = len(data)
    i = 2
    ncomp = None
    size = (0, 0)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return ncomp, None, size
        m = data[i + 1]
        if m == 0xFF:                      # fill byte
            i += 1
            continue
        if 0xD0 <= m <= 0xD7 or m == 0x01:  # standalone markers
            i += 2
            continue
        if m == 0xD9:                      # EOI before any scan
            return ncomp, None, size
        seglen = (data[i + 2] << 8) | data[i + 3]
        if seglen < 2:
            return ncomp, None, size
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC) and i + 9 < n:  # SOFn
            ncomp = data[i + 9]
            size = ((data[i + 7] << 8) | data[i + 8], (data[i + 5] << 8) | data[i + 6])
        if m == 0xDA:                      # SOS
            return ncomp, i + 2 + seglen, size
        i += 2 + seglen
    return ncomp, None, size


def png_header(data: bytes):
    """(colour_type, has_IEND) from a PNG's chunk list; colour_type None if IHDR is missing."""
    n = len(data)
    if n < 33 or data[12:16] != b"IHDR":
        return None, False
    colour_type = data[25]
    i = 8
    while i + 8 <= n:
        length = int.from_bytes(data[i:i + 4], "big")
        if data[i + 4:i + 8] == b"IEND":
            return colour_type, True
        i += 12 + length
    return colour_type, False


def check_image_bytes(data: bytes):
    """The skip reason for a file's bytes from its magic bytes and header, or None.

    Returns:
        ``(format, reason)``: format is ``"jpeg"``, ``"png"`` or None; reason is
        one of the ``REASON_*`` strings, or None when the file should be decoded.
    """
    if len(data) == 0:
        return None, REASON_EMPTY
    if data.startswith(JPEG_MAGIC):
        ncomp, scan, (width, height) = jpeg_header(data)
        if ncomp is None or scan is None:
            return "jpeg", REASON_JPEG_HEADER
        if data.find(b"\xff\xd9", scan) < 0:
            return "jpeg", REASON_JPEG_TRUNCATED
        if ncomp == 1:
            return "jpeg", REASON_JPEG_GRAY
        if ncomp != 3:
            return "jpeg", REASON_JPEG_CMYK if ncomp == 4 else f"unsupported JPEG ({ncomp} components)"
        if width * height > MAX_PIXELS:
            return "jpeg", reason_too_large(width, height)
        return "jpeg", None
    if data.startswith(PNG_MAGIC):
        colour_type, has_iend = png_header(data)
        if colour_type is None:
            return "png", REASON_PNG_HEADER
        if not has_iend:
            return "png", REASON_PNG_TRUNCATED
        if colour_type == 0:
            return "png", REASON_PNG_GRAY
        if colour_type == 4:
            return "png", REASON_PNG_GRAY_ALPHA
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if width * height > MAX_PIXELS:
            return "png", reason_too_large(width, height)
        return "png", None
    return None, REASON_NOT_IMAGE
