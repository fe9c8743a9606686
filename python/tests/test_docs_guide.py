"""docs/python-vs-r.md: every Python snippet runs and prints exactly the output the guide shows.

The guide pairs each ```python (or ```r) block with the ```output block that follows
it. This module holds the extractor (parity_tests/test_30_docs_guide_r.py uses it for
the R snippets, run with Rscript) and runs the Python snippets here, each in a fresh
namespace with its own stdout, numpy print options restored afterwards. It also checks
what the guide cites: every test file / test function named exists, and every lab
mistake id (``lab-...``) is in the mutation catalogue once the lab's catalogue
(parity_tests/mutation/catalogue_lab.py) has landed.
"""
from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "python-vs-r.md"
TEACHING = ROOT / "docs" / "teaching.md"

_FENCE = re.compile(r"^```([A-Za-z]*)[^\n]*\n(.*?)^```[ \t]*\n", re.M | re.S)
_HEADING = re.compile(r"^#{2,4} +(\d+)\.", re.M)


def snippets(path=GUIDE):
    """[(id, lang, code, expected)] for every ```python / ```r block of ``path``.

    Each such block must be followed (blank lines allowed) by an ```output block; the
    id is "<row number>-<lang>[-k]" from the last "### N." heading above the block.
    """
    text = Path(path).read_text(encoding="utf-8")
    blocks = list(_FENCE.finditer(text))
    found, seen = [], {}
    for i, m in enumerate(blocks):
        lang = m.group(1)
        if lang not in ("python", "r"):
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        line = text.count("\n", 0, m.start()) + 1
        if nxt is None or nxt.group(1) != "output" or text[m.end():nxt.start()].strip():
            raise AssertionError(f"{Path(path).name}:{line}: a ```{lang} block without an ```output block after it")
        heads = [h.group(1) for h in _HEADING.finditer(text, 0, m.start())]
        row = heads[-1] if heads else "0"
        key = f"{row}-{lang}"
        seen[key] = seen.get(key, 0) + 1
        sid = key if seen[key] == 1 else f"{key}-{seen[key]}"
        found.append((sid, lang, m.group(2), nxt.group(2)))
    return found


def run_python(code: str) -> str:
    """Run ``code`` in a fresh namespace; return what it printed (stdout)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), np.printoptions(), warnings.catch_warnings():
        exec(compile(code, "<guide snippet>", "exec"), {"__name__": "__guide__"})
    return buf.getvalue()


PY = [s for s in snippets() if s[1] == "python"]


def test_every_row_has_a_snippet_in_each_language():
    text = GUIDE.read_text(encoding="utf-8")
    rows = sorted({int(h.group(1)) for h in _HEADING.finditer(text)})
    assert rows == list(range(1, len(rows) + 1)), rows
    assert len(rows) >= 25
    have = {(s[0].split("-")[0], s[1]) for s in snippets()}
    missing = [(str(r), lang) for r in rows for lang in ("python", "r") if (str(r), lang) not in have]
    assert not missing, f"rows without a snippet: {missing}"


@pytest.mark.parametrize("sid,code,expected", [(s[0], s[2], s[3]) for s in PY], ids=[s[0] for s in PY])
def test_python_snippet_prints_the_documented_output(sid, code, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_python(code) == expected


def test_extractor_pairs_blocks_and_refuses_a_block_without_output(tmp_path):
    good = tmp_path / "g.md"
    good.write_text("### 1. a\n\n```python\nprint(1)\n```\n\n```output\n1\n```\n\n```r\n1L\n```\n```output\n[1] 1\n```\n")
    assert snippets(good) == [("1-python", "python", "print(1)\n", "1\n"), ("1-r", "r", "1L\n", "[1] 1\n")]
    assert run_python("print(1)\n") == "1\n"
    bad = tmp_path / "b.md"
    bad.write_text("### 1. a\n\n```python\nprint(1)\n```\n\ntext\n\n```output\n1\n```\n")
    with pytest.raises(AssertionError, match="without an ```output block"):
        snippets(bad)


def _cited_docs():
    docs = [GUIDE, TEACHING] + sorted((ROOT / "exercises").glob("*/README.md"))
    return [d for d in docs if d.exists()]


def test_cited_test_files_and_functions_exist():
    missing = []
    for doc in _cited_docs():
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"((?:parity_tests|python/tests|tests/testthat)/[\w./-]+?\.(?:py|R))(?:::(\w+))?", text):
            path = ROOT / m.group(1)
            if not path.exists():
                missing.append(f"{doc.name}: {m.group(1)}")
            elif m.group(2) and not re.search(rf"^def {m.group(2)}\b", path.read_text(), re.M):
                missing.append(f"{doc.name}: {m.group(1)}::{m.group(2)}")
    assert not missing, missing


def _lab_ids_cited():
    ids = set()
    for doc in _cited_docs():
        ids |= set(re.findall(r"\blab-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b", doc.read_text(encoding="utf-8")))
    return ids


def test_cited_lab_mistakes_exist_in_the_catalogue():
    cited = _lab_ids_cited()
    assert len(cited) >= 15, sorted(cited)
    if not (ROOT / "parity_tests" / "mutation" / "catalogue_lab.py").exists():
        pytest.skip("parity_tests/mutation/catalogue_lab.py (the break-it lab) has not landed yet")
    import sys

    sys.path.insert(0, str(ROOT))
    try:
        from parity_tests.mutation.catalogue import MUTANTS
    finally:
        sys.path.remove(str(ROOT))
    known = {m["id"] for m in MUTANTS}
    assert sorted(cited - known) == []
