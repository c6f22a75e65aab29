"""Fork server for debug-tts staged loads: imports heavy modules once, then forks one child per target.

Usage: python -B fork_server.py MODULE [MODULE ...]

Protocol, JSON lines. On stdout the server says {"type": "ready", "preloaded": [...], "importMs": N}
or {"type": "preload-failed", "module": M, "error": "..."} (and exits 3), then for each request it
read on stdin one {"type": "started", "id": ..., "pid": N} (or "fork-failed"), and when that child
ends {"type": "exit", "pid": N, "code": C, "signal": NAME-or-null}. A request is
{"id", "spec", "cwd", "env", "events", "stderr"}: the child connects to the two Unix sockets the
caller listens on, makes them its fd 1 and fd 2, takes the request's cwd and environment, and runs
stage_runner.main(spec) exactly as a fresh process would, only without paying the imports.

The server stays single-threaded (select + non-blocking waitpid) so that forking never copies a
lock held by another of its own threads. It does no torch work after the import: nothing it could
have initialised (CUDA, OpenMP pools) is inherited half-made. End of stdin ends the server.
"""
import json
import os
import select
import signal
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def say(event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def preload(modules):
    started = time.perf_counter()
    for name in modules:
        try:
            __import__(name)
        except BaseException as exc:  # noqa: BLE001 - a broken import means: use plain processes
            say({"type": "preload-failed", "module": name, "error": "%s: %s" % (type(exc).__name__, exc)})
            sys.exit(3)
    return round((time.perf_counter() - started) * 1000, 1)


def child(request):
    """Runs in the forked process; never returns."""
    code = 1
    try:
        os.setsid()  # its own process group: the caller kills the target's tree as it would a spawned one
        streams = []
        for path in (request["events"], request["stderr"]):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(path)
            streams.append(sock)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(streams[0].fileno(), 1)
        os.dup2(streams[1].fileno(), 2)
        for s in streams:
            s.close()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # sys.path was built from the server's PYTHONPATH at its start; honour the target's too.
        for entry in reversed([p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]):
            if entry not in sys.path:
                sys.path.insert(1, entry)
        import tempfile
        tempfile.tempdir = None  # re-read TMPDIR: the target's scratch folder, not the server's
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        import stage_runner
        stage_runner.reset_clock()
        stage_runner.main(request["spec"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int) and exc.code is not None:
            os.write(2, (str(exc.code) + "\n").encode())
    except BaseException:  # noqa: BLE001
        import traceback
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001
            pass
        os._exit(code)


def reap(children):
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        if os.WIFSIGNALED(status):
            num = os.WTERMSIG(status)
            try:
                name = signal.Signals(num).name
            except ValueError:
                name = str(num)
            say({"type": "exit", "pid": pid, "code": None, "signal": name})
        else:
            say({"type": "exit", "pid": pid, "code": os.WEXITSTATUS(status), "signal": None})


def serve():
    children = set()
    stdin = sys.stdin.buffer
    buffered = b""
    while True:
        ready, _, _ = select.select([stdin], [], [], 0.05)
        reap(children)
        if not ready:
            continue
        chunk = os.read(stdin.fileno(), 65536)
        if not chunk:
            break
        buffered += chunk
        while b"\n" in buffered:
            line, buffered = buffered.split(b"\n", 1)
            if not line.strip():
                continue
            request = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            try:
                pid = os.fork()
            except OSError as exc:
                say({"type": "fork-failed", "id": request.get("id"), "error": str(exc)})
                continue
            if pid == 0:
                child(request)
            children.add(pid)
            say({"type": "started", "id": request.get("id"), "pid": pid})
    # The caller is gone or done: wait for children still running so their exits are not lost.
    deadline = time.monotonic() + 5
    while children and time.monotonic() < deadline:
        reap(children)
        time.sleep(0.05)


def main():
    sys.path.insert(0, HERE)
    import stage_runner  # noqa: F401 - imported once here so children share it
    import dtts_common  # noqa: F401
    import_ms = preload(sys.argv[1:])
    say({"type": "ready", "pid": os.getpid(), "preloaded": sys.argv[1:], "importMs": import_ms})
    serve()


if __name__ == "__main__":
    main()
