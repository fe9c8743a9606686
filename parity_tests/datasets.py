"""Shared by the dataset parity tests (test_16, test_24): load a folder with each language's
create_dataset and compare the results typed (compare.assert_same, rtol 0)."""
from __future__ import annotations

import warnings

import compare

from nnscratch.data import dataset as ds


def py_load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ds.SkippedFilesWarning)
        return ds.create_dataset(path, **kw)


def r_load(r, path, **kw):
    """R's create_dataset; returns (result dict, list of cache warning messages)."""
    args = "".join(f", {k} = {v}" for k, v in kw.items())
    out = r.eval(f"""local({{
        msgs <- character(0)
        d <- withCallingHandlers(create_dataset("{path}", warn = FALSE{args}),
            nnscratch_cache_warning = function(w) {{
                msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") }})
        d$cache_warnings <- msgs
        d
    }})""")
    return out, list(out.pop("cache_warnings") or [])


def assert_same_dataset(label, d, rd):
    """Python's Dataset and R's create_dataset list: files, skips, then y and X typed (int64 <-> integer,
    float64 <-> double), shaped and bit-identical (compare.assert_same with rtol 0)."""
    assert rd["files"] == d.files, f"{label}: files differ"
    assert list(zip(rd["skipped"]["file"], rd["skipped"]["reason"])) == d.skipped, f"{label}: skipped differ"
    compare.assert_same(f"{label}: y", d.y, rd["y"], rtol=0)
    compare.assert_same(f"{label}: X", d.X, rd["X"], rtol=0)
    assert list(rd["ignored_folders"]) == d.ignored_folders
