"""The R implementation with Python's step signatures and Python-shaped results.

``r = RSteps(RBridge())``; then ``AL, caches = r.deep_model(X, params)`` gives
what ``nnscratch.deep_model`` gives: ``caches`` is a list of
``((A_prev, W, b), Z)`` tuples, whatever R's list layout. Arguments go the other
way: ``r.deep_model_back(AL, Y, caches)`` takes Python caches and hands R its
named layout ``list(linear_cache = list(A =, W =, b =), activation_cache = Z)``.
The core in R never bends to the bridge: every conversion happens here.

Rules:

* Arguments left out are left out of the R call too, so R's own defaults apply
  (the signatures here name the same arguments in the same order, with the
  default ``R_DEFAULT``); parity_tests/test_00_twins.py compares the defaults.
* Results are checked, never reshaped: a step that must return one number
  must return a double vector of length 1 (else :class:`RShapeError`), the
  arrays keep their dtype (float64 / int64 / bool for double / integer /
  logical) and their shape.
* R errors raise :class:`~nnscratch.parity.bridge.RError` with R's message;
  a stopped training run (``nnscratch_training_stopped``) raises
  :class:`RTrainingStopped` (``RTrainingDiverged`` / ``RTrainingInterrupted``)
  with ``iteration`` (int), ``parameters`` (dict), ``costs`` (list of float)
  and ``rule_state`` (dict), like Python's ``TrainingStopped``.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .bridge import RBridge, RError, RObject


class _RDefault:
    def __repr__(self):
        return "R_DEFAULT"


#: "Not given": the argument is left out of the R call, so R's default applies.
R_DEFAULT = _RDefault()


class RShapeError(AssertionError):
    """An R result of another type or shape than the step promises."""


class RTrainingStopped(RError):
    """R's nnscratch_training_stopped condition, fields converted like Python's TrainingStopped."""


class RTrainingDiverged(RTrainingStopped):
    pass


class RTrainingInterrupted(RTrainingStopped):
    pass


_KIND = {"double": "f", "integer": "i", "logical": "b"}


def _typename(x):
    if isinstance(x, np.ndarray):
        return f"{x.dtype} array of shape {x.shape}"
    return type(x).__name__


def expect_array(x, what, kind="double", ndim=None):
    """``x`` must be an array of R storage ``kind`` (and ``ndim`` dimensions); returned unchanged."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != _KIND[kind] or (ndim is not None and x.ndim != ndim):
        want = f"a {kind} " + ({None: "vector or array", 1: "vector (no dim)", 2: "matrix"}.get(ndim, f"{ndim}-d array"))
        raise RShapeError(f"R's {what}: expected {want}, got {_typename(x)}")
    return x


def expect_number(x, what, kind="double"):
    """A length-1 R vector without dim of storage ``kind`` -> Python float / int / bool."""
    expect_array(x, what, kind, ndim=1)
    if x.shape != (1,):
        raise RShapeError(f"R's {what}: expected one number, got a vector of length {x.shape[0]}")
    return x[0].item()


def expect_whole(x, what):
    """A count R holds as a double (R's ``3``) or an integer -> Python int; refuses 2.5."""
    kind = "integer" if isinstance(x, np.ndarray) and x.dtype.kind == "i" else "double"
    v = expect_number(x, what, kind)
    if float(v) != int(v):
        raise RShapeError(f"R's {what}: expected a whole number, got {v!r}")
    return int(v)


def expect_fields(x, what, names):
    """An R named list with exactly ``names`` (in this order) -> tuple of the values."""
    if not isinstance(x, dict) or list(x) != list(names):
        got = list(x) if isinstance(x, dict) else _typename(x)
        raise RShapeError(f"R's {what}: expected list({', '.join(names)}), got {got}")
    return tuple(x[n] for n in names)


def expect_params(x, what):
    if not isinstance(x, dict):
        raise RShapeError(f"R's {what}: expected a named list, got {_typename(x)}")
    for k, v in x.items():
        expect_array(v, f"{what}${k}", "double", ndim=2)
    return x


def expect_costs(x, what):
    if isinstance(x, np.ndarray) and x.size == 0 and x.dtype.kind == "f":
        return []
    return [float(v) for v in expect_array(x, what, "double", ndim=1)]


def r_linear_cache(cache):
    """Python ``(A_prev, W, b)`` -> R ``list(A =, W =, b =)``."""
    A_prev, W, b = cache
    return {"A": A_prev, "W": W, "b": b}


def r_layer_cache(cache):
    """Python ``((A_prev, W, b), Z)`` -> R ``list(linear_cache =, activation_cache = Z)``."""
    linear, Z = cache
    return {"linear_cache": r_linear_cache(linear), "activation_cache": Z}


def py_linear_cache(x, what):
    return expect_fields(x, what, ("A", "W", "b"))


def py_layer_cache(x, what):
    lin, Z = expect_fields(x, what, ("linear_cache", "activation_cache"))
    return py_linear_cache(lin, what + "$linear_cache"), expect_array(Z, what + "$activation_cache", ndim=2)


class RRule(RObject):
    """R's update rule (class nnscratch_update_rule) with Python's UpdateRule interface."""

    def __init__(self, steps, sexp):
        super().__init__(sexp)
        self._steps = steps
        b = steps.bridge
        self.name = b.to_py_scalar(sexp.rx2("name"))
        hyper = b.to_py(sexp.rx2("hyper")) or {}
        self.hyper = {k: b.to_py_scalar(b.to_r(v)) if isinstance(v, np.ndarray) else v
                      for k, v in (hyper.items() if isinstance(hyper, dict) else [])}
        self.classes = list(b._ro.r("class")(sexp))

    def init_state(self, parameters):
        b = self._steps.bridge
        out = b.to_py(b._ro.r("function(rule, p) rule$init_state(p)")(self.sexp, b.to_r(parameters)))
        return _state(out, "rule$init_state()")

    def step(self, parameters, grads, state):
        b = self._steps.bridge
        out = b.to_py(b._ro.r("function(rule, p, g, s) rule$step(p, g, s)")(
            self.sexp, b.to_r(parameters), b.to_r(grads), b.to_r(state)))
        params, new_state = expect_fields(out, "rule$step()", ("parameters", "state"))
        return expect_params(params, "rule$step()$parameters"), _state(new_state, "rule$step()$state")


def _state(x, what):
    if isinstance(x, list) and not x:
        return {}  # an empty list without names
    if not isinstance(x, dict):
        raise RShapeError(f"R's {what}: expected a named list, got {_typename(x)}")
    return x


#: Model-file header keys holding a list of numbers (any length, even one): a list, as Python's load_model.
LIST_META_KEYS = ("architecture", "costs", "history_cost", "history_accuracy", "history_val_cost",
                  "history_val_accuracy", "partial")


class RSteps:
    """Every public step (and the engine) of the R implementation, called like Python's."""

    def __init__(self, bridge: RBridge | None = None):
        self.bridge = bridge if bridge is not None else RBridge()

    # -- plumbing -----------------------------------------------------------
    def call(self, name, *args, **kwargs):
        """Any R function of the sourced folder, with the bridge's plain conversion."""
        return self.bridge.call(name, *args, **kwargs)

    def eval(self, code):
        return self.bridge.eval(code)

    def error_message(self, name, *args, **kwargs):
        return self.bridge.error_message(name, *args, **kwargs)

    def _call(self, name, *args, **kwargs):
        kwargs = {k: v for k, v in kwargs.items() if v is not R_DEFAULT}
        try:
            return self.bridge.call(name, *args, **kwargs)
        except RError as exc:
            raise _converted_error(exc) from None

    # -- activations ---------------------------------------------------------
    def relu(self, Z):
        A, cache = expect_fields(self._call("relu", Z), "relu()", ("A", "cache"))
        return expect_array(A, "relu()$A", ndim=2), cache

    def sigmoid(self, Z):
        A, cache = expect_fields(self._call("sigmoid", Z), "sigmoid()", ("A", "cache"))
        return expect_array(A, "sigmoid()$A", ndim=2), cache

    def relu_backprop(self, dA, cache):
        return expect_array(self._call("relu_backprop", dA, cache), "relu_backprop()", ndim=2)

    def sigmoid_backprop(self, dA, cache):
        return expect_array(self._call("sigmoid_backprop", dA, cache), "sigmoid_backprop()", ndim=2)

    # -- init, forward, cost, backward, update ------------------------------------
    def init_param(self, layers_dims, seed=R_DEFAULT, init=R_DEFAULT):
        return expect_params(self._call("init_param", list(layers_dims), seed=seed, init=init), "init_param()")

    def for_prop(self, A, W, b):
        Z, cache = expect_fields(self._call("for_prop", A, W, b), "for_prop()", ("Z", "cache"))
        return expect_array(Z, "for_prop()$Z", ndim=2), py_linear_cache(cache, "for_prop()$cache")

    def for_activation(self, A_prev, W, b, activation):
        A, cache = expect_fields(self._call("for_activation", A_prev, W, b, activation), "for_activation()",
                                 ("A", "cache"))
        return expect_array(A, "for_activation()$A", ndim=2), py_layer_cache(cache, "for_activation()$cache")

    def deep_model(self, X, parameters):
        AL, caches = expect_fields(self._call("deep_model", X, parameters), "deep_model()", ("AL", "caches"))
        if not isinstance(caches, list):
            raise RShapeError(f"R's deep_model()$caches: expected an unnamed list, got {_typename(caches)}")
        return (expect_array(AL, "deep_model()$AL", ndim=2),
                [py_layer_cache(c, f"deep_model()$caches[[{l}]]") for l, c in enumerate(caches, start=1)])

    def cost_computation(self, AL, Y):
        return expect_number(self._call("cost_computation", AL, Y), "cost_computation()")

    def back_prop(self, dZ, cache, need_dA_prev=R_DEFAULT):
        out = self._call("back_prop", dZ, r_linear_cache(cache), need_dA_prev=need_dA_prev)
        return expect_fields(out, "back_prop()", ("dA_prev", "dW", "db"))

    def back_activ(self, dA, cache, activation, need_dA_prev=R_DEFAULT):
        out = self._call("back_activ", dA, r_layer_cache(cache), activation, need_dA_prev=need_dA_prev)
        return expect_fields(out, "back_activ()", ("dA_prev", "dW", "db"))

    def deep_model_back(self, AL, Y, caches, input_grad=R_DEFAULT):
        out = self._call("deep_model_back", AL, Y, [r_layer_cache(c) for c in caches], input_grad=input_grad)
        return expect_params(out, "deep_model_back()")

    def update_parameters(self, parameters, grads, learning_rate):
        return expect_params(self._call("update_parameters", parameters, grads, learning_rate),
                             "update_parameters()")

    # -- training, prediction, data ------------------------------------------------
    def dense_nn(self, X, Y, layers_dims, learning_rate=R_DEFAULT, num_iterations=R_DEFAULT, print_cost=R_DEFAULT,
                 seed=R_DEFAULT, init=R_DEFAULT):
        out = self._call("dense_nn", X, Y, list(layers_dims), learning_rate=learning_rate,
                         num_iterations=num_iterations, print_cost=print_cost, seed=seed, init=init)
        params, costs = expect_fields(out, "dense_nn()", ("parameters", "costs"))
        return expect_params(params, "dense_nn()$parameters"), expect_costs(costs, "dense_nn()$costs")

    def predict_labels(self, X, y, parameters):
        p, acc = expect_fields(self._call("predict_labels", X, y, parameters), "predict_labels()", ("p", "accuracy"))
        return expect_array(p, "predict_labels()$p", ndim=2), (None if acc is None else
                                                                expect_number(acc, "predict_labels()$accuracy"))

    def train_test_split(self, *arrays, test_size=R_DEFAULT, random_state=R_DEFAULT):
        out = self._call("train_test_split", *arrays, test_size=test_size, random_state=random_state)
        if not isinstance(out, list):
            raise RShapeError(f"R's train_test_split(): expected an unnamed list, got {_typename(out)}")
        return out

    def flatten_images(self, images):
        return expect_array(self._call("flatten_images", images), "flatten_images()", ndim=2)

    def labels_to_row(self, y):
        return expect_array(self._call("labels_to_row", y), "labels_to_row()", ndim=2)

    def create_dataset(self, path, size=R_DEFAULT, labels=R_DEFAULT, *, progress=R_DEFAULT, warn=R_DEFAULT,
                       cache=R_DEFAULT, workers=R_DEFAULT):
        """R's create_dataset as a namespace with the attributes of Python's Dataset (X, y, files,
        skipped as (file, reason) tuples, ignored_folders, cache); unpacks as ``X, y``."""
        if isinstance(labels, dict):
            labels = self.named_numbers(labels)
        if cache is not R_DEFAULT and not isinstance(cache, (bool, np.bool_)):
            cache = str(cache)
        out = self._call("create_dataset", str(path), size=size, labels=labels, progress=progress, warn=warn,
                         cache=cache, workers=workers)
        skipped = out.get("skipped") or {}
        files = skipped.get("file") or []
        reasons = skipped.get("reason") or []
        ns = RDataset(X=out["X"], y=out["y"], files=list(out["files"] or []), skipped=list(zip(files, reasons)),
                      ignored_folders=list(out.get("ignored_folders") or []),
                      cache=out.get("cache"), raw=out)
        return ns

    def named_numbers(self, d):
        """A Python dict of numbers as an R named double vector (``c(Cat = 1, Dog = 0)``)."""
        ri = self.bridge._ri
        vec = ri.FloatSexpVector([float(v) for v in d.values()])
        vec.do_slot_assign("names", ri.StrSexpVector([str(k) for k in d]))
        return RObject(vec)

    # -- engine -----------------------------------------------------------------
    def forward_backward(self, X, Y, parameters, block_size=R_DEFAULT):
        cost, grads = expect_fields(self._call("forward_backward", X, Y, parameters, block_size=block_size),
                                    "forward_backward()", ("cost", "grads"))
        return expect_number(cost, "forward_backward()$cost"), expect_params(grads, "forward_backward()$grads")

    def default_block_size(self, n0, dtype=R_DEFAULT):
        if dtype is not R_DEFAULT:
            dtype = np.dtype(dtype).name  # R names the type: "float64" / "float32"
        return expect_whole(self._call("default_block_size", n0, dtype=dtype), "default_block_size()")

    def update_rule(self, name=R_DEFAULT, learning_rate=R_DEFAULT, beta=R_DEFAULT, beta1=R_DEFAULT, beta2=R_DEFAULT,
                    epsilon=R_DEFAULT):
        # ``name`` goes positionally: call_raw's own first parameter is called name
        args = [] if name is R_DEFAULT else [name]
        kwargs = {k: v for k, v in (("learning_rate", learning_rate), ("beta", beta), ("beta1", beta1),
                                    ("beta2", beta2), ("epsilon", epsilon)) if v is not R_DEFAULT}
        try:
            sexp = self.bridge.call_raw("update_rule", *args, **kwargs)
        except RError as exc:
            raise _converted_error(exc) from None
        return RRule(self, sexp)

    def engine_fit(self, X, Y, layers_dims, learning_rate=R_DEFAULT, num_iterations=R_DEFAULT, print_cost=R_DEFAULT,
                   seed=R_DEFAULT, init=R_DEFAULT, *, rule=R_DEFAULT, parameters=R_DEFAULT, rule_state=R_DEFAULT,
                   cost_every=R_DEFAULT, callback=R_DEFAULT, start_iteration=R_DEFAULT, checkpoint=R_DEFAULT,
                   checkpoint_every=R_DEFAULT, fused=R_DEFAULT, block_size=R_DEFAULT, dtype=R_DEFAULT,
                   threads=R_DEFAULT):
        if dtype is not R_DEFAULT:
            raise TypeError("engine_fit: dtype is Python only (R computes in double)")
        if rule is not R_DEFAULT and rule is not None and not isinstance(rule, RObject):
            raise TypeError("engine_fit: give R an R rule (r.update_rule(...)), not a Python one")
        if callback not in (R_DEFAULT, None):
            callback = RObject(self._callback(callback))
        if checkpoint not in (R_DEFAULT, None):
            checkpoint = RObject(self._checkpoint(checkpoint))
        out = self._call("engine_fit", X, Y, list(layers_dims), learning_rate=learning_rate,
                         num_iterations=num_iterations, print_cost=print_cost, seed=seed, init=init, rule=rule,
                         parameters=parameters, rule_state=rule_state, cost_every=cost_every, callback=callback,
                         start_iteration=start_iteration, checkpoint=checkpoint, checkpoint_every=checkpoint_every,
                         fused=fused, block_size=block_size, threads=threads)
        params, costs = expect_fields(out, "engine_fit()", ("parameters", "costs"))
        return expect_params(params, "engine_fit()$parameters"), expect_costs(costs, "engine_fit()$costs")

    def _callback(self, fn):
        b = self.bridge

        def cb(i, cost):
            return fn(expect_whole(i, "callback's i"), expect_number(cost, "callback's cost"))

        return b.function_to_r(cb, convert=b.to_py)

    def _checkpoint(self, fn):
        b = self.bridge

        def ck(done, parameters, costs, rule_state=None):
            return fn(expect_whole(done, "checkpoint's iterations_done"), expect_params(parameters, "checkpoint's parameters"),
                      expect_costs(costs, "checkpoint's costs"),
                      _state(rule_state if rule_state is not None else [], "checkpoint's rule_state"))

        return b.function_to_r(ck, convert=b.to_py)

    # -- epochs engine (issue 13) ------------------------------------------------------------
    def engine_fit_epochs(self, X, Y, layers_dims, rule=R_DEFAULT, epochs=R_DEFAULT, batch_size=R_DEFAULT,
                          seed=R_DEFAULT, init=R_DEFAULT, lr_schedule=R_DEFAULT, lr_decay=R_DEFAULT,
                          lr_interval=R_DEFAULT, l2=R_DEFAULT, keep_prob=R_DEFAULT, X_val=R_DEFAULT, Y_val=R_DEFAULT,
                          patience=R_DEFAULT, print_cost=R_DEFAULT, fused=R_DEFAULT, resume=R_DEFAULT,
                          checkpoint=R_DEFAULT, checkpoint_every=R_DEFAULT, callback=R_DEFAULT, threads=R_DEFAULT):
        """R's engine_fit_epochs -> ``(parameters, history)`` shaped like Python's (history lists of
        float, ``epoch`` of int, ``best_epoch`` int or None). ``resume`` takes a Python-shaped state;
        ``checkpoint(state)`` and a stopped run's ``exc.state`` get Python-shaped states
        (:meth:`epoch_state_to_py`); ``callback(epoch, batch, cost)`` gets int, int, float."""
        if rule is not R_DEFAULT and rule is not None and not isinstance(rule, RObject):
            raise TypeError("engine_fit_epochs: give R an R rule (r.update_rule(...)), not a Python one")
        if callback not in (R_DEFAULT, None):
            fn = callback
            callback = RObject(self.bridge.function_to_r(
                lambda e, b, cost: fn(expect_whole(e, "callback's epoch"), expect_whole(b, "callback's batch"),
                                      expect_number(cost, "callback's cost")), convert=self.bridge.to_py))
        if checkpoint not in (R_DEFAULT, None):
            ck = checkpoint
            checkpoint = RObject(self.bridge.function_to_r(lambda state: ck(self.epoch_state_to_py(state)),
                                                           convert=self.bridge.to_py))
        if resume not in (R_DEFAULT, None):
            resume = self.epoch_state_to_r(resume)
        try:
            out = self._call("engine_fit_epochs", X, Y, list(layers_dims), rule=rule, epochs=epochs,
                             batch_size=batch_size, seed=seed, init=init, lr_schedule=lr_schedule, lr_decay=lr_decay,
                             lr_interval=lr_interval, l2=l2, keep_prob=keep_prob, X_val=X_val, Y_val=Y_val,
                             patience=patience, print_cost=print_cost, fused=fused, resume=resume,
                             checkpoint=checkpoint, checkpoint_every=checkpoint_every, callback=callback,
                             threads=threads)
        except RTrainingStopped as exc:
            if "state" in exc.fields:
                exc.fields["state"] = self.epoch_state_to_py(exc.fields["state"])
                exc.state = exc.fields["state"]
            for key in ("epoch", "batch"):
                if key in exc.fields:
                    exc.fields[key] = expect_whole(exc.fields[key], f"condition${key}")
                    setattr(exc, key, exc.fields[key])
            raise
        params, history = expect_fields(out, "engine_fit_epochs()", ("parameters", "history"))
        return expect_params(params, "engine_fit_epochs()$parameters"), _epoch_history(history,
                                                                                       "engine_fit_epochs()$history")

    def epoch_state_to_py(self, x, what="state"):
        """An R epochs state (converted by the bridge) -> Python's state dict (ints, float lists)."""
        keys = ("epoch", "batch", "parameters", "rule_state", "partial", "history", "best_epoch",
                "best_parameters", "wait")
        (epoch, batch, parameters, rule_state, partial, history, best_epoch, best_parameters,
         wait) = expect_fields(x, what, keys)
        return {"epoch": expect_whole(epoch, f"{what}$epoch"), "batch": expect_whole(batch, f"{what}$batch"),
                "parameters": expect_params(parameters, f"{what}$parameters"),
                "rule_state": _state(rule_state if rule_state is not None else [], f"{what}$rule_state"),
                "partial": expect_costs(partial, f"{what}$partial"),
                "history": _epoch_history(history, f"{what}$history", best=False),
                "best_epoch": None if best_epoch is None else expect_whole(best_epoch, f"{what}$best_epoch"),
                "best_parameters": None if best_parameters is None else expect_params(best_parameters,
                                                                                      f"{what}$best_parameters"),
                "wait": expect_whole(wait, f"{what}$wait")}

    def epoch_state_to_r(self, state):
        """Python's state dict -> an R state (history and partial as double vectors, even when empty)."""
        out = dict(state)
        out["partial"] = np.asarray(state["partial"], dtype=np.float64)
        out["history"] = {k: np.asarray(v, dtype=np.float64) for k, v in state["history"].items()}
        return out

    # -- model files ----------------------------------------------------------------
    def save_model(self, path, parameters, meta=R_DEFAULT):
        if meta is not R_DEFAULT:
            meta = dict(meta)
            if isinstance(meta.get("labels"), dict):
                meta["labels"] = self.named_numbers(meta["labels"])
        self._call("save_model", str(path), parameters, meta=meta)

    def load_model(self, path):
        """(parameters, meta) like Python's load_model: strings as str, one number as a Python number
        (R stores whole numbers as doubles: seed 7 comes back as 7.0), several as a list, labels a dict."""
        try:
            raw = self.bridge.call_raw("load_model", str(path))
        except RError as exc:
            raise _converted_error(exc) from None
        b = self.bridge
        params, _ = expect_fields(b.to_py(raw), "load_model()", ("parameters", "meta"))
        meta_sexp = raw.rx2("meta")
        meta = {}
        for name, value in zip(meta_sexp.names, meta_sexp):
            if name == "labels":
                meta[name] = dict(zip(value.names, (v for v in b.to_py(value).tolist())))
            elif name in ("rule_state", "standardizer"):
                meta[name] = b.to_py(value)
            elif name == "optimizer_hyper":
                hyper = b.to_py(value) if len(value) else {}
                meta[name] = {k: float(np.asarray(v).ravel()[0]) for k, v in dict(hyper).items()}
            else:
                v = b.to_py(value)
                if isinstance(v, list) and len(v) == 1:
                    meta[name] = v[0]
                elif isinstance(v, np.ndarray) and name not in LIST_META_KEYS:
                    meta[name] = expect_number(v, f"load_model()$meta${name}", "integer" if v.dtype.kind == "i" else
                                               "double")
                elif isinstance(v, np.ndarray):
                    meta[name] = v.tolist()
                else:
                    meta[name] = v
        return expect_params(params, "load_model()$parameters"), meta

    def model_to_lines(self, parameters, meta):
        meta = dict(meta)
        if isinstance(meta.get("labels"), dict):
            meta["labels"] = self.named_numbers(meta["labels"])
        return self._call("model_to_lines", parameters, meta)


def _epoch_history(x, what, best=True):
    """R's epochs history -> Python's: lists of float, ``epoch`` a list of int, ``best_epoch`` int/None."""
    keys = ("epoch", "cost", "accuracy", "val_cost", "val_accuracy") + (("best_epoch",) if best else ())
    values = expect_fields(x, what, keys)
    out = {"epoch": [expect_whole(np.array([v]), f"{what}$epoch") for v in expect_costs(values[0], f"{what}$epoch")]}
    for k, v in zip(keys[1:5], values[1:5]):
        out[k] = expect_costs(v, f"{what}${k}")
    if best:
        out["best_epoch"] = None if values[5] is None else expect_whole(values[5], f"{what}$best_epoch")
    return out


class RDataset(SimpleNamespace):
    """R's create_dataset result with the attributes of Python's Dataset."""

    def __iter__(self):
        yield self.X
        yield self.y


def _converted_error(exc: RError) -> RError:
    """RError -> RTrainingStopped with Python-typed fields for a stopped training run."""
    if not exc.has_class("nnscratch_training_stopped"):
        return exc
    cls = (RTrainingDiverged if exc.has_class("nnscratch_diverged") else
           RTrainingInterrupted if exc.has_class("nnscratch_interrupted") else RTrainingStopped)
    fields = dict(exc.fields)
    fields["iteration"] = expect_whole(fields.get("iteration"), "condition$iteration")
    fields["parameters"] = expect_params(fields.get("parameters"), "condition$parameters")
    fields["costs"] = expect_costs(fields.get("costs"), "condition$costs")
    if "rule_state" in fields:  # absent stays absent: a test comparing it then says so
        fields["rule_state"] = _state(fields["rule_state"] if fields["rule_state"] is not None else [],
                                      "condition$rule_state")
    return cls(exc.message, exc.classes, fields)
