"""Small modal screens: a yes/no confirmation, and a page of text (a solution, say)."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n", "answer(False)", "No", id="no"),
        Binding("escape", "answer(False)", "Cancel", id="cancel"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    """

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            if self.detail:
                yield Static(self.detail, classes="muted", markup=False)
            with Horizontal():
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close", id="close"), Binding("q", "close", "Close", show=False)]
    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen > Vertical { width: 95%; height: 90%; border: thick $primary; background: $surface; }
    TextScreen .title { text-style: bold; padding: 0 1; }
    TextScreen .code { width: auto; }
    """

    def __init__(self, title: str, text: str, *, language: str | None = None, start_line: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.language = language
        self.start_line = start_line  # 0-based: the line shown at the top when it opens

    def compose(self) -> ComposeResult:
        with Vertical():
            above = f"; ↑ for the {self.start_line} lines above" if self.start_line else ""
            yield Static(f"{self.title_text}   (escape closes{above})", classes="title", markup=False)
            with ScrollableContainer():
                if self.language:
                    # Unwrapped, so line n is row n; a long line scrolls sideways rather than being cut.
                    yield Static(
                        Syntax(self.text, self.language, line_numbers=True, word_wrap=False, theme="ansi_dark"),
                        classes="code",
                    )
                else:
                    yield Static(self.text, markup=False)

    def on_mount(self) -> None:
        page = self.query_one(ScrollableContainer)
        page.focus()
        if self.start_line:
            # After the first layout, when the page knows its height.
            self.call_after_refresh(lambda: page.scroll_to(y=self.start_line, animate=False))

    def action_close(self) -> None:
        self.dismiss(None)
