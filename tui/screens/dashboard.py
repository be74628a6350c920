"""The first screen: what is due, the next exercise, progress, and the way in."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from backprop_study.overview import CardSummary, card_summary, course_summary
from backprop_study.tui.widgets.keys import AppFooter

MENU = [
    ("learn", "l", "Learn", "the lesson's tables and code"),
    ("review", "r", "Review", "flashcards due today"),
    ("quiz", "z", "Quiz", "practice without touching your schedule"),
    ("exercises", "e", "Exercises", "write the maths yourself"),
    ("plots", "p", "See it learn", "plots of networks learning"),
    ("stats", "t", "Stats", "reviews, retention, calibration"),
    ("settings", "s", "Settings", "daily limits, retention, confidence"),
]


def menu_line(key: str, label: str, blurb: str) -> Table:
    """A menu entry as three columns (its key, its name, what it holds), so a narrow terminal wraps the
    description under itself rather than under the key."""
    row = Table.grid(padding=(0, 2))
    row.add_column(no_wrap=True, style="bold")
    row.add_column(no_wrap=True, min_width=12)
    row.add_column()
    row.add_row(Text(key), Text(label), Text(blurb, style="dim"))
    return row


def text_bar(done: int, total: int, width: int = 40) -> Text:
    """A progress bar drawn as text: lighter on start-up than Textual's ProgressBar widget."""
    filled = round(width * done / total) if total else 0
    bar = Text("━" * filled, style="bold green")
    bar.append("━" * (width - filled), style="dim")
    bar.append(f"  {done / total:.0%}" if total else "")
    return bar


class CourseBar(Widget):
    """The course's progress as a text bar, as wide as fits beside its percentage (up to 40 cells)."""

    DEFAULT_CSS = "CourseBar { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = self.total = 0

    def show(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.refresh()

    def render(self) -> Text:
        return text_bar(self.done, self.total, max(5, min(40, self.content_size.width - 6)))


class DashboardScreen(Screen):
    CSS_PATH = "dashboard.tcss"
    SUB_TITLE = "Dashboard"
    BINDINGS = [
        Binding("c", "continue", "Continue", id="continue"),
        # The menu shows these keys; the footer keeps room for Continue, Quit and Keys at 80 columns.
        *(Binding(key, f"app.open('{mode}')", label, show=False, id=f"open-{mode}") for mode, key, label, _ in MENU),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cards: CardSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dashboard", classes="panel"):
            yield Static("", id="course-line", markup=False)
            yield CourseBar(id="course-bar")
            yield Static("", id="next-line", markup=False)
            yield Static("Cards: counting what is due…", id="cards-line", markup=False)
            yield Static("", id="continue-line", classes="continue", markup=False)
            yield OptionList(
                *(Option(menu_line(key, label, blurb), id=mode) for mode, key, label, blurb in MENU), id="menu"
            )
            yield Static("", id="workspace-line", classes="muted", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def on_resize(self) -> None:
        # A short terminal drops the blank lines between the parts, so the whole menu still shows.
        self.set_class(self.size.height < 24, "-short")

    def on_screen_resume(self) -> None:
        # Also sent when the dashboard is first shown: the one place the summary is read.
        self.refresh_summary()

    def refresh_summary(self) -> None:
        app = self.app
        progress = app.progress_store.load()
        summary = course_summary(app.workspace, progress)
        if summary.problem:
            self.query_one("#course-line", Static).update(f"The course file has a problem: {summary.problem}")
        else:
            self.query_one("#course-line", Static).update(f"Course: {summary.done} of {summary.total} exercises done")
        self.query_one("#course-bar", CourseBar).show(summary.done, summary.total)
        nxt = summary.next_exercise
        self.next_exercise = nxt
        self.query_one("#next-line", Static).update(
            f"Next exercise: {nxt.number:02d} {nxt.title}" if nxt else "Every exercise is done. Well played."
        )
        self.query_one("#workspace-line", Static).update(f"Workspace: {app.workspace.root}")
        self._show_continue()
        # After the first paint, so reading the decks never delays the first screen.
        self.call_after_refresh(self._count_cards)

    @work(thread=True, exclusive=True, group="dashboard-cards", exit_on_error=False)
    def _count_cards(self) -> None:
        # Decks are read off the UI thread, after the first paint: start-up stays as quick as Textual's own.
        summary = card_summary(self.app.progress_store, self.app.deck_set())
        self.app.call_from_thread(self._show_cards, summary)

    def _show_cards(self, cards: CardSummary) -> None:
        self.cards = cards
        if cards.due:
            parts = f"{cards.new} new"
            if cards.from_mistakes:  # the loop: a mistake named in an exercise brought its card forward
                parts += f" · {cards.from_mistakes} from your mistakes"
            line = f"Cards: {cards.due} due now ({parts})"
        else:
            line = "Cards: nothing due right now"
        if cards.reviewed_today:
            line += f" · {cards.reviewed_today} reviewed today"
        if cards.streak:
            line += f" · streak {cards.streak} day{'s' if cards.streak != 1 else ''}"
        self.query_one("#cards-line", Static).update(line)
        self._show_continue()

    def _continue_target(self) -> tuple[str, str] | None:
        if self.cards is not None and self.cards.due:
            return "review", f"review {self.cards.due} due card{'s' if self.cards.due != 1 else ''}"
        if getattr(self, "next_exercise", None) is not None:
            return "exercises", f"exercise {self.next_exercise.number:02d} {self.next_exercise.slug}"
        return None

    def _show_continue(self) -> None:
        target = self._continue_target()
        self.query_one("#continue-line", Static).update(f"Press c to continue: {target[1]}" if target else "")

    def action_continue(self) -> None:
        target = self._continue_target()
        if target is not None:
            self.app.action_open(target[0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.action_open(event.option.id)
