"""The loop from exercises to cards, as the learner meets it in the app: Review says why a card was
brought forward, the dashboard counts the cards from mistakes, Stats lists the mistakes with their cards'
retention, and the Exercises screen brings concept cards forward on `e` and says when a mistake's card
comes forward."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from loop_fixtures import DECK, SIGN, failed, passed
from textual.widgets import OptionList, Static

from backprop_study.cards.decks import load_decks
from backprop_study.course import load_course
from backprop_study.course_progress import exercise_started, record_result
from backprop_study.store.paths import shipped_solutions_dir
from backprop_study.store.workspace import Workspace, init_workspace
from backprop_study.tui.app import make_app
from backprop_study.tui.widgets.hanging import HangingText

SUBMISSIONS = Path(__file__).parent / "submissions"


@pytest.fixture
def loop_workspace(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A workspace whose only deck is the one above, where no new card is due today: only what an exercise
    brings forward is. `code-d-output` is one of exercise 04's concept cards."""
    (workspace.root / "quizzes").mkdir()
    (workspace.root / "quizzes" / "loop.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(Workspace, "deck_sources", lambda self: [self.root / "quizzes"])
    workspace.progress().set_setting("new_per_day", 0)
    return workspace


def text(app, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return widget.text if isinstance(widget, HangingText) else str(widget.render())


async def until(pilot, condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen did not get there in time"
        await pilot.pause(0.05)


def notes(app, title: str | None = None) -> list[str]:
    return [str(n.message) for n in app._notifications if title is None or n.title == title]


async def test_review_says_which_mistake_brought_a_card_forward(loop_workspace: Workspace) -> None:
    decks = load_decks(loop_workspace.deck_sources())
    # Not the exercise's first check: only the mistake's card comes forward (its concepts came on the first).
    loop_workspace.progress().first_time("started:04_d_output")
    record_result(loop_workspace, failed("04_d_output", SIGN), decks=decks)
    assert set(loop_workspace.progress().due_now()) == {"about-the-sign"}
    app = make_app(loop_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert text(app, "#review-counts") == "Due now: 1 (0 new · 0 learning · 0 review · 1 from your exercises)"
        assert app.screen.query_one("#question").question.item.id == "about-the-sign"
        assert text(app, "#review-why").startswith("You made this mistake in exercise 04 today")
        # The mistake's words come once the graders' catalogue has been read, in a worker.
        await until(pilot, lambda: text(app, "#review-why").endswith("(d_output: the sign is flipped)."))
        assert app.screen.query_one("#review-why").display
        await pilot.press("space", "3")
        await pilot.pause()
        assert not app.screen.query_one("#review-why").display, "a card due by its schedule gives no reason"
        assert "about-the-sign" not in loop_workspace.progress().due_now()
        await pilot.press("u")
        await pilot.pause()
        assert text(app, "#review-why").startswith("You made this mistake"), "undone: brought forward again"


async def test_review_says_a_concept_card_is_due_before_the_exercise_and_after_its_pass(
    loop_workspace: Workspace,
) -> None:
    decks = load_decks(loop_workspace.deck_sources())
    exercise = next(e for e in load_course(loop_workspace.course_file).exercises if e.name == "04_d_output")
    exercise_started(loop_workspace, exercise, decks)
    app = make_app(loop_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#question").question.item.id == "code-d-output"
        assert text(app, "#review-why") == "Exercise 04 practises this: recall it before you start."
        await pilot.press("space", "3")
        await pilot.pause()
        assert not app.screen.query_one("#review-why").display
    # Passing it brings its concept cards forward again.
    record_result(loop_workspace, passed("04_d_output"), decks=decks)
    app = make_app(loop_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert text(app, "#review-why") == "Exercise 04 practises this: you just passed it."


async def test_the_dashboard_counts_the_cards_from_your_mistakes(loop_workspace: Workspace) -> None:
    loop_workspace.progress().first_time("started:04_d_output")  # the concept cards stay out of it
    record_result(loop_workspace, failed("04_d_output", SIGN), decks=load_decks(loop_workspace.deck_sources()))
    app = make_app(loop_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "counting" not in text(app, "#cards-line"))
        assert text(app, "#cards-line") == "Cards: 1 due now (0 new · 1 from your mistakes)"
        assert text(app, "#continue-line") == "Press c to continue: review 1 due card"


async def test_stats_lists_the_mistakes_by_frequency_in_words(loop_workspace: Workspace) -> None:
    decks = load_decks(loop_workspace.deck_sources())
    for mistake in (SIGN, SIGN, "LESSON:d_hidden:flipped_sign"):
        exercise = "04_d_output" if mistake == SIGN else "05_d_hidden"
        record_result(loop_workspace, failed(exercise, mistake), decks=decks)
    app = make_app(loop_workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: text(app, "#mistakes") != "Counting…")
        assert text(app, "#mistakes-title") == "Your mistakes in the exercises · 2 mistakes named 3 times"
        lines = text(app, "#mistakes").splitlines()
        assert lines[0] == "• 2× d_output: the sign is flipped (exercise 04; last time today)"
        assert lines[1] == "  its card: not asked again yet · due now in Review"
        assert lines[2] == "• 1× d_hidden: the sign is flipped (exercise 05; last time today)"
        assert "LESSON:" not in text(app, "#mistakes"), "mistakes are named in words, not by their ids"


async def test_stats_without_mistakes_says_what_will_be_counted(loop_workspace: Workspace) -> None:
    app = make_app(loop_workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: text(app, "#mistakes") != "Counting…")
        assert text(app, "#mistakes").startswith("None named yet. When a check names a mistake")


async def test_opening_an_exercise_in_the_editor_brings_its_concept_cards_forward(
    loop_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)  # no editor: the learner is told, and still meant to work on it
    app = make_app(loop_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#course-list", OptionList).highlighted = 3
        await pilot.pause()
        assert loop_workspace.progress().due_now() == {}, "looking at an exercise is not starting it"
        await pilot.press("e")
        await until(pilot, lambda: "code-d-output" in loop_workspace.progress().due_now())
    due = loop_workspace.progress().due_now()["code-d-output"]
    assert (due.exercise, due.mistake) == ("04_d_output", None)


async def test_a_check_that_names_a_mistake_says_its_card_comes_forward_once(loop_workspace: Workspace) -> None:
    # The solved file with the learner's flipped sign last (as tests/test_submissions.py builds it).
    solved = (shipped_solutions_dir() / "04_d_output.py").read_text(encoding="utf-8")
    mistaken = (SUBMISSIONS / "04_d_output" / "error_flipped.py").read_text(encoding="utf-8")
    loop_workspace.exercise_file("04_d_output").write_text(f"{solved}\n\n{mistaken}", encoding="utf-8")
    title = "This mistake comes back as a card"
    app = make_app(loop_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#course-list", OptionList).highlighted = 3
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: bool(notes(app, title)))
        assert notes(app, title) == ["Its card is due now in Review: recall it there, then try again here."]
        assert loop_workspace.progress().due_now()["about-the-sign"].mistake == SIGN
        await pilot.press("c")
        await until(pilot, lambda: loop_workspace.progress().mistake_counts() == {("04_d_output", SIGN): 2})
        await pilot.pause(0.3)
        assert len(notes(app, title)) == 1, "said once, not on every save"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review_why_snapshot(snap_compare, request: pytest.FixtureRequest, monkeypatch, size) -> None:
    """A card a mistake brought forward, the reason above it in words."""
    root = Path(tempfile.gettempdir()) / "backprop-study-loop-snapshots" / request.node.name
    shutil.rmtree(root, ignore_errors=True)
    workspace = init_workspace(root / "ws")
    (workspace.root / "quizzes").mkdir()
    (workspace.root / "quizzes" / "loop.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(Workspace, "deck_sources", lambda self: [self.root / "quizzes"])
    workspace.progress().set_setting("new_per_day", 0)
    workspace.progress().first_time("started:04_d_output")
    record_result(workspace, failed("04_d_output", SIGN), decks=load_decks(workspace.deck_sources()))

    async def run_before(pilot) -> None:
        await pilot.press("r")
        await until(pilot, lambda: text(pilot.app, "#review-why").endswith("flipped)."))

    assert snap_compare(make_app(workspace, rng=random.Random(1)), terminal_size=size, run_before=run_before)
