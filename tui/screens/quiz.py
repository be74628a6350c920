"""Quiz: a scored, interleaved run through chosen decks. It never touches the review schedule.

Setup lists the decks, each marked [x] (in) or [ ] (out) in words as well as colour; Space toggles the
highlighted one. While asking, the keys are Review's: letters pick an option or the next item, Space
shows a recall card's answer (then y or n: did you know it?), Space or Enter goes on after a checked one.
A graph card is walked node by node as in Review, and scored right when every node was right first time.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from backprop_study.cards.quiz import Quiz, QuizResult
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.keys import AppFooter, KeyGroup
from backprop_study.tui.widgets.question import LETTERS, QuestionView

DEFAULT_QUESTIONS = 20
ANSWER = KeyGroup("Pick an answer")


class DeckPicker(OptionList):
    """The decks to quiz on; each line says whether it is in: "[x]" or "[ ]"."""

    KEYS_NAME = "In the deck list"
    BINDINGS = [Binding("space", "toggle", "Toggle deck", id="toggle-deck")]

    def __init__(self, decks: list[tuple[str, str, int]], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.decks = decks  # (deck id, title, cards)
        self.chosen = {deck_id for deck_id, _title, _count in decks}

    def on_mount(self) -> None:
        self._fill()
        if self.decks:
            self.highlighted = 0  # so the first Space toggles a deck rather than doing nothing

    def _fill(self) -> None:
        highlighted = self.highlighted
        self.clear_options()
        for deck_id, title, count in self.decks:
            mark = "[x]" if deck_id in self.chosen else "[ ]"
            # Two columns, so a long title wraps under itself, not under the mark.
            row = Table.grid(padding=(0, 2))
            row.add_column(no_wrap=True)
            row.add_column()
            row.add_row(Text(f"{mark} {count:>3} cards"), Text(title))
            self.add_option(Option(row, id=deck_id))
        if highlighted is not None:
            self.highlighted = highlighted

    def action_toggle(self) -> None:
        if self.highlighted is None:
            return
        deck_id = self.decks[self.highlighted][0]
        self.chosen.symmetric_difference_update({deck_id})
        self._fill()
        self.post_message(self.Toggled())

    class Toggled(Message):
        """The chosen decks changed."""

    @property
    def selected(self) -> list[str]:
        return [deck_id for deck_id, _title, _count in self.decks if deck_id in self.chosen]


class QuizScreen(Screen):
    SUB_TITLE = "Quiz"
    BINDINGS = [
        Binding("s", "start", "Start quiz", id="start"),
        *(Binding(key, f"pick('{key}')", f"option {key}", group=ANSWER, id=f"pick-{key}") for key in LETTERS),
        Binding("space", "space", "Show answer / next", id="space"),
        Binding("y", "mark(True)", "I knew it", id="mark-right"),
        Binding("n", "mark(False)", "I did not", id="mark-wrong"),
        Binding("enter", "continue", "Next", id="continue"),
        Binding("backspace", "take_back", "Take back", show=False, id="take-back"),
        Binding("escape", "app.home", "Dashboard", id="home"),
    ]

    CSS_PATH = "quiz.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.quiz: Quiz | None = None
        self.phase = "setup"  # setup, asking, answered, done

    def compose(self) -> ComposeResult:
        yield Header()
        decks = [(deck.id, deck.title, len(deck.cards)) for deck in self.app.deck_set().decks]
        with Vertical(id="quiz-setup"):
            yield Static(
                "Practice without touching your schedule: every answer is scored, nothing is rescheduled.",
                markup=False,
            )
            yield Static("", id="quiz-chosen", classes="page-heading", markup=False)
            yield DeckPicker(decks, id="quiz-decks")
            with Horizontal(id="quiz-count-row"):
                yield Static("Questions:", markup=False)
                yield Input(str(DEFAULT_QUESTIONS), id="quiz-count", type="integer", compact=True)
            yield Static("Space toggles the highlighted deck; s starts (Tab reaches the number).", classes="muted")
        yield Static("", id="quiz-progress", markup=False)
        yield QuestionView(id="quiz-question")
        yield HangingText(id="quiz-help")
        with VerticalScroll(id="quiz-result-page"):
            yield HangingText(id="quiz-result")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#quiz-decks", DeckPicker).focus()
        self._show_chosen()
        self._show_phase("setup")

    def _show_chosen(self) -> None:
        picker = self.query_one("#quiz-decks", DeckPicker)
        cards = sum(count for deck_id, _title, count in picker.decks if deck_id in picker.chosen)
        self.query_one("#quiz-chosen", Static).update(
            f"Decks: {len(picker.chosen)} of {len(picker.decks)} in ([x]), {cards} cards"
        )

    def on_deck_picker_toggled(self, _message: DeckPicker.Toggled) -> None:
        self._show_chosen()

    def _show_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one("#quiz-setup").display = phase == "setup"
        in_quiz = phase in ("asking", "answered")
        for selector in ("#quiz-progress", "#quiz-question", "#quiz-help"):
            self.query_one(selector).display = in_quiz
        self.query_one("#quiz-result-page").display = phase == "done"
        if phase == "setup":
            self.query_one("#quiz-decks", DeckPicker).focus()
        elif phase == "done":
            self.query_one("#quiz-result-page").focus()
        self.refresh_bindings()

    # --- flow ---------------------------------------------------------------------------------

    def action_start(self) -> None:
        chosen = self.query_one("#quiz-decks", DeckPicker).selected
        if not chosen:
            self.notify("Choose at least one deck (Space toggles the highlighted one).", severity="warning", timeout=4)
            return
        value = self.query_one("#quiz-count", Input).value.strip()
        # isdecimal and isascii: "¹" is a digit to isdigit, and int() cannot read it.
        count = int(value) if value.isdecimal() and value.isascii() and int(value) > 0 else DEFAULT_QUESTIONS
        self.quiz = Quiz(self.app.deck_set(), deck_ids=chosen, count=count, rng=self.app.rng)
        self._ask()

    def _ask(self) -> None:
        assert self.quiz is not None
        question = self.quiz.next()
        if question is None:
            self._finish()
            return
        self._show_phase("asking")
        right = self.quiz.result().correct
        self.query_one("#quiz-progress", Static).update(
            f"Question {self.quiz.position + 1} of {self.quiz.asked}   ·   {right} right so far"
        )
        deck = self.app.deck_set().deck(question.item.deck)
        view = self.query_one(QuestionView)
        view.show(question, deck.title if deck else question.item.deck)
        self._help("Space shows the answer." if view.self_rated else "")

    def _help(self, text: str) -> None:
        help_line = self.query_one("#quiz-help", HangingText)
        help_line.show(text)
        help_line.display = bool(text) and self.phase in ("asking", "answered")

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        assert self.quiz is not None
        self._show_phase("answered")
        if event.verdict is None:
            self._help("Did you know it? y: yes, n: no.")
        else:
            # Auto-checked: the engine scores it as it checks.
            self.quiz.answer(self._answer_of(event))
            self._help("Space or Enter: next question.")

    @staticmethod
    def _answer_of(event: QuestionView.Answered) -> object:
        """The answer the view already checked, given again to the quiz so it keeps the score."""
        question, verdict = event.question, event.verdict
        assert verdict is not None
        if question.kind == "order":
            return [part.strip() for part in verdict.given.split(" → ")]
        return verdict.given

    def _finish(self) -> None:
        assert self.quiz is not None
        self._show_phase("done")
        self.query_one("#quiz-result", HangingText).show(describe_result(self.quiz.result()))

    # --- keys ---------------------------------------------------------------------------------

    def action_space(self) -> None:
        view = self.query_one(QuestionView)
        if self.phase == "asking":
            view.reveal()
        elif self.phase == "answered" and view.verdict is not None:
            self._ask()

    def action_continue(self) -> None:
        if self.phase == "answered" and self.query_one(QuestionView).verdict is not None:
            self._ask()

    def action_mark(self, correct: bool) -> None:
        view = self.query_one(QuestionView)
        if self.phase == "answered" and view.verdict is None and self.quiz is not None:
            self.quiz.mark(correct)
            self._ask()

    def action_pick(self, key: str) -> None:
        if self.phase == "asking":
            self.query_one(QuestionView).press_letter(key)
            self.refresh_bindings()

    def action_take_back(self) -> None:
        if self.phase == "asking":
            self.query_one(QuestionView).take_back()
            self.refresh_bindings()

    @on(Input.Submitted, "#quiz-count")
    def _count_entered(self) -> None:
        self.action_start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: it shows only the keys that work now.
        if action == "start":
            return self.phase in ("setup", "done")
        view = self.query_one(QuestionView) if self.is_mounted else None
        if view is None:
            return False
        if action == "mark":
            return self.phase == "answered" and view.verdict is None
        if action == "space":
            return (self.phase == "asking" and view.self_rated) or (
                self.phase == "answered" and view.verdict is not None
            )
        if action == "continue":
            return self.phase == "answered" and view.verdict is not None
        if action == "pick":
            return self.phase == "asking" and LETTERS.find(str(parameters[0])) in range(view.letters)
        if action == "take_back":
            return self.phase == "asking" and bool(view.picked)
        return True


def describe_result(result: QuizResult) -> str:
    """The score, then every missed question in full with its answer (the page scrolls: nothing is cut)."""
    if result.total == 0:
        return "No questions were answered."
    lines = [f"Score: {result.correct} of {result.total} ({result.score:.0%})."]
    if result.missed:
        lines += ["", "Missed:"]
        for answer in result.missed:
            prompt = " ".join(answer.question.prompt.split())
            # An answer of several lines (a graph walk's nodes, an order) reads as one, its lines kept apart.
            reply = "; ".join(" ".join(line.split()) for line in answer.question.answer.splitlines() if line.strip())
            lines += [f"• {prompt}", f"    → {reply}"]
    else:
        lines.append("Every one right.")
    lines += ["", "s starts another quiz; Escape goes back. Your review schedule was not changed."]
    return "\n".join(lines)
