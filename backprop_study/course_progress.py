"""Where the learner is in the course: each exercise done, pending or current.

- done: the latest recorded check passed;
- current: the exercise the learner is on (the last one checked or reset that
  is not done, else the first one not done);
- pending: everything else.

`record_result` writes a grading result into progress in one transaction (so
two `study check` at once both land): the check in the history, the time of the
check, whether it passed, the time of the first pass, and which exercise is
current next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backprop_study.course import Course, Exercise, load_course
from backprop_study.store.progress import CheckRecord, ExerciseState, Progress, now_iso
from backprop_study.store.workspace import Workspace

if TYPE_CHECKING:
    from backprop_study.cards.decks import DeckSet
    from backprop_study.grading.result import ExerciseResult


# How each state is marked wherever exercises are listed (the Exercises and Stats screens, `study list`).
MARKS = {"done": "✓", "current": "▸", "pending": "·"}


@dataclass(frozen=True)
class ExerciseStatus:
    exercise: Exercise
    state: str  # "done", "current" or "pending"
    progress: ExerciseState

    @property
    def passed_once(self) -> bool:
        return self.progress.passed_at is not None

    @property
    def mark(self) -> str:
        return MARKS[self.state]


def is_done(state: ExerciseState) -> bool:
    return state.last_passed is True


def current_exercise(course: Course, progress: Progress) -> Exercise | None:
    """The exercise the learner is on: the one they last worked on if it is not done, else the first not done."""
    states = {e.name: progress.exercises.get(e.name, ExerciseState()) for e in course.exercises}
    if progress.current_exercise in states and not is_done(states[progress.current_exercise]):
        return next(e for e in course.exercises if e.name == progress.current_exercise)
    return next((e for e in course.exercises if not is_done(states[e.name])), None)


def exercise_states(workspace: Workspace, course: Course | None = None) -> list[ExerciseStatus]:
    """Every exercise in course order with its state."""
    course = course or load_course(workspace.course_file)
    progress = workspace.progress().load()
    current = current_exercise(course, progress)
    result = []
    for exercise in course.exercises:
        state = progress.exercises.get(exercise.name, ExerciseState())
        label = "done" if is_done(state) else "current" if exercise == current else "pending"
        result.append(ExerciseStatus(exercise, label, state))
    return result


def record_result(
    workspace: Workspace, result: ExerciseResult, course: Course | None = None, decks: DeckSet | None = None
) -> ExerciseState:
    """Remember one grading result, and close the loop with Review (`cards/loop.py`): a named mistake brings
    its cards forward; the first check of an exercise, and its first pass, bring its concept cards forward.
    A cancelled run leaves progress alone. `decks` are loaded when needed if not given."""
    if result.status == "cancelled":
        return workspace.progress().load().exercise(result.exercise)
    course = course or load_course(workspace.course_file)
    moments: dict[str, bool] = {}

    def change(progress: Progress) -> ExerciseState:
        state = progress.exercise(result.exercise)
        moments.update(first_check=state.last_checked_at is None, first_pass=result.passed and state.passed_at is None)
        stamp = result.checked_at or now_iso()
        state.last_checked_at = stamp
        state.last_passed = result.passed
        if result.passed and state.passed_at is None:
            state.passed_at = stamp
        if result.passed:
            after = _next_not_done(course, progress, result.exercise)
            progress.current_exercise = after.name if after else None
        else:
            progress.current_exercise = result.exercise
        return state

    record = CheckRecord(
        exercise=result.exercise,
        at=result.checked_at or now_iso(),
        passed=result.passed,
        status=result.status,
        mistake=result.mistake,
    )
    store = workspace.progress()
    state = store.record_check(record, change)
    _close_the_loop(workspace, result, course, decks, moments)
    return state


def exercise_started(workspace: Workspace, exercise: Exercise, decks: DeckSet | None = None) -> None:
    """The learner opened an exercise to work on it: its concept cards come due (recall before doing), once."""
    if workspace.progress().first_time(f"started:{exercise.name}"):
        from backprop_study.cards import loop

        loop.concepts_now(workspace.progress(), decks or _decks(workspace), exercise.name, exercise.concepts)


def _close_the_loop(
    workspace: Workspace, result: ExerciseResult, course: Course, decks: DeckSet | None, moments: dict[str, bool]
) -> None:
    from backprop_study.cards import loop

    store = workspace.progress()
    exercise = next((e for e in course.exercises if e.name == result.exercise), None)
    started = exercise is not None and moments.get("first_check") and store.first_time(f"started:{exercise.name}")
    passed = exercise is not None and moments.get("first_pass")
    if not (result.mistake or started or passed):
        return
    decks = decks or _decks(workspace)
    if result.mistake:
        loop.after_mistake(store, decks, result.exercise, result.mistake)
    if (started or passed) and exercise is not None:
        loop.concepts_now(store, decks, exercise.name, exercise.concepts)


_DECKS: dict[tuple[str, ...], DeckSet] = {}


def _decks(workspace: Workspace) -> DeckSet:
    """The workspace's decks, loaded once per process (`study check --all` records fourteen results)."""
    from backprop_study.cards.decks import load_decks

    key = tuple(str(path) for path in workspace.deck_sources())
    if key not in _DECKS:
        _DECKS[key] = load_decks(workspace.deck_sources())
    return _DECKS[key]


def _next_not_done(course: Course, progress: Progress, name: str) -> Exercise | None:
    names = [e.name for e in course.exercises]
    start = names.index(name) + 1 if name in names else 0
    ordered = list(course.exercises[start:]) + list(course.exercises[:start])
    return next((e for e in ordered if not is_done(progress.exercises.get(e.name, ExerciseState()))), None)
