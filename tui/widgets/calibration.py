"""Calibration: how sure the learner said they were before the answer, against how often they remembered.

Each level the learner can press stands for a rough chance of remembering (what "sure" should mean):
sure about 9 in 10, think so about 6 in 10, guessing about 3 in 10. The chart draws, per level, the share
of those reviews that were remembered (rated Hard, Good or Easy) as a bar, with a tick where the level's
nominal chance is, and says in words whether the learner was over- or underconfident there. With few
reviews at a level it says so instead of judging.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from backprop_study.cards.review import CONFIDENCE

# What each level claims: the chance of remembering a learner means when they press it.
NOMINAL = {3: 0.9, 2: 0.6, 1: 0.3}
CLOSE = 0.1  # within ten points of the claim counts as well calibrated
FEW = 5  # fewer reviews than this at a level are too few to judge


@dataclass(frozen=True)
class CalibrationRow:
    level: int  # 3 sure, 2 think so, 1 guessing
    reviews: int
    remembered: int

    @property
    def label(self) -> str:
        return CONFIDENCE[self.level]

    @property
    def nominal(self) -> float:
        return NOMINAL[self.level]

    @property
    def rate(self) -> float | None:
        return self.remembered / self.reviews if self.reviews else None

    @property
    def verdict(self) -> str:
        rate = self.rate
        if rate is None:
            return "not used yet"
        if self.reviews < FEW:
            return "too few to tell"
        if rate < self.nominal - CLOSE:
            return "overconfident"
        if rate > self.nominal + CLOSE:
            return "underconfident"
        return "about right"


def calibration_rows(calibration: Mapping[int, tuple[int, int]]) -> list[CalibrationRow]:
    """One row per level, sure first, from `ProgressStore.calibration()` ({level: (reviews, remembered)})."""
    return [CalibrationRow(level, *calibration.get(level, (0, 0))) for level in sorted(NOMINAL, reverse=True)]


class CalibrationChart(Widget):
    """Per level: the name and its claim, a bar of the share remembered with a tick at the claim, the
    figures, and the verdict. The bar is as wide as the room left, at least 10 cells."""

    DEFAULT_CSS = """
    CalibrationChart {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[CalibrationRow] = []

    def show(self, rows: list[CalibrationRow]) -> None:
        self.rows = rows
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.rows) + 1

    def render(self) -> RenderResult:
        width = self.content_size.width or 80
        label_width = max(len(row.label) for row in self.rows) if self.rows else 8
        figures = [self._figures(row) for row in self.rows]
        figure_width = max((len(text) for text in figures), default=0)
        # The label, "  ~90%   ", the bar, two spaces, the figures; wider than 40 reads no better.
        bar = min(40, max(10, width - label_width - 9 - 2 - figure_width))
        lines = [Content.styled(f"{'':<{label_width}}  claim  share remembered (┃ marks the claim)", "dim")]
        for row, text in zip(self.rows, figures, strict=True):
            lines.append(
                Content.assemble(
                    (f"{row.label:<{label_width}}", "bold"),
                    (f"  ~{row.nominal:.0%}   ", "dim"),
                    self._bar(row, bar),
                    f"  {text}",
                )
            )
        return Content("\n").join(lines)

    @staticmethod
    def _figures(row: CalibrationRow) -> str:
        if row.rate is None:
            return "no reviews yet"
        return f"{row.rate:>4.0%} of {row.reviews}: {row.verdict}"

    @staticmethod
    def _bar(row: CalibrationRow, width: int) -> Content:
        filled = round((row.rate or 0.0) * width)
        tick = min(width - 1, round(row.nominal * width))
        style = {"overconfident": "$text-warning", "underconfident": "$text-primary"}.get(row.verdict, "$text-success")
        cells = []
        for x in range(width):
            if x == tick:
                cells.append(("┃", "bold"))
            elif x < filled:
                cells.append(("█", style))
            else:
                cells.append(("░", "dim"))
        return Content.assemble(*cells)
