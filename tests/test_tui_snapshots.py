"""How the app's screens look, at 60x20, 80x24 and 120x40 (pytest-textual-snapshot).

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
from backprop_study.tui.widgets.question import LETTERS, QuestionView

SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def fixed_workspace(request: pytest.FixtureRequest) -> Workspace:
    # A folder per test (and size), the same on every run: the progress store of a folder is shared within
    # a process, so a folder deleted and made again would still show the last test's reviews.
    root = Path(tempfile.gettempdir()) / "backprop-study-snapshots" / request.node.name
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
def test_learn_objectives(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("l")
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
        await pilot.press(LETTERS[question.correct_option])
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


async def answer_rightly(pilot) -> None:
    """Answer the card on screen rightly, whatever its kind (a recall card: show its answer)."""
    view = pilot.app.screen.query_one(QuestionView)
    question = view.question
    if view.self_rated:
        await pilot.press("space")
    elif question.kind == "choice":
        await pilot.press(LETTERS[question.correct_option])
    elif question.kind == "order":
        await pilot.press(*(LETTERS[question.items.index(item)] for item in question.correct_order))
    elif question.kind == "graph":
        while not question.graph.done:
            step = question.graph.current
            await pilot.press(*" ".join(f"{value:.6g}" for value in step.expected.ravel()), "enter")
            await pilot.pause()
    else:
        answer = question.answer if question.kind == "typed" else f"{question.numeric.answer:.6f}"
        await pilot.press(*answer, "enter")
    await pilot.pause()


async def answer_until_recall(pilot) -> None:
    """Answer (rightly, rated Easy) the day's first cards until a recall card is on screen."""
    for _ in range(30):
        if pilot.app.screen.query_one(QuestionView).self_rated:
            return
        await answer_rightly(pilot)
        await pilot.press("4")
        await pilot.pause()
    raise AssertionError("no recall card among the first 30")


@pytest.mark.parametrize("size", SIZES)
def test_review_recall_offers_confidence(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        await answer_until_recall(pilot)

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review_summary(snap_compare, fixed_workspace, size) -> None:
    fixed_workspace.progress().set_setting("new_per_day", 2)

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await pilot.pause()
        for _ in range(2):
            await answer_rightly(pilot)
            await pilot.press("4")
            await pilot.pause()
        screen = pilot.app.screen
        screen._card_seconds = [14.0, 20.0]  # the real seconds would make the picture change each run
        screen._show_summary()
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_quiz_setup(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("down", "space")  # the second deck left out: its line says [ ]
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_quiz_question(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_settings(snap_compare, fixed_workspace, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app_for(fixed_workspace), terminal_size=size, run_before=run_before)
