"""Review and Quiz as a learner drives them: every card kind, ratings, undo, confidence, the header, the
summary, and the score."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from backprop_study.cards.scheduler import Rating
from backprop_study.store.workspace import Workspace
from backprop_study.tui.app import make_app
from backprop_study.tui.screens import review as review_screen
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.question import LETTERS, QuestionView

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
def deck_workspace(workspace, monkeypatch: pytest.MonkeyPatch):
    """A workspace whose only deck is the one above (the shipped decks are left out)."""
    folder = workspace.root / "quizzes"
    folder.mkdir()
    (folder / "kinds.yaml").write_text(DECK)
    monkeypatch.setattr(Workspace, "deck_sources", lambda self: [self.root / "quizzes"])
    return workspace


@pytest.fixture
def no_enter_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests press keys faster than any person: the reflex guard on Enter would swallow them."""
    monkeypatch.setattr(review_screen, "ENTER_GUARD", 0.0)


def view_text(app, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return widget.text if isinstance(widget, HangingText) else str(widget.render())


def letter_of(question, text: str) -> str:
    """The key that picks `text` among a choice card's options or an order card's items."""
    choices = question.options if question.kind == "choice" else question.items
    return LETTERS[choices.index(text)]


def current(app):
    return app.screen.query_one(QuestionView).question


async def test_reviewing_each_kind_of_card_then_undo(deck_workspace, no_enter_guard) -> None:
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert view_text(app, "#review-counts").startswith("Due now: 6 (6 new")

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

        # multiple choice by letter: the right one suggests a passing rating
        question = current(app)
        assert question.item.id == "t-choice"
        await pilot.press(letter_of(question, question.answer))
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

        # put in order by letters
        question = current(app)
        assert question.item.id == "t-order"
        for item in question.correct_order:
            await pilot.press(letter_of(question, item))
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

        ratings = [(log.item_id, log.rating) for log in deck_workspace.progress().reviews()]
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
        store = deck_workspace.progress()
        assert len(store.reviews()) == 5 and "t-numeric" not in store.card_states()


async def test_a_finished_session_shows_its_summary(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        summary = view_text(app, "#review-summary")
        assert summary.startswith("Session done: 1 card in ")
        assert "(1 new)" in summary and "Easy 1" in summary
        assert "Every card has been studied at least once." in summary
        assert "Enter: on to exercise 01" in summary, "the summary offers the next step"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "dashboard"


async def test_the_summary_stays_and_undo_still_works_after_the_palette(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "4")  # Easy: due in days, so the session ends here
        await pilot.pause()
        assert view_text(app, "#review-summary").startswith("Session done")
        await pilot.press("ctrl+p")  # the command palette is a screen of its own: Review resumes after it
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        summary = view_text(app, "#review-summary")
        assert summary.startswith("Session done: 1 card"), "the summary is not replaced by 'Nothing is due'"
        assert "u: undo the last rating" in summary
        await pilot.press("u")
        await pilot.pause()
        assert current(app).item.id == "t-basic", "u does what the summary says"
        assert deck_workspace.progress().reviews() == []


async def test_enter_on_the_summary_goes_on_to_the_next_exercise(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "exercises"


async def test_the_session_time_counts_the_time_each_card_was_on_screen(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        app.screen._shown_at -= 150  # the card has been on screen for two and a half minutes
        await pilot.press("space", "4")
        await pilot.pause()
        assert view_text(app, "#review-summary").startswith("Session done: 1 card in 2 min")
        assert deck_workspace.progress().reviews()[0].duration_ms < 60_000, "the log keeps the answer time"


async def test_a_digit_never_answers_and_letters_never_rate(deck_workspace) -> None:
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space", "3", "space", "1")  # basic and cloze
        await pilot.pause()
        question = current(app)
        assert question.kind == "choice"
        await pilot.press("1", "2", "3", "4")  # the reflex of a learner used to numbered options
        await pilot.pause()
        view = app.screen.query_one(QuestionView)
        assert not view.answered, "a digit does not answer a choice card"
        assert len(deck_workspace.progress().reviews()) == 2
        wrong = next(option for option in question.options if option != question.answer)
        await pilot.press(letter_of(question, wrong), letter_of(question, question.answer))
        await pilot.pause()
        right = letter_of(question, question.answer)
        assert view_text(app, "#q-verdict") == f"✗ Not quite: the answer is {right}) sigmoid", "by its letter"
        assert view.answered and current(app).item.id == "t-choice", "a second letter does not rate"
        assert len(deck_workspace.progress().reviews()) == 2


async def test_a_reflex_second_enter_after_a_typed_answer_does_not_rate(deck_workspace) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(
        DECK.split("  - id: t-basic")[0]
        + "  - id: t-typed"
        + DECK.split("  - id: t-typed")[1].split("  - id: t-order")[0]
    )
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert current(app).kind == "typed"
        await pilot.press(*"chain rule", "enter", "enter")
        await pilot.pause()
        assert deck_workspace.progress().reviews() == [], "the second Enter, right after the first, is ignored"
        await pilot.pause(review_screen.ENTER_GUARD)
        await pilot.press("enter")
        await pilot.pause()
        assert [log.item_id for log in deck_workspace.progress().reviews()] == ["t-typed"]


async def test_a_confidence_key_shows_the_answer_and_is_stored_with_the_rating(deck_workspace) -> None:
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert current(app).kind == "basic"
        assert "s sure · t think so · w guessing" in view_text(app, "#rating-help")
        await pilot.press("s")
        await pilot.pause()
        view = app.screen.query_one(QuestionView)
        assert view.answered, "saying how sure also shows the answer: no extra key"
        assert view_text(app, "#rating-help").startswith("You said: sure.")
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("w", "3")  # the cloze card: guessing, and remembered
        await pilot.pause()
    logs = deck_workspace.progress().reviews()
    assert [(log.item_id, log.rating, log.confidence) for log in logs] == [
        ("t-basic", Rating.AGAIN, 3),
        ("t-cloze:1", Rating.GOOD, 1),
    ]
    assert deck_workspace.progress().calibration() == {3: (1, 0), 1: (1, 1)}
    assert [log.item_id for log in deck_workspace.progress().confident_errors()] == ["t-basic"]


async def test_a_learner_who_never_says_how_sure_sees_no_extra_step(deck_workspace) -> None:
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.query_one("#rating-bar").display, "one key shows the answer and the ratings"
        await pilot.press("3")
        await pilot.pause()
        assert current(app).item.id == "t-cloze:1", "one more key rates it"
    assert [log.confidence for log in deck_workspace.progress().reviews()] == [None]


async def test_the_confidence_offer_can_be_turned_off(deck_workspace) -> None:
    deck_workspace.progress().set_setting("ask_confidence", False)
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert view_text(app, "#rating-help") == "Space shows the answer."
        keys = {key for key, active in app.screen.active_bindings.items() if active.binding.action.startswith("conf")}
        assert not keys, "s, t and w are not offered"
        await pilot.press("s")
        await pilot.pause()
        assert not app.screen.query_one(QuestionView).answered


async def test_the_header_counts_the_learning_steps_that_come_back(deck_workspace, no_enter_guard) -> None:
    (deck_workspace.root / "quizzes" / "kinds.yaml").write_text(DECK.split("  - id: t-cloze")[0])
    app = make_app(deck_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert view_text(app, "#review-counts") == "Due now: 1 (1 new · 0 learning · 0 review)"
        await pilot.press("space", "1")  # forgotten: a learning step in a minute
        await pilot.pause()
        header = view_text(app, "#review-counts")
        assert current(app).item.id == "t-basic", "the learning step is shown early: nothing else is left"
        assert header == "Due now: 0 · 1 learning step within 20 min, shown early"


async def test_nothing_due_says_so(deck_workspace) -> None:
    deck_workspace.progress().update(lambda p: p.settings.__setitem__("new_per_day", 0))
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert view_text(app, "#review-summary").startswith("Nothing is due right now.")


async def test_a_quiz_end_to_end_leaves_the_schedule_alone(deck_workspace) -> None:
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
                wrong = next(option for option in question.options if option != question.answer)
                await pilot.press(letter_of(question, wrong), "space")
            elif question.kind == "order":
                for item in question.correct_order:
                    await pilot.press(letter_of(question, item))
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
    assert deck_workspace.progress().card_states() == {}
    assert deck_workspace.progress().reviews() == []


async def test_quiz_setup_says_which_decks_are_in_and_the_first_space_toggles(deck_workspace) -> None:
    from textual.widgets import OptionList

    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        decks = app.screen.query_one("#quiz-decks", OptionList)
        assert decks.has_focus and decks.highlighted == 0

        def first_line() -> str:
            return " ".join(str(cell) for cell in decks.get_option_at_index(0).prompt.columns[0].cells)

        assert first_line().startswith("[x]")
        assert view_text(app, "#quiz-chosen") == "Decks: 1 of 1 in ([x]), 6 cards"
        await pilot.press("space")
        await pilot.pause()
        assert first_line().startswith("[ ]"), "the state is in words, not only a colour"
        assert view_text(app, "#quiz-chosen") == "Decks: 0 of 1 in ([x]), 0 cards"
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.phase == "setup", "no quiz without a deck"


def test_a_missed_answer_is_shown_in_full() -> None:
    from types import SimpleNamespace

    from backprop_study.cards.quiz import QuizAnswer, QuizResult
    from backprop_study.tui.screens.quiz import describe_result

    long = "why " * 80
    question = SimpleNamespace(prompt=long, answer="because " * 60)
    text = describe_result(QuizResult(0, 1, 1, (QuizAnswer(question, False, None),)))  # type: ignore[arg-type]
    assert f"• {long.strip()}" in text and "    → " + ("because " * 60).strip() in text, "nothing is cut"


@pytest.mark.parametrize("count", ["¹", "٣", "x", "0"])
async def test_a_question_count_that_is_not_a_plain_number_starts_the_usual_quiz(deck_workspace, count) -> None:
    # "¹" is a digit to str.isdigit, and int() cannot read it: the quiz must start anyway.
    app = make_app(deck_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        app.screen.query_one("#quiz-count", Input).value = count
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.phase == "asking"
        assert view_text(app, "#quiz-progress").startswith("Question 1 of 6"), "every card, up to the usual 20"


def test_a_missed_answer_of_several_lines_reads_as_one() -> None:
    from types import SimpleNamespace

    from backprop_study.cards.quiz import QuizAnswer, QuizResult
    from backprop_study.tui.screens.quiz import describe_result

    question = SimpleNamespace(prompt="Walk the graph.", answer="dL/do = −0.808\ndL/dz2 = −0.125")
    text = describe_result(QuizResult(0, 1, 1, (QuizAnswer(question, False, None),)))  # type: ignore[arg-type]
    assert "    → dL/do = −0.808; dL/dz2 = −0.125" in text
