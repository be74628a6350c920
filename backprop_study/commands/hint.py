"""`study hint [EX] [--all]`: the next hint (remembered), or every hint seen so far."""

from __future__ import annotations

import argparse

from backprop_study.commands import Context

NAME = "hint"
HELP = "show the next hint for an exercise (--all: the hints seen so far)"
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", nargs="?", metavar="EX", help="number (4, 04) or name; default: the current one")
    parser.add_argument("--all", action="store_true", help="show the hints already seen, without revealing a new one")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.commands._shared import check_progress, exercise_or_current
    from backprop_study.hints import next_hint, seen_hints

    check_progress(context.workspace())
    workspace, _, exercise = exercise_or_current(context, args.exercise)
    if args.all:
        hints = seen_hints(workspace, exercise)
        if not hints:
            print(f"No hints seen yet for {exercise.label}. The first one: study hint {exercise.number}")
            return 0
        print(f"Hints seen for {exercise.label} ({len(hints)} of {len(exercise.hints)}):")
        for hint in hints:
            print(f"  {hint.number}. {hint.text}")
        return 0
    hint = next_hint(workspace, exercise)
    print(f"Hint {hint.number} of {hint.total} for {exercise.label} ({exercise.title}):")
    print(f"  {hint.text}")
    if hint.repeated:
        print(f"That was the last hint again. The solution: study solution {exercise.number} (after it passes)")
    elif hint.was_last:
        print("That was the last hint.")
    else:
        print(f"Another: study hint {exercise.number}")
    return 0
