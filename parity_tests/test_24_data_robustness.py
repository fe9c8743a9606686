"""Hostile image folders and caches (issue 12, part B): both languages list, skip, report and
cache them the same way, and neither hangs nor tracebacks.

* Symbolic links: links to files are followed; links to folders are never visited; a looping or
  broken link is skipped with "broken symbolic link (missing target or a loop)".
* Only regular files are read: a named pipe is skipped ("not a regular file (named pipe)"), never
  opened for reading (R used to block forever on it).
* A file name that is not UTF-8 is skipped ("file name is not valid UTF-8"), shown with ``\\xNN``.
* A JPEG with a valid header and a garbage body is kept by both (the same pixels), and the
  decoder's warning is printed on one line naming the file.
* Permissions (run without DAC override, setpriv): an unreadable file is skipped with
  "cannot read file (Permission denied)" in both, and is not remembered by the cache (readable
  again -> used); an unreadable class folder is an error naming it in both.
* The cache's arrays carry an MD5 in the manifest: arrays edited with a consistent header are
  refused by both as corrupt; an .npy header with an unbalanced bracket is corrupt in both.
* ``list_tree_files`` (predict's listing): no loop through a link to a folder, no dot files
  (the image cache), the same names in the same order in both.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from datasets import assert_same_dataset, py_load, r_load

from nnscratch.data import cache as ic
from nnscratch.data.files import list_tree_files

ROOT = Path(__file__).resolve().parents[1]
NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
          "--inh-caps", "-dac_override,-dac_read_search", "--"]


def jpeg(rgb, quality=90):
    ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(rgb[..., ::-1]), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return buf.tobytes()


def garbage_body_jpeg(seed=0):
    """A JPEG whose header is valid and whose entropy-coded body is random bytes (no 0xFF)."""
    from nnscratch.data.formats import jpeg_header

    rng = np.random.RandomState(seed)
    data = jpeg(rng.randint(0, 256, (40, 50, 3)).astype(np.uint8))
    _, scan, _ = jpeg_header(data)
    return data[:scan] + bytes(rng.randint(0, 255, 300).astype(np.uint8)) + b"\xff\xd9"


def make_folder(root: Path):
    rng = np.random.RandomState(5)
    for cls in ("Cat", "Dog"):
        (root / cls).mkdir(parents=True)
        for i in range(3):
            (root / cls / f"{i}.jpg").write_bytes(jpeg(rng.randint(0, 256, (30, 40, 3)).astype(np.uint8)))
    return root


def hostile_folder(root: Path):
    make_folder(root)
    os.symlink(".", root / "Cat" / "loop")                   # a link to a folder: never visited
    os.symlink("../Cat", root / "Cat" / "loopdir")
    os.symlink("self.jpg", root / "Cat" / "self.jpg")        # a looping link
    os.symlink("nowhere.jpg", root / "Dog" / "dangling.jpg")  # a broken link
    os.symlink("0.jpg", root / "Dog" / "link.jpg")           # a link to a file: followed
    os.mkfifo(root / "Cat" / "pipe.jpg")
    (root / "Dog" / os.fsdecode(b"caf\xe9.jpg")).write_bytes((root / "Dog" / "1.jpg").read_bytes())
    (root / "Dog" / "garbage.jpg").write_bytes(garbage_body_jpeg())
    return root


EXPECTED_SKIPPED = [
    ("Cat/pipe.jpg", "not a regular file (named pipe)"),
    ("Cat/self.jpg", "broken symbolic link (missing target or a loop)"),
    ("Dog/caf\\xe9.jpg", "file name is not valid UTF-8"),
    ("Dog/dangling.jpg", "broken symbolic link (missing target or a loop)"),
]


def test_hostile_folder_is_read_alike_without_hanging(r, tmp_path):
    root = hostile_folder(tmp_path / "pets")
    d = py_load(root, size=8, cache=False)
    assert d.skipped == EXPECTED_SKIPPED
    assert "Dog/link.jpg" in d.files and "Dog/garbage.jpg" in d.files
    assert not any("loop" in f for f in d.files)
    rd, _ = r_load(r, root, size=8, cache="FALSE")
    assert_same_dataset("hostile folder, no cache", d, rd)
    # the cache, written by each in turn, is read by the other
    d1 = py_load(root, size=8)
    assert d1.cache["status"] == "written"
    rd1, warned = r_load(r, root, size=8)
    assert rd1["cache"]["status"] == ["hit"] and not warned
    assert_same_dataset("hostile folder, python cache -> R", d1, rd1)


def run_py(code, *args, no_dac=False, timeout=120):
    cmd = (NO_DAC if no_dac else []) + [sys.executable, "-c", code, *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def run_r(code, env, no_dac=False, timeout=120):
    prelude = ("for (f in sort(list.files(Sys.getenv('NNSCRATCH_R_DIR'), pattern = '[.]R$', full.names = TRUE), "
               "method = 'radix')) sys.source(f, envir = globalenv());")
    cmd = (NO_DAC if no_dac else []) + ["Rscript", "-e", prelude + code]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


def test_decoder_warning_names_the_file_in_both(rscript_env, tmp_path):
    f = tmp_path / "garbage.jpg"
    f.write_bytes(garbage_body_jpeg())
    py = run_py("import sys; from nnscratch.data.decode import load_image; print(int(load_image(sys.argv[1], 8).sum()))", f)
    rr = run_r(f"cat(sum(load_image('{f}', 8L)), '\\n')", rscript_env)
    assert py.returncode == 0 and rr.returncode == 0, (py.stderr, rr.stderr)
    assert py.stdout.split() == rr.stdout.split()                       # kept by both, the same pixels
    line = f"{f}: Corrupt JPEG data: premature end of data segment (image kept)"
    assert py.stderr.splitlines() == [line]
    assert rr.stderr.splitlines() == [line]


def test_fifo_is_not_opened_by_predict_reader(rscript_env, tmp_path):
    pipe = tmp_path / "pipe.jpg"
    os.mkfifo(pipe)
    py = run_py("import sys\nfrom nnscratch.data.decode import load_image\nfrom nnscratch.data.formats import SkippedImage\n"
                "try:\n    load_image(sys.argv[1], 8)\nexcept SkippedImage as e:\n    print(e.reason)", pipe, timeout=60)
    rr = run_r(f"r <- tryCatch(load_image('{pipe}', 8L), nnscratch_skipped_image = function(e) e$reason); cat(r, '\\n')",
               rscript_env, timeout=60)
    assert py.stdout.strip() == "not a regular file (named pipe)"
    assert rr.stdout.strip() == "not a regular file (named pipe)"


def test_tree_listing_for_predict_is_the_same_and_finite(r, tmp_path):
    root = hostile_folder(tmp_path / "pets")
    (root / "Dog" / "deeper").mkdir()
    (root / "Dog" / "deeper" / "x.jpg").write_bytes(b"x")
    py_load(root, size=8)                                   # a cache folder to leave out
    got = [os.fsencode(p).decode("utf-8", "backslashreplace") for p in list_tree_files(root)]
    rgot = r.eval(f'display_name(list_tree_files("{root}"))')
    assert list(rgot) == got
    assert not any(".nnscratch-cache" in p or "loop" in p for p in got)
    assert "Dog/deeper/x.jpg" in got and "Cat/pipe.jpg" in got and "Dog/caf\\xe9.jpg" in got
    with pytest.raises(ValueError, match="empty"):
        list_tree_files("")
    with pytest.raises(Exception, match="empty"):
        r.eval('list_tree_files("")')


def test_checksum_refuses_consistent_edits_in_both(r, tmp_path):
    root = make_folder(tmp_path / "pets")
    d = py_load(root, size=8)
    cache = root / ".nnscratch-cache"
    img = cache / "images_8.npy"
    arr = np.load(img)
    np.save(img, arr[::-1].copy())                      # reversed images, header consistent
    rd, warned = r_load(r, root, size=8)
    assert len(warned) == 1 and "images_8.npy: MD5 checksum differs" in warned[0]
    assert_same_dataset("reversed images, rebuilt by R", d, rd)
    np.save(img, np.zeros_like(arr))                    # zeroed
    with pytest.warns(ic.CacheWarning, match="images_8.npy: MD5 checksum differs"):
        d2 = py_load(root, size=8)
    assert_same_dataset("zeroed images, rebuilt by python", d2, rd)


def test_npy_header_with_an_unbalanced_bracket_is_corrupt_in_both(r, tmp_path):
    root = make_folder(tmp_path / "pets")
    d = py_load(root, size=8)
    lab = root / ".nnscratch-cache" / "labels_8.npy"
    data = bytearray(lab.read_bytes())
    i = data.index(b"'shape': (")
    data[i + 9:i + 9] = b"("                            # "((3,), }": a bracket never closed
    j = data.rindex(b" \n")
    del data[j:j + 1]                                    # the header keeps its length
    lab.write_bytes(bytes(data))
    with pytest.warns(ic.CacheWarning, match="labels_8.npy: bad .npy header"):
        assert py_load(root, size=8).cache["status"] == "written"
    lab.write_bytes(bytes(data))
    rd, warned = r_load(r, root, size=8)
    assert len(warned) == 1 and "labels_8.npy" in warned[0] and rd["cache"]["status"] == ["written"]
    assert_same_dataset("bad header", d, rd)


PY_PERM = """
import sys, warnings
from nnscratch.data.dataset import create_dataset
warnings.simplefilter("ignore")
try:
    d = create_dataset(sys.argv[1], size=8, cache=sys.argv[2] == "cache")
    print(d.cache["status"]); print(repr(d.skipped))
except Exception as e:
    print("ERROR", type(e).__name__, e)
"""

R_PERM = """
d <- tryCatch(suppressWarnings(create_dataset('{root}', size = 8L, cache = {cache})),
              error = function(e) e)
if (inherits(d, 'error')) cat('ERROR', conditionMessage(d), '\\n') else {{
  cat(d$cache$status, '\\n'); cat(paste(d$skipped$file, d$skipped$reason, sep = ' | '), sep = '\\n') }}
"""


def needs_no_dac():
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the permission tests need root and setpriv in CI")
        pytest.skip("permission tests need root (run without DAC override through setpriv)")


def test_unreadable_file_same_reason_and_not_cached(rscript_env, tmp_path):
    needs_no_dac()
    root = make_folder(tmp_path / "pets")
    os.chmod(tmp_path, 0o755)
    f = root / "Cat" / "1.jpg"
    os.chmod(f, 0o000)
    want = "Cat/1.jpg | cannot read file (Permission denied)"
    for writer in ("py", "r"):
        shutil.rmtree(root / ".nnscratch-cache", ignore_errors=True)
        os.chmod(f, 0o000)
        if writer == "py":
            out = run_py(PY_PERM, root, "cache", no_dac=True).stdout
            assert "('Cat/1.jpg', 'cannot read file (Permission denied)')" in out, out
        else:
            out = run_r(R_PERM.format(root=root, cache="TRUE"), rscript_env, no_dac=True).stdout
            assert want in out, out
        os.chmod(f, 0o644)                                  # readable again: the cache must not keep the skip
        py = run_py(PY_PERM, root, "cache", no_dac=True).stdout
        assert py.startswith("written") and "1.jpg" not in py, (writer, py)
        os.chmod(f, 0o000)
        shutil.rmtree(root / ".nnscratch-cache")
        run_py(PY_PERM, root, "cache", no_dac=True)
        os.chmod(f, 0o644)
        rr = run_r(R_PERM.format(root=root, cache="TRUE"), rscript_env, no_dac=True).stdout
        assert rr.startswith("written") and "1.jpg" not in rr, (writer, rr)


def test_unreadable_class_folder_is_named_in_both(rscript_env, tmp_path):
    needs_no_dac()
    root = make_folder(tmp_path / "pets")
    os.chmod(root / "Dog", 0o000)
    try:
        py = run_py(PY_PERM, root, "nocache", no_dac=True).stdout
        rr = run_r(R_PERM.format(root=root, cache="FALSE"), rscript_env, no_dac=True).stdout
    finally:
        os.chmod(root / "Dog", 0o755)
    msg = f"create_dataset: cannot read the folder '{root}/Dog' (Permission denied)"
    assert py.strip() == f"ERROR UnreadableFolderError {msg}"
    assert rr.strip() == f"ERROR {msg}"
