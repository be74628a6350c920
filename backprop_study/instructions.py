"""An exercise's instructions: the docstring at the top of its file, read without running it, and
its layout for the terminal (`reflow`, `fit_to_width`; the Learn screen's lists use the latter too).

The learner's file is theirs to write, so its docstring is untrusted text: control characters are
shown as escapes (an escape sequence would otherwise clear the screen or retitle the window), and a
docstring longer than `INSTRUCTIONS_LIMIT` is cut with a note.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

from backprop_study.course import Exercise
from backprop_study.store.safe_text import visible
from backprop_study.store.workspace import Workspace

INSTRUCTIONS_LIMIT = 20_000  # characters; the shipped docstrings are under 3,000
SOURCE_LIMIT = 1_000_000  # bytes of an exercise file read for its docstring


def _docstring(path: Path) -> str | None:
    try:
        if path.stat().st_size > SOURCE_LIMIT:
            return None  # parsing it would stall the screen; the shipped file's instructions are the same
        return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return None


def instructions(workspace: Workspace, exercise: Exercise) -> str:
    """The learner's file's docstring, or the shipped one if theirs is missing or does not parse."""
    for path in (workspace.exercise_file(exercise.name), workspace.starting_file(exercise.name)):
        text = _docstring(path)
        if text:
            if len(text) > INSTRUCTIONS_LIMIT:
                cut = len(text) - INSTRUCTIONS_LIMIT
                text = f"{text[:INSTRUCTIONS_LIMIT]}\n[... {cut:,} more characters of this docstring not shown]"
            return visible(text)
    return f"{exercise.title}: open {exercise.file_name} and fill in the TODO markers."


def reflow(text: str) -> str:
    """Join a docstring's hard-wrapped prose so the terminal wraps it at its own width.

    Indented lines (formulas, code), list items and lines aligned in columns keep their line breaks;
    a list item's own continuation lines (indented to its text) are joined to it.
    """
    out: list[str] = []
    item_column: int | None = None  # where the text of the list item being read starts
    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        marker = _LIST_MARKER.match(stripped)
        if stripped and not marker and indent and indent == item_column and out:
            if out[-1].strip():  # the item's text, or a paragraph of it, goes on
                out[-1] = f"{out[-1]} {stripped}"
            else:  # a new paragraph of the same item, after a formula or a blank line
                out.append(line.rstrip())
            continue
        if marker:
            item_column = indent + marker.end()
        elif stripped and (not indent or indent < (item_column or 0)):
            item_column = None  # a line further out than the item's text: the list is over
        aligned = "  " in stripped  # columns lined up with spaces: a table or a command, keep it
        keeps_break = not stripped or line.startswith((" ", "\t")) or marker is not None or aligned
        previous = out[-1] if out else ""
        joinable = (
            previous.strip()
            and not previous.startswith((" ", "\t"))
            and not previous.rstrip().endswith(":")
            and "  " not in previous.strip()
        )
        if not keeps_break and joinable:
            out[-1] = f"{previous} {stripped}"
        else:
            out.append(line.rstrip())
    return "\n".join(out)


_LIST_MARKER = re.compile(r"(\d+\.|[-*•–])\s+")
# Two or more spaces between two columns (`formula    (N, 1)`); not the spaces that line up `=` signs.
_COLUMN_GAP = re.compile(r"(?<=\S) {2,}(?=[^\s=])")
_SHAPE = re.compile(r"\(([^()\s,]+), ([^()\s,]+)\)")  # (N, 1): never broken across lines
_NBSP = "\u00a0"


def fit_to_width(text: str, width: int) -> str:
    """Break the indented lines (formulas, code, list items) that are wider than `width` so they stay
    readable: a column lined up at the right (a shape, a note) moves under its formula, and what is
    still too long continues with a hanging indent. Prose is left for the terminal to wrap; lines
    that fit are untouched.
    """
    if width < 20:  # too narrow to do better than the terminal's own wrapping
        return text
    out: list[str] = []
    for line in text.splitlines():
        body = line.lstrip()
        marker = _LIST_MARKER.match(body)
        if len(line) <= width or not (marker or line.startswith((" ", "\t"))):
            out.append(line)
            continue
        indent = line[: len(line) - len(body)]
        prose = body.endswith((".", ":", ")")) and not _COLUMN_GAP.search(body)  # a paragraph, not a formula
        follow = indent + " " * (marker.end() if marker else 0 if prose else 4)
        columns = _COLUMN_GAP.split(body)
        gaps = _COLUMN_GAP.findall(body)
        current = columns[0]
        for gap, column in zip(gaps, columns[1:], strict=True):
            if len(indent) + len(current) + len(gap) + len(column) <= width:
                current += gap + column
            else:
                out += _hang(current, indent, follow, width)
                current, indent = column, follow
        out += _hang(current, indent, follow, width)
    return "\n".join(out)


def _hang(body: str, first: str, rest: str, width: int) -> list[str]:
    body = _SHAPE.sub(rf"(\1,{_NBSP}\2)", body)  # textwrap breaks only at ASCII whitespace
    lines = textwrap.wrap(body, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
    return [line.replace(_NBSP, " ") for line in lines] or [first.rstrip()]
