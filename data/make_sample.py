"""Make the embedded sample data set data/sample/ (run: python data/make_sample.py).

Real images that ship with a declared dependency: scikit-learn's bundled
handwritten digits (``sklearn.datasets.load_digits``: 1797 images of 8x8, gray
levels 0..16; no download). Every "3" becomes a file of the class folder "Cat"
(label 1) and every "8" one of "Dog" (label 0), laid out like Microsoft's
PetImages (``Cat/0.jpg``, ``Cat/1.jpg``, ...), so ``create_dataset`` can be
tried and tested without the 800 MB download.

Each digit is upsampled (bicubic) to a random size, coloured with a random
light background and a random dark ink (so colour carries no class
information but the shape stays easy to see), given mild noise, and saved as
JPEG (quality 90) or, for about 15 %, PNG. Sizes: 10 % exactly 32x32, 10 %
exactly 64x64, the rest with each side drawn from 20..72 (mostly non-square;
some sides below 32, so the loader upsamples). Five extra files exercise the
skip rules (see data/README.md). Everything is drawn from one
``numpy.random.RandomState(SEED)`` in a fixed order; the bytes depend on the
JPEG/PNG encoders of the installed OpenCV (re-running with another OpenCV
version may change a few bytes of the JPEGs, not the make-up).
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import cv2
import numpy as np
from sklearn.datasets import load_digits

SEED = 2024
CLASSES = {"Cat": 3, "Dog": 8}   # class folder -> digit
JPEG_QUALITY = 90
PNG_FRACTION = 0.15


def digit_to_rgb(digit8x8, width, height, rng):
    """An 8x8 digit (0..16) -> uint8 (height, width, 3) RGB: light background, dark ink, noise."""
    ink = np.clip(cv2.resize((digit8x8 / 16.0).astype(np.float32), (width, height),
                             interpolation=cv2.INTER_CUBIC), 0.0, 1.0)[..., None]
    background = rng.randint(150, 256, size=3).astype(np.float64)
    foreground = rng.randint(0, 110, size=3).astype(np.float64)
    noise = rng.normal(0.0, 5.0, size=(height, width, 3))
    img = background * (1.0 - ink) + foreground * ink + noise
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def draw_size(rng):
    r = rng.rand()
    if r < 0.10:
        return 32, 32
    if r < 0.20:
        return 64, 64
    w, h = rng.randint(20, 73, size=2)
    return int(w), int(h)


def encode(rgb, ext):
    """RGB (or RGBA) uint8 -> file bytes with OpenCV (which wants BGR/BGRA)."""
    if rgb.ndim == 3:
        order = [2, 1, 0, 3][: rgb.shape[2]]
        rgb = np.ascontiguousarray(rgb[..., order])
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if ext == "jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 9]
    ok, buf = cv2.imencode("." + ext, rgb, params)
    if not ok:
        raise RuntimeError(f"cannot encode .{ext}")
    return buf.tobytes()


def make_sample(out: Path, seed: int = SEED):
    digits = load_digits()
    rng = np.random.RandomState(seed)
    if out.exists():
        shutil.rmtree(out)
    made = {}
    for cls, digit in CLASSES.items():
        folder = out / cls
        folder.mkdir(parents=True)
        images = digits.images[digits.target == digit]
        for i, d in enumerate(images):
            w, h = draw_size(rng)
            ext = "png" if rng.rand() < PNG_FRACTION else "jpg"
            rgb = digit_to_rgb(d, w, h, rng)
            if cls == "Cat" and i == 7:
                # The RGBA PNG (kept): alpha is dropped by the loader, not composited.
                alpha = rng.randint(0, 256, size=(h, w, 1)).astype(np.uint8)
                (folder / f"{i}.png").write_bytes(encode(np.concatenate([rgb, alpha], axis=2), "png"))
            else:
                (folder / f"{i}.{ext}").write_bytes(encode(rgb, ext))
        made[cls] = len(images)

    # Files that the loader must skip (named like the others, after the last digit).
    n_cat, n_dog = made["Cat"], made["Dog"]
    d_cat = digits.images[digits.target == CLASSES["Cat"]][0]
    d_dog = digits.images[digits.target == CLASSES["Dog"]][0]
    whole = encode(digit_to_rgb(d_cat, 48, 40, rng), "jpg")
    (out / "Cat" / f"{n_cat}.jpg").write_bytes(whole[: len(whole) * 3 // 5])   # truncated JPEG
    (out / "Cat" / f"{n_cat + 1}.jpg").write_bytes(b"")                          # zero-byte file
    gray = digit_to_rgb(d_dog, 40, 40, rng).mean(axis=2).round().astype(np.uint8)
    (out / "Dog" / f"{n_dog}.jpg").write_bytes(encode(gray, "jpg"))              # grayscale JPEG
    (out / "Dog" / f"{n_dog + 1}.jpg").write_bytes(                              # text named .jpg
        b"This is not a JPEG image: it is a text file with a .jpg name.\n")
    return made


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "sample")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    made = make_sample(args.out, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{k}: {v} images (+2 bad files)" for k, v in made.items()))


if __name__ == "__main__":
    main()
