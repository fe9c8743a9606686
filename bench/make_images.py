"""Make a benchmark image set at the notebook's scale (run: python bench/make_images.py --out DIR).

Two class folders laid out like Microsoft's PetImages (``DIR/Cat/0.jpg``, ...,
``DIR/Dog/0.jpg``, ...), made here without any download from real handwritten
digits that ship inside a declared dependency: scikit-learn's bundled
``load_digits`` (1797 images of 8x8, gray levels 0..16).

The two classes are unions of five digits each, paired so that each digit's
most confusable partner is in the other class::

    Cat (label 1): 3 1 4 5 2        Dog (label 0): 8 7 9 6 0

Every image is a fresh render of one source digit of its class (drawn at
random from all ~900 sources of the class, so each source appears about
n / 1797 times, each time differently), through:

* elastic distortion (a smooth random displacement field, up to ~3 px on a
  28 px glyph), stroke thinning or thickening (erode / dilate, 1 in 4 each);
* a random affine placement on a canvas of random size (sides ~40..160 px,
  aspect 3:4..4:3): scale 45..95 % of the shorter side, rotation +-25 deg,
  shear +-0.3, off-centre shift;
* colours: a background gradient between two random colours and a random ink
  colour at least 60 gray levels away from the background (ink darker than the
  background in half of the images, lighter in the other half: colour and
  brightness carry no class information);
* clutter: 0..3 random line segments (ink-like or background-like colour,
  1-2 px); Gaussian blur (sigma 0..1.2, half of the images); Gaussian noise
  (sd 0..20 gray levels);
* encoding: JPEG with quality 30..95 (4:2:0), or RGB PNG for 5 %.

Rendering image i uses only ``numpy.random.RandomState([seed, i])``, so the
set is the same whatever ``--workers`` is (bytes may differ with another
OpenCV version's encoders, the make-up does not). Classes alternate: image i
is class ``Cat`` when i is even (file ``Cat/{i // 2}``), ``Dog`` when odd.
Near-duplicates across a random train/test split are unlikely: with 25,000
images a source digit is rendered ~14 times, and two renders differ in
position (several pixels at 32x32), rotation, elastic field, colours, clutter
and noise. bench/README.md ("Benchmark image set") gives the measured make-up.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from multiprocessing import get_context
from pathlib import Path

import cv2
import numpy as np
from sklearn.datasets import load_digits

SEED = 13
CLASSES = {"Cat": (3, 1, 4, 5, 2), "Dog": (8, 7, 9, 6, 0)}   # class folder -> digits
PNG_FRACTION = 0.05
GLYPH = 28          # the 8x8 source is upsampled to GLYPH x GLYPH before distortion

_SOURCES = None     # per class: (k, 8, 8) float64 in [0, 1], set in each process


def _sources():
    global _SOURCES
    if _SOURCES is None:
        d = load_digits()
        _SOURCES = {cls: d.images[np.isin(d.target, digits)] / 16.0 for cls, digits in CLASSES.items()}
    return _SOURCES


def elastic(glyph, rng, alpha):
    """Smooth random displacement (max ~alpha px) of a (G, G) float32 glyph."""
    g = glyph.shape[0]
    field = rng.uniform(-1.0, 1.0, size=(2, 5, 5)).astype(np.float32)
    dx = cv2.resize(field[0], (g, g), interpolation=cv2.INTER_CUBIC) * alpha
    dy = cv2.resize(field[1], (g, g), interpolation=cv2.INTER_CUBIC) * alpha
    xx, yy = np.meshgrid(np.arange(g, dtype=np.float32), np.arange(g, dtype=np.float32))
    return cv2.remap(glyph, xx + dx, yy + dy, interpolation=cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)


def _luma(c):
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def render(i, seed):
    """Image i of the set: (class folder, file name, file bytes)."""
    rng = np.random.RandomState([seed, i])
    cls = "Cat" if i % 2 == 0 else "Dog"
    src = _sources()[cls]
    digit = src[rng.randint(len(src))]

    # glyph: upsample, elastic distortion, stroke width
    glyph = np.clip(cv2.resize(digit.astype(np.float32), (GLYPH, GLYPH), interpolation=cv2.INTER_CUBIC), 0, 1)
    glyph = np.pad(glyph, 4)                                   # room for thick strokes and rotation
    glyph = elastic(glyph, rng, rng.uniform(0.0, 3.0))
    stroke = rng.randint(4)
    if stroke == 0:
        glyph = cv2.erode(glyph, np.ones((2, 2), np.uint8))
    elif stroke == 1:
        glyph = cv2.dilate(glyph, np.ones((3, 3), np.uint8))
    g = glyph.shape[0]

    # canvas and affine placement
    side = rng.randint(40, 161)
    aspect = np.exp(rng.uniform(np.log(0.75), np.log(4 / 3)))
    w, h = max(16, int(round(side * np.sqrt(aspect)))), max(16, int(round(side / np.sqrt(aspect))))
    scale = rng.uniform(0.6, 0.95) * min(w, h) / GLYPH
    angle = np.deg2rad(rng.uniform(-15, 15))
    shear = rng.uniform(-0.3, 0.3)
    room_x, room_y = max(0.0, w - scale * GLYPH), max(0.0, h - scale * GLYPH)
    cx = w / 2 + rng.uniform(-0.25, 0.25) * room_x
    cy = h / 2 + rng.uniform(-0.25, 0.25) * room_y
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    A = scale * rot @ np.array([[1.0, shear], [0.0, 1.0]])
    t = np.array([cx, cy]) - A @ np.array([g / 2, g / 2])
    M = np.hstack([A, t[:, None]])
    ink = cv2.warpAffine(glyph, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=0.0)

    # colours: gradient background, ink far enough from it in brightness
    c0, c1 = rng.randint(0, 256, size=(2, 3)).astype(np.float64)
    theta = rng.uniform(0, 2 * np.pi)
    xx, yy = np.meshgrid(np.linspace(-0.5, 0.5, w), np.linspace(-0.5, 0.5, h))
    s = np.clip(0.5 + np.cos(theta) * xx + np.sin(theta) * yy, 0, 1)[..., None]
    bg = c0 * (1 - s) + c1 * s
    bg_luma = _luma(bg.mean(axis=(0, 1)))
    darker = rng.rand() < 0.5
    for _ in range(50):
        fg = rng.randint(0, 256, size=3).astype(np.float64)
        if (bg_luma - _luma(fg) if darker else _luma(fg) - bg_luma) >= 60:
            break
    else:   # background too close to the end of the range: shift it
        fg = np.full(3, 0.0 if darker else 255.0)
        bg = np.clip(bg + (70 if darker else -70), 0, 255)
    img = bg * (1 - ink[..., None]) + fg * ink[..., None]

    # clutter lines, blur, noise
    for _ in range(rng.randint(4)):
        p0 = (int(rng.randint(w)), int(rng.randint(h)))
        p1 = (int(rng.randint(w)), int(rng.randint(h)))
        colour = fg if rng.rand() < 0.5 else rng.randint(0, 256, size=3).astype(np.float64)
        cv2.line(img, p0, p1, tuple(float(c) for c in colour), int(rng.randint(1, 3)), cv2.LINE_AA)
    if rng.rand() < 0.5:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.2))
    img = img + rng.normal(0.0, rng.uniform(0, 20), size=img.shape)
    rgb = np.clip(np.rint(img), 0, 255).astype(np.uint8)

    bgr = np.ascontiguousarray(rgb[..., ::-1])
    if rng.rand() < PNG_FRACTION:
        ext, params = "png", [cv2.IMWRITE_PNG_COMPRESSION, 3]
    else:
        ext, params = "jpg", [cv2.IMWRITE_JPEG_QUALITY, int(rng.randint(30, 96))]
    ok, buf = cv2.imencode("." + ext, bgr, params)
    if not ok:
        raise RuntimeError(f"cannot encode image {i}")
    return cls, f"{i // 2}.{ext}", buf.tobytes()


def _render_chunk(args):
    start, stop, seed = args
    cv2.setNumThreads(1)
    return [render(i, seed) for i in range(start, stop)]


def make_images(out: Path, n: int, seed: int = SEED, workers: int = 1, progress=False):
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for cls in CLASSES:
        (out / cls).mkdir(parents=True)
    chunk = 250
    jobs = [(s, min(n, s + chunk), seed) for s in range(0, n, chunk)]
    counts = {cls: 0 for cls in CLASSES}
    nbytes = 0

    def write(results):
        nonlocal nbytes
        for cls, name, data in results:
            (out / cls / name).write_bytes(data)
            counts[cls] += 1
            nbytes += len(data)

    if workers > 1:
        with get_context("fork").Pool(workers) as pool:
            for k, results in enumerate(pool.imap(_render_chunk, jobs)):
                write(results)
                if progress:
                    print(f"\r{min(n, (k + 1) * chunk)}/{n}", end="", file=sys.stderr, flush=True)
    else:
        for k, job in enumerate(jobs):
            write(_render_chunk(job))
            if progress:
                print(f"\r{min(n, (k + 1) * chunk)}/{n}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return counts, nbytes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create; keep it outside the repository")
    parser.add_argument("--n", type=int, default=25000, help="number of images (half per class; default 25000)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, default=1, help="rendering processes (the result does not depend on it)")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("--n must be at least 2")
    t0 = time.perf_counter()
    counts, nbytes = make_images(args.out, args.n, args.seed, args.workers, args.progress)
    print(f"wrote {args.out}: " + ", ".join(f"{k}: {v} images" for k, v in counts.items())
          + f"; {nbytes / 1e6:.1f} MB; {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
