"""A bar chart of counts per day, drawn with block characters, with its scale and dates on the axes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def bar_heights(values: Sequence[int], rows: int) -> list[int]:
    """Each value's bar in eighths of a row, the tallest filling `rows`; a non-zero day always shows."""
    top = max(values, default=0)
    if top <= 0:
        return [0] * len(values)
    return [max(1, round(value / top * rows * 8)) if value > 0 else 0 for value in values]


class DayBarChart(Widget):
    """Counts per day as vertical bars: the largest count labels the top of the y axis, 0 the bottom.

    `today` names the day that reads "today" under the x axis; `empty_text` is written across the
    chart when every count is zero, so an empty chart says why instead of looking broken.
    """

    DEFAULT_CSS = """
    DayBarChart {
        height: 8;
        width: 1fr;
        color: $accent;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.days: list[tuple[date, int]] = []
        self.today: date | None = None
        self.empty_text = ""

    def show(self, days: Sequence[tuple[date, int]], *, today: date, empty_text: str) -> None:
        self.days = list(days)
        self.today = today
        self.empty_text = empty_text
        self.refresh()

    def _label(self, day: date) -> str:
        return "today" if day == self.today else short_date(day)

    def render(self) -> RenderResult:
        width, height = self.content_size.width, self.content_size.height
        rows = max(1, height - 2)  # two lines for the x axis and its dates
        top = max((count for _, count in self.days), default=0)
        gutter = len(str(top)) + 1  # the y labels, then one space
        room = max(1, width - gutter - 1)
        days = self.days
        if len(days) > room:
            # Too narrow for every day: keep the days nearest today.
            days = days[-room:] if days and days[-1][0] == self.today else days[:room]
        n = max(1, len(days))
        bar, gap = (2, 1) if room >= 3 * n else (1, 1) if room >= 2 * n else (1, 0)
        step = bar + gap
        heights = bar_heights([count for _, count in days], rows)

        lines: list[Text] = []
        for row in range(rows):  # top row first
            level = rows - 1 - row
            label = str(top) if row == 0 and top else ""  # an empty chart has no scale to show
            line = Text(f"{label:>{gutter - 1}} ", style="dim")
            line.append("┤" if row == 0 and top else "│", style="dim")
            cells = []
            for eighths in heights:
                filled = min(8, max(0, eighths - level * 8))
                cells.append(EIGHTHS[filled] * bar + " " * gap)
            line.append("".join(cells).rstrip())
            lines.append(line)

        if top == 0 and self.empty_text:
            middle = lines[max(0, rows // 2 - (1 if rows > 2 else 0))]
            middle.append(" " + self.empty_text[: max(0, width - gutter - 2)], style="italic")

        axis = Text(f"{'0':>{gutter - 1}} └", style="dim")
        ticks = ["─"] * (n * step)
        label_line = [" "] * (gutter + 1 + n * step + 12)
        for index in self._label_positions(days, n, step):
            ticks[index * step] = "┴"
            text = self._label(days[index][0])
            start = gutter + 1 + index * step
            if index == len(days) - 1 and index > 0:
                start = max(0, start + bar - len(text))  # the last label ends under its bar
            elif index != 0:
                start = max(0, start - len(text) // 2)
            for offset, char in enumerate(text):
                label_line[start + offset] = char
        axis.append("".join(ticks[: n * step - gap] if gap else ticks), style="dim")
        dates = Text("".join(label_line).rstrip()[:width], style="dim")
        return Text("\n").join([*lines, axis, dates])

    @staticmethod
    def _label_positions(days: Sequence[tuple[date, int]], n: int, step: int) -> list[int]:
        """First, last and, when there is room, the middle day, so the dates never run into each other."""
        if not days:
            return []
        positions = [0, len(days) - 1] if len(days) > 1 else [0]
        if n * step >= 30 and len(days) > 2:
            positions.insert(1, len(days) // 2)
        return positions
