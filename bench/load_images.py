"""Benchmark of create_dataset image loading, Python and R (issue 6).

Rows (images/s from the median wall-clock time of --repeat runs; the cold rows
of a language alternate 1 process / 2 workers so that other jobs on a shared
machine slow both alike; "CPU s" is the median CPU time of the process and its
worker processes, which depends much less on other jobs; "img/CPU-s" is the
per-core throughput, files / CPU s: images decoded per second of one core):

* Python cold, 1 process      create_dataset(cache=False, workers=1)
* Python cold, 2 workers      create_dataset(cache=False, workers=2)   (fork pool)
* Python cached               create_dataset(cache=dir): the .npy cache
* R cold, 1 process           create_dataset(cache = FALSE, workers = 1)   on --r-images files
* R cold, 2 workers           create_dataset(cache = FALSE, workers = 2)   (mclapply)
* R cold, resize in R         the first row with options(nnscratch.native = FALSE): no
                              compiled code (a machine without a C compiler)
* R cached                    the cache written by Python, read by R
* 25,000 cached, Python / R   a folder of 25,000 (empty) files and a cache for them
                              (random pixels), loaded with create_dataset: the time of
                              a cached load of a PetImages-sized folder, measured

"Cold" means no nnscratch cache; the operating system's file cache is warm
(the files were just written or read), as on a second run.

The images are generated (PetImages-like: JPEG quality 90, sizes around
500x375, some portrait, smooth noise content, plus a truncated and a grayscale
file per class, which are skipped) in a temporary folder, or read from the
folder given on the command line (Cat/ and Dog/ sub-folders).

The summary compares the per-core throughput of R's cold rows with Python's
(issue 16's goal: R at least one third of Python).

Usage:
    .venv/bin/python bench/load_images.py                 # defaults: about a minute
    .venv/bin/python bench/load_images.py --n 3000 --repeat 5
    .venv/bin/python bench/load_images.py --n 2000 --side 180 --big 0   # issue 16's 2,000 photos of 180x180
    .venv/bin/python bench/load_images.py ~/data/PetImages --no-r
    .venv/bin/python bench/load_images.py --r-root /tmp/old-checkout   # R rows of another checkout's R/
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "python"))

from nnscratch.data import dataset as ds  # noqa: E402
from nnscratch.data import files  # noqa: E402
from nnscratch.data import cache as ic  # noqa: E402


# -- data ------------------------------------------------------------------------------------------

def pet_like(rng, h, w):
    """Smooth colour noise with some structure: a blurred low-resolution field, a gradient, fine grain."""
    import cv2

    low = rng.randint(0, 256, (max(2, h // 24), max(2, w // 24), 3)).astype(np.uint8)
    img = cv2.resize(low, (w, h), interpolation=cv2.INTER_CUBIC).astype(np.int16)
    yy = np.linspace(-40, 40, h, dtype=np.float32)[:, None, None]
    img = img + yy.astype(np.int16) + rng.randint(-6, 7, (h, w, 3)).astype(np.int16)
    return np.clip(img, 0, 255).astype(np.uint8)


def generate(folder: Path, n: int, seed=0, side=None):
    """n JPEGs split over Cat/ and Dog/ (+ per class one truncated and one grayscale file); side: all
    side x side (the photos of issue 16's measure were 180x180) instead of PetImages-like sizes."""
    import cv2

    rng = np.random.RandomState(seed)
    for c, cls in enumerate(("Cat", "Dog")):
        (folder / cls).mkdir(parents=True, exist_ok=True)
        k = n // 2 + (n % 2 if c == 0 else 0)
        for i in range(k):
            w = int(np.clip(rng.normal(500, 35), 300, 500))
            h = int(np.clip(rng.normal(375, 35), 200, 500))
            if rng.rand() < 0.12:
                w, h = h, w                                       # portrait
            if side:
                h = w = side
            ok, buf = cv2.imencode(".jpg", pet_like(rng, h, w), [cv2.IMWRITE_JPEG_QUALITY, 90])
            (folder / cls / f"{i}.jpg").write_bytes(buf.tobytes())
        whole = (folder / cls / "0.jpg").read_bytes()
        (folder / cls / f"{k}.jpg").write_bytes(whole[: len(whole) // 2])      # truncated
        ok, buf = cv2.imencode(".jpg", pet_like(rng, 375, 500)[..., 0], [cv2.IMWRITE_JPEG_QUALITY, 90])
        (folder / cls / f"{k + 1}.jpg").write_bytes(buf.tobytes())           # grayscale


def subset(src: Path, dst: Path, n: int):
    """A folder with the first n/2 listed files of each class (hard links)."""
    entries, _ = files.list_image_files(src)
    per = {"Cat": 0, "Dog": 0}
    for rel, _ in entries:
        cls = rel.split("/")[0]
        if per[cls] >= (n + 1) // 2:
            continue
        per[cls] += 1
        (dst / cls).mkdir(parents=True, exist_ok=True)
        try:
            os.link(src / rel, dst / rel)
        except OSError:
            shutil.copy2(src / rel, dst / rel)


def synthetic_cache(folder: Path, m: int, size: int):
    """m empty files (Cat/Dog) and a valid cache for them with random pixels: create_dataset hits it."""
    for c, cls in enumerate(("Cat", "Dog")):
        d = folder / cls
        d.mkdir(parents=True)
        for i in range(m // 2 + (m % 2 if c == 0 else 0)):
            open(d / f"{i}.jpg", "wb").close()
    labels = dict(files.DEFAULT_LABELS)
    entries, _ = files.list_image_files(folder, labels)
    key = ic.CacheKey.of_folder(folder, entries, size, labels)
    images = np.random.RandomState(1).randint(0, 256, (m, size, size, 3)).astype(np.uint8)
    y = np.array([lab for _, lab in entries], dtype=np.int64)
    cache_dir = folder / ic.CACHE_DIRNAME
    ic.save_image_cache(cache_dir, key, images, y, [None] * m)
    return cache_dir


# -- timing ----------------------------------------------------------------------------------------

def cpu_seconds():
    """User + system CPU seconds of this process and its finished children."""
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def per_core(n, cpu):
    """Images per second of CPU time (per core); 0 when no CPU time was measured."""
    return n / cpu if cpu > 0 else 0.0


def py_once(folder, expect_status, **kw):
    """(files, wall seconds, CPU seconds incl. worker processes) of one create_dataset call."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ds.SkippedFilesWarning)
        c = cpu_seconds()
        t = time.perf_counter()
        d = ds.create_dataset(folder, warn=False, **kw)
        sec = time.perf_counter() - t
        cpu = cpu_seconds() - c
    assert d.cache["status"] == expect_status, d.cache
    return len(d) + len(d.skipped), sec, cpu


def summary(runs):
    return runs[0][0], statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs), len(runs)


def py_time(folder, repeat, expect_status, **kw):
    return summary([py_once(folder, expect_status, **kw) for _ in range(repeat)])


def py_interleaved(folder, repeat, configs):
    """Run the configs round-robin (A B A B ...), so that the load of a shared machine
    falls on all of them alike; returns [(files, median seconds, runs)] per config."""
    runs = [[] for _ in configs]
    for _ in range(repeat):
        for k, (status, kw) in enumerate(configs):
            runs[k].append(py_once(folder, status, **kw))
    return [summary(r) for r in runs]


def r_rows(args, folder, r_folder, big):
    cmd = ["Rscript", str(HERE / "load_images.R"), "--root", str(args.r_root), "--cold", str(r_folder),
           "--cached", str(folder), "--cache-dir", str(args.cache_dir), "--size", str(args.size),
           "--repeat", str(args.repeat), "--cold-repeat", str(args.r_cold_repeat)]
    if big is not None:
        cmd += ["--big", str(big)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    rows = {}
    for line in out.stdout.splitlines():
        if line.startswith("ROW\t"):
            _, name, n, sec, cpu, rep = line.split("\t")
            rows[name] = (int(n), float(sec), float(cpu), int(rep))
        elif line.startswith("NATIVE\t"):
            rows["native"] = line.split("\t", 1)[1]
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folder", nargs="?", help="PetImages-like folder (Cat/, Dog/); default: generate --n images")
    p.add_argument("--n", type=int, default=1000, help="images to generate (default 1000)")
    p.add_argument("--r-images", type=int, default=1000,
                   help="images for the R cold rows (the first ones of the folder; default 1000: all of the"
                        " generated ones; R decodes ~200 of them per second and process)")
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--side", type=int, default=None,
                   help="generate side x side photos instead of PetImages-like ~500x375 ones (e.g. 180)")
    p.add_argument("--repeat", type=int, default=5,
                   help="runs per row, the median is shown; the two Python cold rows alternate (default 5)")
    p.add_argument("--r-cold-repeat", type=int, default=1, help="runs of the slow R cold rows (default 1)")
    p.add_argument("--big", type=int, default=25000, help="images in the synthetic cached folder (0: skip)")
    p.add_argument("--no-r", action="store_true", help="Python rows only")
    p.add_argument("--r-root", default=str(ROOT),
                   help="checkout whose R/ folder the R rows source (default: this one; e.g. an older commit's"
                        " worktree, for before/after tables)")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="nnscratch-bench-"))
    load_before = os.getloadavg()[0]
    try:
        if args.folder:
            folder = Path(args.folder)
        else:
            folder = tmp / "PetImages"
            t = time.perf_counter()
            generate(folder, args.n, side=args.side)
            print(f"generated {args.n} JPEGs (+4 bad files) in {folder} in {time.perf_counter() - t:.1f} s",
                  file=sys.stderr)
        args.cache_dir = tmp / "cache"
        rows = []
        one, two = py_interleaved(folder, args.repeat, [("off", {"cache": False, "workers": 1}),
                                                        ("off", {"cache": False, "workers": 2})])
        rows.append(("Python cold, 1 process", *one))
        rows.append(("Python cold, 2 workers", *two))
        py_time(folder, 1, "written", cache=args.cache_dir)
        rows.append(("Python cached", *py_time(folder, args.repeat, "hit", cache=args.cache_dir)))
        big = None
        if args.big:
            big = tmp / "big"
            t = time.perf_counter()
            synthetic_cache(big, args.big, args.size)
            print(f"synthetic folder of {args.big} files + cache in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            rows.append((f"Python cached, {args.big} images", *py_time(big, args.repeat, "hit")))
        if not args.no_r:
            r_folder = tmp / "r_subset"
            subset(folder, r_folder, args.r_images)
            r = r_rows(args, folder, r_folder, big)
            r_native = r.pop("native", "unknown")
            order = ["R cold, 1 process", "R cold, 2 workers (mclapply)", "R cold, 1 process, resize in R", "R cached"]
            if big is not None:
                order.append(f"R cached, {args.big} images")
            rows += [(name, *r[name]) for name in order if name in r]

        shape = f"{args.side}x{args.side}" if args.side else "~500x375"
        print(f"\nimage loading, size {args.size}, {os.cpu_count()} cores"
              f" ({'folder ' + str(folder) if args.folder else f'{args.n} generated JPEGs {shape}'});"
              f" load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
        print(f"{'row':<34} {'files':>7} {'seconds':>9} {'images/s':>10} {'CPU s':>7} {'img/CPU-s':>10} {'runs':>5}")
        for name, n, sec, cpu, rep in rows:
            print(f"{name:<34} {n:>7} {sec:>9.3f} {n / sec:>10.0f} {cpu:>7.3f} {per_core(n, cpu):>10.0f} {rep:>5}")
        speed = {name: n / sec for name, n, sec, _, _ in rows}
        print(f"\nPython parallel speed-up (2 workers / 1 process): "
              f"{speed['Python cold, 2 workers'] / speed['Python cold, 1 process']:.2f}x")
        if "R cold, 1 process" in speed:
            print(f"R parallel speed-up (2 workers / 1 process): "
                  f"{speed['R cold, 2 workers (mclapply)'] / speed['R cold, 1 process']:.2f}x")
            core = {name: per_core(n, cpu) for name, n, _, cpu, _ in rows}
            for r_name, py_name in [("R cold, 1 process", "Python cold, 1 process"),
                                    ("R cold, 2 workers (mclapply)", "Python cold, 2 workers")]:
                ratio = core[r_name] / core[py_name]
                print(f"per core, {r_name} / {py_name}: {core[r_name]:.0f} / {core[py_name]:.0f} img/CPU-s"
                      f" = {ratio:.2f} (1/{1 / ratio:.1f}; goal >= 1/3: {'met' if ratio >= 1 / 3 else 'MISSED'})")
        if not args.no_r:
            print(f"R's resize (R/data-native.R): {r_native}")
        for name, n, sec, _, _ in rows:
            if "cached, " in name:
                print(f"{name}: {sec:.2f} s (goal: under 2 s)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
