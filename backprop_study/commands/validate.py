"""`study validate [PATH]`: check decks and the course file, printing each problem as file:line: message."""

from __future__ import annotations

import argparse
from pathlib import Path

from backprop_study.commands import CommandError, Context

NAME = "validate"
HELP = "check decks (quizzes/*.yaml) and the course file; exit 0 when clean, 1 when not"
ORDER = 70


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        metavar="PATH",
        help="a deck file, a folder of decks, or a course.yaml (default: the workspace's decks and course)",
    )


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.validation import validate_paths

    if args.path is not None:
        path = args.path.expanduser()
        if not path.exists():
            raise CommandError(f"{path} does not exist.", code=2)
        if _is_course(path):
            report = validate_paths(decks=None, course=path)
        elif (path / "quizzes").is_dir() or (path / "exercises" / "course.yaml").is_file():
            # A workspace or a checkout: its decks as the app loads them (the shipped ones, then its own
            # quizzes/), and its course, checked together.
            from backprop_study.store.workspace import Workspace

            workspace = Workspace(path)
            course = workspace.course_file
            report = validate_paths(
                decks=workspace.deck_sources(),
                course=course if course.is_file() else None,
                every_mistake_has_a_card=True,
            )
        else:
            report = validate_paths(decks=path, course=None)
    else:
        workspace = context.workspace()
        report = validate_paths(
            decks=workspace.deck_sources(), course=workspace.course_file, every_mistake_has_a_card=True
        )
    for problem in report.problems:
        print(problem)
    for note in report.notes:
        print(f"note: {note}")
    print(report.summary())
    return 0 if report.ok else 1


def _is_course(path: Path) -> bool:
    from backprop_study.store.paths import COURSE_FILE

    return path.is_file() and path.name == COURSE_FILE
