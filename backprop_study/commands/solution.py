"""`study solution EX [--force]`: the solved exercise, once it has passed (or forced, with a warning)."""

from __future__ import annotations

import argparse
import sys

from backprop_study.commands import CommandError, Context

NAME = "solution"
HELP = "print an exercise's solution once it passes (--force: before, with a warning)"
ORDER = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", metavar="EX", help="number (4, 04) or name")
    parser.add_argument("--force", action="store_true", help="show it even though the exercise has not passed")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.commands._shared import check_progress, course_of, find_exercise
    from backprop_study.exercise_files import ExerciseFileError, solution_text

    workspace = context.workspace()
    check_progress(workspace)
    exercise = find_exercise(course_of(workspace), args.exercise)
    passed = workspace.progress().load().exercise(exercise.name).passed_at is not None
    try:
        text = solution_text(workspace, exercise, force=args.force)
    except ExerciseFileError as exc:
        raise CommandError(str(exc)) from None
    if not passed:
        print(
            f"study: warning: {exercise.label} has not passed yet; reading the solution first teaches less "
            "than one more try (study hint gives a nudge).",
            file=sys.stderr,
        )
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
