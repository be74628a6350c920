"""A section whose content has not landed yet: it says so plainly."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ComingScreen(Screen):
    BINDINGS = [("escape", "app.home", "Dashboard")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.section_title = title
        self.section_text = text

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="panel"):
            yield Static(self.section_title, classes="section-title", markup=False)
            yield Static(self.section_text, markup=False)
            yield Static("This section is not built yet; it comes in a later release.", classes="muted")
        yield Footer()
