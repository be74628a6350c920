"""Hints, one at a time: `next_hint` reveals the next and remembers it; `seen_hints` lists those shown."""

from __future__ import annotations

from dataclasses import dataclass

from backprop_study.course import Exercise
from backprop_study.store.progress import Progress
from backprop_study.store.workspace import Workspace


@dataclass(frozen=True)
class Hint:
    number: int  # 1-based
    total: int
    text: str
    was_last: bool  # no more hints after this one
    repeated: bool  # every hint had been seen already; this is the last one again


def next_hint(workspace: Workspace, exercise: Exercise) -> Hint:
    """Reveal the next hint of `exercise` and record it in progress (under the lock)."""
    total = len(exercise.hints)

    def change(progress: Progress) -> Hint:
        state = progress.exercise(exercise.name)
        repeated = state.hints_seen >= total
        state.hints_seen = min(state.hints_seen + 1, total)
        number = state.hints_seen
        return Hint(number, total, exercise.hints[number - 1], number == total, repeated)

    return workspace.progress().update(change)


def seen_hints(workspace: Workspace, exercise: Exercise) -> list[Hint]:
    """The hints of `exercise` already shown, in order."""
    progress = workspace.progress().load()
    total = len(exercise.hints)
    seen = min(progress.exercises[exercise.name].hints_seen, total) if exercise.name in progress.exercises else 0
    return [Hint(i + 1, total, exercise.hints[i], i + 1 == total, False) for i in range(seen)]
