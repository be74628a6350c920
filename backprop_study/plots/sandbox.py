"""Running the learner's exercise code for a plot, in a child process that cannot hurt `study`.

The plots use the learner's own functions once an exercise has passed. That
code may still loop forever, allocate without end, print, read stdin or call
`sys.exit()` on inputs the grader never tried, so it never runs in the app's
process: `run_learner` starts `python -m backprop_study.plots.sandbox`, set up
with the same pieces as a grading child (`backprop_study.grading.sandbox`), and
sends it a job (which recipe, which file, which parameters) on stdin, and
reads its answer. The child keeps its real stdout for that answer and points
fd 1 and 2 at /dev/null before it imports the learner's file, so a stray
`print` cannot garble the terminal. The parent enforces a wall-clock limit,
polls a cancel flag, and ends the child's whole process tree when either trips.

That tree is held by the child itself: it is a child subreaper and forks the
process that runs the learner's code (in a process group of its own), so
whatever that code starts, even in a new session, is the child's descendant.
When the run is over, or the parent asks with SIGTERM, the child kills the lot
(`sandbox.end_orphans`) and only then exits; SIGKILL is the parent's fallback.
Everything the child says is checked and capped before it is believed or shown:
a learner's exception text becomes one safe sentence of the message.

A recipe is a child-side function `(module, params, report) -> dict of arrays`
that calls the learner's functions the way the experiment needs; `report(f)`
sends a progress fraction back. Recipes are registered by name with
`@recipe("...")` in `backprop_study.plots.recipes`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backprop_study.grading import learner_errors as le
from backprop_study.grading import sandbox
from backprop_study.grading.scratch import ScratchFolder
from backprop_study.store.safe_text import clip, visible

DEFAULT_TIME_LIMIT = 20.0  # seconds; the experiments' default sizes take well under 2 s with a correct solution
MEMORY_LIMIT_MB = 2048  # address space the learner's code may add
RESULT_LIMIT_MB = 64  # the largest file the learner's run may write (its arrays are a few kilobytes)
STDERR_KEPT = 4000  # characters of the child's own error output kept for a message
MESSAGE_KEPT = 300  # characters of the child's reason shown in a message
ANSWER_LIMIT = 1024 * 1024  # bytes of one answer line
STOP_GRACE = 1.0  # seconds the child has to end its process tree after SIGTERM


class Cancelled(Exception):
    """The learner (or a newer run) asked the computation to stop."""


class LearnerCodeFailed(Exception):
    """The learner's code could not produce the numbers; `str()` says why, in one sentence for the learner."""


@dataclass(frozen=True)
class Job:
    recipe: str
    exercise_file: Path
    params: dict[str, Any]


ProgressFn = Callable[[float], None]


def run_learner(
    job: Job,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """Run one recipe on the learner's file in a child process and return its arrays.

    Raises LearnerCodeFailed (with the reason) when the code raises, hangs past
    `time_limit`, crashes or returns something unusable, and Cancelled when
    `cancel` is set meanwhile.
    """
    import numpy as np

    with ScratchFolder("study-plot") as folder:
        out_path = folder / "result.npz"
        err_path = folder / "stderr.txt"
        request = {
            "recipe": job.recipe,
            "file": str(job.exercise_file),
            "params": job.params,
            "out": str(out_path),
        }
        env = sandbox.child_environment()
        with open(err_path, "wb") as err_file:
            child = subprocess.Popen(
                [sys.executable, "-m", "backprop_study.plots.sandbox"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err_file,
                env=env,
                start_new_session=True,  # no terminal signals for it; it ends its own process tree (_child_main)
                cwd=folder,  # an empty folder first on sys.path: no stray file can shadow numpy
            )
            try:
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write(json.dumps(request).encode())
                child.stdin.close()
                answer = _read_answer(child, time_limit, progress, cancel, job)
            finally:
                _stop(child)
        if answer.get("error"):
            raise LearnerCodeFailed(_safe(answer["error"]))
        if not answer.get("done"):
            detail = _tail(err_path).strip()
            code = child.returncode
            how = f"was killed by signal {-code}" if code is not None and code < 0 else f"stopped (exit code {code})"
            last = detail.splitlines()[-1] if detail else ""
            ending = f": {_safe(last)}" if last else ""
            raise LearnerCodeFailed(f"{job.exercise_file.name} {how} before it answered{ending}")
        try:
            with np.load(out_path, allow_pickle=False) as data:
                return {key: data[key] for key in data.files}
        except (OSError, ValueError, EOFError) as exc:
            raise LearnerCodeFailed(f"its results could not be read ({_safe(str(exc))})") from None


def _safe(text: object) -> str:
    """A reason from the child, as one line fit to show."""
    return clip(visible(" ".join(str(text).split())), MESSAGE_KEPT)


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as file:
            file.seek(max(file.seek(0, 2) - STDERR_KEPT, 0))
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _read_answer(
    child: subprocess.Popen,
    time_limit: float,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
    job: Job,
) -> dict[str, Any]:
    """Read the child's JSON lines until it answers, checking the deadline and the cancel flag every 50 ms."""
    assert child.stdout is not None
    deadline = time.monotonic() + time_limit
    buffer = b""
    fd = child.stdout.fileno()
    while True:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LearnerCodeFailed(
                f"{job.exercise_file.name} did not finish within {time_limit:g} s "
                "(an endless loop, or far more work than the grader asked for)"
            )
        ready, _, _ = select.select([fd], [], [], min(0.05, remaining))
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:  # the child closed its end: it finished or died
            child.wait()
            return {}
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            try:
                message = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if not isinstance(message, dict):
                continue
            fraction = message.get("progress")
            if isinstance(fraction, int | float) and math.isfinite(fraction) and progress is not None:
                progress(min(max(float(fraction), 0.0), 1.0))
            if message.get("done") is True or "error" in message:
                return message
        if len(buffer) > ANSWER_LIMIT:
            raise LearnerCodeFailed(f"{job.exercise_file.name} sent something other than its answer")


def _stop(child: subprocess.Popen) -> None:
    """End the child and every process under it: it does that itself at SIGTERM; SIGKILL if it cannot."""
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            sandbox.kill_group(child.pid)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


# ------------------------------------------------------------------ the child side


def _child_main() -> int:
    """The child: hold the process tree (a subreaper), run the learner's code in a process below us,
    and end whatever is left of the tree before leaving."""
    request = json.loads(sys.stdin.buffer.read())
    sandbox.become_subreaper()
    # SIGTERM waits until our handler knows whom to stop (the parent may send it at any moment).
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    runner = os.fork()
    if runner == 0:
        code = 70
        try:
            os.setpgid(0, 0)  # its own group: our SIGTERM handler kills it and its group, not us
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            code = _run_request(request)
        finally:
            os._exit(code)
    # Our copy of the answer pipe closes now: when the runner and the tree are gone, the parent sees its end.
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    os.close(null)

    def stop(signum: int, frame: object) -> None:
        sandbox.kill_group(runner)

    signal.signal(signal.SIGTERM, stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _, status = os.waitpid(runner, 0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sandbox.end_orphans()
    if os.WIFSIGNALED(status):  # die the way it died, so the parent can say so
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70


def _run_request(request: dict[str, Any]) -> int:
    """Run one recipe on the learner's file and send the answer; in the process the child forked."""
    # Keep the real stdout for our answers, then silence fd 0, 1 and 2 before any learner code runs:
    # prints cannot reach the terminal, input() gets EOF. Our own stderr is kept for a crash report.
    answer = os.fdopen(os.dup(1), "w", buffering=1)
    stderr_copy = os.dup(2)
    sandbox.quiet_stdio()
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    sandbox.set_limits(memory_mb=MEMORY_LIMIT_MB, output_mb=RESULT_LIMIT_MB)

    def send(message: dict[str, Any]) -> None:
        answer.write(json.dumps(message) + "\n")
        answer.flush()

    path = Path(request["file"])
    try:
        from backprop_study.plots.recipes import RECIPES, to_arrays

        module = sandbox.load_module(path, f"learner_{path.stem}")
        result = RECIPES[request["recipe"]](module, request["params"], lambda f: send({"progress": f}))
        import numpy as np

        np.savez(request["out"], **to_arrays(result))
    except MemoryError:
        send({"error": f"{path.name} ran out of memory (it may allocate without end)"})
        return 0
    except OSError as exc:
        if exc.errno != errno.EFBIG:
            send({"error": _describe(exc, path)})
            return 0
        send({"error": f"{path.name} wrote more than {RESULT_LIMIT_MB} MiB, so it was stopped"})
        return 0
    except BaseException as exc:  # SystemExit and KeyboardInterrupt from learner code included
        send({"error": _describe(exc, path)})
        return 0
    finally:
        os.dup2(stderr_copy, 2)
    send({"done": True})
    return 0


def _describe(exc: BaseException, path: Path) -> str:
    """One sentence: what went wrong, and the learner's own line where it did."""
    if isinstance(exc, SystemExit):
        code = clip(repr(exc.code), 40)
        what = f"called sys.exit({code})" if exc.code is not None else "called sys.exit()"
    elif isinstance(exc, KeyboardInterrupt):
        what = "raised KeyboardInterrupt"
    else:
        try:
            text = str(exc).strip()
        except Exception:  # a learner's exception whose __str__ itself fails
            text = ""
        text = clip(text.splitlines()[0], 200) if text else ""
        what = f"raised {clip(type(exc).__name__, 60)}" + (f": {text}" if text else "")
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        line = exc.lineno
    else:
        mine = le.raising_learner_frame(exc, frozenset({str(path)}))
        line = mine.line if mine else None
    return f"{path.name} {what}" + (f" (line {line})" if line else "")


if __name__ == "__main__":
    sys.exit(_child_main())
