"""Text whose formulas and list items are broken to fit the width it is shown at, refitted on resize."""

from __future__ import annotations

from textual.widgets import Static

from backprop_study.instructions import fit_to_width


class FittedText(Static):
    """Plain text (never markup) laid out by `fit_to_width`: a long list item or formula continues with
    a hanging indent instead of wrapping back to the first column."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._text = text
        self._fitted_to = -1

    def show(self, text: str) -> None:
        self._text = text
        self._fit(force=True)

    def on_mount(self) -> None:
        self._fit(force=True)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self, force: bool = False) -> None:
        width = self.content_size.width
        if force or width != self._fitted_to:
            self._fitted_to = width
            self.update(fit_to_width(self._text, width) if width else self._text)
