"""`study reset EX`: restore an exercise's starting file; the learner's file is kept under .study/backups/."""

from __future__ import annotations

import argparse

from backprop_study.commands import CommandError, Context

NAME = "reset"
HELP = "restore an exercise's starting file (your current file is kept in .study/backups/)"
ORDER = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", metavar="EX", help="number (4, 04) or name")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.commands._shared import check_progress, course_of, find_exercise
    from backprop_study.exercise_files import ExerciseFileError, reset_exercise

    workspace = context.workspace()
    check_progress(workspace)
    exercise = find_exercise(course_of(workspace), args.exercise)
    try:
        outcome = reset_exercise(workspace, exercise)
    except ExerciseFileError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"could not reset {exercise.label}: {exc}. Your file was not changed.") from None
    if outcome.unchanged:
        print(f"{outcome.file} is already the starting file; nothing to do.")
        return 0
    print(f"Restored {outcome.file} to its starting version.")
    if outcome.backup is not None:
        print(f"Your previous file is kept at {outcome.backup}")
    return 0
