"""What the exercise commands (list, check, hint, reset, solution) share: finding the
course and the exercise named on the command line, and a little colour."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from backprop_study.commands import CommandError, Context

if TYPE_CHECKING:
    from backprop_study.course import Course, Exercise
    from backprop_study.store.workspace import Workspace


def course_of(workspace: Workspace) -> Course:
    """The workspace's course; a broken course file is reported with its line."""
    from backprop_study.course import load_course
    from backprop_study.store.yamlfile import ContentError

    try:
        return load_course(workspace.course_file)
    except ContentError as exc:
        raise CommandError(f"the course file cannot be read: {exc}") from None
    except FileNotFoundError:
        raise CommandError(f"{workspace.course_file} is missing; is {workspace.root} a study workspace?") from None


def find_exercise(course: Course, ref: str) -> Exercise:
    """The exercise for `ref` (5, 05, a name or a slug); an unknown one is a usage error listing the valid ones."""
    try:
        return course.find(ref)
    except LookupError as exc:
        raise CommandError(str(exc.args[0]), code=2) from None


def exercise_or_current(context: Context, ref: str | None) -> tuple[Workspace, Course, Exercise]:
    """The exercise named, or, with none, the one the learner is on."""
    from backprop_study.course_progress import current_exercise

    workspace = context.workspace()
    course = course_of(workspace)
    if ref is not None:
        return workspace, course, find_exercise(course, ref)
    exercise = current_exercise(course, workspace.progress().load())
    if exercise is None:
        raise CommandError("every exercise is done; name one (e.g. 1) to work on it again.", code=2)
    return workspace, course, exercise


def colour_turned_off() -> bool:
    """NO_COLOR's convention (no-color.org): only a non-empty value turns colour off; `NO_COLOR=` does not."""
    return bool(os.environ.get("NO_COLOR"))


def use_colour(stream: object = None) -> bool:
    """Colour for a terminal, unless NO_COLOR says otherwise; never for a pipe or a file."""
    stream = stream or sys.stdout
    return not colour_turned_off() and bool(getattr(stream, "isatty", lambda: False)())


def paint(text: str, colour: str, enabled: bool) -> str:
    codes = {"green": "32", "red": "31", "yellow": "33", "dim": "2", "bold": "1"}
    return f"\033[{codes[colour]}m{text}\033[0m" if enabled else text


def check_progress(workspace: Workspace) -> None:
    """Read progress once up front, so a database that had to be moved aside is reported (on stderr) first."""
    store = workspace.progress()
    store.load()
    for notice in store.take_notices():  # said before anyone listened (the CLI's listener prints the rest)
        print(f"study: {notice}", file=sys.stderr)
