"""Learn: the lesson's objectives, its two tables, its code and its prompts, browsable."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from backprop_study.lesson import Lesson, Table, load_lesson, slug
from backprop_study.store.paths import shipped_quizzes_dir
from backprop_study.tui.widgets.fitted_text import FittedText


class LearnScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.home", "Dashboard", id="home"),
        Binding("left_square_bracket", "tab(-1)", "Previous part", key_display="[", id="tab-previous"),
        Binding("right_square_bracket", "tab(1)", "Next part", key_display="]", id="tab-next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        lessons = self.app.workspace.quizzes_dir / "lesson.md"
        self.lesson: Lesson = load_lesson(lessons if lessons.is_file() else shipped_quizzes_dir() / "lesson.md")

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        yield Header()
        with TabbedContent(id="learn-tabs"):
            with TabPane("Objectives", id="objectives"), VerticalScroll():
                yield Static(lesson.title, classes="section-title", markup=False)
                yield FittedText(
                    "\n".join(
                        f"• {line}" if not line.startswith(" ") else f"    – {line.strip()}"
                        for line in lesson.objectives
                    )
                )
                yield Static("In one line", classes="section-title spaced", markup=False)
                yield Static(lesson.summary, markup=False)
            with TabPane("Concepts", id="concepts"):
                yield self._table("concepts-table", lesson.concepts)
                yield FittedText(id="concepts-detail", classes="detail")
            with TabPane("Code", id="code"), VerticalScroll():
                yield Static(Syntax(lesson.code, "python", line_numbers=True, word_wrap=True, theme="ansi_dark"))
            with TabPane("Steps", id="steps"):
                yield self._table("steps-table", lesson.steps)
                yield FittedText(id="steps-detail", classes="detail")
            with TabPane("Prompts", id="prompts"), VerticalScroll():
                yield Static("Flash revision prompts", classes="section-title", markup=False)
                yield FittedText("\n".join(f"{n}. {prompt}" for n, prompt in enumerate(lesson.revision_prompts, 1)))
                yield Static("Their model answers are cards in Review.", classes="muted", markup=False)
                yield Static("Credits", classes="section-title spaced", markup=False)
                yield Static("\n".join(lesson.credits), markup=False)
        yield Footer()

    @staticmethod
    def _table(table_id: str, table: Table) -> DataTable:
        widget: DataTable = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
        widget.add_columns(*table.headers)
        for row in table.rows:
            widget.add_row(*row, key=slug(row[0]))
        return widget

    def on_mount(self) -> None:
        self._show_detail("concepts", 0)
        self._show_detail("steps", 0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        part = "concepts" if event.data_table.id == "concepts-table" else "steps"
        self._show_detail(part, event.cursor_row)

    def _show_detail(self, part: str, index: int) -> None:
        table = self.lesson.concepts if part == "concepts" else self.lesson.steps
        if not table.rows:
            return
        row = table.rows[min(index, len(table.rows) - 1)]
        lines = [row[0], ""] + [f"{header}: {cell}" for header, cell in zip(table.headers[1:], row[1:], strict=True)]
        row_id = f"{'concept' if part == 'concepts' else 'step'}-{slug(row[0])}"
        cards = [card.prompt for card in self.app.deck_set().cards_about(row_id)]
        if cards:
            lines += ["", "Cards on this:"] + [f"  • {text}" for text in cards]
        self.query_one(f"#{part}-detail", FittedText).show("\n".join(lines))

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane)]
        index = (panes.index(tabs.active) + step) % len(panes)
        tabs.active = panes[index]
