"""``nnscratch lab``: the break-it lab (docs/lab.md), the teaching face of the mutation runner.

* ``nnscratch lab list``: the porting mistakes (id, language, file, lesson title);
* ``nnscratch lab run MISTAKE``: make that mistake in a temporary copy of the code, run only the
  parity tests that cover it, print the failing test, its message and the lesson;
* ``nnscratch lab run --all``: every mistake; a table mistake -> caught by -> message, and the time;
  exit status 1 if any mistake is not caught.

``--r-dir DIR`` (default ``$NNSCRATCH_R_DIR``, else the checkout's ``R/``) is the R folder the copy
starts from: a student's own copy of R/. The mistakes are the entries of
``parity_tests/mutation/catalogue_lab.py``, run by ``parity_tests.mutation.runner`` (one mechanism):
the lab needs the checkout's ``parity_tests/`` and says so when it is run from an installed package.
"""
from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

from ..parity.bridge import ROOT

NO_CHECKOUT = ("nnscratch lab needs a checkout of the nnscratch repository: it runs the parity tests of "
               "its parity_tests/ folder, and there is none at {root} (this nnscratch is an installed "
               "package). Clone the repository and run the lab from the clone: .venv/bin/nnscratch lab list")


def add_lab_parser(sub):
    """The ``lab`` sub-command and its ``list`` / ``run`` actions (argparse sub-parsers of ``sub``)."""
    lab = sub.add_parser("lab", help="the break-it lab: make a porting mistake, see the parity test catch it")
    acts = lab.add_subparsers(dest="lab_command", required=True)
    acts.add_parser("list", help="the catalogue of mistakes")
    run = acts.add_parser("run", help="make one mistake (or --all) in a temporary copy and run its parity tests")
    run.add_argument("mistake", nargs="?", metavar="MISTAKE", help="a mistake id from 'nnscratch lab list'")
    run.add_argument("--all", action="store_true", help="every mistake: a table, exit 1 if one is not caught")
    run.add_argument("--r-dir", metavar="DIR",
                     help="start from this copy of R/ (default $NNSCRATCH_R_DIR, else the checkout's R/)")
    run.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="with --all: mistakes run at once")
    run.add_argument("--timeout", type=float, default=300.0, metavar="S", help="seconds per mistake (default 300)")
    return lab


def _runner(root=ROOT):
    """The mutation runner and the lab's entries, or None if the checkout's parity_tests/ is not there."""
    if not (Path(root) / "parity_tests" / "mutation" / "runner.py").is_file():
        return None
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from parity_tests.mutation import runner
    from parity_tests.mutation.catalogue import MUTANTS

    return runner, [m for m in MUTANTS if m["id"].startswith("lab-")]


def lab_entries(root=ROOT):
    got = _runner(root)
    return None if got is None else got[1]


def cmd_lab(args, root=ROOT):
    got = _runner(root)
    if got is None:
        print(NO_CHECKOUT.format(root=root), file=sys.stderr)
        return 2
    runner, entries = got
    if args.lab_command == "list":
        return _list(entries)
    if args.all == bool(args.mistake):
        print("nnscratch lab run: give one MISTAKE or --all (see 'nnscratch lab list')", file=sys.stderr)
        return 2
    r_dir = args.r_dir or os.environ.get("NNSCRATCH_R_DIR") or None
    if r_dir is not None:
        r_dir = Path(r_dir).resolve()
        if not r_dir.is_dir() or not any(r_dir.glob("*.R")):
            print(f"nnscratch lab run: --r-dir {r_dir} is not a folder of R files (a copy of R/)", file=sys.stderr)
            return 2
    if args.all:
        return _run_all(runner, entries, r_dir, args.jobs, args.timeout)
    chosen = [m for m in entries if m["id"] in (args.mistake, "lab-" + args.mistake)]
    if not chosen:
        print(f"nnscratch lab run: unknown mistake {args.mistake!r} (see 'nnscratch lab list')", file=sys.stderr)
        return 2
    return _run_one(runner, chosen[0], r_dir, args.timeout)


def _list(entries):
    rows = [(m["id"], m["lang"], m["file"], m["title"]) for m in entries]
    _table(("mistake", "language", "file", "lesson"), rows)
    print(f"\n{len(rows)} mistakes; try: nnscratch lab run {rows[0][0]}")
    return 0


def _table(header, rows, out=None):
    out = out or sys.stdout
    widths = [max(len(str(r[i])) for r in [header] + list(rows)) for i in range(len(header) - 1)]
    for row in [header] + list(rows):
        cells = [str(v).ljust(w) for v, w in zip(row, widths)] + [str(row[-1])]
        print("  ".join(cells).rstrip(), file=out, flush=True)


def _where(m, r_dir):
    return f"{r_dir}/{Path(m['file']).name}" if (r_dir and m["lang"] == "r") else m["file"]


def _run_one(runner, m, r_dir, timeout):
    print(f"mistake {m['id']}: {m['title']}")
    print(f"  in a temporary copy of {_where(m, r_dir)}:")
    print(f"    - {m['original'].strip()}")
    print(f"    + {m['replacement'].strip()}")
    print(f"  running {' '.join(t.replace('parity_tests/', '') for t in m['tests'])}"
          + (f" -k {m['k']!r}" if m.get("k") else "") + " ...", flush=True)
    res = runner.run_mutant(m, timeout, r_source=r_dir)
    print(f"  ({res.seconds:.1f} s)")
    code = _verdict(res, m)
    if code == 0:
        print()
        print(textwrap.fill(m["lesson"], width=100, initial_indent="lesson: ", subsequent_indent="  "))
        print(f"guide: docs/python-vs-r.md, row {m['guide']!r}")
    return code


def _verdict(res, m):
    if res.status in ("killed", "equivalent-killed"):
        print(f"caught by: {res.by.replace('parity_tests/', '')}")
        if res.message:
            print(f"message:   {res.message}")
        return 0
    if res.status in ("survived", "equivalent"):
        print("NOT CAUGHT: every test passed with the mistake in place (a gap of the parity suite)")
        return 1
    print(f"could not run the mistake: {res.by}")
    if "catalogue out of date" in res.by:
        print(f"  the line to change is not in {m['file']} of that copy (a different version of R/?)")
    if res.detail:
        print("  " + res.detail.replace("\n", "\n  "))
    return 2


def _run_all(runner, entries, r_dir, jobs, timeout):
    from concurrent.futures import ThreadPoolExecutor

    print(f"{len(entries)} mistakes, {max(1, jobs)} at a time" + (f", R from {r_dir}" if r_dir else ""))
    t0 = time.monotonic()
    rows, not_caught = [], []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = pool.map(lambda m: runner.run_mutant(m, timeout, r_source=r_dir), entries)
        for k, (m, res) in enumerate(zip(entries, results), start=1):
            if res.status in ("killed", "equivalent-killed"):
                by, msg = res.by.replace("parity_tests/", ""), res.message
            elif res.status in ("survived", "equivalent"):
                by, msg = "NOT CAUGHT", ""
                not_caught.append(m["id"])
            else:
                by, msg = "ERROR", res.by
                not_caught.append(m["id"])
            msg = msg if len(msg) <= 140 else msg[:137] + "..."
            rows.append((m["id"], by, msg))
            print(f"  [{k}/{len(entries)}] {m['id']}: {'caught' if m['id'] not in not_caught else by} "
                  f"({res.seconds:.0f} s)", flush=True)
    total = time.monotonic() - t0
    print()
    _table(("mistake", "caught by", "message"), rows)
    print(f"\n{len(entries)} mistakes, {len(entries) - len(not_caught)} caught, {len(not_caught)} not caught; "
          f"total time {total:.0f} s")
    for i in not_caught:
        print(f"  NOT CAUGHT: {i}")
    return 1 if not_caught else 0
