"""An exercise's instructions: the docstring at the top of its file, read without running it."""

from __future__ import annotations

import ast
from pathlib import Path

from backprop_study.course import Exercise
from backprop_study.workspace import Workspace


def _docstring(path: Path) -> str | None:
    try:
        return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None


def instructions(workspace: Workspace, exercise: Exercise) -> str:
    """The learner's file's docstring, or the shipped one if theirs is missing or does not parse."""
    for path in (workspace.exercises_dir / exercise.file_name, workspace.starting_exercises_dir / exercise.file_name):
        text = _docstring(path)
        if text:
            return text
    return f"{exercise.title}: open {exercise.file_name} and fill in the TODO markers."


def reflow(text: str) -> str:
    """Join a docstring's hard-wrapped prose so the terminal wraps it at its own width.

    Indented lines (formulas, code), list items and lines aligned in columns keep their line breaks.
    """
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        aligned = "  " in stripped  # columns lined up with spaces: a table or a command, keep it
        keeps_break = not stripped or line.startswith((" ", "\t")) or stripped[0] in "-*•" or aligned
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
