"""Staged minimal model load for debug-tts: runs one target's stages and streams JSON-lines events.

Usage: python -B stage_runner.py SPEC.json   (or, forked from fork_server.py, stage_runner.main(SPEC))

The family module (families/<family>.py beside this file) defines one function per stage. Each
gets a Context and returns a dict of details, or raises Skip(reason). Events go to a private
copy of stdout; fd 1 is pointed at stderr so prints from model code cannot corrupt the stream.
A crash at stage k still leaves the events of stages before k with the Node side.
"""
import faulthandler
import importlib.util
import json
import keyword
import os
import signal
import sys
import time
import traceback

STAGES = ("preflight", "import", "config", "construct-minimal", "construct-full-meta",
          "load-weights", "load-voice", "synthesize")
HERE = os.path.dirname(os.path.abspath(__file__))
_T0 = time.monotonic()
Skip = None  # dtts_common.Skip, bound in main() once sys.path holds this folder
_jsonable = None  # dtts_common.jsonable, likewise


def _open_event_stream():
    event_fd = os.dup(1)
    os.dup2(2, 1)  # library prints now land on stderr
    sys.stdout = os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)
    return os.fdopen(event_fd, "w", buffering=1, encoding="utf-8")


def rss_bytes():
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def max_rss_bytes():
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except Exception:  # noqa: BLE001 - not on every platform
        return None


def cuda_max_reserved():
    torch = sys.modules.get("torch")
    if torch is None:
        return None
    try:
        if torch.cuda.is_available():
            return int(torch.cuda.max_memory_reserved())
    except Exception:  # noqa: BLE001
        return None
    return None


class Context:
    """What stages share: the target spec, and state earlier stages left for later ones."""

    def __init__(self, spec):
        self.spec = spec
        self.target = spec.get("target", {})
        self.state = {}

    def option(self, name, default=None):
        return self.target.get(name, default)


class Runner:
    def __init__(self, stream):
        self.stream = stream

    def emit(self, event):
        event["t"] = round((time.monotonic() - _T0) * 1000, 1)
        self.stream.write(json.dumps(event, default=repr) + "\n")
        self.stream.flush()

    def run_stage(self, name, fn, ctx, blocked):
        if blocked:
            self.emit({"type": "stage-end", "stage": name, "status": "skipped",
                       "skipReason": blocked, "skipKind": "after-failure", "durationMs": 0})
            return False
        rss_before = rss_bytes()
        self.emit({"type": "stage-start", "stage": name, "rss": rss_before})
        started = time.perf_counter()
        end = {"type": "stage-end", "stage": name, "rssBefore": rss_before}
        try:
            details = fn(ctx) or {}
            end.update(status="passed", details={k: _jsonable(v) for k, v in details.items()})
        except Skip as skip:
            end.update(status="skipped", skipReason=str(skip), skipKind=getattr(skip, "kind", "no-input"))
        except BaseException as exc:  # noqa: BLE001 - every failure is data for the report
            if isinstance(exc, KeyboardInterrupt):
                raise
            end.update(status="failed", error={
                "type": type(exc).__module__ + "." + type(exc).__qualname__
                if type(exc).__module__ not in ("builtins", "__main__") else type(exc).__qualname__,
                "message": str(exc),
                "traceback": traceback.format_exc(),
            })
            # A failure that carries data (e.g. a grouped state_dict diff) shows it as details.
            if isinstance(getattr(exc, "diff", None), dict):
                end["details"] = {k: _jsonable(v) for k, v in exc.diff.items() if not k.startswith("_")}
        end.update(durationMs=round((time.perf_counter() - started) * 1000, 1),
                   rssAfter=rss_bytes(), maxRss=max_rss_bytes(), cudaMaxReserved=cuda_max_reserved())
        self.emit(end)
        return end["status"] == "failed"


def load_family(name):
    path = os.path.join(HERE, "families", name.replace("-", "_") + ".py")
    spec = importlib.util.spec_from_file_location("debug_tts_family_" + name.replace("-", "_"), path)
    if spec is None or not os.path.exists(path):
        raise SystemExit("debug-tts: unknown family %r (no %s)" % (name, path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def torch_facts(runner):
    """When the target's own code imported torch, what torch says of itself (version, CUDA, MPS,
    threads), after the last stage so no stage's time or memory includes it: debug-tts then skips
    its separate `import torch` probe. Never imports torch itself."""
    torch = sys.modules.get("torch")
    if torch is None or not hasattr(torch, "__version__"):
        return
    try:
        path = os.path.join(HERE, "..", "..", "orchestrator", "python", "torch_probe.py")
        spec = importlib.util.spec_from_file_location("_dtts_torch_probe", path)
        probe = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(probe)
        runner.emit({"type": "torch", "facts": probe.facts(torch)})
    except Exception:  # noqa: BLE001 - debug-tts falls back to its own probe
        return


def reset_clock():
    """A fork-server child starts its own clock: event times count from the fork, not the server's start."""
    global _T0
    _T0 = time.monotonic()


def main(spec_path=None):
    global Skip, _jsonable
    faulthandler.enable()  # a segfault prints the Python stack to stderr before dying
    if hasattr(signal, "SIGUSR1"):
        # debug-tts sends SIGUSR1 to a stage past its time limit: every thread's stack shows where it waits.
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    with open(spec_path or sys.argv[1], encoding="utf-8") as fh:
        spec = json.load(fh)
    stream = _open_event_stream()
    runner = Runner(stream)
    sys.path.insert(0, HERE)
    # Families raise dtts_common.Skip: import it by module name so both sides share one class.
    from dtts_common import Skip, jsonable as _jsonable
    family = load_family(spec["family"])
    runner.emit({"type": "hello", "pid": os.getpid(), "python": sys.version.split()[0],
                 "family": spec["family"], "rss": rss_bytes()})
    ctx = Context(spec)
    ctx.emit = runner.emit  # families may add events of their own (introspection of the config class)
    only = set(spec.get("stages") or STAGES)
    blocked = None
    for name in STAGES:
        attr = name.replace("-", "_")
        fn = getattr(family, attr + "_" if keyword.iskeyword(attr) else attr, None)
        if name not in only:
            runner.emit({"type": "stage-end", "stage": name, "status": "skipped",
                         "skipReason": "not requested", "skipKind": "not-requested", "durationMs": 0})
            continue
        if fn is None:
            reason = getattr(family, "NOT_APPLICABLE", {}).get(name, "this family has no %s stage" % name)
            runner.emit({"type": "stage-end", "stage": name, "status": "skipped",
                         "skipReason": reason, "skipKind": "not-applicable", "durationMs": 0})
            continue
        refused = (ctx.target.get("blockedStages") or {}).get(name)
        if refused:
            runner.emit({"type": "stage-end", "stage": name, "status": "skipped",
                         "skipReason": refused, "skipKind": "refused", "durationMs": 0})
            continue
        if runner.run_stage(name, fn, ctx, blocked):
            blocked = "skipped because %s failed" % name
    torch_facts(runner)
    # Threads that are neither daemons nor finished keep this process (and the user's app) from
    # exiting; debug-tts kills the process after a short grace and reports them by name.
    import threading
    lingering = []
    for t in threading.enumerate():
        if t is threading.main_thread() or t.daemon or not t.is_alive():
            continue
        what = getattr(getattr(t, "_target", None), "__qualname__", None) or type(t).__qualname__
        lingering.append(t.name if what in (t.name, "Thread") else "%s (%s)" % (t.name, what))
    runner.emit({"type": "done", "maxRss": max_rss_bytes(), "threads": lingering})


if __name__ == "__main__":
    main()
