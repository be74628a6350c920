"""How the app's screens look, at 80x24 and 120x40 (pytest-textual-snapshot).

Each picture was reviewed before it was accepted. The workspace lives at a fixed
path and shuffles come from a seeded generator, so the pictures only change when
the screens do. Update with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the result (tests/__snapshots__/) before committing it.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from backprop_study.store.workspace import Workspace, init_workspace
from backprop_study.tui.app import make_app
from backprop_study.tui.widgets.question import QuestionView

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def fixed_workspace() -> Workspace:
    root = Path(tempfile.gettempdir()) / "backprop-study-snapshots"
    shutil.rmtree(root, ignore_errors=True)
    return init_workspace(root / "ws")


def app_for(workspace: Workspace):
    return make_app(workspace, rng=random.Random(2026))


async def until(pilot, condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen did not settle"
        await pilot.pause(0.05)
    await pilot.pause()


async def dashboard_settled(pilot) -> None:
    await until(pilot, lambda: "counting" not in str(pilot.app.screen.query_one("#cards-line", Static).render()))


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, fixed_workspace, size) -> None:
    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=dashboard_settled)


@pytest.mark.parametrize("size", SIZES)
def test_keys_help(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await dashboard_settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_learn_concepts(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_learn_code(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_exercise_with_a_grader_message(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#course-list", OptionList).highlighted = 3
        await pilot.pause()
        await pilot.press("c")
        status = pilot.app.screen.query_one("#grade-status", Static)
        await until(pilot, lambda: "Not yet" in str(status.render()))

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review_question(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review_answered(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        question = pilot.app.screen.query_one(QuestionView).question
        await pilot.press(str(question.correct_option + 1))
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_quiz_setup(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("z")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)
