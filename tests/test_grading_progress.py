"""The exercise workflow around grading: progress, states, hints, reset with a backup, solutions."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures_grading import SOLVED, STARTING, make_workspace, write_exercise

from backprop_study.course import load_course
from backprop_study.course_progress import exercise_states, record_result
from backprop_study.exercise_files import ExerciseFileError, SolutionLocked, reset_exercise, solution_text
from backprop_study.grading.result import ExerciseResult, TestResult
from backprop_study.hints import next_hint, seen_hints
from backprop_study.store import paths
from backprop_study.store.workspace import Workspace


@pytest.fixture
def course_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    workspace, shipped = make_workspace(tmp_path)
    monkeypatch.setattr(paths, "shipped_exercises_dir", lambda: shipped / "exercises")
    monkeypatch.setattr(paths, "shipped_solutions_dir", lambda: shipped / "solutions")
    return workspace


def result(name: str, status: str, when: str = "2026-01-02T03:04:05+00:00") -> ExerciseResult:
    test = TestResult("test_x", f"graders/test_{name}.py::test_x", "passed" if status == "passed" else "failed", "", "")
    problem = None if status == "passed" else "wrong"
    return ExerciseResult(name, status, (test,), problem, None, "", 0.1, when)


def states(workspace: Workspace) -> list[tuple[str, str]]:
    return [(s.exercise.name, s.state) for s in exercise_states(workspace)]


def test_a_fresh_course_starts_at_the_first_exercise(course_ws: Workspace) -> None:
    assert states(course_ws) == [("01_add", "current"), ("02_scale", "pending"), ("03_mean", "pending")]


def test_passing_is_recorded_with_its_time_and_moves_on(course_ws: Workspace) -> None:
    state = record_result(course_ws, result("01_add", "passed", "2026-01-02T03:04:05+00:00"))
    assert state.passed_at == "2026-01-02T03:04:05+00:00" and state.last_passed is True
    assert states(course_ws) == [("01_add", "done"), ("02_scale", "current"), ("03_mean", "pending")]
    # A later pass keeps the first time; a later failure keeps it too but is no longer done.
    record_result(course_ws, result("01_add", "passed", "2026-02-02T00:00:00+00:00"))
    state = record_result(course_ws, result("01_add", "failed", "2026-03-02T00:00:00+00:00"))
    assert state.passed_at == "2026-01-02T03:04:05+00:00"
    assert state.last_checked_at == "2026-03-02T00:00:00+00:00" and state.last_passed is False
    assert states(course_ws)[0] == ("01_add", "current")


def test_a_failing_check_makes_that_exercise_current(course_ws: Workspace) -> None:
    record_result(course_ws, result("03_mean", "failed"))
    assert states(course_ws) == [("01_add", "pending"), ("02_scale", "pending"), ("03_mean", "current")]


def test_a_cancelled_run_leaves_progress_alone(course_ws: Workspace) -> None:
    record_result(course_ws, result("02_scale", "cancelled"))
    assert course_ws.progress().load().exercises.get("02_scale") is None


def test_hints_come_one_at_a_time_and_are_remembered(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("3")
    assert seen_hints(course_ws, exercise) == []
    first = next_hint(course_ws, exercise)
    assert (first.number, first.total, first.text, first.was_last) == (1, 3, "np.mean does it.", False)
    next_hint(course_ws, exercise)
    last = next_hint(course_ws, exercise)
    assert (last.number, last.text, last.was_last, last.repeated) == (3, "x.sum() / len(x)", True, False)
    again = next_hint(course_ws, exercise)
    assert (again.number, again.repeated) == (3, True)
    assert [h.text for h in seen_hints(course_ws, exercise)] == [
        "np.mean does it.",
        "Or sum and divide by the length.",
        "x.sum() / len(x)",
    ]
    assert course_ws.progress().load().exercise("03_mean").hints_seen == 3


def test_reset_keeps_the_learners_file_and_restores_the_start(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("1")
    mine = write_exercise(course_ws, "01_add", "def add(a, b):\n    return a - b  # my attempt\n")
    record_result(course_ws, result("01_add", "passed"))
    outcome = reset_exercise(course_ws, exercise)
    assert mine.read_text() == STARTING["01_add"]
    assert outcome.backup is not None and outcome.backup.parent == course_ws.backups_dir
    assert outcome.backup.read_text() == "def add(a, b):\n    return a - b  # my attempt\n"
    assert not outcome.unchanged
    # Reset means not done any more, but the pass is remembered (the solution stays open).
    state = course_ws.progress().load().exercise("01_add")
    assert state.last_passed is None and state.passed_at is not None
    assert states(course_ws)[0] == ("01_add", "current")
    # A second reset of a changed file keeps both backups.
    write_exercise(course_ws, "01_add", "def add(a, b):\n    return 42\n")
    second = reset_exercise(course_ws, exercise)
    assert second.backup != outcome.backup and second.backup.read_text() == "def add(a, b):\n    return 42\n"
    assert outcome.backup.read_text().endswith("# my attempt\n")


def test_reset_of_an_untouched_file_changes_nothing(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("2")
    outcome = reset_exercise(course_ws, exercise)
    assert outcome.unchanged and outcome.backup is None
    assert not course_ws.backups_dir.exists() or not any(course_ws.backups_dir.iterdir())


def test_reset_brings_back_a_deleted_file(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("3")
    (course_ws.exercises_dir / "03_mean.py").unlink()
    outcome = reset_exercise(course_ws, exercise)
    assert outcome.backup is None
    assert (course_ws.exercises_dir / "03_mean.py").read_text() == STARTING["03_mean"]


def test_the_solution_opens_once_passed(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("1")
    with pytest.raises(SolutionLocked, match=r"opens once the exercise passes.*study solution 1 --force"):
        solution_text(course_ws, exercise)
    assert solution_text(course_ws, exercise, force=True) == SOLVED["01_add"]
    record_result(course_ws, result("01_add", "passed"))
    assert solution_text(course_ws, exercise) == SOLVED["01_add"]


def test_a_missing_solution_file_is_reported(course_ws: Workspace) -> None:
    exercise = load_course(course_ws.course_file).find("2")
    (paths.shipped_solutions_dir() / "02_scale.py").unlink()
    with pytest.raises(ExerciseFileError, match="no solution file for 02_scale"):
        solution_text(course_ws, exercise, force=True)
