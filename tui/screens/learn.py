"""Learn: the lesson's objectives (and the video it follows), its two tables, its code, its network as a
computation graph to walk, and its prompts, browsable.

Each part opens with its content focused, so the arrow keys scroll it (or move in a table) at once. The
tables are fitted to the width: a cell too long for its column ends with "…", and the whole row, every
cell in full, is shown under the table for the row the cursor is on.

The Graph part draws the lesson's network for one example with fresh numbers: Enter starts a walk back
from the loss (each node's gradient typed and checked, as on the graph card in Review), r shows every
node's rule and value at once, n draws new numbers. While an answer is being typed, Escape leaves the
answer box (so [ and ] switch parts again) rather than the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static, TabbedContent, TabPane

from backprop_study.lesson import Lesson, Table, load_lesson, slug
from backprop_study.store.paths import shipped_quizzes_dir
from backprop_study.tui.widgets.fitted_text import FittedText
from backprop_study.tui.widgets.keys import AppFooter

if TYPE_CHECKING:  # the graph's view (and NumPy with it) is imported when the Graph part first opens
    from backprop_study.tui.widgets.graph_walk import GraphWalkView

GRAPH_INTRO = (
    "One example, fresh numbers each time: the forward values are filled in; find the gradient of the "
    "loss at each node, from L backwards."
)


def video_lines(title: str, url: str, lesson_title: str = "") -> str:
    """The video the lesson's notes follow: its title (unless it is the lesson's own) and where it is, then
    its address whole, on a line of its own."""
    where = " on YouTube" if "youtube.com" in url or "youtu.be" in url else ""
    named = f": {title}" if title and title != lesson_title else ""
    lead = f"The video these notes follow{named}{where}" + (":" if url else ".")
    return f"{lead}\n{url}" if url else lead


def fit_columns(table: Table, width: int) -> list[int]:
    """Column widths that fit `width` cells: the first column (the name) whole, the others sharing the
    rest in proportion to their longest cell. A column never narrower than 8 (what cannot fit scrolls)."""
    gaps = 2 * len(table.headers)  # DataTable pads each cell by one on both sides
    longest = [max([len(header)] + [len(row[i]) for row in table.rows]) for i, header in enumerate(table.headers)]
    if sum(longest) + gaps <= width:
        return longest
    first = longest[0]
    room = max(8 * (len(longest) - 1), width - gaps - first)
    rest = sum(longest[1:])
    widths = [first] + [max(8, room * length // rest) for length in longest[1:]]
    return widths


def clipped(text: str, width: int) -> Text:
    """The cell as shown: whole when it fits, else cut at a word where possible and ended with "…"."""
    if len(text) <= width:
        return Text(text)
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return Text(cut.rstrip(" ,;:") + "…")


class LearnScreen(Screen):
    CSS_PATH = "learn.tcss"
    SUB_TITLE = "Learn"
    BINDINGS = [
        Binding("right_square_bracket", "tab(1)", "Next part", key_display="]", id="tab-next"),
        Binding("left_square_bracket", "tab(-1)", "Previous part", key_display="[", id="tab-previous"),
        # The Graph part's keys (shown only there, and not while an answer is being typed).
        Binding("enter", "walk_graph", "Walk it", id="graph-walk"),
        Binding("r", "reveal_graph", "Show the rules", id="graph-reveal"),
        Binding("n", "new_graph", "New numbers", id="graph-new"),
        # In the graph's answer box, Escape leaves the box; elsewhere it goes to the dashboard.
        Binding("escape", "leave", "Dashboard", id="home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        lessons = self.app.workspace.quizzes_dir / "lesson.md"
        self.lesson: Lesson = load_lesson(lessons if lessons.is_file() else shipped_quizzes_dir() / "lesson.md")

    def compose(self) -> ComposeResult:
        lesson = self.lesson
        yield Header()
        with TabbedContent(id="learn-tabs"):
            with TabPane("Objectives", id="objectives"), VerticalScroll(classes="part"):
                yield Static(lesson.title, classes="section-title", markup=False)
                if lesson.video_title or lesson.video_url:
                    video = video_lines(lesson.video_title, lesson.video_url, lesson.title)
                    yield Static(video, classes="video", markup=False)
                yield FittedText(
                    "\n".join(
                        f"• {line}" if not line.startswith(" ") else f"    – {line.strip()}"
                        for line in lesson.objectives
                    )
                )
                yield Static("In one line", classes="section-title spaced", markup=False)
                yield Static(lesson.summary, markup=False)
            with TabPane("Concepts", id="concepts"):
                yield self._table("concepts-table")
                with VerticalScroll(classes="detail-page"):
                    yield Static("The row in full (↑ ↓ move):", classes="muted detail-title", markup=False)
                    yield FittedText(id="concepts-detail", classes="detail")
            with TabPane("Code", id="code"), VerticalScroll(classes="part"):
                yield Static(Syntax(lesson.code, "python", line_numbers=True, word_wrap=True, theme="ansi_dark"))
            with TabPane("Steps", id="steps"):
                yield self._table("steps-table")
                with VerticalScroll(classes="detail-page"):
                    yield Static("The row in full (↑ ↓ move):", classes="muted detail-title", markup=False)
                    yield FittedText(id="steps-detail", classes="detail")
            with TabPane("Graph", id="graph"), VerticalScroll(classes="part", id="graph-page"):
                yield Static("The lesson's network as a computation graph", classes="section-title", markup=False)
                yield FittedText(GRAPH_INTRO)
                yield Static("", id="graph-keys", classes="muted", markup=False)
            with TabPane("Prompts", id="prompts"), VerticalScroll(classes="part"):
                yield Static("Flash revision prompts", classes="section-title", markup=False)
                yield FittedText("\n".join(f"{n}. {prompt}" for n, prompt in enumerate(lesson.revision_prompts, 1)))
                yield Static("Their model answers are cards in Review.", classes="muted", markup=False)
                yield Static("Credits", classes="section-title spaced", markup=False)
                yield Static("\n".join(lesson.credits), markup=False)
        yield AppFooter()

    @staticmethod
    def _table(table_id: str) -> DataTable:
        return DataTable(id=table_id, cursor_type="row", zebra_stripes=True)

    def _fill_table(self, part: str) -> None:
        """(Re)fill a table with its cells fitted to the width it has now; the cursor stays on its row."""
        table = self.lesson.concepts if part == "concepts" else self.lesson.steps
        widget = self.query_one(f"#{part}-table", DataTable)
        width = widget.size.width or self.size.width
        widths = fit_columns(table, width - 2)  # the scrollbar's room
        if getattr(widget, "fitted_widths", None) == widths:
            return
        row = widget.cursor_row
        widget.clear(columns=True)
        for header, column_width in zip(table.headers, widths, strict=True):
            widget.add_column(clipped(header, column_width), width=column_width)
        for cells in table.rows:
            widget.add_row(*(clipped(cell, w) for cell, w in zip(cells, widths, strict=True)), key=slug(cells[0]))
        widget.fitted_widths = widths  # type: ignore[attr-defined]
        if table.rows:
            widget.move_cursor(row=min(row, len(table.rows) - 1))

    def on_mount(self) -> None:
        self._show_detail("concepts", 0)
        self._show_detail("steps", 0)
        self.call_after_refresh(self._focus_part)

    def on_resize(self) -> None:
        for part in ("concepts", "steps"):
            self._fill_table(part)

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        if self.query_one(TabbedContent).active == "graph" and not self.query("#learn-graph"):
            self._draw_graph()
        self._focus_part()
        self.refresh_bindings()

    # --- the graph ------------------------------------------------------------------------------

    @property
    def graph_view(self) -> GraphWalkView | None:
        found = self.query("#learn-graph")
        return found.first() if found else None  # type: ignore[return-value]

    def _draw_graph(self) -> None:
        """The graph with fresh numbers (its view is made the first time the part opens)."""
        from backprop_study.cards.graph import GraphWalk, lesson_graph
        from backprop_study.tui.widgets.graph_walk import GraphWalkView

        walk = GraphWalk(lesson_graph(self.app.rng))  # the app's generator: tests seed it
        view = self.graph_view
        if view is None:
            view = GraphWalkView(id="learn-graph")
            self.query_one("#graph-page").mount(view, before="#graph-keys")
            self.call_after_refresh(view.show, walk, asking=False)
        else:
            view.show(walk, asking=False)
        self._graph_keys("Enter: walk it back from L · r: every node's rule and value · n: new numbers")

    def _graph_keys(self, text: str) -> None:
        self.query_one("#graph-keys", Static).update(text)

    def _in_graph(self) -> bool:
        return self.is_mounted and self.query_one(TabbedContent).active == "graph" and self.graph_view is not None

    def _typing(self) -> bool:
        return isinstance(self.focused, Input)

    def action_walk_graph(self) -> None:
        view = self.graph_view
        if view is not None and not view.done and not view.revealed:
            view.start()
            self._graph_keys("Type each gradient, then Enter · Escape leaves the answer box")

    def action_reveal_graph(self) -> None:
        view = self.graph_view
        if view is not None:
            view.reveal_all()
            self.query_one("#graph-page").focus()
            self._graph_keys("n: new numbers, to walk it yourself")
        self.refresh_bindings()

    def action_new_graph(self) -> None:
        self._draw_graph()
        self.query_one("#graph-page").focus()
        self.refresh_bindings()

    def action_leave(self) -> None:
        if self._typing():
            self.query_one("#graph-page").focus()
            self._graph_keys("Enter: go on with the walk · r: every node's rule and value · n: new numbers")
            self.refresh_bindings()
            return
        self.app.action_home()

    def on_graph_walk_view_stepped(self, event: GraphWalkView.Stepped) -> None:
        # The answer box and the node's verdict sit at the bottom of the part: keep them in sight.
        event.stop()
        page = self.query_one("#graph-page")
        self.call_after_refresh(page.scroll_to_widget, self.query_one("#graph-keys"), animate=False)

    def on_graph_walk_view_finished(self, event: GraphWalkView.Finished) -> None:
        from backprop_study.tui.widgets.graph_walk import missed_rules

        event.stop()
        walk = event.walk
        text = f"Done: {walk.right} of {len(walk.answers)} nodes right first time."
        rules = missed_rules(walk)
        event.view.say(f"{text} The rules where you missed:\n{rules}" if rules else text)
        self.query_one("#graph-page").focus()
        self._graph_keys("n: new numbers, to walk it again · r: every node's rule and value")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The Graph part's keys work only there, and not while an answer is typed (the box takes letters).
        if action in ("walk_graph", "reveal_graph", "new_graph"):
            if not self._in_graph() or self._typing():
                return False
            view = self.graph_view
            if action == "walk_graph":
                return view is not None and not view.done and not view.revealed
            if action == "reveal_graph":
                return view is not None and not view.revealed
        return True

    def _focus_part(self) -> None:
        """The open part's content takes the focus, so ↑ ↓ (and page keys) work without Tab first."""
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is None:
            return
        target = next(iter(pane.query("DataTable, .part")), None)
        if target is not None:
            if isinstance(target, DataTable):
                self._fill_table(tabs.active)
            target.focus()

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

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane)]
        index = (panes.index(tabs.active) + step) % len(panes)
        tabs.active = panes[index]
