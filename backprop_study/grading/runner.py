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
  the caller's environment, so it is only sent to a socket that is ours: a socket
  file owned by us, with a process of our user listening (SO_PEERCRED).
  `STUDY_SHARED_WORKER=0` switches it off; when the folder is not safe, something
  other than our socket sits at its path, or the worker cannot be started, a
  private one is used. `shared_workers()` lists them and `stop_shared_workers()`
  ends them (`study worker status|stop`).

If a worker dies or stops answering it is killed (with every child it started)
and the next job starts a fresh one. A worker that refuses a job says why (an
"error" reply), and that job alone fails with the reason. `Runner.run` returns a
`RawOutcome`: how the child ended plus its job folder; `result.py` turns that
into an `ExerciseResult`. Job folders live in a `ScratchFolder` (scratch.py), so
a `study` killed with SIGKILL leaves none behind for long.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import select
import signal
import socket
import stat
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
from backprop_study.grading.scratch import ScratchFolder

# How long past a job's own time limit the parent waits before it gives up on the worker.
WORKER_GRACE = 5.0


@dataclass
class RawOutcome:
    job_dir: Path
    exitcode: int | None = None
    signal: int | None = None
    killed: str | None = None  # "timeout", "cancelled", or "worker" (the worker itself failed)
    elapsed: float = 0.0
    refused: str | None = None  # the worker's reason when it would not run the job


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
        self._scratch = ScratchFolder("study-grading")
        self.tmp = self._scratch.path
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
                except (ValueError, RecursionError):
                    continue
                if not isinstance(message, dict) or not isinstance(message.get("id"), int):
                    continue  # "ready", or nothing we asked for
                with self._lock:
                    pending = self._pending.get(message["id"])
                if pending is None or pending.connection is not connection:
                    continue
                event = message.get("event")
                if event == "started":
                    pending.started_at = time.monotonic()
                    pending.pid = _whole(message.get("pid"))
                elif event == "done":
                    killed = message.get("killed")
                    elapsed = message.get("elapsed")
                    pending.outcome = RawOutcome(
                        pending.job_dir,
                        _whole(message.get("exitcode")),
                        _whole(message.get("signal")),
                        killed if killed in ("timeout", "cancelled") else None,
                        float(elapsed) if isinstance(elapsed, int | float) and elapsed >= 0 else 0.0,
                    )
                    pending.done.set()
                elif event == "error":
                    reason = message.get("message")
                    reason = reason[:500] if isinstance(reason, str) and reason else "it gave no reason"
                    pending.outcome = RawOutcome(pending.job_dir, killed="worker", refused=reason)
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
        """Remove the job folders, then hang up (a private worker then stops, killing any child still running).

        The folders go first: a worker that sees a parent hang up with its folder still there takes the
        parent for dead and removes the folder itself (scratch.py)."""
        with self._lock:
            self._closed = True
            connection = self._connection
        self._scratch.close()
        if connection is not None:
            connection.hang_up()
            if not connection.wait_closed(timeout=2):
                self._kill_worker()

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
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
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


class _NotOurs(Exception):
    """Something other than our own worker's socket is at the socket's path: leave it alone."""


def _peer_uid(sock: socket.socket) -> int | None:
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    return struct.unpack("3i", creds)[1]


def _try_connect(path: Path) -> _Connection | None:
    """Our worker at `path`, or None when nothing answers there (no file, or a stale socket).

    Raises _NotOurs when the path holds anything but a socket of ours (a folder, a file, another
    user's socket) or the process listening runs as someone else: the job would carry our environment.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _NotOurs(str(exc)) from None
    if not stat.S_ISSOCK(info.st_mode) or info.st_uid != os.getuid():
        raise _NotOurs(f"{path} is not a socket of ours")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    if _peer_uid(sock) != os.getuid():
        sock.close()
        raise _NotOurs(f"the process listening at {path} runs as another user")
    return _Connection(sock=sock)


def connect_shared_worker(python: str) -> _Connection | None:
    """Connect to the warm shared worker for this code, starting it if there is none.

    None (use a private worker) when there is no safe folder, something that is not our socket sits
    at the socket's path, or the worker cannot be started."""
    folder = shared_worker_dir()
    if folder is None:
        return None
    key = code_fingerprint(python)
    try:
        return _connect_or_start(python, folder, key)
    except (OSError, _NotOurs):
        return None


def _connect_or_start(python: str, folder: Path, key: str) -> _Connection | None:
    path = folder / f"worker-{key}.sock"
    connection = _try_connect(path)
    if connection is not None:
        return connection
    # One `study` starts it; any other arriving meanwhile waits on the lock, then connects.
    lock_fd = os.open(folder / f"worker-{key}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with open(lock_fd, "r+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            connection = _try_connect(path)
            if connection is not None:
                return connection
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # a stale socket from a worker that died (_try_connect checked it is one of ours)
            log = os.open(
                folder / f"worker-{key}.log",
                os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
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


def _whole(value: Any) -> int | None:
    """An int from a reply, or None for anything else (a bool is not a number here)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# -- seeing and stopping shared workers (`study worker status|stop`) -------------------------------


@dataclass(frozen=True)
class SharedWorker:
    socket: Path
    pid: int | None  # None when nothing answers at the socket (a stale socket file)
    current: bool  # started from this installation's code (its fingerprint matches)
    idle_limit: float  # seconds unused before it leaves (SHARED_IDLE)


def _ask_status(connection: _Connection, timeout: float = 2.0) -> dict[str, Any]:
    """The worker's own account of itself; {} from a worker too old to give one."""
    assert connection.sock is not None
    connection.sock.settimeout(timeout)
    try:
        connection.send(b'{"op": "status"}\n')
        for _ in range(10):  # "ready" comes first
            line = connection.reader.readline()
            if not line:
                break
            with contextlib.suppress(ValueError, RecursionError):
                message = json.loads(line)
                if isinstance(message, dict) and message.get("event") == "status":
                    return message
    except OSError:
        pass
    return {}


def shared_workers() -> list[SharedWorker]:
    """Every shared worker socket in our folder: live workers with their pid, and stale socket files."""
    folder = shared_worker_dir()
    if folder is None:
        return []
    current = f"worker-{code_fingerprint(sys.executable)}.sock"
    found = []
    for path in sorted(folder.glob("worker-*.sock")):
        try:
            connection = _try_connect(path)
        except _NotOurs:
            continue
        pid, idle = None, SHARED_IDLE
        if connection is not None:
            status = _ask_status(connection)
            pid = connection.worker_pid  # the kernel's word (SO_PEERCRED), not the worker's own
            if isinstance(status.get("idle"), int | float):
                idle = float(status["idle"])
            connection.hang_up()
            connection.sock.close()  # type: ignore[union-attr]
        found.append(SharedWorker(path, pid, path.name == current, idle))
    return found


def stop_shared_workers(grace: float = 2.0) -> int:
    """Stop every live shared worker (SIGTERM, then SIGKILL after `grace` seconds) and remove stale
    sockets; returns how many were running."""
    workers = shared_workers()
    live = [worker for worker in workers if worker.pid is not None]
    handles = {}
    for worker in live:
        with contextlib.suppress(OSError):
            handles[worker.pid] = os.pidfd_open(worker.pid)  # waits on this very process, not a reused pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(worker.pid, signal.SIGTERM)  # it kills its jobs and removes its socket
    deadline = time.monotonic() + grace
    for worker in live:
        handle = handles.get(worker.pid)
        if handle is None:
            continue
        try:
            ended = select.poll()
            ended.register(handle, select.POLLIN)  # a pidfd is readable once its process has exited
            if not ended.poll(max(deadline - time.monotonic(), 0) * 1000):
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(handle, signal.SIGKILL)
        finally:
            os.close(handle)
    for worker in workers:
        with contextlib.suppress(_NotOurs, OSError):
            connection = _try_connect(worker.socket)
            if connection is None:  # nothing answers (any more): a stale file
                worker.socket.unlink(missing_ok=True)
            else:  # a worker started meanwhile by another `study`: it is not ours to stop
                connection.sock.close()  # type: ignore[union-attr]
    return len(live)
