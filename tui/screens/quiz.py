"""Quiz: a scored, interleaved run through chosen decks. It never touches the review schedule."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, SelectionList, Static

from backprop_study.cards.quiz import Quiz, QuizResult
from backprop_study.tui.widgets.question import QuestionView

DEFAULT_QUESTIONS = 20


class QuizScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.home", "Dashboard", id="home"),
        Binding("s", "start", "Start quiz", id="start"),
        Binding("space", "space", "Show answer / next", id="space"),
        Binding("y", "mark(True)", "I knew it", id="mark-right"),
        Binding("n", "mark(False)", "I did not", id="mark-wrong"),
        Binding("enter", "continue", "Next", show=False, id="continue"),
        Binding("backspace", "take_back", "Take back", show=False, id="take-back"),
        *[Binding(str(n), f"number({n})", f"Key {n}", show=False, id=f"number-{n}") for n in range(1, 10)],
    ]

    CSS_PATH = "quiz.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.quiz: Quiz | None = None
        self.phase = "setup"  # setup, asking, answered, done

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz-setup"):
            yield Static(
                "Practice without touching your schedule: every answer is scored, nothing is rescheduled.",
                markup=False,
            )
            yield Static("Decks (Space toggles one):", classes="page-heading", markup=False)
            yield SelectionList[str](id="quiz-decks")
            yield Static("Questions:", markup=False)
            yield Input(str(DEFAULT_QUESTIONS), id="quiz-count", type="integer")
            yield Static("Press s to start.", classes="muted", markup=False)
        yield Static("", id="quiz-progress", markup=False)
        yield QuestionView(id="quiz-question")
        yield Static("", id="quiz-help", markup=False)
        yield Static("", id="quiz-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        decks = self.query_one("#quiz-decks", SelectionList)
        for deck in self.app.deck_set().decks:
            # The count first: a narrow terminal cuts the end of a long title, not the number.
            decks.add_option((f"{len(deck.cards):>3} cards  {deck.title}", deck.id, True))
        decks.focus()
        self._show_phase("setup")

    def _show_phase(self, phase: str) -> None:
        self.phase = phase
        self.query_one("#quiz-setup").display = phase == "setup"
        in_quiz = phase in ("asking", "answered")
        for selector in ("#quiz-progress", "#quiz-question", "#quiz-help"):
            self.query_one(selector).display = in_quiz
        self.query_one("#quiz-result").display = phase == "done"
        self.refresh_bindings()

    # --- flow ---------------------------------------------------------------------------------

    def action_start(self) -> None:
        chosen = list(self.query_one("#quiz-decks", SelectionList).selected)
        if not chosen:
            self.notify("Choose at least one deck (Space toggles).", severity="warning", timeout=4)
            return
        value = self.query_one("#quiz-count", Input).value.strip()
        count = int(value) if value.isdigit() and int(value) > 0 else DEFAULT_QUESTIONS
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
        view.show(question, deck.title)
        self.query_one("#quiz-help", Static).update("Space shows the answer." if view.self_rated else "")

    def on_question_view_answered(self, event: QuestionView.Answered) -> None:
        assert self.quiz is not None
        help_line = self.query_one("#quiz-help", Static)
        if event.verdict is None:
            help_line.update("Did you know it? y: yes, n: no.")
        else:
            # Auto-checked: the engine scores it as it checks.
            self.quiz.answer(self._answer_of(event))
            help_line.update("Space or Enter: next question.")
        self._show_phase("answered")

    @staticmethod
    def _answer_of(event: QuestionView.Answered) -> object:
        """The answer the view already checked, given again to the quiz so it keeps the score."""
        question, verdict = event.question, event.verdict
        assert verdict is not None
        if question.kind == "choice":
            return verdict.given
        if question.kind == "order":
            return [part.strip() for part in verdict.given.split(" → ")]
        return verdict.given

    def _finish(self) -> None:
        assert self.quiz is not None
        self._show_phase("done")
        self.query_one("#quiz-result", Static).update(describe_result(self.quiz.result()))

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

    def action_number(self, number: int) -> None:
        if self.phase == "asking":
            self.query_one(QuestionView).press_number(number)

    def action_take_back(self) -> None:
        if self.phase == "asking":
            self.query_one(QuestionView).take_back()

    @on(Input.Submitted, "#quiz-count")
    def _count_entered(self) -> None:
        self.action_start()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a key from the footer: it shows only the keys that work now.
        if action == "start":
            return self.phase in ("setup", "done")
        if action in ("mark",):
            view = self.query_one(QuestionView)
            return bool(self.phase == "answered" and view.verdict is None)
        if action == "space":
            return self.phase in ("asking", "answered")
        return True


def describe_result(result: QuizResult) -> str:
    if result.total == 0:
        return "No questions were answered."
    lines = [f"Score: {result.correct} of {result.total} ({result.score:.0%})."]
    if result.missed:
        lines += ["", "Missed:"]
        for answer in result.missed:
            prompt = " ".join(answer.question.prompt.split())
            reply = " ".join(answer.question.answer.split())
            lines.append(f"• {prompt[:150]}\n    → {reply[:200]}")
    else:
        lines.append("Every one right.")
    lines += ["", "s starts another quiz; Escape goes back. Your review schedule was not changed."]
    return "\n".join(lines)
