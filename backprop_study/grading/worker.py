"""The warm grading worker: `python -P -m backprop_study.grading.worker --jobs N [--listen SOCKET --idle S]`.

It imports NumPy and pytest once, then forks one fresh child per grading job
(`child.run`), so every exercise is graded in its own process without
paying for those imports again. It runs no learner code itself, and it is
single-threaded, which is what makes forking safe.

Protocol, one JSON object per line.
  In (stdin):   {"op": "grade", "id": ..., "job": {...}}   {"op": "cancel", "id": ...}   {"op": "status"}
  Out (stdout): {"event": "ready"}
                {"event": "started", "id": ..., "pid": ...}
                {"event": "done", "id": ..., "exitcode": int|null, "signal": int|null,
                 "killed": null|"timeout"|"cancelled", "elapsed": seconds}
                {"event": "status", "pid": ..., "idle": seconds, "running": n, "queued": n}
                {"event": "error", "id": ...|null, "message": "..."}
End of stdin means the parent is gone: every child is killed and the worker exits.
With --listen it serves any number of parents on a Unix socket instead (same
protocol per connection; a closed connection kills that parent's jobs) and
leaves after --idle seconds unused (a connection that only asked for its status
does not count as use), or at SIGTERM (`study worker stop`).

Any process of the user can reach a shared worker, so every request is checked
(`parse_request`) before anything acts on it: a malformed one is answered with
an "error" event naming the problem, and the worker carries on serving everyone
else (a line longer than `MAX_REQUEST` bytes too: the rest of it is read and
dropped as it comes). A parent that hangs up while its scratch folder is still
there was killed: the folder is removed once its lock is free (scratch.py).

Time limits are enforced twice: the child's own alarm (which records the stack)
and, a little later, a SIGKILL from here in case the child cannot run its alarm.
The worker is a child subreaper (`sandbox.become_subreaper`): whatever a job
started, even in a new session, becomes the worker's child once the job's own
process has ended, and is killed then (`sandbox.end_orphans`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backprop_study.grading import sandbox, scratch

# Seconds past the child's own alarm before the worker kills it outright.
HARD_KILL_GRACE = 1.5
# Seconds a killed parent's scratch folder is watched for its lock to be released.
LEFTOVER_PATIENCE = 5.0
# The longest request line: a job carries the asking shell's environment, a few kilobytes as a rule.
MAX_REQUEST = 4 * 1024 * 1024
MAX_TIMEOUT = 3600.0  # seconds: what `study check --timeout` allows
MAX_CLIENTS = 1000  # connections served at once (each `study check` holds one while it runs)


class BadRequest(ValueError):
    """A request the worker will not act on; its text says why, for the error reply."""


def _field(job: dict[str, Any], name: str, kind: Any, check: Any = None, what: str = "") -> Any:
    value = job.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) or (check is not None and not check(value)):
        raise BadRequest(f"`job.{name}` must be {what}")
    return value


def _absolute(value: str) -> bool:
    return value.startswith("/") and "\0" not in value and len(value) < 4096


def parse_request(message: Any) -> tuple[str, Any, dict[str, Any] | None]:
    """(op, id, job) from one decoded request line, or BadRequest saying what is wrong with it."""
    if not isinstance(message, dict):
        raise BadRequest("a request must be a JSON object")
    op = message.get("op")
    if op == "status":
        return "status", None, None
    if op not in ("grade", "cancel"):
        raise BadRequest('`op` must be "grade", "cancel" or "status"')
    job_id = message.get("id")
    if isinstance(job_id, bool) or not isinstance(job_id, int | str) or len(str(job_id)) > 100:
        raise BadRequest("`id` must be a number or a short text")
    if op == "cancel":
        return op, job_id, None
    job = message.get("job")
    if not isinstance(job, dict):
        raise BadRequest("`job` must be an object")
    for name in ("root", "exercises_dir", "grader", "job_dir"):
        _field(job, name, str, _absolute, "an absolute path")
    for name in ("root", "job_dir"):
        if not os.path.isdir(job[name]):
            raise BadRequest(f"`job.{name}` must be an existing folder")
    _field(job, "learner_files", list, lambda v: len(v) <= 10_000 and all(isinstance(f, str) for f in v),
           "a list of paths")  # fmt: skip
    _field(job, "timeout", int | float, lambda v: 0 < v <= MAX_TIMEOUT, f"a number of seconds, at most {MAX_TIMEOUT:g}")
    _field(job, "memory_mb", int, lambda v: 1 <= v <= 1 << 20, "a whole number of MiB")
    _field(job, "output_mb", int, lambda v: 1 <= v <= 1 << 16, "a whole number of MiB")
    _field(job, "output_limit", int, lambda v: 0 <= v <= 1 << 30, "a whole number of characters")
    env = job.get("env", {})
    if not isinstance(env, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k and "=" not in k and "\0" not in k + v for k, v in env.items()
    ):
        raise BadRequest("`job.env` must map variable names to text")
    return op, job_id, job


@dataclass
class Client:
    """One parent: the pipes of the process that started us, or a connection to our socket."""

    in_fd: int
    out_fd: int
    buffer: bytes = b""
    gone: bool = False
    used: bool = False  # it has sent a job
    discarding: bool = False  # reading past the end of a line that was too long
    folders: set[str] = field(default_factory=set)  # the scratch folders its jobs were in
    probe: bool = False  # it has only asked for our status: its visit does not count as use

    def send(self, message: dict[str, Any]) -> None:
        if self.gone:
            return
        data = (json.dumps(message) + "\n").encode()
        try:
            while data:
                written = os.write(self.out_fd, data)
                data = data[written:]
        except OSError:
            # It hung up, or (a socket is non-blocking) it has left a whole buffer of replies unread:
            # either way it is dropped, so one stuck parent never stalls the worker for the others.
            self.gone = True


@dataclass
class Running:
    client: Client
    id: Any
    pid: int
    pidfd: int
    started: float
    deadline: float
    killed: str | None = None


@dataclass
class Worker:
    max_jobs: int
    idle: float = 600.0  # seconds unused before a shared worker leaves (reported by "status")
    queue: deque[tuple[Client, Any, dict[str, Any]]] = field(default_factory=deque)
    running: dict[int, Running] = field(default_factory=dict)  # by pidfd
    clients: dict[int, Client] = field(default_factory=dict)  # by in_fd
    last_used: float = field(default_factory=time.monotonic)
    extra_fds: tuple[int, ...] = ()
    # Scratch folders of parents that hung up without removing them (killed): removed once free.
    leftovers: dict[str, float] = field(default_factory=dict)  # folder -> when to stop trying

    def start_queued(self) -> None:
        while self.queue and len(self.running) < self.max_jobs:
            client, job_id, job = self.queue.popleft()
            # The child needs none of our descriptors: other children's pidfds, clients, the socket.
            close = [*self.running, *self.clients, *(c.out_fd for c in self.clients.values()), *self.extra_fds]
            try:
                pid = os.fork()
            except OSError as exc:  # out of processes or memory: this job fails, the worker carries on
                client.send({"event": "error", "id": job_id, "message": f"could not start the job: {exc.strerror}"})
                continue
            if pid == 0:
                try:
                    from backprop_study.grading import child

                    child.run(job, close)
                finally:
                    os._exit(70)
            pidfd = os.pidfd_open(pid)
            now = time.monotonic()
            self.running[pidfd] = Running(
                client, job_id, pid, pidfd, now, now + float(job["timeout"]) + HARD_KILL_GRACE
            )
            client.send({"event": "started", "id": job_id, "pid": pid})

    def kill(self, job: Running, reason: str) -> None:
        if job.killed is None:
            job.killed = reason
        # The child leads its own process group; kill it and anything it started.
        sandbox.kill_group(job.pid)

    def reap(self, job: Running) -> None:
        _, status = os.waitpid(job.pid, 0)
        os.close(job.pidfd)
        del self.running[job.pidfd]
        self.last_used = time.monotonic()
        # Leftovers of the learner's code: its process group, then (we are their subreaper) anything
        # it started in a session of its own, now our child.
        sandbox.kill_group(job.pid)
        sandbox.end_orphans(keep=[other.pid for other in self.running.values()])
        job.client.send(
            {
                "event": "done",
                "id": job.id,
                "exitcode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "killed": job.killed,
                "elapsed": round(time.monotonic() - job.started, 4),
            }
        )

    def handle(self, client: Client, line: bytes) -> None:
        """Act on one request line, or answer it with an error; never raises."""
        job_id = None
        try:
            message = json.loads(line)
            if isinstance(message, dict) and isinstance(message.get("id"), int | str):
                job_id = message["id"]
            op, job_id, job = parse_request(message)
        except (ValueError, RecursionError) as exc:  # BadRequest, or not JSON at all
            problem = str(exc) if isinstance(exc, BadRequest) else "a request must be one line of JSON"
            client.send({"event": "error", "id": job_id, "message": f"bad request: {problem}"})
            return
        try:
            self.act(client, op, job_id, job)
        except Exception as exc:  # a bug here must not end every learner's checks: this request fails alone
            client.send({"event": "error", "id": job_id, "message": f"the worker failed on it: {type(exc).__name__}"})

    def act(self, client: Client, op: str, job_id: Any, job: dict[str, Any] | None) -> None:
        """Carry out one checked request."""
        if op == "status":
            client.probe = not client.used
            client.send(
                {"event": "status", "pid": os.getpid(), "idle": self.idle, "running": len(self.running),
                 "queued": len(self.queue)}
            )  # fmt: skip
        elif op == "grade":
            client.used, client.probe = True, False
            assert job is not None
            client.folders.add(os.path.dirname(job["job_dir"]))
            self.queue.append((client, job_id, job))
        else:
            for queued in list(self.queue):
                if queued[0] is client and queued[1] == job_id:
                    self.queue.remove(queued)
                    client.send(
                        {"event": "done", "id": job_id, "exitcode": None, "signal": None,
                         "killed": "cancelled", "elapsed": 0.0}
                    )  # fmt: skip
            for job in self.running.values():
                if job.client is client and job.id == job_id:
                    self.kill(job, "cancelled")

    def drop(self, client: Client) -> None:
        """A parent went away: its queued jobs are dropped and its running ones killed."""
        self.clients.pop(client.in_fd, None)
        client.gone = True
        if not client.probe:
            self.last_used = time.monotonic()
        for folder in client.folders:  # a parent that closes normally has removed its folder already
            if os.path.isdir(folder):
                self.leftovers[folder] = time.monotonic() + LEFTOVER_PATIENCE
        self.queue = deque(item for item in self.queue if item[0] is not client)
        for job in self.running.values():
            if job.client is client:
                self.kill(job, "cancelled")
        for fd in {client.in_fd, client.out_fd}:
            with contextlib.suppress(OSError):
                os.close(fd)

    def shutdown(self) -> None:
        for job in list(self.running.values()):
            self.kill(job, "cancelled")
        for job in list(self.running.values()):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(job.pid, 0)
        sandbox.end_orphans()

    def tidy(self) -> None:
        """Remove the leftover folders whose owner has ended (scratch.py's lock says so)."""
        now = time.monotonic()
        for folder, give_up in list(self.leftovers.items()):
            if scratch.remove_if_free(folder) is not False or now >= give_up:
                del self.leftovers[folder]

    def busy(self) -> bool:
        """A job queued or running, or a parent that has sent one still connected: time is not idle."""
        return bool(self.running or self.queue or any(c.used for c in self.clients.values()))

    def may_leave(self) -> bool:
        """Idle long enough, and nobody connected who may still send a job (a status question will not)."""
        idle = time.monotonic() - self.last_used >= self.idle
        return idle and not self.busy() and all(c.probe for c in self.clients.values())

    def step(self, listener: socket.socket | None, wait_cap: float | None) -> None:
        """Start what can start, enforce deadlines, then wait for one round of events."""
        self.start_queued()
        now = time.monotonic()
        for job in self.running.values():
            if now >= job.deadline:
                self.kill(job, "timeout")
        waits = [job.deadline - now for job in self.running.values()]
        if wait_cap is not None:
            waits.append(wait_cap)
        if self.leftovers:
            self.tidy()
            waits.append(0.05)
        timeout = max(min(waits), 0.01) if waits else None
        # poll, not select: select cannot watch a descriptor numbered 1024 or more.
        poller = select.poll()
        for fd in [*self.clients, *self.running, *([listener.fileno()] if listener is not None else [])]:
            poller.register(fd, select.POLLIN)
        readable = {fd for fd, _ in poller.poll(None if timeout is None else timeout * 1000)}
        for fd in readable:
            if fd in self.running:
                self.reap(self.running[fd])
        if listener is not None and listener.fileno() in readable:
            self.accept(listener)
        for fd in readable:
            client = self.clients.get(fd)
            if client is None:
                continue
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if not chunk:
                self.drop(client)
                continue
            client.buffer += chunk
            self.take_lines(client)
        for client in [c for c in self.clients.values() if c.gone]:
            self.drop(client)

    def take_lines(self, client: Client) -> None:
        """Handle each complete line in the client's buffer. A line past MAX_REQUEST is answered with an
        error at once and the rest of it is read and dropped as it comes, so it costs no memory."""
        while True:
            if client.discarding:
                end = client.buffer.find(b"\n")
                if end < 0:
                    client.buffer = b""
                    return
                client.buffer = client.buffer[end + 1 :]
                client.discarding = False
            line, newline, rest = client.buffer.partition(b"\n")
            if not newline:
                if len(client.buffer) > MAX_REQUEST:
                    client.send({"event": "error", "id": None, "message": "bad request: a request line is too long"})
                    client.buffer, client.discarding = b"", True
                return
            client.buffer = rest
            if line.strip():
                self.handle(client, line)

    def accept(self, listener: socket.socket) -> None:
        """A new parent on the socket; only a process of our own user is served, and at most MAX_CLIENTS."""
        try:
            connection, _ = listener.accept()
        except OSError:
            time.sleep(0.05)  # out of descriptors, say: the connection waits, and we do not spin meanwhile
            return
        if not _same_user(connection):
            connection.close()
            return
        if len(self.clients) >= MAX_CLIENTS:
            # Room is made by dropping the oldest connection that has never sent a job (a `study check`
            # sends its first within moments); with none, the newcomer is turned away.
            idle = next((c for c in self.clients.values() if not c.used and c.in_fd != 0), None)
            if idle is None:
                with contextlib.suppress(OSError):
                    connection.sendall(b'{"event": "error", "id": null, "message": "too many connections"}\n')
                connection.close()
                return
            idle.send({"event": "error", "id": None, "message": "too many connections: this idle one is closed"})
            self.drop(idle)
        connection.setblocking(False)
        fd = connection.detach()
        client = Client(fd, fd)
        self.clients[fd] = client
        client.send({"event": "ready"})

    def serve_pipes(self) -> None:
        """Serve the process that started us, on stdin/stdout, until it closes stdin."""
        parent = Client(0, 1)
        self.clients[0] = parent
        parent.send({"event": "ready"})
        while 0 in self.clients:
            self.step(None, None)
        self.shutdown()
        while self.leftovers:  # our parent was killed: its folder goes once its lock is released
            self.tidy()
            time.sleep(0.02)

    def serve_socket(self, path: Path, idle: float) -> None:
        """Serve any number of `study` processes on a Unix socket; leave after `idle` seconds unused."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        temporary = path.with_name(f"{path.name}.{os.getpid()}")
        listener.bind(str(temporary))
        listener.listen(16)
        os.replace(temporary, path)  # only now can clients connect: we are warm
        identity = path.stat().st_ino
        self.extra_fds = (listener.fileno(),)
        self.idle = idle
        self.last_used = time.monotonic()
        try:
            while True:
                if self.busy():
                    self.last_used = time.monotonic()
                elif self.may_leave():
                    return
                self.step(listener, idle)
        finally:
            self.shutdown()
            with contextlib.suppress(OSError):
                if path.stat().st_ino == identity:  # still ours, not a newer worker's
                    path.unlink()


def _same_user(connection: socket.socket) -> bool:
    """The process at the other end runs as our user (the socket's folder is private too)."""
    try:
        creds = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return False
    return struct.unpack("3i", creds)[1] == os.getuid()


def _allow_descriptors(count: int) -> None:
    """Raise our soft limit on open descriptors to `count` where the hard limit allows (often 1,024 by
    default, which a burst of connections would otherwise exhaust)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count if hard == resource.RLIM_INFINITY else min(count, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _leave(signum: int, frame: object) -> None:
    """SIGTERM (`study worker stop`): leave as when idle, killing what runs and removing the socket."""
    raise SystemExit(0)


def warm_up() -> None:
    """Import what every grading run needs, once, before any fork."""
    import importlib

    import numpy  # noqa: F401
    import pytest  # noqa: F401
    from _pytest.config import default_plugins, essential_plugins

    from backprop_study.grading import child, learner_errors  # noqa: F401

    # pytest.main imports its built-in plugins lazily: done here, no child pays
    # for it again (those a grading run switches off are skipped).
    for name in (*essential_plugins, *default_plugins):
        if name not in child.DISABLED_PLUGINS:
            with contextlib.suppress(ImportError):
                importlib.import_module(f"_pytest.{name}")
    # NumPy 2 loads numpy.random on first use; the course's grading helpers (and
    # through them the reference solution) are used by every grader.
    for name in ("numpy.random", "readline", "backprop_study.checks"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    # Everything imported so far lives as long as the worker: keep it out of the
    # garbage collector's way, so a child's collections (pytest runs several) do
    # not walk, and copy on write, all of NumPy and pytest.
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--listen", type=Path, help="serve on this Unix socket instead of stdin/stdout")
    parser.add_argument("--idle", type=float, default=600.0, help="with --listen: seconds unused before leaving")
    args = parser.parse_args(argv)
    # Ctrl-C in the terminal is for `study`, which then closes our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _leave)
    sandbox.become_subreaper()
    _allow_descriptors(MAX_CLIENTS + 64)
    warm_up()
    worker = Worker(max_jobs=max(1, args.jobs), idle=args.idle)
    if args.listen is not None:
        os.chdir("/")  # a shared worker outlives the command that started it, and its folder
        worker.serve_socket(args.listen, args.idle)
    else:
        worker.serve_pipes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
