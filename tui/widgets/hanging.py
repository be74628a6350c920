"""Text whose wrapped lines hang under their own text, not under the bullet, mark or label before it.

"a) Feed data through layers to get a prediction" wraps as

    a) Feed data through layers to get
       a prediction

and so do "• ...", "✗ Not yet: ...", "Answer: ..." and any indented line. The text is refitted when
the widget's width changes. Styles survive the wrapping (the green ✓, the struck-out letters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.widgets import Static

# What a line's hanging indent lines up after: its indent, then a bullet, a mark, a number or a letter.
_PREFIX = re.compile(r"^(\s*(?:[•✓✗→▸·–*-]|\d+[.)]|[a-z]\)|Hint \d+/\d+:|Answer:)?\s*)")

Paragraph = tuple[str, Content | str]  # (prefix, body): the body wraps under itself, after the prefix


def paragraphs(text: str | Content) -> list[Paragraph]:
    """Split text into lines, each with the prefix its continuation lines should hang after."""
    content = text if isinstance(text, Content) else Content(text)
    result: list[Paragraph] = []
    for line in content.split("\n"):
        match = _PREFIX.match(line.plain)
        cut = match.end() if match else 0
        if cut >= len(line.plain):  # a blank line, or only a marker: nothing to hang
            result.append((line.plain, ""))
        else:
            result.append((line.plain[:cut], line[cut:]))
    return result


def hang(parts: Sequence[Paragraph], width: int) -> Content:
    """Lay the paragraphs out at `width` cells, each continuation line indented to its body's start."""
    lines: list[Content] = []
    for prefix, body in parts:
        body = body if isinstance(body, Content) else Content(body)
        room = width - len(prefix)
        if not body.plain:
            lines.append(Content(prefix.rstrip()))
            continue
        if width <= 0 or room < 12:  # too narrow to hang: let the terminal wrap it
            lines.append(Content(prefix) + body)
            continue
        wrapped = body.wrap(room) or [Content("")]
        lines.append(Content(prefix) + wrapped[0])
        lines.extend(Content(" " * len(prefix)) + line for line in wrapped[1:])
    return Content("\n").join(lines)


class HangingText(Static):
    """A Static that keeps hanging indents at whatever width it is shown (never markup)."""

    def __init__(self, text: str | Content = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._parts: list[Paragraph] = paragraphs(text) if text else []
        self._fitted_to = -1

    @property
    def text(self) -> str:
        """The text shown, unwrapped (what tests and the palette read)."""
        return "\n".join(prefix + (body.plain if isinstance(body, Content) else body) for prefix, body in self._parts)

    def show(self, text: str | Content | Iterable[Paragraph]) -> None:
        self._parts = paragraphs(text) if isinstance(text, str | Content) else list(text)
        self._fit(force=True)

    def on_mount(self) -> None:
        self._fit(force=True)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self, force: bool = False) -> None:
        width = self.content_size.width
        if force or width != self._fitted_to:
            self._fitted_to = width
            self.update(
                hang(self._parts, width)
                if width
                else Content("\n").join(
                    Content(prefix) + (body if isinstance(body, Content) else Content(body))
                    for prefix, body in self._parts
                )
            )
