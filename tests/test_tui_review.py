"""Review and Quiz as a learner drives them: every card kind, ratings, undo, the summary, the score."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from backprop_study.cards.scheduler import Rating
from backprop_study.tui.app import make_app
from backprop_study.tui.widgets.question import QuestionView

DECK = """\
deck: test-kinds
title: Every kind of card
cards:
  - id: t-basic
    kind: basic
    front: "What does [bold]the forward pass[/bold] compute?"
    back: "The prediction: [0,1] outputs, $x$ and ** stay as written."
  - id: t-cloze
    kind: cloze
    text: "d_output = {{error * sigmoid_derivative(output)}}"
  - id: t-choice
    kind: choice
    question: Which function squashes a number into (0, 1)?
    answer: sigmoid
    wrong: [relu, identity, step, square]
  - id: t-typed
    kind: typed
    question: What is the name of the rule that links derivatives across layers?
    answer: chain rule
    accept: [the chain rule]
  - id: t-order
    kind: order
    question: Put one training iteration in order.
    items: [Forward pass, Loss calculation, Backward pass, Weight update]
  - id: t-numeric
    kind: numeric
    template: sigmoid-derivative
"""


@pytest.fixture
def deck_workspace(workspace):
    folder = workspace.root / "quizzes"
    folder.mkdir()
    (folder / "kinds.yaml").write_text(DECK)
    return workspace


def view_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def current(app):
    return app.screen.query_one(QuestionView).question


async def test_reviewing_each_kind_of_card_then_undo(deck_workspace) -> None:
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert "new 6" in view_text(app, "#review-counts")

        # basic: markup-looking text is shown as written
        assert current(app).item.id == "t-basic"
        assert view_text(app, "#q-prompt") == "What does [bold]the forward pass[/bold] compute?"
        assert not app.screen.query_one("#rating-bar").display
        await pilot.press("space")
        await pilot.pause()
        assert "[0,1] outputs, $x$ and ** stay as written." in view_text(app, "#q-answer")
        assert app.screen.query_one("#rating-bar").display
        good = str(app.screen.query_one("#rate-3").label)
        assert good.startswith("3 Good · ") and good.endswith("m"), "each button shows its next interval"
        await pilot.press("3")
        await pilot.pause()

        # cloze
        assert current(app).item.id == "t-cloze:1"
        assert "[...]" in view_text(app, "#q-prompt")
        await pilot.press("space", "1")
        await pilot.pause()

        # multiple choice by number key: the right one suggests a passing rating
        question = current(app)
        assert question.item.id == "t-choice"
        await pilot.press(str(question.correct_option + 1))
        await pilot.pause()
        assert view_text(app, "#q-verdict").startswith("✓")
        assert "Suggested: Easy" in view_text(app, "#rating-help")
        await pilot.press("enter")
        await pilot.pause()

        # typed: a near miss is shown against the answer, and Again is suggested
        assert current(app).item.id == "t-typed"
        entry = app.screen.query_one("#q-input", Input)
        assert entry.has_focus
        await pilot.press(*"chian rule", "enter")
        await pilot.pause()
        assert view_text(app, "#q-verdict").startswith("✗")
        assert "Yours against the answer" in view_text(app, "#q-verdict")
        assert "Suggested: Again" in view_text(app, "#rating-help")
        await pilot.press("enter")
        await pilot.pause()

        # put in order by keys
        question = current(app)
        assert question.item.id == "t-order"
        for item in question.correct_order:
            await pilot.press(str(question.items.index(item) + 1))
        await pilot.pause()
        assert view_text(app, "#q-verdict").startswith("✓ Right: all in order.")
        await pilot.press("2")
        await pilot.pause()

        # numeric: fresh numbers, checked against the reference
        question = current(app)
        assert question.item.id == "t-numeric"
        await pilot.press(*f"{question.numeric.answer:.6f}", "enter")
        await pilot.pause()
        assert view_text(app, "#q-verdict").startswith("✓")
        await pilot.press("4")
        await pilot.pause()

        ratings = [(log["item"], log["rating"]) for log in deck_workspace.progress().load().reviews]
        assert ratings == [
            ("t-basic", Rating.GOOD),
            ("t-cloze:1", Rating.AGAIN),
            ("t-choice", Rating.EASY),
            ("t-typed", Rating.AGAIN),
            ("t-order", Rating.HARD),
            ("t-numeric", Rating.EASY),
        ]

        await pilot.press("u")
        await pilot.pause()
        assert current(app).item.id == "t-numeric", "undo brings the last card back"
        progress = deck_workspace.progress().load()
        assert len(progress.reviews) == 5 and "t-numeric" not in progress.cards


async def test_a_finished_session_shows_its_summary(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        summary = view_text(app, "#review-summary")
        assert summary.startswith("Session done: 1 reviewed (1 new)")
        assert "Easy 1" in summary
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "dashboard"


async def test_nothing_due_says_so(deck_workspace) -> None:
    deck_workspace.progress().update(lambda p: p.settings.__setitem__("new_per_day", 0))
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert view_text(app, "#review-summary").startswith("Nothing is due right now.")


async def test_a_quiz_end_to_end_leaves_the_schedule_alone(deck_workspace) -> None:
    before = Path(deck_workspace.study_dir / "progress.json")
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert view_text(app, "#quiz-progress").startswith("Question 1 of 6")
        right = 0
        for _ in range(6):
            question = current(app)
            if question.kind in ("basic", "reversed", "cloze"):
                await pilot.press("space", "y")
                right += 1
            elif question.kind == "choice":
                wrong = next(i for i, option in enumerate(question.options) if option != question.answer)
                await pilot.press(str(wrong + 1), "space")
            elif question.kind == "order":
                for item in question.correct_order:
                    await pilot.press(str(question.items.index(item) + 1))
                await pilot.press("enter")
                right += 1
            else:
                answer = question.answer if question.kind == "typed" else f"{question.numeric.answer:.6f}"
                await pilot.press(*answer, "enter")
                await pilot.pause()
                await pilot.press("enter")
                right += 1
            await pilot.pause()
        result = view_text(app, "#quiz-result")
        assert result.startswith(f"Score: {right} of 6")
        assert "Missed:" in result and "Which function squashes" in result
        assert "→ sigmoid" in result
    assert not before.exists() or deck_workspace.progress().load().cards == {}
    assert deck_workspace.progress().load().reviews == []
