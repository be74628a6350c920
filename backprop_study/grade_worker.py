"""The warm grading worker: `python -P -m backprop_study.grade_worker --jobs N`.

It imports NumPy and pytest once, then forks one fresh child per grading job
(`grade_child.run`), so every exercise is graded in its own process without
paying for those imports again. It runs no learner code itself, and it is
single-threaded, which is what makes forking safe.

Protocol, one JSON object per line.
  In (stdin):   {"op": "grade", "id": ..., "job": {...}}   {"op": "cancel", "id": ...}
  Out (stdout): {"event": "ready"}
                {"event": "started", "id": ..., "pid": ...}
                {"event": "done", "id": ..., "exitcode": int|null, "signal": int|null,
                 "killed": null|"timeout"|"cancelled", "elapsed": seconds}
End of stdin means the parent is gone: every child is killed and the worker exits.

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
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

# Seconds past the child's own alarm before the worker kills it outright.
HARD_KILL_GRACE = 1.5


@dataclass
class Running:
    id: Any
    pid: int
    pidfd: int
    started: float
    deadline: float
    killed: str | None = None


@dataclass
class Worker:
    max_jobs: int
    out_fd: int = 1
    queue: deque[dict[str, Any]] = field(default_factory=deque)
    running: dict[int, Running] = field(default_factory=dict)  # by pidfd

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            written = os.write(self.out_fd, data)
            data = data[written:]

    def start_queued(self) -> None:
        while self.queue and len(self.running) < self.max_jobs:
            request = self.queue.popleft()
            job = request["job"]
            close = [fd for fd in self.running]  # the other children's pidfds
            pid = os.fork()
            if pid == 0:
                try:
                    from backprop_study import grade_child

                    grade_child.run(job, close)
                finally:
                    os._exit(70)
            pidfd = os.pidfd_open(pid)
            now = time.monotonic()
            self.running[pidfd] = Running(request["id"], pid, pidfd, now, now + float(job["timeout"]) + HARD_KILL_GRACE)
            self.send({"event": "started", "id": request["id"], "pid": pid})

    def kill(self, job: Running, reason: str) -> None:
        if job.killed is None:
            job.killed = reason
        # The child leads its own process group; kill it and anything it started.
        for target in (lambda: os.killpg(job.pid, signal.SIGKILL), lambda: os.kill(job.pid, signal.SIGKILL)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                target()

    def reap(self, job: Running) -> None:
        _, status = os.waitpid(job.pid, 0)
        os.close(job.pidfd)
        del self.running[job.pidfd]
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(job.pid, signal.SIGKILL)  # leftovers of the learner's code
        self.send(
            {
                "event": "done",
                "id": job.id,
                "exitcode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "killed": job.killed,
                "elapsed": round(time.monotonic() - job.started, 4),
            }
        )

    def handle(self, message: dict[str, Any]) -> None:
        if message.get("op") == "grade":
            self.queue.append(message)
        elif message.get("op") == "cancel":
            for request in list(self.queue):
                if request["id"] == message["id"]:
                    self.queue.remove(request)
                    self.send(
                        {"event": "done", "id": request["id"], "exitcode": None, "signal": None,
                         "killed": "cancelled", "elapsed": 0.0}
                    )  # fmt: skip
            for job in self.running.values():
                if job.id == message["id"]:
                    self.kill(job, "cancelled")

    def shutdown(self) -> None:
        for job in list(self.running.values()):
            self.kill(job, "cancelled")
        for job in list(self.running.values()):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(job.pid, 0)

    def serve(self, in_fd: int = 0) -> None:
        buffer = b""
        while True:
            self.start_queued()
            now = time.monotonic()
            for job in self.running.values():
                if now >= job.deadline:
                    self.kill(job, "timeout")
            wait = min((job.deadline - now for job in self.running.values()), default=None)
            timeout = None if wait is None else max(wait, 0.01)
            readable, _, _ = select.select([in_fd, *self.running], [], [], timeout)
            for fd in readable:
                if fd in self.running:
                    self.reap(self.running[fd])
            if in_fd in readable:
                chunk = os.read(in_fd, 65536)
                if not chunk:
                    self.shutdown()
                    return
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.strip():
                        self.handle(json.loads(line))


def warm_up() -> None:
    """Import what every grading run needs, once, before any fork."""
    import importlib

    import numpy  # noqa: F401
    import pytest  # noqa: F401
    from _pytest.config import default_plugins, essential_plugins

    from backprop_study import grade_child, learner_errors  # noqa: F401

    # pytest.main imports its built-in plugins lazily: done here, no child pays
    # for it again (those a grading run switches off are skipped).
    for name in (*essential_plugins, *default_plugins):
        if name not in grade_child.DISABLED_PLUGINS:
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
    args = parser.parse_args(argv)
    # Ctrl-C in the terminal is for `study`, which then closes our stdin.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()
    worker = Worker(max_jobs=max(1, args.jobs))
    worker.send({"event": "ready"})
    try:
        worker.serve()
    except BrokenPipeError:
        worker.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
