"""Grading the learner's exercises: the engine's front door for the CLI and the TUI.

    from backprop_study.grading import Grader, grade, grade_all, record_result

    result = grade(workspace, "4")                  # one exercise, a fresh worker
    results = grade_all(workspace)                  # the whole course, one worker, in parallel

    with Grader(workspace) as grader:               # a warm worker kept for many runs (the TUI)
        result = grader.grade(exercise, cancel=event)   # event.set() from another thread kills it
    record_result(workspace, result)                # passing is remembered with the time

`ExerciseResult` says whether the exercise passed, each test's name, status,
message and captured output, one `problem` sentence for the first thing to fix,
and how long it took. Statuses: "passed", "failed" (a test failed), "error"
(the file could not be loaded or run: a SyntaxError, say), "timeout",
"crashed" (the process died: segfault, os._exit, killed) and "cancelled".

Learner code never runs in the caller's process: see `runner.py` (the
worker), `grade_child.py` (limits and guards) and `learner_errors.py` (the
messages). The rest of the exercise workflow lives beside this module and is
re-exported here: `exercise_states`, `record_result` (course_progress.py),
`next_hint`, `seen_hints` (hints.py), `reset_exercise`, `solution_text`
(exercise_files.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from backprop_study import learner_errors as le
from backprop_study.course import Course, Exercise, load_course
from backprop_study.course_progress import ExerciseStatus, exercise_states, record_result
from backprop_study.exercise_files import SolutionLocked, reset_exercise, solution_text
from backprop_study.grade_child import read_journal
from backprop_study.hints import next_hint, seen_hints
from backprop_study.runner import RawOutcome, Runner
from backprop_study.workspace import Workspace

__all__ = [
    "ExerciseResult",
    "ExerciseStatus",
    "Grader",
    "Limits",
    "SolutionLocked",
    "TestResult",
    "exercise_states",
    "grade",
    "grade_all",
    "next_hint",
    "record_result",
    "reset_exercise",
    "seen_hints",
    "solution_text",
]

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # seconds of wall time per exercise
    memory_mb: int = 1024  # address space the learner's code may add
    output_mb: int = 32  # the largest file (captured output included) the child may write
    output_chars: int = 8000  # captured output kept per test; the rest is cut with a note


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class, despite the name
    name: str  # the test function, e.g. "test_d_output_matches_reference"
    nodeid: str
    status: str  # "passed", "failed", "error" (in setup or teardown) or "skipped"
    message: str  # for the learner; empty when passed
    output: str  # what the learner's code printed during the test (capped)


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str  # the exercise's name, e.g. "04_d_output"
    status: str  # see the module docstring
    tests: tuple[TestResult, ...]
    problem: str | None  # the first thing to fix, in words; None when passed
    problem_test: str | None  # the test that problem comes from, if any
    output: str  # printed while the learner's file was loaded (outside any test)
    duration: float  # seconds, wall time
    checked_at: str = field(default="")

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        return data


class Grader:
    """Grades exercises of one workspace with a warm worker. Thread-safe; close it when done."""

    def __init__(
        self, workspace: Workspace, *, limits: Limits | None = None, jobs: int | None = None, shared: bool = False
    ) -> None:
        """`shared=True` uses the warm worker shared by `study` commands (see runner.py); the TUI keeps its own."""
        self.workspace = workspace
        self.limits = limits or Limits()
        # Started first, so the worker imports NumPy and pytest while we read the course.
        self.runner = Runner(jobs=jobs or min(2, os.cpu_count() or 1), shared=shared)
        self._course: Course | None = None

    @property
    def course(self) -> Course:
        if self._course is None:
            self._course = load_course(self.workspace.course_file)
        return self._course

    @course.setter
    def course(self, course: Course) -> None:
        """Use a course already loaded (the worker was started before it was read)."""
        self._course = course

    def exercise(self, ref: Exercise | str) -> Exercise:
        return ref if isinstance(ref, Exercise) else self.course.find(ref)

    def _job(self, exercise: Exercise, timeout: float | None) -> dict[str, Any]:
        course = self.course
        learner_files: set[str] = set()
        for each in course.exercises:
            path = course.file_of(each)
            learner_files.update({str(path), str(path.resolve())})
        return {
            "root": str(self.workspace.root),
            "exercises_dir": str(course.folder),
            "grader": str(course.grader_of(exercise)),
            "learner_files": sorted(learner_files),
            "timeout": float(timeout or self.limits.timeout),
            "memory_mb": self.limits.memory_mb,
            "output_mb": self.limits.output_mb,
            "output_limit": self.limits.output_chars,
        }

    def _missing(self, exercise: Exercise) -> ExerciseResult | None:
        course = self.course
        for what, path in (("exercise file", course.file_of(exercise)), ("grader", course.grader_of(exercise))):
            if not path.is_file():
                hint = f" Restore it with: study reset {exercise.number}" if what == "exercise file" else ""
                problem = f"The {what} {le.display_path(path, self.workspace.root)} is missing.{hint}"
                return ExerciseResult(exercise.name, "error", (), problem, None, "", 0.0, _now())
        return None

    def grade(
        self, exercise: Exercise | str, *, cancel: threading.Event | None = None, timeout: float | None = None
    ) -> ExerciseResult:
        """Grade one exercise; `cancel.set()` from another thread stops it within a moment."""
        return self.grade_many([exercise], cancel=cancel, timeout=timeout)[0]

    def grade_many(
        self,
        exercises: Iterable[Exercise | str],
        *,
        cancel: threading.Event | None = None,
        timeout: float | None = None,
        on_result: Callable[[ExerciseResult], None] | None = None,
    ) -> list[ExerciseResult]:
        """Grade several exercises, in parallel where the machine allows; results come in course order."""
        chosen = [self.exercise(each) for each in exercises]
        submitted: list[tuple[Exercise, Any, float, ExerciseResult | None]] = []
        for exercise in chosen:
            missing = self._missing(exercise)
            pending = None if missing else self.runner.submit(self._job(exercise, timeout))
            submitted.append((exercise, pending, time.monotonic(), missing))
        results = []
        for exercise, pending, started, missing in submitted:
            if missing is not None:
                result = missing
            else:
                outcome = self.runner.wait(pending, cancel)
                # The child's own run time when there is one (jobs may have queued behind others).
                took = outcome.elapsed or (time.monotonic() - started)
                limit = timeout or self.limits.timeout
                result = interpret(exercise, outcome, self.workspace.root, took, limit)
                shutil.rmtree(outcome.job_dir, ignore_errors=True)  # a TUI session grades many times
            results.append(result)
            if on_result is not None:
                on_result(result)
        return results

    def close(self) -> None:
        self.runner.close()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def grade(
    workspace: Workspace,
    exercise: Exercise | str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
) -> ExerciseResult:
    """Grade one exercise in a fresh worker (use a `Grader` to keep one warm)."""
    with Grader(workspace, limits=Limits(timeout=timeout), jobs=1) as grader:
        return grader.grade(exercise, cancel=cancel)


def grade_all(
    workspace: Workspace,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    cancel: threading.Event | None = None,
    on_result: Callable[[ExerciseResult], None] | None = None,
) -> list[ExerciseResult]:
    """Grade every exercise of the course, in course order."""
    with Grader(workspace, limits=Limits(timeout=timeout)) as grader:
        return grader.grade_many(grader.course.exercises, cancel=cancel, on_result=on_result)


# -- turning what the child left behind into a result ---------------------------------------------


def _now() -> str:
    from backprop_study.progress import now_iso

    return now_iso()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _running_test(journal: list[tuple[str, str]]) -> str:
    """'while running test_x', or 'while loading your file', from the child's journal."""
    tests = [rest for kind, rest in journal if kind == "test"]
    if tests:
        return f"while running {tests[-1].rsplit('::', 1)[-1]}"
    return "while loading your file and the grader"


def interpret(exercise: Exercise, outcome: RawOutcome, root: Path, duration: float, timeout: float) -> ExerciseResult:
    """The result of one job, from its result file or, failing that, from how its process ended."""
    job_dir = outcome.job_dir
    duration = round(duration, 3)
    stamp = _now()

    def ended(status: str, problem: str) -> ExerciseResult:
        return ExerciseResult(exercise.name, status, (), problem, None, "", duration, stamp)

    if outcome.killed == "cancelled":
        return ended("cancelled", "Grading was cancelled.")
    result_file = job_dir / "result.json"
    if result_file.is_file():
        return _from_result(exercise, json.loads(result_file.read_text(encoding="utf-8")), duration, stamp)

    journal = read_journal(job_dir / "journal")
    running = _running_test(journal)
    stack = _read(job_dir / "stack.txt")
    for kind, rest in journal:
        if kind == "os_exit":
            details = json.loads(rest)
            spot = f" at {details['where']}" if details["where"] else ""
            return ended(
                "crashed",
                f"Your code called os._exit({details['status']}){spot} {running}. It ends the process at once, "
                "so grading stopped there. A graded function must return its result.",
            )
    if stack.startswith("Timeout") or outcome.killed == "timeout":
        frames = le.parse_faulthandler_dump(stack)
        # The learner-file frame nearest the top of the stack is the line the loop is on.
        mine = le.first_learner_frame(frames, frozenset(_learner_paths(exercise, root)))
        limit = f"{timeout:g} s"
        if mine is not None:
            return ended(
                "timeout",
                f"Stopped after {limit}: your code was still running at {le.where(mine, root)} {running}. "
                "Is there a loop that never ends?",
            )
        spot = f" (the grader was at {le.where(frames[0], root)})" if frames else ""
        return ended("timeout", f"Stopped after {limit} {running}{spot}: it took longer than the time limit.")
    crash_signal = outcome.signal
    if crash_signal is not None or "Fatal Python error" in stack:
        frames = le.parse_faulthandler_dump(stack)
        mine = le.first_learner_frame(frames, frozenset(_learner_paths(exercise, root)))
        spot = f" at {le.where(mine, root)}" if mine else ""
        name = _signal_name(crash_signal)
        if crash_signal == signal.SIGKILL:
            return ended(
                "crashed",
                f"The grading process was killed {running}, most likely because the machine ran out of memory.",
            )
        kind = "a segmentation fault" if crash_signal == signal.SIGSEGV or "Segmentation fault" in stack else name
        return ended(
            "crashed",
            f"Your code crashed the Python process ({kind}){spot} {running}. "
            "That happens when memory is used through ctypes or raw pointers; plain Python and NumPy cannot do it.",
        )
    if outcome.killed == "worker":
        # The last lines the worker wrote (each once: a worker restarted for the job may repeat them).
        detail = list(dict.fromkeys(_read(job_dir.parent / "worker-stderr.txt").strip().splitlines()[-10:]))[-5:]
        return ended("error", "The grading worker stopped unexpectedly.\n" + "\n".join(detail))
    stray = _read(job_dir / "stray-output.txt").strip()
    tail = "\n" + le.cap_text(stray[-2000:], 2000) if stray else ""
    return ended(
        "crashed",
        f"The grading process ended unexpectedly (exit status {outcome.exitcode}) {running}.{tail}",
    )


def _learner_paths(exercise: Exercise, root: Path) -> set[str]:
    """Every exercise file in the workspace, as the faulthandler dump may spell it."""
    folder = root / "exercises"
    paths = set()
    for path in folder.glob("[0-9][0-9]_*.py"):
        paths.update({str(path), str(path.resolve())})
    return paths


def _signal_name(number: int | None) -> str:
    if number is None:
        return "a fatal error"
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _from_result(exercise: Exercise, data: dict[str, Any], duration: float, stamp: str) -> ExerciseResult:
    tests = tuple(
        TestResult(t["name"], t["nodeid"], t["status"], t.get("message", ""), t.get("output", ""))
        for t in data["tests"]
    )
    output = data.get("collection_output", "")

    def result(status: str, problem: str | None, problem_test: str | None = None) -> ExerciseResult:
        return ExerciseResult(exercise.name, status, tests, problem, problem_test, output, duration, stamp)

    if data.get("interrupted"):
        return result("error", data["interrupted"])
    if data.get("collection_errors"):
        return result("error", data["collection_errors"][0])
    broken = next((t for t in tests if t.status in ("failed", "error")), None)
    if broken is not None:
        return result("failed", broken.message, broken.name)
    if not tests:
        return result("error", "The grader found no tests to run.")
    if not any(t.status == "passed" for t in tests):
        skipped = tests[0]
        return result("failed", f"No test ran: {skipped.message}", skipped.name)
    if data.get("exit_code", 0) != 0:
        return result("error", f"The grader ended with pytest exit code {data['exit_code']}.")
    return result("passed", None)
