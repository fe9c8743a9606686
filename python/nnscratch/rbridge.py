"""Thin adapter: call the R implementation's function of the same name from Python.

One embedded R session (rpy2) sources every file of ``R/`` of this checkout into
one environment (never an installed copy that could be stale). Conversion is
explicit and local (``localconverter`` with ``numpy2ri``), never a global
activation, and it never reshapes: an R matrix becomes a 2-D array of the same
(nrow, ncol), an R vector without ``dim`` becomes a 1-D array, a named list a
dict, an unnamed list a list. So a (5, 1) bias and a length-5 vector stay
different things and the comparison helpers can catch the difference.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]  # python/nnscratch/ -> checkout root
R_DIR = ROOT / "R"

INSTALL_HINT = (
    "The parity suite needs R and rpy2. Install them with the README's test command "
    "(bash scripts/test.sh), or by hand: apt-get install --no-install-recommends r-base-core "
    "r-base-dev r-cran-jpeg r-cran-png r-cran-testthat && pip install rpy2==3.5.17. "
    "To run the Python tests only, set NNSCRATCH_SKIP_PARITY=1 (never set in CI)."
)


class RBridge:
    """An embedded R session with the nnscratch R sources loaded in ``self.env``."""

    def __init__(self, r_dir: Path = R_DIR):
        import rpy2.rinterface as ri  # noqa: F401  (fails early if R cannot be embedded)
        import rpy2.robjects as ro
        from rpy2.robjects import numpy2ri
        from rpy2.robjects.conversion import localconverter

        self._ro = ro
        self._localconverter = localconverter
        self._converter = ro.default_converter + numpy2ri.converter
        files = sorted(str(p) for p in Path(r_dir).glob("*.R"))
        if not files:
            raise RuntimeError(f"no R sources found in {r_dir}")
        self.env = ro.r("new.env(parent = globalenv())")
        source_all = ro.r(
            "function(files, env) { for (f in files) sys.source(f, envir = env, keep.source = FALSE); invisible(NULL) }"
        )
        source_all(ro.StrVector(files), self.env)
        self.files = files

    # -- conversion -------------------------------------------------------
    def to_r(self, x):
        """Python -> R. dict -> named list, list/tuple -> list, ndarray -> vector/matrix/array."""
        ro = self._ro
        if isinstance(x, dict):
            return ro.ListVector([(str(k), self.to_r(v)) for k, v in x.items()]) if x else ro.r("list()")
        if isinstance(x, (list, tuple)):
            lst = ro.r("list")(*[self.to_r(v) for v in x])
            return lst
        if x is None:
            return ro.NULL
        if isinstance(x, np.ndarray) and x.ndim == 0:
            x = x.item()
        with self._localconverter(self._converter):
            return ro.conversion.get_conversion().py2rpy(x)

    def to_py(self, obj):
        """R -> Python without reshaping (see module docstring)."""
        import rpy2.rinterface as ri

        if obj is ri.NULL or isinstance(obj, type(ri.NULL)):
            return None
        if isinstance(obj, ri.ListSexpVector):
            names = obj.do_slot("names") if "names" in list(obj.list_attrs()) else None
            items = [self.to_py(v) for v in obj]
            if names is not None and all(n != "" for n in names):
                return dict(zip(list(names), items))
            return items
        if isinstance(obj, ri.StrSexpVector):
            return [str(s) for s in obj]
        if isinstance(obj, (ri.FloatSexpVector, ri.IntSexpVector, ri.BoolSexpVector)):
            dims = list(obj.do_slot("dim")) if "dim" in list(obj.list_attrs()) else None
            if isinstance(obj, ri.FloatSexpVector):
                flat = np.array(obj, dtype=np.float64)
            elif isinstance(obj, ri.IntSexpVector):
                flat = np.array([np.nan if v == ri.NA_Integer else v for v in obj], dtype=np.float64) \
                    if ri.NA_Integer in list(obj) else np.array(obj, dtype=np.int64)
            else:
                flat = np.array(obj, dtype=bool)
            if dims is None:
                return flat
            return flat.reshape(dims, order="F")  # R stores column-major: this keeps (i, j) -> (i, j)
        return obj

    # -- calls --------------------------------------------------------------
    def call(self, name: str, *args, **kwargs):
        """Call the R function ``name`` with converted arguments; return the converted result."""
        fn = self._ro.r("get")(name, envir=self.env, mode="function")
        r_args = [self.to_r(a) for a in args]
        r_kwargs = {k: self.to_r(v) for k, v in kwargs.items()}
        return self.to_py(fn(*r_args, **r_kwargs))

    def error_message(self, name: str, *args, **kwargs):
        """Call the R function ``name``; return its error message (str), or None if it succeeded."""
        catch = self._ro.r(
            "function(f, args) tryCatch({ do.call(f, args); NULL }, error = function(e) conditionMessage(e))")
        fn = self._ro.r("get")(name, envir=self.env, mode="function")
        r_args = self._ro.r("list")(*[self.to_r(a) for a in args], **{k: self.to_r(v) for k, v in kwargs.items()})
        out = self.to_py(catch(fn, r_args))
        return None if out is None else out[0]

    def eval(self, code: str):
        """Evaluate R code in the nnscratch environment and convert the result."""
        return self.to_py(self._ro.r("function(code, env) eval(parse(text = code), envir = env)")(code, self.env))


def parity_opted_out() -> bool:
    return os.environ.get("NNSCRATCH_SKIP_PARITY") == "1" and os.environ.get("CI") != "true"
