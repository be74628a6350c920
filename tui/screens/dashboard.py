"""The first screen: what is due, the next exercise, progress, and the way in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from backprop_study.overview import course_summary

MENU = [
    ("learn", "l", "Learn", "the lesson's tables and code"),
    ("review", "r", "Review", "flashcards due today"),
    ("quiz", "z", "Quiz", "practice without touching your schedule"),
    ("exercises", "e", "Exercises", "write the maths yourself"),
    ("plots", "p", "See it learn", "plots of networks learning"),
    ("stats", "t", "Stats", "reviews, retention, progress"),
]


class DashboardScreen(Screen):
    BINDINGS = [Binding(key, f"app.open('{mode}')", label, id=f"open-{mode}") for mode, key, label, _ in MENU]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dashboard", classes="panel"):
            yield Static("", id="course-line", markup=False)
            yield ProgressBar(total=1, show_eta=False, id="course-bar")
            yield Static("", id="next-line", markup=False)
            yield OptionList(
                *(Option(f"{label:<13} {blurb}   [{key}]", id=mode) for mode, key, label, blurb in MENU),
                id="menu",
                markup=False,
            )
            yield Static("", id="workspace-line", classes="muted", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_summary()
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_summary()

    def refresh_summary(self) -> None:
        app = self.app
        progress = app.progress_store.load()
        summary = course_summary(app.workspace, progress)
        bar = self.query_one("#course-bar", ProgressBar)
        if summary.problem:
            self.query_one("#course-line", Static).update(f"The course file has a problem: {summary.problem}")
            bar.update(total=1, progress=0)
        else:
            self.query_one("#course-line", Static).update(f"Course: {summary.done} of {summary.total} exercises done")
            bar.update(total=max(summary.total, 1), progress=summary.done)
        nxt = summary.next_exercise
        self.query_one("#next-line", Static).update(
            f"Next exercise: {nxt.number:02d} {nxt.title}" if nxt else "Every exercise is done. Well played."
        )
        self.query_one("#workspace-line", Static).update(f"Workspace: {app.workspace.root}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.action_open(event.option.id)
