"""Grading the learner's exercises: the engine's front door for the CLI and the TUI.

    from backprop_study.grading.grader import Grader, grade, grade_all

    result = grade(workspace, "4")                  # one exercise, a fresh worker
    results = grade_all(workspace)                  # the whole course, one worker, in parallel

    with Grader(workspace) as grader:               # a warm worker kept for many runs (the TUI)
        result = grader.grade(exercise, cancel=event)   # event.set() from another thread kills it

Learner code never runs in the caller's process: see `runner.py` (the worker), `child.py` (limits
and guards), `sandbox.py` (the child's set-up) and `result.py` (what came of it, and how it reads).
Recording a result in progress is `course_progress.record_result`.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from backprop_study.course import Course, Exercise, load_course
from backprop_study.grading import learner_errors as le
from backprop_study.grading.result import ExerciseResult, ended, interpret
from backprop_study.grading.runner import Runner
from backprop_study.store.workspace import Workspace

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # seconds of wall time per exercise
    memory_mb: int = 1024  # address space the learner's code may add
    output_mb: int = 32  # the largest file (captured output included) the child may write
    output_chars: int = 8000  # captured output kept per test; the rest is cut with a note


class Grader:
    """Grades exercises of one workspace with a warm worker. Thread-safe; close it when done."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        course: Course | Callable[[], Course] | None = None,
        limits: Limits | None = None,
        jobs: int | None = None,
        shared: bool = False,
    ) -> None:
        """`course` is the course, or a function that reads it: the worker starts first and imports NumPy
        and pytest while the course is read. `shared=True` uses the warm worker shared by `study`
        commands (see runner.py); the TUI keeps its own."""
        self.workspace = workspace
        self.limits = limits or Limits()
        self.runner = Runner(jobs=jobs or min(2, os.cpu_count() or 1), shared=shared)
        try:
            if course is None:
                self.course = load_course(workspace.course_file)
            else:
                self.course = course() if callable(course) else course
        except BaseException:
            self.runner.close()
            raise
        files = [workspace.exercise_file(each.name) for each in self.course.exercises]
        self._learner_files = frozenset(spelling for path in files for spelling in (str(path), str(path.resolve())))

    def exercise(self, ref: Exercise | str) -> Exercise:
        return ref if isinstance(ref, Exercise) else self.course.find(ref)

    def _job(self, exercise: Exercise, timeout: float | None) -> dict[str, Any]:
        return {
            "root": str(self.workspace.root.absolute()),
            "exercises_dir": str(self.workspace.exercises_dir.absolute()),
            "grader": str(self.workspace.grader_file(exercise.name).absolute()),
            "learner_files": sorted(self._learner_files),
            "timeout": float(timeout or self.limits.timeout),
            "memory_mb": self.limits.memory_mb,
            "output_mb": self.limits.output_mb,
            "output_limit": self.limits.output_chars,
        }

    def _missing(self, exercise: Exercise) -> ExerciseResult | None:
        workspace = self.workspace
        for what, path in (
            ("exercise file", workspace.exercise_file(exercise.name)),
            ("grader", workspace.grader_file(exercise.name)),
        ):
            if not path.is_file():
                hint = f" Restore it with: study reset {exercise.number}" if what == "exercise file" else ""
                problem = f"The {what} {le.display_path(path, self.workspace.root)} is missing.{hint}"
                return ended(exercise.name, "error", problem)
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
                root = self.workspace.root
                result = interpret(exercise.name, outcome, root, self._learner_files, took, limit)
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
