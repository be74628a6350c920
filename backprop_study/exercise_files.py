"""The learner's exercise files: reset to the start (keeping a backup) and the solution once passed."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from backprop_study.course import Exercise
from backprop_study.store.atomic import atomic_write_bytes
from backprop_study.store.progress import Progress
from backprop_study.store.workspace import Workspace


class ExerciseFileError(Exception):
    """An exercise file problem, with a message for the learner."""


class SolutionLocked(ExerciseFileError):
    """The solution of an exercise not yet passed was asked for without `force`."""


@dataclass(frozen=True)
class ResetOutcome:
    file: Path  # the exercise file, now back at its start
    backup: Path | None  # where the learner's previous file is kept (None if there was nothing to keep)
    unchanged: bool  # the file already was the starting file


def starting_text(workspace: Workspace, exercise: Exercise) -> bytes:
    """The exercise file as the course ships it."""
    learner = workspace.exercise_file(exercise.name)
    start = workspace.starting_file(exercise.name)
    if start.is_file() and not (learner.exists() and learner.resolve() == start.resolve()):
        return start.read_bytes()
    # This workspace *is* the course's source (a checkout): its starting files are in git.
    relative = learner.resolve().relative_to(workspace.root.resolve()).as_posix()
    try:
        shown = subprocess.run(
            ["git", "-C", str(workspace.root), "show", f"HEAD:{relative}"],
            capture_output=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        raise ExerciseFileError(
            f"There is no starting copy of {exercise.file_name}: this workspace is the course's own source "
            "folder and git could not give the committed version. Make a workspace with: study init DIR"
        ) from None
    return shown.stdout


def _backup_path(workspace: Workspace, exercise: Exercise) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    candidate = workspace.backups_dir / f"{exercise.name}.{stamp}.py"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = workspace.backups_dir / f"{exercise.name}.{stamp}-{counter}.py"
    return candidate


def reset_exercise(workspace: Workspace, exercise: Exercise) -> ResetOutcome:
    """Put the starting file back; the learner's file is first copied to `.study/backups/`.

    The copy is made (and flushed) before the exercise file is replaced, and
    the replacement is atomic, so the learner's work exists somewhere at every
    moment.
    """
    original = starting_text(workspace, exercise)
    target = workspace.exercise_file(exercise.name)
    backup: Path | None = None
    current = target.read_bytes() if target.is_file() else None
    if current == original:
        return ResetOutcome(target, None, True)
    if current is not None:
        backup = _backup_path(workspace, exercise)
        backup.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(backup, current)
        shutil.copystat(target, backup)
    atomic_write_bytes(target, original)

    def change(progress: Progress) -> None:
        progress.exercise(exercise.name).last_passed = None
        progress.current_exercise = exercise.name

    workspace.progress().update(change)
    return ResetOutcome(target, backup, False)


def solution_path(workspace: Workspace, exercise: Exercise) -> Path:
    return workspace.solutions_dir / exercise.file_name


def solution_text(workspace: Workspace, exercise: Exercise, *, force: bool = False) -> str:
    """The solved exercise, once it has passed (or with `force`)."""
    state = workspace.progress().load().exercises.get(exercise.name)
    if not force and (state is None or state.passed_at is None):
        raise SolutionLocked(
            f"The solution to {exercise.number:02d} {exercise.slug} opens once the exercise passes "
            f"(study check {exercise.number}). To see it now anyway: study solution {exercise.number} --force"
        )
    path = solution_path(workspace, exercise)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExerciseFileError(f"The course has no solution file for {exercise.name} ({path}).") from None
