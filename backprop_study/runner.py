"""The parent side of grading: a warm worker process, jobs sent to it, results waited for.

`Runner` starts `grade_worker` at once (it imports NumPy and pytest while the
caller does other things), hands it jobs, and waits for each with a time limit
and an optional cancel event. It is thread-safe: the TUI keeps one for the
life of the app (each re-grade then costs one fork), the CLI makes one per
command. If the worker dies or stops answering, it is killed (with every child
it started) and the next job starts a fresh one.

`Runner.run` returns a `RawOutcome`: how the child ended plus its job folder;
`grading.py` turns that into an `ExerciseResult`.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    process: subprocess.Popen[bytes] | None = None  # the worker it was sent to


def worker_environment() -> dict[str, str]:
    """The worker's environment: no pytest plugins or options from the learner's setup, one BLAS thread."""
    env = dict(os.environ)
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONSTARTUP", "PYTHONINSPECT"):
        env.pop(name, None)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["PYTHONBREAKPOINT"] = "0"  # breakpoint() in learner code must not wait for a debugger
    # One thread per BLAS: forking a process with BLAS threads can deadlock, and
    # the exercises' matrices are tiny.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    return env


class Runner:
    def __init__(self, *, jobs: int = 1, python: str | None = None) -> None:
        self.jobs = max(1, jobs)
        self.python = python or sys.executable
        self.tmp = Path(tempfile.mkdtemp(prefix="study-grading-"))
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._start_worker()

    # -- worker life ---------------------------------------------------------
    def _start_worker(self) -> None:
        stderr = open(self.tmp / "worker-stderr.txt", "ab")  # noqa: SIM115 - handed to the child
        try:
            process = subprocess.Popen(
                [self.python, "-P", "-m", "backprop_study.grade_worker", "--jobs", str(self.jobs)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=worker_environment(),
                cwd=self.tmp,
                start_new_session=True,  # Ctrl-C in the terminal is for us, not for it
            )
        finally:
            stderr.close()
        self._process = process
        threading.Thread(target=self._read_replies, args=(process,), daemon=True, name="grading-replies").start()

    def _read_replies(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                pending = self._pending.get(message.get("id"))
            if pending is None:
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
            orphans = [p for p in self._pending.values() if p.process is process and not p.done.is_set()]
            if self._process is process:
                self._process = None
        for pending in orphans:
            pending.outcome = RawOutcome(pending.job_dir, killed="worker")
            pending.done.set()

    def _kill_worker(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            children = [p.pid for p in self._pending.values() if p.pid and not p.done.is_set()]
        if process is None:
            return
        for pid in children:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def _send(self, message: dict[str, Any], pending: _Pending | None = None) -> bool:
        """Write one request to the worker (starting one if needed); False if it could not be sent."""
        with self._lock:
            if self._process is None:
                if self._closed:
                    return False
                self._start_worker()
            process = self._process
            if pending is not None:
                pending.process = process
        assert process is not None and process.stdin is not None
        try:
            with self._write_lock:  # requests from several threads must not interleave
                process.stdin.write((json.dumps(message) + "\n").encode())
                process.stdin.flush()
            return True
        except (BrokenPipeError, OSError, ValueError):
            return False

    # -- jobs ----------------------------------------------------------------
    def submit(self, job: dict[str, Any]) -> _Pending:
        """Queue one job (a dict for `grade_child`); its folder is made here."""
        job_id = next(self._ids)
        job_dir = self.tmp / f"job-{job_id}"
        job_dir.mkdir()
        pending = _Pending(job_id, job_dir, float(job["timeout"]))
        with self._lock:
            self._pending[job_id] = pending
        if not self._send({"op": "grade", "id": job_id, "job": {**job, "job_dir": str(job_dir)}}, pending):
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
        """Stop the worker (and any child still running) and remove the job folders."""
        with self._lock:
            self._closed = True
            process = self._process
        if process is not None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # the worker kills its children and exits
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._kill_worker()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
