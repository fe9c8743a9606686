"""``nnscratch train``: load, split, train with the engine, write the model (R twin: R/cli-train.R).

Training runs through ``engine_fit`` with an update rule (``"gd"``); checkpoints
hold the rule's name and state, so ``--resume`` continues exactly.
"""
from __future__ import annotations

import math
import os
import signal
import sys
import time

from ..utils.format import quote_text
from .common import fail, path_join, print_data_summary, resolve_data

#: Largest --iterations (R's twin has the same bound and sentence): beyond it a run
#: would not end in a lifetime, and R could not hold the loop's counter.
ITERATIONS_MAX = 10**9
#: The lock of an output folder: a folder (made by one atomic mkdir) holding the owner's pid.
LOCK_NAME = ".nnscratch-lock"
#: A lock folder without a pid file this many seconds old is left over from a crash.
LOCK_GRACE_SECONDS = 60


def load_split(data, labels, size, test_size, seed, cache=True):
    """create_dataset -> train_test_split -> flatten: returns dict of X/Y train/test and the dataset."""
    from ..data.dataset import create_dataset
    from ..split import flatten_images, labels_to_row, train_test_split

    ds = create_dataset(data, size=size, labels=labels, warn=False, cache=cache)
    X, y = ds
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=test_size, random_state=seed)
    return {
        "dataset": ds,
        "X_train": flatten_images(X_tr), "Y_train": labels_to_row(y_tr),
        "X_test": flatten_images(X_te), "Y_test": labels_to_row(y_te),
    }


class InterruptRequests:
    """Ctrl-C (SIGINT) and SIGTERM during ``train``: both raise KeyboardInterrupt *and* are noted.

    Python raises a signal handler's exception at the next bytecode, which may be
    inside a weakref callback or a ``__del__`` (tqdm, threads): there it is
    printed as "Exception ignored" and lost, and the run would go on to the end.
    The note survives: training checks ``requested`` after every iteration
    (``raise_if_requested``) and stops there, so a signal is never lost. Python
    only (base R cannot catch SIGTERM; inst/nnscratch-r turns it into SIGINT).
    """

    def __init__(self):
        self.requested = False
        self.old = {}

    def __enter__(self):
        self.requested = False

        def handler(signum, frame):
            self.requested = True
            raise KeyboardInterrupt

        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                self.old[sig] = signal.signal(sig, handler)
            except ValueError:  # not the main thread
                pass
        return self

    def __exit__(self, *exc):
        for sig, old in self.old.items():
            signal.signal(sig, old)
        self.old = {}
        return False

    def raise_if_requested(self):
        """Raise the KeyboardInterrupt of a signal whose own exception was swallowed."""
        if self.requested:
            raise KeyboardInterrupt


#: The command line's one instance (``main`` enters it around ``cmd_train``).
INTERRUPTS = InterruptRequests()


def check_iterations(iterations):
    """--iterations at most ITERATIONS_MAX (the flag table checks it is positive)."""
    if iterations > ITERATIONS_MAX:
        raise ValueError("argument --iterations: must be at most %d; got %d" % (ITERATIONS_MAX, iterations))
    return iterations


class DeferredInterrupts:
    """Ctrl-C (SIGINT) and SIGTERM wait until the block has ended, so a file being saved is
    saved completely; then one KeyboardInterrupt is raised (when the block ended normally
    and ``raise_after`` is true). R twin: ``with_interrupts_deferred`` (base R's
    ``suspendInterrupts``). Outside the main thread signals cannot be handled: no effect.
    """

    def __init__(self, raise_after=True):
        self.raise_after = raise_after
        self.pending = False
        self.old = {}

    def __enter__(self):
        def note(signum, frame):
            self.pending = True
            INTERRUPTS.requested = True

        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                self.old[sig] = signal.signal(sig, note)
            except ValueError:  # not the main thread
                pass
        return self

    def __exit__(self, exc_type, exc, tb):
        for sig, old in self.old.items():
            signal.signal(sig, old)
        if self.pending and self.raise_after and exc_type is None:
            raise KeyboardInterrupt
        return False


def _pid_alive(pid):
    if pid == os.getpid():  # our own lock cannot be held by another process (a leftover of a crash)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists
        return True
    return True


def _lock_owner(lock):
    """The pid in a lock folder, or None when it has none (yet)."""
    try:
        with open(os.path.join(lock, "pid"), encoding="ascii") as fh:
            text = fh.read().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class OutLock:
    """The lock of an --out folder: ``OUT/.nnscratch-lock/pid`` (R twin: ``release_out``)."""

    def __init__(self, out, lock, created=False):
        self.out, self.lock, self.created = out, lock, created

    def release(self):
        """Remove the lock (when still ours), and the folder when this run created it and leaves it
        empty: a run refused after ``prepare_out`` leaves nothing behind."""
        if self.lock is None:
            return
        if _lock_owner(self.lock) == os.getpid():
            for f in (os.path.join(self.lock, "pid"), self.lock):
                try:
                    os.rmdir(f) if f == self.lock else os.unlink(f)
                except OSError:
                    pass
            if self.created:
                try:
                    os.rmdir(self.out)  # only an empty folder can be removed so
                except OSError:
                    pass
        self.lock = None


def _out_error(out, what, exc):
    return ValueError(f"--out {quote_text(out)} {what} ({exc.strerror or exc})")


def prepare_out(out):
    """Before anything is loaded: --out must be a folder that can be created and written, and
    no other training may write into it. Returns the folder's ``OutLock`` (release it at the end).

    The lock is the folder ``OUT/.nnscratch-lock`` (one ``mkdir``, atomic: of two runs only one
    creates it) with the owner's pid in ``pid``; a lock whose process is gone is taken over. The
    sentences are those of R's ``prepare_out``.
    """
    if out == "":
        raise ValueError("--out must not be empty")
    if os.path.lexists(out) and not os.path.isdir(out):
        raise ValueError(f"--out {quote_text(out)} is a file, not a folder")
    created = not os.path.isdir(out)  # removed again by OutLock.release if the run leaves it empty
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as exc:
        raise _out_error(out, "cannot be created", exc) from None
    lock = path_join(out, LOCK_NAME)
    for _ in range(5):
        try:
            os.mkdir(lock)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is None:
                try:
                    young = time.time() - os.stat(lock).st_mtime < LOCK_GRACE_SECONDS
                except OSError:
                    continue  # released meanwhile: try again
                if young:  # its owner is writing its pid
                    raise ValueError(_busy(out, lock, None)) from None
            elif _pid_alive(owner):
                raise ValueError(_busy(out, lock, owner)) from None
            # a stale lock: move it aside under a name of ours (only one process can), then remove it
            aside = f"{lock}.stale-{os.getpid()}"
            try:
                os.rename(lock, aside)
            except OSError:
                continue
            if _lock_owner(aside) != owner:  # another run took the lock meanwhile: give it back
                try:
                    os.rename(aside, lock)
                except OSError:
                    pass
                continue
            for f in (os.path.join(aside, "pid"), aside):
                try:
                    os.rmdir(f) if f == aside else os.unlink(f)
                except OSError:
                    pass
            continue
        except OSError as exc:
            raise _out_error(out, "is not writable", exc) from None
        try:
            with open(os.path.join(lock, "pid"), "x", encoding="ascii") as fh:
                fh.write(f"{os.getpid()}\n")
        except OSError as exc:
            try:
                os.rmdir(lock)
            except OSError:
                pass
            raise _out_error(out, "is not writable", exc) from None
        return OutLock(out, lock, created)
    raise ValueError(_busy(out, lock, _lock_owner(lock)))


def _busy(out, lock, pid):
    who = "another training" if pid is None else f"another training (process {pid})"
    return (f"--out {quote_text(out)} is in use by {who}; wait for it to end or choose another --out "
            f"(if no training runs there, remove {quote_text(lock)})")


def checkpoint_path(args):
    """The checkpoint file: ``--resume``'s argument, else ``OUT/checkpoint.txt`` (paths as typed)."""
    return args.resume if args.resume else path_join(args.out, "checkpoint.txt")


def absolute_path(path):
    """A path (the --data folder) as recorded in a checkpoint: absolute, ``.`` and ``..`` resolved as
    text (``os.path.abspath``; R's ``absolute_path`` gives the same). None when it cannot be written
    in a model file (a line break, or bytes that are not UTF-8)."""
    path = os.path.abspath(path)
    if "\n" in path or "\r" in path:
        return None
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return path


def fmt_setting(flag, value):
    if flag == "--data":
        return quote_text(value)
    if flag in ("--lr", "--test-size"):
        return "%g" % value
    if flag == "--hidden":
        return ",".join("%d" % h for h in value)
    if flag == "--labels":
        return ",".join(f"{name}={lab}" for name, lab in value)
    if flag in ("--init", "--optimizer"):
        return value
    return "%d" % value


def resume_settings(args):
    """With --resume: read the checkpoint and take the run's settings from it.

    Returns ``(path, parameters, meta)``; ``args`` gets the checkpoint's data
    folder and test size (when it records them: checkpoints written before
    they were recorded leave --data and --test-size as given), hidden widths,
    seed, init, learning rate, cost_every, image size and labels. A flag typed
    with another value than the checkpoint's is refused (ValueError naming the
    flag), even when that value is the flag's default: the run would silently
    not be the run it continues. Flags not typed are None here (their defaults
    are filled in afterwards).
    """
    from ..io.model import check_run_meta, load_model

    path = checkpoint_path(args)
    try:
        parameters, meta = load_model(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"--resume: no checkpoint at {path}") from None
    for key in ("seed", "init", "learning_rate", "iterations", "cost_every", "costs"):
        if key not in meta:
            raise ValueError(f"--resume: {path} is a model without {quote_text(key)}; it cannot be resumed")
    check_run_meta(meta, path)
    for key in ("learning_rate", "test_size"):
        if key in meta and not (meta[key] > 0 and math.isfinite(meta[key])):
            raise ValueError(f"--resume: {path} has a bad {quote_text(key)}; it cannot be resumed")
    if "test_size" in meta and not meta["test_size"] < 1:
        raise ValueError(f"--resume: {path} has a bad 'test_size'; it cannot be resumed")
    if "image_size" in meta and meta["image_size"] < 1:
        raise ValueError(f"--resume: {path} has a bad 'image_size'; it cannot be resumed")
    settings = run_settings(meta) + [
        ("--cost-every", "cost_every", meta["cost_every"], int),
        ("--optimizer", "optimizer", meta.get("update_rule", "gd"), str),
    ]
    for flag, attr, recorded, norm in settings:
        given = getattr(args, attr)  # None: not typed
        if recorded is None:
            continue  # an older checkpoint: the flag's value (typed or default) is used
        if given is not None and norm(given) != norm(recorded):
            raise ValueError(f"--resume: {flag} {fmt_setting(flag, norm(given))} conflicts with {path}, "
                             f"which has {flag} {fmt_setting(flag, norm(recorded))}; leave {flag} out "
                             "to continue that run")
        setattr(args, attr, dict(recorded) if attr == "labels" else recorded)
    return path, parameters, meta


def run_settings(meta):
    """The settings a checkpoint of either mode records about the data and the network, as
    ``(flag, attribute of args, the checkpoint's value or None, comparable form)``: --resume takes
    them from the checkpoint and refuses a typed flag that contradicts one."""
    labels = meta.get("labels")
    return [
        ("--data", "data", meta.get("data"), lambda v: v if v is None else absolute_path(v)),
        ("--test-size", "test_size", meta.get("test_size"), float),
        ("--hidden", "hidden", list(meta["architecture"][1:-1]), list),
        ("--lr", "lr", meta["learning_rate"], float),
        ("--seed", "seed", meta["seed"], int),
        ("--init", "init", meta["init"], str),
        ("--size", "size", meta.get("image_size"), int),
        ("--labels", "labels", labels, lambda v: list(v.items())),
    ]


def run_meta(args, layers, iterations_done, costs, rule, rule_state, data=None):
    """The model-file meta of this run after ``iterations_done`` steps (``data``: the --data folder,
    recorded absolute with the test size, so that --resume continues on the same split)."""
    return {"architecture": layers, "init": args.init, "seed": args.seed, "learning_rate": args.lr,
            "iterations": iterations_done, "image_size": args.size, "labels": args.labels,
            "created_by": "python", "cost_every": args.cost_every, "costs": costs,
            "update_rule": rule.name, "rule_state": rule_state,
            "optimizer_hyper": {k: float(v) for k, v in rule.hyper.items() if k != "learning_rate"} or None,
            "data": None if data is None else absolute_path(data), "test_size": float(args.test_size)}


def cmd_train(args):
    """``nnscratch train``: returns the exit status (0, 2 a file could not be written, 3 diverged,
    130 interrupted). --out is checked and locked before anything is loaded; checkpoint and
    final writes complete even when Ctrl-C or SIGTERM comes meanwhile (the interrupt is
    honoured once the files are complete)."""
    from ..io.atomic import AtomicWriteError

    from .flags import epochs_mode
    from .train_epochs import checkpoint_kind, train_epochs

    if args.iterations is not None:
        check_iterations(args.iterations)
    lock = prepare_out(args.out)
    try:
        kind = checkpoint_kind(args)
        if kind == "iterations" and (args.epochs is not None or args.batch_size is not None):
            raise ValueError(f"--resume: {checkpoint_path(args)} was trained full-batch (--iterations); leave "
                             "--epochs and --batch-size out to continue it")
        if kind == "epochs" and args.iterations is not None:
            raise ValueError(f"--resume: {checkpoint_path(args)} was trained by epochs; leave --iterations out "
                             "to continue it (--epochs gives the total)")
        if kind == "epochs" or (kind is None and epochs_mode(args)):
            return train_epochs(args)
        return _train(args)
    except AtomicWriteError as exc:
        return fail(str(exc))
    finally:
        lock.release()


def _train(args):
    from ..engine import TrainingDiverged, TrainingInterrupted, engine_fit
    from .train_epochs import hyper_args, rule_from_args, rule_text
    from ..io.costs import write_costs_csv
    from ..io.model import save_model
    from ..io.plot import write_cost_curve
    from ..predict import predict_labels

    from .flags import fill_train_defaults

    resume = resume_settings(args) if args.resume is not None else None
    fill_train_defaults(args, full_batch=True)
    data = resolve_data(args.data)
    t0 = time.perf_counter()
    d = load_split(data, args.labels, args.size, args.test_size, args.seed, cache=not args.no_cache)
    ds = d["dataset"]
    print_data_summary(data, ds, args.labels, time.perf_counter() - t0)
    m_tr, m_te = d["X_train"].shape[1], d["X_test"].shape[1]
    print("split: %d train, %d test (test_size %g, random_state %d)" % (m_tr, m_te, args.test_size, args.seed))
    layers = [int(d["X_train"].shape[0]), *args.hidden, 1]
    if resume is not None:  # the checkpoint's rule and hyper-parameters
        args.optimizer = resume[2].get("update_rule", "gd")
        for attr, value in hyper_args(resume[2].get("optimizer_hyper")).items():
            setattr(args, attr, value)
    rule = rule_from_args(args)
    print("network: %s, init %s, seed %d, learning rate %g, %d iterations%s"
          % (layers, args.init, args.seed, args.lr, args.iterations,
             "" if rule.name == "gd" else f", optimizer {rule_text(rule)}"))

    out = args.out
    ckpt_path = path_join(out, "checkpoint.txt")
    model_file, costs_file, curve_file = (path_join(out, f) for f in ("model.txt", "costs.csv", "cost_curve.png"))
    start, prior_costs, start_params, rule_state = 0, [], None, None
    if resume is not None:
        path, start_params, meta = resume
        if meta["architecture"] != layers:
            raise ValueError(f"--resume: {path} is for a network {meta['architecture']}, the data gives {layers}")
        start, prior_costs = meta["iterations"], list(meta["costs"])
        rule_state = meta.get("rule_state")
        print(f"resuming from {path} at iteration {start}")
        if start >= args.iterations:
            raise ValueError(f"--resume: {path} has already done {start} iterations "
                             f"(--iterations is {args.iterations})")

    def save_checkpoint(done, parameters, costs, state, raise_after=True):
        # Ctrl-C / SIGTERM while it is written: the checkpoint is completed first
        with DeferredInterrupts(raise_after=raise_after):
            save_model(ckpt_path, parameters, run_meta(args, layers, done, prior_costs + costs, rule, state, data))

    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=args.iterations, initial=start, desc="train", unit="it", file=sys.stdout,
                   dynamic_ncols=True, mininterval=0.2)

    def callback(i, cost):
        if bar is not None:
            bar.update(1)
            if i % args.cost_every == 0:
                bar.set_postfix(cost=f"{cost:.6f}", refresh=False)
        # a signal whose KeyboardInterrupt was swallowed stops the run here, after a whole iteration
        INTERRUPTS.raise_if_requested()

    t1 = time.perf_counter()
    try:
        parameters, costs = engine_fit(d["X_train"], d["Y_train"], layers, learning_rate=args.lr,
                                       num_iterations=args.iterations - start, seed=args.seed, init=args.init,
                                       rule=rule, parameters=start_params, rule_state=rule_state,
                                       cost_every=args.cost_every, callback=callback, start_iteration=start,
                                       checkpoint=save_checkpoint, checkpoint_every=args.checkpoint_every,
                                       threads=args.threads)
    except TrainingInterrupted as exc:
        if bar is not None:
            bar.close()
        # a second Ctrl-C while this checkpoint is written is ignored: the run is ending anyway
        save_checkpoint(exc.iteration, exc.parameters, exc.costs, exc.rule_state, raise_after=False)
        print(f"interrupted after {exc.iteration} iterations; saved {ckpt_path} "
              f"(continue with: nnscratch train --resume --out {out} --iterations {args.iterations})", file=sys.stderr)
        return 130
    except TrainingDiverged as exc:
        if bar is not None:
            bar.close()
        save_checkpoint(exc.iteration, exc.parameters, exc.costs, exc.rule_state, raise_after=False)
        print(f"nnscratch: error: {exc}; the last good parameters (iteration {exc.iteration}) are in {ckpt_path}",
              file=sys.stderr)
        return 3
    # From here on an interrupt waits until every output is written (then: status 130).
    with DeferredInterrupts():
        if bar is not None:
            bar.close()
        costs = prior_costs + costs
        train_time = time.perf_counter() - t1
        _, acc_tr = predict_labels(d["X_train"], d["Y_train"], parameters)
        _, acc_te = predict_labels(d["X_test"], d["Y_test"], parameters)
        print("final cost: %.6f (recorded at iteration %d), training took %.2f s"
              % (costs[-1], (len(costs) - 1) * args.cost_every, train_time))
        print("train accuracy: %.4f" % acc_tr)
        print("test accuracy: %.4f" % acc_te)

        save_model(model_file, parameters, run_meta(args, layers, args.iterations, costs, rule, None, data))
        write_costs_csv(costs_file, costs, args.cost_every)
        write_cost_curve(curve_file, costs, args.cost_every)
        try:
            os.unlink(ckpt_path)  # the finished model supersedes it
        except FileNotFoundError:
            pass
        print(f"wrote {model_file}, {costs_file}, {curve_file}")
    INTERRUPTS.raise_if_requested()  # one that came (and was swallowed) after the last iteration: status 130
    return 0
