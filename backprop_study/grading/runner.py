"""The parent side of grading: a warm worker process, jobs sent to it, results waited for.

A `Runner` hands jobs to a worker (`worker.py`) and waits for each with a
time limit and an optional cancel event. It is thread-safe. Two kinds of worker:

- private (`shared=False`, what the TUI and the engine API use by default):
  started at once, so it imports NumPy and pytest while the caller does other
  things, and stopped with the runner. The TUI keeps one for the app's life, so
  a re-grade costs one fork.
- shared (`shared=True`, what `study check` uses): one warm worker per user and
  code version, listening on a Unix socket in a private folder
  (`$STUDY_WORKER_DIR`, default `<tmp>/backprop-study-<uid>`, mode 0700). The
  first command starts it; later ones connect and only pay for a fork. It leaves
  after `SHARED_IDLE` seconds unused; a change to the package, the solutions,
  NumPy or pytest gives a new fingerprint and so a new worker. Every job carries
  the caller's environment. `STUDY_SHARED_WORKER=0` switches it off; when the
  folder is not safe or the worker cannot be started, a private one is used.

If a worker dies or stops answering it is killed (with every child it started)
and the next job starts a fresh one. `Runner.run` returns a `RawOutcome`: how
the child ended plus its job folder; `result.py` turns that into an
`ExerciseResult`.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from backprop_study.grading import sandbox

# How long past a job's own time limit the parent waits before it gives up on the worker.
WORKER_GRACE = 5.0


@dataclass
class RawOutcome:
    job_dir: Path
    exitcode: int | None = None
    signal: int | None = None
    killed: str | None = None  # "timeout", "cancelled", or "worker" (the worker itself failed)
    elapsed: float = 0.0


@dataclass
class _Pending:
    id: int
    job_dir: Path
    timeout: float
    done: threading.Event = field(default_factory=threading.Event)
    started_at: float | None = None
    pid: int | None = None
    outcome: RawOutcome | None = None
    connection: _Connection | None = None  # the worker it was sent to


class _Connection:
    """A line-based channel to a worker: the pipes of a private one, or a shared one's socket."""

    def __init__(self, *, process: subprocess.Popen[bytes] | None = None, sock: socket.socket | None = None) -> None:
        self.process = process
        self.sock = sock
        self.reader: IO[bytes] = process.stdout if process is not None else sock.makefile("rb")  # type: ignore[union-attr,assignment]

    @property
    def worker_pid(self) -> int | None:
        if self.process is not None:
            return self.process.pid
        try:
            creds = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))  # type: ignore[union-attr]
        except OSError:
            return None
        return struct.unpack("3i", creds)[0]

    def send(self, data: bytes) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.write(data)
            self.process.stdin.flush()
        else:
            self.sock.sendall(data)  # type: ignore[union-attr]

    def hang_up(self) -> None:
        """End our side: the worker kills what it runs for us (and a private one exits)."""
        with contextlib.suppress(OSError):
            if self.process is not None:
                assert self.process.stdin is not None
                self.process.stdin.close()
            else:
                self.sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]

    def wait_closed(self, timeout: float) -> bool:
        if self.process is None:
            return True
        try:
            self.process.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def kill(self) -> None:
        """The worker stopped answering: kill it outright (a shared one too; the next `study` starts another)."""
        pid = self.worker_pid
        self.hang_up()
        if pid is not None:
            sandbox.kill_group(pid)
        if self.process is not None:
            self.process.wait()


class Runner:
    """Sends grading jobs to a worker and waits for them.

    `shared=False` (the TUI, tests): a private worker, started now, ending with us.
    `shared=True` (the CLI): a shared warm worker on a Unix socket, started by the
    first `study check` and used by the next ones until it has been idle for a
    while; if it cannot be reached or started, a private worker is used instead.
    """

    def __init__(self, *, jobs: int = 1, python: str | None = None, shared: bool = False) -> None:
        self.jobs = max(1, jobs)
        self.python = python or sys.executable
        self.shared = shared and shared_workers_enabled()
        self.tmp = Path(tempfile.mkdtemp(prefix="study-grading-"))
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}
        self._connection: _Connection | None = None
        self._closed = False
        self._start_worker()

    # -- worker life ---------------------------------------------------------
    def _start_worker(self) -> None:
        connection = None
        if self.shared:
            connection = connect_shared_worker(self.python)
            if connection is None:
                self.shared = False  # fall back for the rest of this runner's life
        if connection is None:
            connection = self._start_private_worker()
        self._connection = connection
        threading.Thread(target=self._read_replies, args=(connection,), daemon=True, name="grading-replies").start()

    def _start_private_worker(self) -> _Connection:
        stderr = open(self.tmp / "worker-stderr.txt", "ab")  # noqa: SIM115 - handed to the child
        try:
            process = subprocess.Popen(
                [self.python, "-P", "-m", "backprop_study.grading.worker", "--jobs", str(self.jobs)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=sandbox.child_environment(),
                cwd=self.tmp,
                start_new_session=True,  # Ctrl-C in the terminal is for us, not for it
            )
        finally:
            stderr.close()
        return _Connection(process=process)

    def _read_replies(self, connection: _Connection) -> None:
        with contextlib.suppress(OSError, ValueError):
            for line in connection.reader:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                with self._lock:
                    pending = self._pending.get(message.get("id"))
                if pending is None or pending.connection is not connection:
                    continue
                if message["event"] == "started":
                    pending.started_at = time.monotonic()
                    pending.pid = message["pid"]
                elif message["event"] == "done":
                    pending.outcome = RawOutcome(
                        pending.job_dir, message["exitcode"], message["signal"], message["killed"], message["elapsed"]
                    )
                    pending.done.set()
        # The worker is gone: everything still waiting on it gets an answer.
        with self._lock:
            orphans = [p for p in self._pending.values() if p.connection is connection and not p.done.is_set()]
            if self._connection is connection:
                self._connection = None
        for pending in orphans:
            pending.outcome = RawOutcome(pending.job_dir, killed="worker")
            pending.done.set()

    def _kill_worker(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
            children = [p.pid for p in self._pending.values() if p.pid and not p.done.is_set()]
        if connection is None:
            return
        for pid in children:
            sandbox.kill_group(pid)
        connection.kill()

    def _send(self, message: dict[str, Any], pending: _Pending | None = None) -> bool:
        """Write one request to the worker (starting one if needed); False if it could not be sent."""
        with self._lock:
            if self._connection is None:
                if self._closed:
                    return False
                self._start_worker()
            connection = self._connection
            if pending is not None:
                pending.connection = connection
        assert connection is not None
        try:
            with self._write_lock:  # requests from several threads must not interleave
                connection.send((json.dumps(message) + "\n").encode())
            return True
        except (OSError, ValueError):
            return False

    # -- jobs ----------------------------------------------------------------
    def submit(self, job: dict[str, Any]) -> _Pending:
        """Queue one job (a dict for `child.run`); its folder is made here."""
        job_id = next(self._ids)
        job_dir = self.tmp / f"job-{job_id}"
        job_dir.mkdir()
        pending = _Pending(job_id, job_dir, float(job["timeout"]))
        with self._lock:
            self._pending[job_id] = pending
        # The child runs with our environment (a shared worker may have been started by another shell).
        request = {
            "op": "grade",
            "id": job_id,
            "job": {**job, "job_dir": str(job_dir), "env": sandbox.child_environment()},
        }
        if not self._send(request, pending):
            pending.outcome = RawOutcome(job_dir, killed="worker")
            pending.done.set()
        return pending

    def wait(self, pending: _Pending, cancel: threading.Event | None = None) -> RawOutcome:
        """Wait for a job; a set `cancel` kills its child at once."""
        cancel_sent_at: float | None = None
        while not pending.done.wait(0.02):
            now = time.monotonic()
            if cancel is not None and cancel.is_set() and cancel_sent_at is None:
                cancel_sent_at = now
                if not self._send({"op": "cancel", "id": pending.id}):
                    break
            stuck = cancel_sent_at is not None and now - cancel_sent_at > 2.0
            overdue = pending.started_at is not None and now - pending.started_at > pending.timeout + WORKER_GRACE
            if stuck or overdue:
                self._kill_worker()  # the worker stopped answering; the reader thread fails the job
                pending.done.wait(5)
                break
        with self._lock:
            self._pending.pop(pending.id, None)
        if pending.outcome is None:
            pending.outcome = RawOutcome(pending.job_dir, killed="worker")
        if cancel is not None and cancel.is_set() and pending.outcome.killed == "worker":
            pending.outcome.killed = "cancelled"
        return pending.outcome

    def run(self, job: dict[str, Any], cancel: threading.Event | None = None) -> RawOutcome:
        return self.wait(self.submit(job), cancel)

    def close(self) -> None:
        """Hang up (a private worker then stops, killing any child still running) and remove the job folders."""
        with self._lock:
            self._closed = True
            connection = self._connection
        if connection is not None:
            connection.hang_up()
            if not connection.wait_closed(timeout=2):
                self._kill_worker()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the shared worker ---------------------------------------------------------------------------

SHARED_ENV = "STUDY_SHARED_WORKER"  # "0" switches the shared worker off
SHARED_DIR_ENV = "STUDY_WORKER_DIR"  # where its socket lives (default: a private folder in the temp dir)
SHARED_IDLE = 600.0  # seconds unused before a shared worker leaves
SHARED_START_TIMEOUT = 20.0


def shared_workers_enabled() -> bool:
    return os.environ.get(SHARED_ENV, "1").strip().lower() not in ("0", "no", "off", "false")


def shared_worker_dir() -> Path | None:
    """A folder only we can use (0700, ours), or None when there is no safe one."""
    folder = Path(os.environ.get(SHARED_DIR_ENV) or Path(tempfile.gettempdir()) / f"backprop-study-{os.getuid()}")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def code_fingerprint(python: str) -> str:
    """Changes whenever the code a worker has loaded would differ: then a new worker is started."""
    import hashlib
    import importlib.util

    digest = hashlib.sha256(f"{python}\0{sys.version}\0{os.environ.get('PYTHONPATH', '')}".encode())
    # Every module of the engine, its packages included (a worker that kept an old checks/ or grading/
    # would grade with yesterday's code), the solutions, and the top of NumPy and pytest (a new version).
    trees = [Path(__file__).resolve().parent.parent]
    folders = []
    for name in ("backprop_study.solutions", "numpy", "pytest", "_pytest"):
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                folders.append(Path(spec.origin).parent)
    files = [path for tree in trees for path in tree.rglob("*.py")]
    files += [path for folder in folders for path in folder.glob("*.py")]
    for path in sorted(set(files)):
        with contextlib.suppress(OSError):
            info = path.stat()
            digest.update(f"{path}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
    return digest.hexdigest()[:16]


def _try_connect(path: Path) -> _Connection | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return _Connection(sock=sock)


def connect_shared_worker(python: str) -> _Connection | None:
    """Connect to the warm shared worker for this code, starting it if there is none."""
    folder = shared_worker_dir()
    if folder is None:
        return None
    key = code_fingerprint(python)
    path = folder / f"worker-{key}.sock"
    connection = _try_connect(path)
    if connection is not None:
        return connection
    # One `study` starts it; any other arriving meanwhile waits on the lock, then connects.
    with open(folder / f"worker-{key}.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            connection = _try_connect(path)
            if connection is not None:
                return connection
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # a stale socket from a worker that died
            log = os.open(folder / f"worker-{key}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                pid = os.posix_spawn(
                    python,
                    [python, "-P", "-m", "backprop_study.grading.worker", "--jobs", str(min(2, os.cpu_count() or 1)),
                     "--listen", str(path), "--idle", str(SHARED_IDLE)],
                    sandbox.child_environment(),
                    file_actions=[
                        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                        (os.POSIX_SPAWN_DUP2, log, 2),
                    ],
                    setsid=True,  # its own session: no terminal signals, and it outlives this command
                )  # fmt: skip
            except OSError:
                return None
            finally:
                os.close(log)
            deadline = time.monotonic() + SHARED_START_TIMEOUT
            while time.monotonic() < deadline:
                connection = _try_connect(path)
                if connection is not None:
                    return connection
                finished, _ = os.waitpid(pid, os.WNOHANG)
                if finished:
                    return None  # it failed to start; its log says why
                time.sleep(0.005)
            return None
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
