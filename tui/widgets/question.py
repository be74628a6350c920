"""One question on screen, whatever its kind, and the learner's answer to it.

The widget shows a `Question` from the engine and collects an answer the way
its kind asks: Space reveals a recall or cloze card; letter keys pick a
multiple-choice option or build an order (a, b, c: the digits 1-4 are kept for
rating, so a quick double press can never answer and rate at once); typed and
numeric answers go in an input; a graph card is walked node by node in its own
view (`GraphWalkView`). Once answered (or revealed) it posts `Answered`
with the engine's verdict (None for self-rated kinds) and the seconds it took;
the screen then asks for a rating or a mark.
"""

from __future__ import annotations

import string
import time
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from backprop_study.cards.questions import AnswerFormatError, Question, Verdict
from backprop_study.tui.widgets.graph_walk import GraphWalkView, missed_rules
from backprop_study.tui.widgets.hanging import HangingText

KIND_NAMES = {
    "basic": "recall",
    "reversed": "recall",
    "cloze": "fill the gap",
    "choice": "multiple choice",
    "typed": "type the answer",
    "order": "put in order",
    "numeric": "calculate",
    "graph": "computation graph",
}

# Options and order items are picked by letter, and the screens bind these keys. Twelve covers every
# choice card (four options) and any sensible order card; the letters after them stay free for the
# screens' own keys (s, t, w for confidence, u for undo, y and n in a quiz).
LETTERS = string.ascii_lowercase[:12]

RIGHT_STYLE = "$text-success bold"
WRONG_STYLE = "$text-error bold"


def letter(index: int) -> str:
    return LETTERS[index]


def diff_content(verdict: Verdict) -> Content:
    """A typed answer against the right one: extra letters struck out, missing ones underlined."""
    parts = []
    for part in verdict.differences:
        style = {"extra": "strike $text-error", "missing": "underline $text-success"}.get(part.kind, "")
        parts.append((part.text, style) if style else part.text)
    return Content.assemble(*parts)


class QuestionView(VerticalScroll):
    DEFAULT_CSS = """
    QuestionView { height: 1fr; padding: 0 1; }
    QuestionView .kind { color: $text-muted; }
    QuestionView .prompt { margin-top: 1; text-style: bold; }
    QuestionView .context { margin-top: 1; color: $text-muted; }
    QuestionView .choices { margin-top: 1; }
    QuestionView Input { margin-top: 1; width: 60; max-width: 100%; }
    QuestionView .verdict { margin-top: 1; }
    QuestionView .verdict.right { color: $text-success; }
    QuestionView .verdict.wrong { color: $text-warning; }
    QuestionView .answer { margin-top: 1; }
    QuestionView .explain { margin-top: 1; color: $text-muted; }
    QuestionView #q-graph { margin-top: 0; }
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
        yield HangingText(id="q-context", classes="context")
        yield HangingText(id="q-prompt", classes="prompt")
        yield HangingText(id="q-choices", classes="choices")
        yield GraphWalkView(id="q-graph")
        yield Input(id="q-input")
        yield HangingText(id="q-verdict", classes="verdict")
        yield HangingText(id="q-answer", classes="answer")
        yield HangingText(id="q-explain", classes="explain")

    # --- showing ------------------------------------------------------------------------------

    def show(self, question: Question, heading: str) -> None:
        self.question = question
        self.answered = False
        self.verdict = None
        self.picked = []
        self.started = time.monotonic()
        self.query_one("#q-kind", Static).update(f"{heading} · {KIND_NAMES.get(question.kind, question.kind)}")
        self._set("#q-context", question.context or "")
        self._set("#q-prompt", question.prompt)
        for selector in ("#q-verdict", "#q-answer", "#q-explain"):
            self._set(selector, "")
        entry = self.query_one("#q-input", Input)
        entry.value = ""
        entry.disabled = False
        entry.display = question.kind in ("typed", "numeric")
        numeric = question.kind == "numeric"
        entry.placeholder = "a number, e.g. 0.25, then Enter" if numeric else "your answer, then Enter"
        self._show_choices()
        graph = self.query_one("#q-graph", GraphWalkView)
        graph.display = question.graph is not None
        if question.graph is not None:
            graph.show(question.graph)
            graph.input.focus()
        elif entry.display:
            entry.focus()
        else:
            self.focus()
        self.scroll_home(animate=False)

    def _set(self, selector: str, text: str | Content) -> None:
        widget = self.query_one(selector, HangingText)
        widget.show(text)
        widget.display = bool(text.plain if isinstance(text, Content) else text)

    def text_of(self, selector: str) -> str:
        """What a part of the card says, unwrapped (for tests and for reading aloud)."""
        return self.query_one(selector, HangingText).text

    def _show_choices(self) -> None:
        question = self.question
        assert question is not None
        if question.kind == "choice":
            lines: list[Content] = []
            for n, option in enumerate(question.options):
                line = Content(f"{letter(n)}) {option}")
                if self.answered and option == question.answer:
                    line = line + Content.styled("  ✓ right", RIGHT_STYLE)
                elif self.answered and self.verdict is not None and option == self.verdict.given:
                    line = line + Content.styled("  ✗ your answer", WRONG_STYLE)
                lines.append(line)
            if not self.answered:
                last = letter(len(question.options) - 1)
                lines.append(Content(f"\nPress the letter of your answer (a-{last})."))
            self._set("#q-choices", Content("\n").join(lines))
        elif question.kind == "order":
            lines = []
            for n, item in enumerate(question.items):
                line = Content(f"{letter(n)}) {item}")
                if n in self.picked:
                    line = line + Content.styled(f"  ← {self.picked.index(n) + 1}", "$text-accent bold")
                lines.append(line)
            if not self.answered:
                chosen = " → ".join(letter(i) for i in self.picked) or "nothing yet"
                lines.append(
                    Content(f"\nPress the letters in the right order (Backspace takes one back). So far: {chosen}")
                )
            self._set("#q-choices", Content("\n").join(lines))
        else:
            self._set("#q-choices", "")

    # --- answering ----------------------------------------------------------------------------

    @property
    def self_rated(self) -> bool:
        return self.question is not None and not self.question.auto_checked

    @property
    def letters(self) -> int:
        """How many options or items can be picked by letter now (0: none)."""
        question = self.question
        if question is None or self.answered:
            return 0
        if question.kind == "choice":
            return len(question.options)
        if question.kind == "order":
            return len(question.items)
        return 0

    def reveal(self) -> None:
        """Show the answer of a self-rated card."""
        if self.question is None or self.answered or not self.self_rated:
            return
        self._finish(None)

    def press_letter(self, key: str) -> None:
        """A letter key while asking: a choice option, or the next item of an order."""
        question = self.question
        index = LETTERS.find(key)
        if question is None or self.answered or not 0 <= index < self.letters:
            return
        if question.kind == "choice":
            self._check(index)
        elif question.kind == "order" and index not in self.picked:
            self.picked.append(index)
            if len(self.picked) == len(question.items):
                self._check(list(self.picked))
            else:
                self._show_choices()

    def take_back(self) -> None:
        if self.question is not None and self.question.kind == "order" and self.picked and not self.answered:
            self.picked.pop()
            self._show_choices()

    def on_graph_walk_view_finished(self, event: GraphWalkView.Finished) -> None:
        """The last node of a graph card is answered: the walk's verdict, then the rating."""
        event.stop()
        if self.question is not None and not self.answered:
            self._check(None)
            # From the top, as little scrolled as keeps the walk's verdict in sight.
            self.scroll_home(animate=False)
            self.call_after_refresh(self.scroll_to_widget, self.query_one("#q-verdict"), animate=False)

    def on_graph_walk_view_stepped(self, event: GraphWalkView.Stepped) -> None:
        # The answer box and the node's verdict are at the bottom of the card: keep them in sight.
        event.stop()
        if not event.view.done:
            self.call_after_refresh(self.scroll_end, animate=False)

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

    def _verdict_words(self, verdict: Verdict) -> str:
        """The engine's sentence, except for a wrong choice: the engine numbers the options, the screen
        letters them, so the right one is named by its letter and its text."""
        question = self.question
        if question is not None and question.kind == "choice" and not verdict.correct:
            return f"Not quite: the answer is {letter(question.correct_option)}) {question.answer}"
        return verdict.message

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
            verdict_widget = self.query_one("#q-verdict", HangingText)
            verdict_widget.set_classes("verdict right" if verdict.correct else "verdict wrong")
            shown = Content(("✓ " if verdict.correct else "✗ ") + self._verdict_words(verdict))
            if verdict.differences and not verdict.correct:
                shown = shown + Content("\nYours against the answer: ") + diff_content(verdict)
            self._set("#q-verdict", shown)
        if question.kind == "cloze" and question.answer_in_context:
            self._set("#q-answer", f"Answer: {question.answer}\n\n{question.answer_in_context}")
        elif question.kind == "graph":
            pass  # the graph's table shows every node's right value
        elif question.kind not in ("choice",) or verdict is None:
            self._set(
                "#q-answer", f"Answer:\n{question.answer}" if "\n" in question.answer else f"Answer: {question.answer}"
            )
        explain = question.explain or ""
        if question.graph is not None and (missed := missed_rules(question.graph)):
            explain = f"At the nodes you missed:\n{missed}" + (f"\n\n{explain}" if explain else "")
        self._set("#q-explain", explain)
        self.focus()
        self.post_message(self.Answered(question, verdict, seconds))
