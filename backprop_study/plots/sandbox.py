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
polls a cancel flag, and kills the child's whole process group when either
trips.

A recipe is a child-side function `(module, params, report) -> dict of arrays`
that calls the learner's functions the way the experiment needs; `report(f)`
sends a progress fraction back. Recipes are registered by name with
`@recipe("...")` in `backprop_study.plots.recipes`.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backprop_study.grading import learner_errors as le
from backprop_study.grading import sandbox

DEFAULT_TIME_LIMIT = 20.0  # seconds; the experiments' default sizes take well under 2 s with a correct solution
MEMORY_LIMIT_MB = 2048  # address space the learner's code may add
STDERR_KEPT = 4000  # characters of the child's own error output kept for a message


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

    with tempfile.TemporaryDirectory(prefix="study-plot-") as folder:
        out_path = Path(folder) / "result.npz"
        err_path = Path(folder) / "stderr.txt"
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
                start_new_session=True,  # its own process group, so a kill takes any grandchildren too
                cwd=folder,  # an empty folder first on sys.path: no stray file can shadow numpy
            )
            try:
                assert child.stdin is not None and child.stdout is not None
                child.stdin.write(json.dumps(request).encode())
                child.stdin.close()
                answer = _read_answer(child, time_limit, progress, cancel, job)
            finally:
                _kill(child)
        if answer.get("error"):
            raise LearnerCodeFailed(answer["error"])
        if not answer.get("done"):
            detail = err_path.read_text(encoding="utf-8", errors="replace")[-STDERR_KEPT:].strip()
            code = child.returncode
            how = f"was killed by signal {-code}" if code is not None and code < 0 else f"stopped (exit code {code})"
            last = detail.splitlines()[-1] if detail else ""
            ending = f": {last}" if last else ""
            raise LearnerCodeFailed(f"{job.exercise_file.name} {how} before it answered{ending}")
        with np.load(out_path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}


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
            except ValueError:
                continue
            if "progress" in message and progress is not None:
                progress(float(message["progress"]))
            if "done" in message or "error" in message:
                return message


def _kill(child: subprocess.Popen) -> None:
    if child.poll() is None:
        sandbox.kill_group(child.pid)
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


# ------------------------------------------------------------------ the child side


def _child_main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    # Keep the real stdout for our answers, then silence fd 0, 1 and 2 before any learner code runs:
    # prints cannot reach the terminal, input() gets EOF. Our own stderr is kept for a crash report.
    answer = os.fdopen(os.dup(1), "w", buffering=1)
    stderr_copy = os.dup(2)
    sandbox.quiet_stdio()
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    sandbox.set_limits(memory_mb=MEMORY_LIMIT_MB)

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
        what = f"called sys.exit({exc.code!r})" if exc.code is not None else "called sys.exit()"
    elif isinstance(exc, KeyboardInterrupt):
        what = "raised KeyboardInterrupt"
    else:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        what = f"raised {type(exc).__name__}" + (f": {text}" if text else "")
    if isinstance(exc, SyntaxError) and exc.filename == str(path):
        line = exc.lineno
    else:
        mine = le.raising_learner_frame(exc, frozenset({str(path)}))
        line = mine.line if mine else None
    return f"{path.name} {what}" + (f" (line {line})" if line else "")


if __name__ == "__main__":
    sys.exit(_child_main())
