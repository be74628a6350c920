"""`study list`: every exercise in course order with its title and state."""

from __future__ import annotations

import argparse
import json
import sys

from backprop_study.commands import Context

NAME = "list"
HELP = "list the exercises in order with their state (done, current, pending)"
ORDER = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable states")


def run(args: argparse.Namespace, context: Context) -> int:
    from backprop_study.commands._shared import check_progress, course_of, paint, use_colour
    from backprop_study.course_progress import exercise_states

    workspace = context.workspace()
    check_progress(workspace)
    course = course_of(workspace)
    states = exercise_states(workspace, course)
    if args.json:
        json.dump(
            [
                {
                    "number": s.exercise.number,
                    "name": s.exercise.name,
                    "title": s.exercise.title,
                    "state": s.state,
                    "passed_at": s.progress.passed_at,
                    "last_checked_at": s.progress.last_checked_at,
                    "last_passed": s.progress.last_passed,
                    "hints_seen": s.progress.hints_seen,
                }
                for s in states
            ],
            sys.stdout,
            indent=2,
        )
        print()
        return 0
    colour = use_colour()
    slug_width = max(len(s.exercise.slug) for s in states)
    title_width = max(len(s.exercise.title) for s in states)
    for status in states:
        exercise = status.exercise
        marker = paint(status.mark, "green", colour) if status.state == "done" else status.mark
        note = ""
        if status.state == "done" and status.progress.passed_at:
            note = f"passed {_local(status.progress.passed_at)}"
        elif status.progress.passed_at:
            note = "passed before; failing or reset since"
        elif status.progress.last_checked_at:
            note = "not passing yet"
        state = paint(f"{status.state:<7}", "bold", colour) if status.state == "current" else f"{status.state:<7}"
        line = f"{marker} {exercise.number:02d}  {exercise.slug:<{slug_width}}  "
        line += f"{exercise.title:<{title_width}}  {state}"
        print(f"{line}  {note}".rstrip())
    done = sum(s.state == "done" for s in states)
    current = next((s.exercise for s in states if s.state == "current"), None)
    summary = f"\n{done} of {len(states)} done."
    if current is not None:
        summary += f" Next: study check {current.number}  (file: {workspace.exercise_file(current.name)})"
    print(summary)
    return 0


def _local(stamp: str) -> str:
    """An ISO time from progress (UTC) as the learner's local date and time."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp
