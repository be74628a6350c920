"""One question on screen, whatever its kind, and the learner's answer to it.

The widget shows a `Question` from the engine and collects an answer the way
its kind asks: Space reveals a basic, reversed or cloze card; number keys pick
a multiple-choice option or build an order; typed and numeric answers go in
an input. Once answered (or revealed) it posts `Answered` with the engine's
verdict (None for self-rated kinds) and the seconds it took; the screen then
asks for a rating or a mark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from backprop_study.cards.questions import AnswerFormatError, Question, Verdict

KIND_NAMES = {
    "basic": "recall",
    "reversed": "recall",
    "cloze": "fill the gap",
    "choice": "multiple choice",
    "typed": "type the answer",
    "order": "put in order",
    "numeric": "calculate",
}


def diff_text(verdict: Verdict) -> Text:
    """A typed answer against the right one: extra letters struck out, missing ones underlined."""
    text = Text()
    for part in verdict.differences:
        style = {"extra": "strike red", "missing": "underline green"}.get(part.kind, "")
        text.append(part.text, style=style)
    return text


class QuestionView(VerticalScroll):
    DEFAULT_CSS = """
    QuestionView { height: 1fr; padding: 0 1; }
    QuestionView .kind { color: $text-muted; }
    QuestionView .prompt { margin-top: 1; text-style: bold; }
    QuestionView .context { margin-top: 1; color: $text-muted; }
    QuestionView .choices { margin-top: 1; }
    QuestionView Input { margin-top: 1; width: 60; }
    QuestionView .verdict { margin-top: 1; }
    QuestionView .verdict.right { color: $success; }
    QuestionView .verdict.wrong { color: $warning; }
    QuestionView .answer { margin-top: 1; }
    QuestionView .explain { margin-top: 1; color: $text-muted; }
    """

    @dataclass
    class Answered(Message):
        question: Question
        verdict: Verdict | None  # None: a self-rated card was revealed
        seconds: float

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question: Question | None = None
        self.answered = False
        self.verdict: Verdict | None = None
        self.picked: list[int] = []  # order: indices into question.items, in the learner's order
        self.started = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static("", id="q-kind", classes="kind", markup=False)
        yield Static("", id="q-context", classes="context", markup=False)
        yield Static("", id="q-prompt", classes="prompt", markup=False)
        yield Static("", id="q-choices", classes="choices", markup=False)
        yield Input(id="q-input")
        yield Static("", id="q-verdict", classes="verdict", markup=False)
        yield Static("", id="q-answer", classes="answer", markup=False)
        yield Static("", id="q-explain", classes="explain", markup=False)

    # --- showing ------------------------------------------------------------------------------

    def show(self, question: Question, heading: str) -> None:
        self.question = question
        self.answered = False
        self.verdict = None
        self.picked = []
        self.started = time.monotonic()
        self.query_one("#q-kind", Static).update(f"{heading} · {KIND_NAMES.get(question.kind, question.kind)}")
        self._set("#q-context", question.context or "")
        self.query_one("#q-prompt", Static).update(question.prompt)
        for selector in ("#q-verdict", "#q-answer", "#q-explain"):
            self._set(selector, "")
        entry = self.query_one("#q-input", Input)
        entry.value = ""
        entry.disabled = False
        entry.display = question.kind in ("typed", "numeric")
        entry.placeholder = "a number, e.g. 0.25" if question.kind == "numeric" else "your answer, then Enter"
        self._show_choices()
        if entry.display:
            entry.focus()
        else:
            self.focus()
        self.scroll_home(animate=False)

    def _set(self, selector: str, text: str | Text) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text)
        widget.display = bool(str(text))

    def _show_choices(self) -> None:
        question = self.question
        assert question is not None
        if question.kind == "choice":
            lines = []
            for n, option in enumerate(question.options, start=1):
                mark = ""
                if self.answered and option == question.answer:
                    mark = "  ✓"
                elif self.answered and self.verdict is not None and option == self.verdict.given:
                    mark = "  ✗ your answer"
                lines.append(f"{n}. {option}{mark}")
            if not self.answered:
                lines.append("\nPress the number of your answer.")
            self._set("#q-choices", "\n".join(lines))
        elif question.kind == "order":
            lines = []
            for n, item in enumerate(question.items, start=1):
                place = f"  ← {self.picked.index(n - 1) + 1}" if n - 1 in self.picked else ""
                lines.append(f"{n}. {item}{place}")
            if not self.answered:
                chosen = " → ".join(str(i + 1) for i in self.picked) or "nothing yet"
                lines.append(f"\nPress the numbers in the right order (Backspace takes one back). So far: {chosen}")
            self._set("#q-choices", "\n".join(lines))
        else:
            self._set("#q-choices", "")

    # --- answering ----------------------------------------------------------------------------

    @property
    def self_rated(self) -> bool:
        return self.question is not None and not self.question.auto_checked

    def reveal(self) -> None:
        """Show the answer of a self-rated card."""
        if self.question is None or self.answered or not self.self_rated:
            return
        self._finish(None)

    def press_number(self, number: int) -> None:
        """A number key while asking: a choice option, or the next item of an order."""
        question = self.question
        if question is None or self.answered:
            return
        if question.kind == "choice" and 1 <= number <= len(question.options):
            self._check(number - 1)
        elif question.kind == "order" and 1 <= number <= len(question.items) and number - 1 not in self.picked:
            self.picked.append(number - 1)
            if len(self.picked) == len(question.items):
                self._check(list(self.picked))
            else:
                self._show_choices()

    def take_back(self) -> None:
        if self.question is not None and self.question.kind == "order" and self.picked and not self.answered:
            self.picked.pop()
            self._show_choices()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.question is None or self.answered:
            return
        if not event.value.strip():
            self.app.notify("Type an answer first (or press Escape to leave).", timeout=3)
            return
        self._check(event.value)

    def _check(self, answer: object) -> None:
        assert self.question is not None
        try:
            verdict = self.question.check(answer)
        except AnswerFormatError as problem:
            self.app.notify(f"That answer cannot be read: {problem}.", severity="warning", timeout=4)
            if self.question.kind == "order":
                self.picked = []
                self._show_choices()
            return
        self._finish(verdict)

    def _finish(self, verdict: Verdict | None) -> None:
        question = self.question
        assert question is not None
        seconds = time.monotonic() - self.started
        self.answered = True
        self.verdict = verdict
        entry = self.query_one("#q-input", Input)
        entry.disabled = True
        self._show_choices()
        if verdict is not None:
            verdict_widget = self.query_one("#q-verdict", Static)
            verdict_widget.set_classes("verdict right" if verdict.correct else "verdict wrong")
            shown = Text(("✓ " if verdict.correct else "✗ ") + verdict.message)
            if verdict.differences and not verdict.correct:
                shown.append("\nYours against the answer: ")
                shown.append_text(diff_text(verdict))
            self._set("#q-verdict", shown)
        if question.kind == "cloze" and question.answer_in_context:
            self._set("#q-answer", f"Answer: {question.answer}\n\n{question.answer_in_context}")
        elif question.kind not in ("choice",) or verdict is None:
            self._set(
                "#q-answer", f"Answer:\n{question.answer}" if "\n" in question.answer else f"Answer: {question.answer}"
            )
        self._set("#q-explain", question.explain or "")
        self.focus()
        self.post_message(self.Answered(question, verdict, seconds))
