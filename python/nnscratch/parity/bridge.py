"""The embedded R session behind the parity harness: sourcing and conversion.

One embedded R session (rpy2) sources every ``*.R`` file of one R folder into
one environment (never an installed copy that could be stale). The folder is,
in this order: the ``r_dir`` argument, the ``NNSCRATCH_R_DIR`` environment
variable (a copy of ``R/``, e.g. one with a deliberately broken step), the
checkout's ``R/``. :func:`r_dir` says which one; everything in the harness
that starts R (this bridge, Rscript subprocesses, the R command line, the
parity report) uses that folder.

Conversion is explicit and never reshapes or retypes silently.

Python -> R (what an R user would type):

* ``float`` -> double(1); ``int`` -> double(1) (R's literal ``3`` is a
  double, and R integers stop at 2^31 - 1); ``bool`` -> logical(1);
  ``str`` -> character(1); ``None`` -> ``NULL``;
* a list/tuple of numbers -> a double vector (``c(3, 2, 1)``), of bools -> a
  logical vector, of strings -> a character vector; any other list/tuple -> an
  unnamed R list; a dict -> a named list (``{}`` -> an empty *named* list);
* a numpy array keeps its storage: float -> double, integer -> integer
  (values beyond R's 32-bit range are refused), bool -> logical, with the same
  ``dim`` (a 1-D array -> a vector without ``dim``, a (5, 1) array -> a 5 x 1
  matrix; values placed so that ``[i, j]`` stays ``[i, j]``);
* a Python callable -> an R function whose arguments arrive converted by
  :meth:`RBridge.to_py` (length-1 vectors as Python scalars) and whose result
  goes back through :meth:`RBridge.to_r`;
* an :class:`RObject` (an R value kept as is, e.g. an update rule) -> itself.

R -> Python:

* double -> float64, integer -> int64, logical -> bool (an ``NA`` makes a
  masked array of the same dtype: a missing value never becomes a number);
  a vector without ``dim`` -> a 1-D array, a matrix/array -> an array of the
  same ``dim`` (length-1 vectors stay shape (1,));
* character -> list of str; ``NULL`` -> None; a list whose elements all have
  names -> dict (in R's order), any other list -> list; a function or
  environment -> :class:`RObject`.

An R error becomes :class:`RError` (message = R's ``conditionMessage``,
``classes`` = R's class vector, every other field of the condition as a
converted attribute, e.g. ``iteration``, ``parameters``, ``costs``,
``rule_state`` of a stopped training run).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]  # python/nnscratch/parity/ -> checkout root
R_DIR = ROOT / "R"

INSTALL_HINT = (
    "The parity suite needs R and rpy2. Install them with the README's test command "
    "(bash scripts/test.sh), or by hand: apt-get install --no-install-recommends r-base-core "
    "r-base-dev r-cran-jpeg r-cran-png r-cran-optparse r-cran-testthat && pip install rpy2==3.5.17. "
    "To run the Python tests only, set NNSCRATCH_SKIP_PARITY=1 (never set in CI)."
)

INT32_MAX = 2**31 - 1
NA_INT32 = -(2**31)  # R's NA_integer_ / NA (logical) in memory


def r_dir(explicit=None) -> Path:
    """The R folder the harness runs: ``explicit``, else $NNSCRATCH_R_DIR, else the checkout's R/."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("NNSCRATCH_R_DIR")
    return Path(env) if env else R_DIR


def parity_opted_out() -> bool:
    return os.environ.get("NNSCRATCH_SKIP_PARITY") == "1" and os.environ.get("CI") != "true"


class RObject:
    """An R value handed back to R unconverted (functions, environments, update rules)."""

    def __init__(self, sexp):
        self.sexp = sexp

    def __repr__(self):
        return f"RObject({type(self.sexp).__name__})"


class RError(Exception):
    """An R error raised through the bridge.

    ``str(e)`` is R's ``conditionMessage``; ``e.classes`` R's class vector;
    every other field of the condition (``iteration``, ``parameters``, ``costs``,
    ``rule_state``, ...) is an attribute, converted like any result.
    """

    def __init__(self, message, classes, fields):
        super().__init__(message)
        self.message = message
        self.classes = list(classes)
        self.fields = dict(fields)
        for k, v in self.fields.items():
            if k not in ("message", "classes", "fields", "args"):
                setattr(self, k, v)

    def has_class(self, name):
        return name in self.classes


class RBridge:
    """An embedded R session with the R sources of :func:`r_dir` loaded in ``self.env``."""

    def __init__(self, r_dir_path=None):
        import rpy2.rinterface as ri  # noqa: F401  (fails early if R cannot be embedded)
        import rpy2.robjects as ro

        self._ro = ro
        self._ri = ri
        self.r_dir = r_dir(r_dir_path)
        files = sorted((str(p) for p in Path(self.r_dir).glob("*.R")), key=os.fsencode)
        if not files:
            raise RuntimeError(f"no R sources found in {self.r_dir}")
        self.env = ro.r("new.env(parent = globalenv())")
        source_all = ro.r(
            "function(files, env) { for (f in files) sys.source(f, envir = env, keep.source = FALSE); invisible(NULL) }"
        )
        source_all(ro.StrVector(files), self.env)
        # the C resize (R/data-native.R) is compiled from the src/ beside this R folder, else the checkout's
        src = Path(self.r_dir).parent / "src"
        if not any(src.glob("*.c")):
            src = R_DIR.parent / "src"
        ro.r["options"](**{"nnscratch.src_dir": str(src)})
        self.files = files
        self._get = ro.r("get")
        self._catching = ro.r("""function(f, args) tryCatch(
            list(ok = TRUE, value = do.call(f, args)),
            error = function(e) list(ok = FALSE, message = conditionMessage(e), classes = class(e),
                                     fields = unclass(e)[setdiff(names(unclass(e)), c("message", "call"))]))""")
        self._eval = ro.r("function(code, env) eval(parse(text = code), envir = env)")
        self._keepalive = []
        self._none_marker = ro.r('structure(list(), class = "nnscratch_py_none")')
        self._wrap_py = ro.r("""function(pyfn) function(...) {
            out <- pyfn(...)
            if (inherits(out, "nnscratch_py_none")) return(invisible(NULL))
            if (inherits(out, "nnscratch_py_error")) stop(unclass(out), call. = FALSE)
            out }""")

    # -- Python -> R --------------------------------------------------------
    def to_r(self, x):
        ri = self._ri
        if isinstance(x, RObject):
            return x.sexp
        if x is None:
            return ri.NULL
        if isinstance(x, (bool, np.bool_)):
            return ri.BoolSexpVector([bool(x)])
        if isinstance(x, (int, np.integer)):
            return ri.FloatSexpVector([float(x)])
        if isinstance(x, (float, np.floating)):
            return ri.FloatSexpVector([float(x)])
        if isinstance(x, str):
            return ri.StrSexpVector([x])
        if isinstance(x, os.PathLike):
            return ri.StrSexpVector([os.fspath(x)])
        if isinstance(x, dict):
            if not x:
                return self._ro.r("structure(list(), names = character(0))")
            vals = [self.to_r(v) for v in x.values()]
            lst = ri.ListSexpVector(vals)
            lst.do_slot_assign("names", ri.StrSexpVector([str(k) for k in x]))
            return lst
        if isinstance(x, (list, tuple)):
            if x and all(isinstance(v, (bool, np.bool_)) for v in x):
                return ri.BoolSexpVector([bool(v) for v in x])
            if x and all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
                         for v in x):
                return ri.FloatSexpVector([float(v) for v in x])
            if x and all(isinstance(v, str) for v in x):
                return ri.StrSexpVector(list(x))
            return ri.ListSexpVector([self.to_r(v) for v in x]) if x else self._ro.r("list()")
        if isinstance(x, np.ndarray):
            return self._array_to_r(x)
        if callable(x):
            return self.function_to_r(x)
        raise TypeError(f"cannot give a {type(x).__name__} to R")

    def _array_to_r(self, x):
        ri = self._ri
        if x.dtype.kind == "f":
            flat = np.ascontiguousarray(x.astype(np.float64, copy=False).ravel(order="F"))
            vec = ri.FloatSexpVector.from_memoryview(memoryview(flat))
        elif x.dtype.kind in "iu":
            if x.size and (x.max() > INT32_MAX or x.min() < -INT32_MAX):
                raise OverflowError("integer array beyond R's 32-bit integers: give it as float64")
            flat = np.ascontiguousarray(x.astype(np.int32).ravel(order="F"))
            vec = ri.IntSexpVector.from_memoryview(memoryview(flat))
        elif x.dtype.kind == "b":
            flat = np.ascontiguousarray(x.astype(np.int32).ravel(order="F"))
            vec = ri.BoolSexpVector.from_memoryview(memoryview(flat))
        elif x.dtype.kind in "US":
            vec = ri.StrSexpVector([str(v) for v in x.ravel(order="F")])
        else:
            raise TypeError(f"cannot give a numpy {x.dtype} array to R")
        if x.ndim == 0:
            return vec
        if x.ndim >= 2:
            vec.do_slot_assign("dim", ri.IntSexpVector(list(x.shape)))
        return vec

    def function_to_r(self, fn, convert=None):
        """An R function calling ``fn`` with its arguments converted by ``convert`` (default
        :meth:`to_py_scalar`). A Python exception in ``fn`` becomes an R error with its message
        (rpy2 alone would log it and return NULL); ``None`` becomes R's NULL."""
        ri = self._ri

        def wrapped(*args, **kwargs):
            try:
                conv = convert or self.to_py_scalar
                py_args = [conv(a) for a in args]
                py_kwargs = {k: conv(v) for k, v in kwargs.items()}
                res = fn(*py_args, **py_kwargs)
                return self._none_marker if res is None else self.to_r(res)
            except Exception as exc:  # noqa: BLE001  (handed to R as an error)
                marker = ri.StrSexpVector([f"{type(exc).__name__}: {exc}"])
                marker.do_slot_assign("class", ri.StrSexpVector(["nnscratch_py_error"]))
                return marker

        # rternalize does not keep the Python function alive: the bridge does (for its lifetime).
        closure = ri.rternalize(wrapped)
        self._keepalive.append((wrapped, closure))
        return self._wrap_py(closure)

    # -- R -> Python --------------------------------------------------------
    def to_py(self, obj):
        """R -> Python without reshaping or retyping (see module docstring)."""
        ri = self._ri
        if obj is ri.NULL or isinstance(obj, type(ri.NULL)):
            return None
        if isinstance(obj, ri.ListSexpVector):
            names = obj.do_slot("names") if "names" in list(obj.list_attrs()) else None
            items = [self.to_py(v) for v in obj]
            if names is not None and all(n != "" for n in names):
                return dict(zip(list(names), items))
            return items
        if isinstance(obj, ri.StrSexpVector):
            return [None if s is ri.NA_Character else str(s) for s in obj]
        if isinstance(obj, (ri.FloatSexpVector, ri.IntSexpVector, ri.BoolSexpVector)):
            dims = list(obj.do_slot("dim")) if "dim" in list(obj.list_attrs()) else None
            if isinstance(obj, ri.FloatSexpVector):
                flat = self._storage(obj, np.float64)
            else:
                raw = self._storage(obj, np.int32)
                na = raw == NA_INT32  # R's NA for integer and logical storage
                flat = raw.astype(np.int64) if isinstance(obj, ri.IntSexpVector) else raw != 0
                if na.any():
                    flat = np.ma.masked_array(np.where(na, 0, flat).astype(flat.dtype), mask=na)
            if dims is None:
                return flat
            return flat.reshape(dims, order="F")  # R stores column-major: this keeps (i, j) -> (i, j)
        return RObject(obj)

    @staticmethod
    def _storage(obj, dtype):
        """R's storage in R's (column-major) order, copied (R may free its memory)."""
        if len(obj) == 0:
            return np.zeros(0, dtype=dtype)
        arr = np.array(obj.memoryview(), dtype=dtype)  # rpy2 gives a matrix its dim, indexed like R
        return arr.reshape(-1, order="F") if arr.ndim > 1 else arr

    def to_py_scalar(self, obj):
        """Like :meth:`to_py`, but a length-1 vector without dim becomes a Python scalar of its type."""
        out = self.to_py(obj)
        if isinstance(out, np.ndarray) and out.shape == (1,) and not np.ma.isMaskedArray(out):
            return out[0].item()
        if isinstance(out, list) and len(out) == 1 and isinstance(out[0], str):
            return out[0]
        return out

    # -- calls --------------------------------------------------------------
    def function(self, name):
        return self._get(name, envir=self.env, mode="function")

    def exists(self, name) -> bool:
        return bool(self._ro.r("exists")(name, envir=self.env, mode="function", inherits=False)[0])

    def call_raw(self, name, *args, **kwargs):
        """Call the R function ``name``; return the unconverted R result; R errors raise :class:`RError`."""
        ri = self._ri
        fn = self.function(name)
        vals = [self.to_r(a) for a in args] + [self.to_r(v) for v in kwargs.values()]
        r_args = ri.ListSexpVector(vals) if vals else self._ro.r("list()")
        if vals:
            r_args.do_slot_assign("names", ri.StrSexpVector([""] * len(args) + list(kwargs)))
        out = self._catching(fn, r_args)
        ok = bool(out.rx2("ok")[0])
        if ok:
            return out.rx2("value")
        fields = self.to_py(out.rx2("fields")) or {}
        if isinstance(fields, list):  # no named fields
            fields = {}
        raise RError(str(out.rx2("message")[0]), list(out.rx2("classes")), fields)

    def call(self, name, *args, **kwargs):
        """Call the R function ``name`` with converted arguments; return the converted result."""
        return self.to_py(self.call_raw(name, *args, **kwargs))

    def error_message(self, name, *args, **kwargs):
        """Call the R function ``name``; return its error message (str), or None if it succeeded."""
        try:
            self.call_raw(name, *args, **kwargs)
        except RError as exc:
            return exc.message
        return None

    def eval(self, code: str):
        """Evaluate R code in the sourced environment and convert the result."""
        return self.to_py(self._eval(code, self.env))

    def formals(self, name):
        """[(argument name, default as R source text or None when required)] of an R function."""
        out = self._ro.r("""function(f) { fm <- formals(f)
            lapply(names(fm), function(n) {
              d <- paste(deparse(fm[[n]]), collapse = " ")
              list(name = n, required = identical(d, ""), default = d) }) }""")(self.function(name))
        res = []
        for item in out:
            name_ = str(item.rx2("name")[0])
            required = bool(item.rx2("required")[0])
            res.append((name_, None if required else str(item.rx2("default")[0])))
        return res
