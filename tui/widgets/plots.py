"""A plotext plot that draws one experiment result (see `backprop_study.plots.charts`)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

from backprop_study.plots.charts import draw


class ExperimentPlot(PlotextPlot):
    """Shows a result from `backprop_study.plots.experiments`, redrawn at whatever size the widget has.

    `panel` picks which panel of a two-panel result (the XOR boundaries) this widget shows.
    """

    DEFAULT_CSS = """
    ExperimentPlot {
        width: 1fr;
        height: 1fr;
        min-height: 8;
    }
    """

    def __init__(self, *, panel: int = 0, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.panel = panel
        self.result: Any = None
        self.placeholder = "Computing…"

    def show_result(self, result: Any) -> None:
        self.result = result
        self.refresh()

    def show_placeholder(self, text: str) -> None:
        self.result = None
        self.placeholder = text
        self.refresh()

    def render(self) -> RenderResult:
        if self.result is None:
            return Text(self.placeholder, style="italic")
        # plotext keeps what was drawn: start from a clean figure every time, at the current size.
        self.plt.clear_figure()
        draw(
            self.plt,
            self.result,
            panel=self.panel,
            columns=max(10, self.size.width - 8),
            rows=max(4, self.size.height - 5),
        )
        return super().render()
