"""The warm grading worker: `python -P -m backprop_study.grading.worker --jobs N [--listen SOCKET --idle S]`.

It imports NumPy and pytest once, then forks one fresh child per grading job
(`child.run`), so every exercise is graded in its own process without
paying for those imports again. It runs no learner code itself, and it is
single-threaded, which is what makes forking safe.

Protocol, one JSON object per line.
  In (stdin):   {"op": "grade", "id": ..., "job": {...}}   {"op": "cancel", "id": ...}
  Out (stdout): {"event": "ready"}
                {"event": "started", "id": ..., "pid": ...}
                {"event": "done", "id": ..., "exitcode": int|null, "signal": int|null,
                 "killed": null|"timeout"|"cancelled", "elapsed": seconds}
End of stdin means the parent is gone: every child is killed and the worker exits.
With --listen it serves any number of parents on a Unix socket instead (same
protocol per connection; a closed connection kills that parent's jobs) and
leaves after --idle seconds with no parent and no job.

Time limits are enforced twice: the child's own alarm (which records the stack)
and, a little later, a SIGKILL from here in case the child cannot run its alarm.
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
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backprop_study.grading import sandbox

# Seconds past the child's own alarm before the worker kills it outright.
HARD_KILL_GRACE = 1.5


@dataclass
class Client:
    """One parent: the pipes of the process that started us, or a connection to our socket."""

    in_fd: int
    out_fd: int
    buffer: bytes = b""
    gone: bool = False

    def send(self, message: dict[str, Any]) -> None:
        if self.gone:
            return
        data = (json.dumps(message) + "\n").encode()
        try:
            while data:
                written = os.write(self.out_fd, data)
                data = data[written:]
        except OSError:
            self.gone = True  # it hung up; its jobs are killed when we notice the end of its input


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
    queue: deque[tuple[Client, dict[str, Any]]] = field(default_factory=deque)
    running: dict[int, Running] = field(default_factory=dict)  # by pidfd
    clients: dict[int, Client] = field(default_factory=dict)  # by in_fd

    def start_queued(self) -> None:
        while self.queue and len(self.running) < self.max_jobs:
            client, request = self.queue.popleft()
            job = request["job"]
            # The child needs none of our descriptors: other children's pidfds, clients, the socket.
            close = [*self.running, *self.clients, *(c.out_fd for c in self.clients.values()), *self.extra_fds]
            pid = os.fork()
            if pid == 0:
                try:
                    from backprop_study.grading import child

                    child.run(job, close)
                finally:
                    os._exit(70)
            pidfd = os.pidfd_open(pid)
            now = time.monotonic()
            self.running[pidfd] = Running(
                client, request["id"], pid, pidfd, now, now + float(job["timeout"]) + HARD_KILL_GRACE
            )
            client.send({"event": "started", "id": request["id"], "pid": pid})

    extra_fds: tuple[int, ...] = ()

    def kill(self, job: Running, reason: str) -> None:
        if job.killed is None:
            job.killed = reason
        # The child leads its own process group; kill it and anything it started.
        sandbox.kill_group(job.pid)

    def reap(self, job: Running) -> None:
        _, status = os.waitpid(job.pid, 0)
        os.close(job.pidfd)
        del self.running[job.pidfd]
        sandbox.kill_group(job.pid)  # leftovers of the learner's code
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

    def handle(self, client: Client, message: dict[str, Any]) -> None:
        if message.get("op") == "grade":
            self.queue.append((client, message))
        elif message.get("op") == "cancel":
            for queued in list(self.queue):
                if queued[0] is client and queued[1]["id"] == message["id"]:
                    self.queue.remove(queued)
                    client.send(
                        {"event": "done", "id": message["id"], "exitcode": None, "signal": None,
                         "killed": "cancelled", "elapsed": 0.0}
                    )  # fmt: skip
            for job in self.running.values():
                if job.client is client and job.id == message["id"]:
                    self.kill(job, "cancelled")

    def drop(self, client: Client) -> None:
        """A parent went away: its queued jobs are dropped and its running ones killed."""
        self.clients.pop(client.in_fd, None)
        client.gone = True
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
        timeout = max(min(waits), 0.01) if waits else None
        watched = [*self.clients, *self.running]
        if listener is not None:
            watched.append(listener.fileno())
        readable, _, _ = select.select(watched, [], [], timeout)
        for fd in readable:
            if fd in self.running:
                self.reap(self.running[fd])
        if listener is not None and listener.fileno() in readable:
            with contextlib.suppress(OSError):
                connection, _ = listener.accept()
                fd = connection.detach()
                client = Client(fd, fd)
                self.clients[fd] = client
                client.send({"event": "ready"})
        for fd in readable:
            client = self.clients.get(fd)
            if client is None:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.drop(client)
                continue
            client.buffer += chunk
            *lines, client.buffer = client.buffer.split(b"\n")
            for line in lines:
                if line.strip():
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        self.handle(client, json.loads(line))

    def serve_pipes(self) -> None:
        """Serve the process that started us, on stdin/stdout, until it closes stdin."""
        parent = Client(0, 1)
        self.clients[0] = parent
        parent.send({"event": "ready"})
        while 0 in self.clients:
            self.step(None, None)
        self.shutdown()

    def serve_socket(self, path: Path, idle: float) -> None:
        """Serve any number of `study` processes on a Unix socket; leave after `idle` seconds unused."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        temporary = path.with_name(f"{path.name}.{os.getpid()}")
        listener.bind(str(temporary))
        listener.listen(16)
        os.replace(temporary, path)  # only now can clients connect: we are warm
        identity = path.stat().st_ino
        self.extra_fds = (listener.fileno(),)
        last_busy = time.monotonic()
        try:
            while True:
                if self.clients or self.running or self.queue:
                    last_busy = time.monotonic()
                elif time.monotonic() - last_busy >= idle:
                    return
                self.step(listener, idle)
        finally:
            self.shutdown()
            with contextlib.suppress(OSError):
                if path.stat().st_ino == identity:  # still ours, not a newer worker's
                    path.unlink()


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
    warm_up()
    worker = Worker(max_jobs=max(1, args.jobs))
    if args.listen is not None:
        os.chdir("/")  # a shared worker outlives the command that started it, and its folder
        worker.serve_socket(args.listen, args.idle)
    else:
        worker.serve_pipes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
