"""The Exercises screen as a learner uses it: grade, watch a save turn green, cancel, editor, hints, reset."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time

import pytest
from textual.widgets import OptionList, Static

from backprop_study.store.paths import shipped_solutions_dir
from backprop_study.tui.app import make_app
from backprop_study.tui.widgets.dialogs import ConfirmScreen, TextScreen
from backprop_study.tui.widgets.hanging import HangingText


async def wait_for(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the screen did not get there in time")
        await pilot.pause(0.05)


def status(app) -> str:
    """The grading status as written (unwrapped)."""
    return app.screen.query_one("#grade-status", HangingText).text


async def open_exercise(pilot, number: int) -> None:
    await pilot.press("e")
    await pilot.pause()
    course_list = pilot.app.screen.query_one("#course-list", OptionList)
    course_list.highlighted = number - 1
    await pilot.pause()


def notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_saving_the_solution_turns_the_exercise_green(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 4)
        assert "04" in app.screen.query_one("#exercise-title", HangingText).text
        await pilot.press("c")
        await wait_for(pilot, lambda: "Not yet" in status(app))
        assert "not written yet" in status(app)
        # the learner saves their answer (here: the solved file) and the watch grades it
        await asyncio.sleep(0.3)
        shutil.copy(shipped_solutions_dir() / "04_d_output.py", workspace.exercises_dir / "04_d_output.py")
        await wait_for(pilot, lambda: "Passed" in status(app))
        labels = [str(o.prompt) for o in app.screen.query_one("#course-list", OptionList).options]
        assert labels[3].startswith("✓ 04")
    assert workspace.progress().load().exercise("04_d_output").passed_at is not None


async def test_a_grading_run_can_be_cancelled(workspace) -> None:
    (workspace.exercises_dir / "01_sigmoid.py").write_text("while True:\n    pass\n")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 1)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Grading" in status(app))
        await pilot.pause(0.5)
        await pilot.press("k")
        await wait_for(pilot, lambda: "cancelled" in status(app), timeout=5)
    assert workspace.progress().load().exercise("01_sigmoid").last_checked_at is None, "a cancelled run is not recorded"


@pytest.fixture
def editor_runs_here(monkeypatch: pytest.MonkeyPatch):
    """Headless tests have no terminal to hand over: run the editor without suspending."""
    from backprop_study.tui.app import StudyApp

    monkeypatch.setattr(StudyApp, "suspend", lambda self: contextlib.nullcontext())


async def test_an_editor_that_writes_the_answer_is_graded_on_return(workspace, editor_runs_here, monkeypatch) -> None:
    solved = shipped_solutions_dir() / "04_d_output.py"
    monkeypatch.setenv("EDITOR", f"cp {solved}")  # an "editor" that types the whole answer in
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 4)
        await pilot.press("e")
        await wait_for(pilot, lambda: "Passed" in status(app))


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        (None, "No editor is set"),
        ("/no/such/editor", "could not start"),
        ("sh -c 'exit 3'", "exited with code 3"),
    ],
)
async def test_an_editor_that_fails_says_why(workspace, editor_runs_here, monkeypatch, editor, message) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    if editor is None:
        monkeypatch.delenv("EDITOR", raising=False)
    else:
        monkeypatch.setenv("EDITOR", editor)
    before = (workspace.exercises_dir / "04_d_output.py").read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 4)
        await pilot.press("e")
        await wait_for(pilot, lambda: message in notes(app), timeout=10)
        assert app.screen.is_current, "the app is still running and usable"
    assert (workspace.exercises_dir / "04_d_output.py").read_bytes() == before


async def test_without_suspend_support_the_learner_is_told_to_edit_elsewhere(workspace, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "vi")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 4)
        await pilot.press("e")
        await wait_for(pilot, lambda: "cannot hand over" in notes(app), timeout=5)


async def test_hints_come_one_at_a_time_and_are_remembered(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 5)
        hints = app.screen.query_one("#hints", HangingText)
        assert "press h for the first" in hints.text
        await pilot.press("h")
        await pilot.pause()
        assert "Hint 1/" in hints.text and "Hint 2/" not in hints.text
        await pilot.press("h")
        await pilot.pause()
        assert "Hint 2/" in hints.text
    assert workspace.progress().load().exercise("05_d_hidden").hints_seen == 2


async def test_reset_asks_first_and_keeps_the_old_file(workspace) -> None:
    mine = workspace.exercises_dir / "02_forward_pass.py"
    start = mine.read_text()
    mine.write_text(start + "\n# my notes\n")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 2)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_text().endswith("# my notes\n"), "No leaves the file alone"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: "is kept at" in notes(app), timeout=5)
    assert mine.read_text() == start
    backups = list(workspace.backups_dir.glob("02_forward_pass*.py"))
    assert len(backups) == 1 and backups[0].read_text().endswith("# my notes\n")
    assert str(backups[0]) in notes(app)


async def test_the_solution_opens_only_after_a_pass_and_n_goes_next(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 1)
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, TextScreen), "no solution before passing"
        shutil.copy(shipped_solutions_dir() / "01_sigmoid.py", workspace.exercises_dir / "01_sigmoid.py")
        await pilot.press("c")
        await wait_for(pilot, lambda: "Passed" in status(app))
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "02" in app.screen.query_one("#exercise-title", HangingText).text


async def test_instructions_are_fitted_to_the_width_they_are_shown_at(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, 1)
        shown = str(app.screen.query_one("#instructions", Static).render())
        assert "    sigmoid(z) = 1 / (1 + e^(−z))\n        z: any shape;" in shown, "the note moves under its formula"
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        shown = str(app.screen.query_one("#instructions", Static).render())
        assert "    sigmoid(z) = 1 / (1 + e^(−z))        z: any shape;" in shown, "wide enough: as written"


async def test_after_a_pass_and_a_reset_the_page_says_reset_not_failing(workspace) -> None:
    shutil.copy(shipped_solutions_dir() / "01_sigmoid.py", workspace.exercises_dir / "01_sigmoid.py")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 1)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Passed" in status(app))
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: "Reset" in status(app), timeout=5)
        shown = status(app)
        assert shown.startswith("Reset to its starting file; not checked since. It first passed today ")
        assert "Not passing" not in shown and "+00:00" not in shown, "no contradiction, no ISO time"


async def test_the_last_check_is_said_in_human_time(workspace) -> None:
    from backprop_study.course_progress import record_result
    from backprop_study.grading.result import ExerciseResult

    record_result(workspace, ExerciseResult("01_sigmoid", "failed", (), "not yet", None, "", 0.2))
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 1)
        assert status(app) == "✗ Not passing when last checked (just now): Enter grades it again."


async def test_a_file_solved_in_another_window_turns_green_without_opening_it(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_exercise(pilot, 1)
        course_list = app.screen.query_one("#course-list", OptionList)
        assert str(course_list.get_option_at_index(1).prompt).startswith("· 02")
        await asyncio.sleep(0.05)
        shutil.copy(shipped_solutions_dir() / "02_forward_pass.py", workspace.exercises_dir / "02_forward_pass.py")
        await wait_for(pilot, lambda: str(course_list.get_option_at_index(1).prompt).startswith("✓ 02"))
        assert "01" in app.screen.query_one("#exercise-title", HangingText).text, "the open one stays open"
    assert workspace.progress().load().exercise("02_forward_pass").last_passed is True


async def test_the_solution_opens_at_its_code_with_the_docstring_one_scroll_up(workspace) -> None:
    from backprop_study.tui.screens.exercises import code_start

    shutil.copy(shipped_solutions_dir() / "01_sigmoid.py", workspace.exercises_dir / "01_sigmoid.py")
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_exercise(pilot, 1)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Passed" in status(app))
        await pilot.press("s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, TextScreen)
        source = (shipped_solutions_dir() / "01_sigmoid.py").read_text()
        first_code = code_start(source)
        assert first_code > 0 and source.splitlines()[first_code].startswith(("import", "from", "def"))
        from textual.containers import ScrollableContainer

        page = app.screen.query_one(ScrollableContainer)
        assert page.scroll_y == min(first_code, page.max_scroll_y)
