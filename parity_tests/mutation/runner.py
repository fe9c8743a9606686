"""Apply each mutant of the catalogue to a temporary copy and run the tests that should kill it.

Every mutant gets its own checkout-shaped tree in a temporary folder
(:func:`build_tree`): copies of ``R/``, ``python/nnscratch``, ``inst/``,
``data/`` (without the image cache) and ``parity_tests/``, links for the rest.
The one line is changed in the tree, and the tests run from the tree with
``NNSCRATCH_R_DIR=<tree>/R`` (the embedded R session, every Rscript subprocess
and the R command line source it) and ``<tree>/python`` first on
``PYTHONPATH`` (ahead of the editable install). The checkout is never written:
not even the sample folder's image cache, which a mutant could otherwise leave
wrong for the next run.

Each run is ``python -m pytest -x -q <tests>`` in a subprocess, with the
:mod:`parity_tests.mutation.canary` plugin, which stops the run (exit status 4,
reported as an error, never as a kill) if the tree is not the code under test.

A mutant is *killed* when pytest exits with 1 (a test failed) or times out; it
*survives* when the tests pass (exit 0). Any other exit status (usage error,
no test collected, the canary) is an error of the catalogue or the runner, and
makes the command fail.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .catalogue import MUTANTS

ROOT = Path(__file__).resolve().parents[2]
PY_PACKAGE = Path("python") / "nnscratch"
DEFAULT_TIMEOUT = 300.0

REQUIRED = ("id", "lang", "file", "original", "replacement", "description", "tests")
OPTIONAL = ("k", "equivalent")
#: Teaching fields of the break-it lab (catalogue_lab.py, docs/lab.md); the runner ignores them.
LAB_FIELDS = ("title", "lesson", "guide")


class CatalogueError(Exception):
    """A catalogue entry is malformed or its original text is not found exactly once."""


# --------------------------------------------------------------------------- catalogue


def validate_entry(m: dict) -> None:
    missing = [k for k in REQUIRED if not m.get(k)]
    unknown = [k for k in m if k not in REQUIRED + OPTIONAL + LAB_FIELDS]
    where = m.get("id", "<no id>")
    if missing or unknown:
        raise CatalogueError(f"{where}: missing fields {missing}, unknown fields {unknown}")
    if m["lang"] not in ("r", "python"):
        raise CatalogueError(f"{where}: lang must be 'r' or 'python'; got {m['lang']!r}")
    # an R mutant may also change the package's C code (src/, compiled by R/data-native.R)
    prefixes = ("R/", "src/") if m["lang"] == "r" else ("python/nnscratch/",)
    if not m["file"].startswith(prefixes):
        raise CatalogueError(f"{where}: a {m['lang']} mutant's file must be under {' or '.join(prefixes)};"
                             f" got {m['file']}")
    if m["original"] == m["replacement"]:
        raise CatalogueError(f"{where}: replacement equals the original")
    if "\n" in m["original"] or "\n" in m["replacement"]:
        raise CatalogueError(f"{where}: a mutant changes one line (no newline in original/replacement)")
    if not isinstance(m["tests"], (list, tuple)):
        raise CatalogueError(f"{where}: tests must be a list of test paths")


def check_catalogue(mutants=MUTANTS, root: Path = ROOT) -> list:
    """Every entry well formed, ids unique, every original text found exactly once. Returns the problems."""
    problems = []
    seen = set()
    for m in mutants:
        try:
            validate_entry(m)
        except CatalogueError as exc:
            problems.append(str(exc))
            continue
        if m["id"] in seen:
            problems.append(f"{m['id']}: duplicated id")
        seen.add(m["id"])
        path = root / m["file"]
        if not path.is_file():
            problems.append(f"{m['id']}: {m['file']} does not exist")
            continue
        n = path.read_text(encoding="utf-8").count(m["original"])
        if n != 1:
            problems.append(f"{m['id']}: original text found {n} times in {m['file']} (must be exactly once): "
                            f"{m['original']!r}")
        for t in m["tests"]:
            if not (root / t.split("::")[0]).is_file():
                problems.append(f"{m['id']}: test file {t} does not exist")
    return problems


def mutate_text(text: str, m: dict) -> str:
    n = text.count(m["original"])
    if n != 1:
        raise CatalogueError(f"{m['id']}: original text found {n} times in {m['file']} (must be exactly once): "
                             f"{m['original']!r}")
    return text.replace(m["original"], m["replacement"], 1)


# --------------------------------------------------------------------------- one mutant


#: Copied into every mutant's tree (small); every other top-level entry is linked.
COPIED = ("R", "src", "inst", "data", "parity_tests", "DESCRIPTION", "pyproject.toml")
NEVER = (".git", ".venv", "python")
IGNORE_COPY = shutil.ignore_patterns("__pycache__", "*.pyc", ".nnscratch-cache", ".pytest_cache")


def build_tree(workdir: Path, root: Path = ROOT, r_source: Path = None) -> Path:
    """A checkout-shaped tree under ``workdir`` that the whole test run uses instead of the checkout.

    ``R/``, ``python/nnscratch``, ``inst/``, ``data/`` (without its image cache)
    and ``parity_tests/`` are copies, the rest are links. So the mutated copy is
    what every R and Python process runs, and whatever a mutant writes (the
    sample folder's image cache, outputs) stays in the tree: a mutant can never
    leave a wrong cache behind for the checkout or the next mutant.
    ``r_source``: copy the tree's ``R/`` from that folder instead (the break-it
    lab's ``--r-dir``: a student's own copy of R/).
    """
    tree = Path(workdir) / "checkout"
    tree.mkdir()
    for entry in sorted(root.iterdir()):
        if entry.name in NEVER:
            continue
        if entry.name in COPIED:
            if entry.is_dir():
                shutil.copytree(entry, tree / entry.name, ignore=IGNORE_COPY, symlinks=True)
            else:
                shutil.copy2(entry, tree / entry.name)
        else:
            (tree / entry.name).symlink_to(entry)
    shutil.copytree(root / PY_PACKAGE, tree / PY_PACKAGE, ignore=IGNORE_COPY)
    if r_source is not None:
        shutil.rmtree(tree / "R")
        shutil.copytree(Path(r_source), tree / "R", ignore=IGNORE_COPY, symlinks=False)
    return tree


def native_cache() -> str:
    """The folder R/data-native.R compiles into for this user ($NNSCRATCH_NATIVE_CACHE, else R's
    tools::R_user_dir("nnscratch", "cache")), kept for every mutant: a mutated src/ has its own checksum."""
    if os.environ.get("NNSCRATCH_NATIVE_CACHE"):
        return os.environ["NNSCRATCH_NATIVE_CACHE"]
    if os.environ.get("R_USER_CACHE_DIR"):
        return str(Path(os.environ["R_USER_CACHE_DIR"]) / "R" / "nnscratch")
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "R" / "nnscratch")


def apply_mutant(m: dict, workdir: Path, root: Path = ROOT, r_source: Path = None) -> dict:
    """Build the mutated tree under ``workdir``; return the environment that selects it.

    The returned dict has ``cwd`` (run the tests there) and the environment
    variables: ``NNSCRATCH_R_DIR`` (the tree's R/), ``PYTHONPATH`` (the tree's
    python/ first), ``XDG_CACHE_HOME`` (a cache folder inside the tree) and the
    canary's expectations. Also the entry point of the teaching kit's break-it
    lab: the same tree, the same environment, whatever is run afterwards.
    """
    tree = build_tree(workdir, root, r_source)
    target = tree / m["file"]
    target.write_text(mutate_text(target.read_text(encoding="utf-8"), m), encoding="utf-8")
    old = os.environ.get("PYTHONPATH")
    return {"cwd": str(tree),
            "NNSCRATCH_R_DIR": str(tree / "R"),
            "PYTHONPATH": str(tree / "python") + (os.pathsep + old if old else ""),
            "XDG_CACHE_HOME": str(Path(workdir) / "xdg-cache"),
            # compiled C libraries are kept by the checksum of their sources: shared by every mutant
            "NNSCRATCH_NATIVE_CACHE": native_cache(),
            "NNSCRATCH_MUTATION_EXPECT_R": str(tree / "R"),
            "NNSCRATCH_MUTATION_EXPECT_PY": str(tree / PY_PACKAGE)}


@dataclass
class Result:
    id: str
    lang: str
    file: str
    status: str  # killed | survived | equivalent-killed | equivalent | error
    by: str
    seconds: float
    detail: str = ""
    message: str = ""  # the failing test's message (pytest's short summary), for the break-it lab


FAILED_LINE = re.compile(r"^(FAILED|ERROR) (.+?)(?: - (.*))?$", re.M)


def pytest_command(m: dict, basetemp: Path) -> list:
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", f"--basetemp={basetemp}",
           "-p", "parity_tests.mutation.canary", "-o", "addopts=", "-rfE", "--tb=no"]
    if m.get("k"):
        cmd += ["-k", m["k"]]
    return cmd + list(m["tests"])


def run_mutant(m: dict, timeout: float = DEFAULT_TIMEOUT, root: Path = ROOT, r_source: Path = None) -> Result:
    """Run one mutant; ``r_source``: the R folder the tree's R/ is copied from (default the checkout's)."""
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"nnscratch-mutant-{m['id']}-") as tmp:
        env = dict(os.environ)
        env.pop("NNSCRATCH_SKIP_PARITY", None)  # a skipped parity test would let every mutant survive
        env["COLUMNS"] = "1000"  # pytest's short summary keeps the whole failure message
        try:
            env.update(apply_mutant(m, Path(tmp), root, r_source))
        except CatalogueError as exc:  # the code changed under the catalogue since the start of the run
            return finish(m, "error", "ERROR (catalogue out of date)", t0, str(exc))
        cwd = env.pop("cwd")
        try:
            proc = subprocess.run(pytest_command(m, Path(tmp) / "pytest"), cwd=cwd, env=env,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return finish(m, "killed", f"timeout ({timeout:.0f} s)", t0)
    out = proc.stdout + proc.stderr
    if proc.returncode == 1:
        hit = FAILED_LINE.search(proc.stdout)
        by = hit.group(2) if hit else "(a test failed)"
        result = finish(m, "killed", by, t0)
        result.message = (hit.group(3) or "") if hit else ""
        return result
    if proc.returncode == 0:
        return finish(m, "survived", "SURVIVED", t0)
    tail = "\n".join(out.strip().splitlines()[-15:])
    return finish(m, "error", f"ERROR (pytest exit {proc.returncode})", t0, tail)


def finish(m, status, by, t0, detail=""):
    if m.get("equivalent") and status in ("killed", "survived"):
        status = "equivalent-killed" if status == "killed" else "equivalent"
    return Result(m["id"], m["lang"], m["file"], status, by, time.monotonic() - t0, detail)


# --------------------------------------------------------------------------- command line


def shorten(test_id: str) -> str:
    return test_id.replace("parity_tests/", "")


def print_row(r: Result, out=sys.stdout):
    by = shorten(r.by)
    if r.status == "equivalent":
        by = "survived (equivalent)"
    elif r.status == "equivalent-killed":
        by = f"{by} (documented equivalent, yet killed: check the reason)"
    print(f"{r.id:<26} {r.lang:<6} {r.file:<34} {by:<70} {r.seconds:6.1f}", file=out, flush=True)
    if r.detail:
        print("    " + r.detail.replace("\n", "\n    "), file=out, flush=True)


def select(args) -> list:
    chosen = list(MUTANTS)
    if args.only:
        ids = {m["id"] for m in MUTANTS}
        unknown = [i for i in args.only if i not in ids]
        if unknown:
            raise SystemExit(f"unknown mutant ids: {', '.join(unknown)} (see --list)")
        chosen = [m for m in chosen if m["id"] in args.only]
    if args.lang:
        chosen = [m for m in chosen if m["lang"] == args.lang]
    if getattr(args, "core", False):
        chosen = [m for m in chosen if is_core_mutant(m)]
    return chosen


def is_core_mutant(m) -> bool:
    """A mistake in the teaching core (an unprefixed file of R/, a top-level module of python/nnscratch/)
    or one of the break-it lab's: the porting mistakes the project exists to catch."""
    folder, _, name = m["file"].rpartition("/")
    core = (folder == "R" and "-" not in name) or folder == "python/nnscratch"
    return core or m["id"].startswith("lab-")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m parity_tests.mutation",
                                description="Mutation check of the parity suite (docs/mutation.md).")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--all", action="store_true", help="run every mutant (or those of --lang)")
    g.add_argument("--only", nargs="+", metavar="ID", help="run these mutants")
    g.add_argument("--list", action="store_true", help="list the catalogue")
    g.add_argument("--check", action="store_true",
                   help="only check the catalogue: every original text found exactly once (fast)")
    p.add_argument("--lang", choices=("r", "python"), help="only the mutants of one language")
    p.add_argument("--core", action="store_true",
                   help="only the mutants of the teaching core and the lab (what scripts/test.sh runs; "
                        "the whole catalogue: scripts/mutation.sh)")
    p.add_argument("--jobs", "-j", type=int, default=1,
                   help="mutants run at the same time (default %(default)s; each is one pytest with one R)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per mutant (default %(default)s)")
    args = p.parse_args(argv)

    problems = check_catalogue()
    if problems:
        print("mutation catalogue is out of date with the code:", file=sys.stderr)
        for line in problems:
            print("  " + line, file=sys.stderr)
        return 2
    chosen = select(args)
    if args.check:
        print(f"mutation catalogue: {len(MUTANTS)} mutants, every original text found exactly once")
        return 0
    if args.list:
        for m in chosen:
            eq = "  [equivalent]" if m.get("equivalent") else ""
            print(f"{m['id']:<26} {m['lang']:<6} {m['file']:<34} {m['description']}{eq}")
            print(f"{'':<26} {'':<6} tests: {' '.join(shorten(t) for t in m['tests'])}"
                  + (f" -k {m['k']!r}" if m.get("k") else ""))
        return 0

    print(f"{'id':<26} {'lang':<6} {'file':<34} {'killed by':<70} {'s':>6}")
    t0 = time.monotonic()
    results = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # rows printed in catalogue order
        for r in pool.map(lambda m: run_mutant(m, args.timeout), chosen):
            results.append(r)
            print_row(r)
    total = time.monotonic() - t0
    count = {s: sum(r.status == s for r in results) for s in
             ("killed", "survived", "equivalent", "equivalent-killed", "error")}
    print()
    print(f"mutants {len(results)}, killed {count['killed']}, "
          f"equivalent {count['equivalent'] + count['equivalent-killed']} "
          f"({count['equivalent-killed']} of them killed anyway), survived {count['survived']}, "
          f"errors {count['error']}, total time {total:.0f} s")
    for r in results:
        if r.status in ("survived", "error"):
            print(f"  {r.status.upper()}: {r.id} ({r.file})")
    return 1 if count["survived"] or count["error"] else 0
