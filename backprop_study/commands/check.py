"""`study check [EX | --all] [--json]`: grade exercises; exit 0 when all pass, 1 when not, 2 on a usage error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from backprop_study.commands import CommandError, Context

if TYPE_CHECKING:
    from backprop_study.course import Course, Exercise
    from backprop_study.grading.result import ExerciseResult, ReportLine

NAME = "check"
HELP = "grade an exercise (or --all); exit 0 when everything passes, 1 when not"
ORDER = 30


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the time limit must be more than 0 and at most 3600 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from backprop_study.grading.runner import SHARED_DIR_ENV, SHARED_ENV, SHARED_IDLE

    parser.epilog = (
        "The first check starts a warm grading worker (one per user and installed version) that the next "
        "checks reuse, so a re-check costs a fraction of a second. It leaves by itself after "
        f"{SHARED_IDLE / 60:g} minutes unused. `study worker status` shows it, `study worker stop` ends it now, "
        f"and {SHARED_ENV}=0 grades without it. Its socket lives in ${SHARED_DIR_ENV} (default: a private "
        "folder in the temporary directory)."
    )
    parser.add_argument("exercise", nargs="?", metavar="EX", help="number (4, 04) or name; default: the current one")
    parser.add_argument("--all", action="store_true", help="grade every exercise of the course")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every test, not just the first failure")
    parser.add_argument(
        "--timeout", type=_positive_seconds, metavar="SECONDS", help="time limit per exercise (default: 10)"
    )


def run(args: argparse.Namespace, context: Context) -> int:
    if args.all and args.exercise:
        raise CommandError("give an exercise or --all, not both.", code=2)
    workspace = context.workspace()
    from backprop_study.commands._shared import check_progress, course_of, exercise_or_current
    from backprop_study.grading.grader import Grader, Limits

    limits = Limits(timeout=args.timeout) if args.timeout else Limits()
    chosen: list[Exercise] = []

    def read_course() -> Course:
        # Read while the worker starts and imports NumPy and pytest.
        check_progress(workspace)
        if args.all:
            course = course_of(workspace)
            chosen.extend(course.exercises)
        else:
            _, course, exercise = exercise_or_current(context, args.exercise)
            chosen.append(exercise)
        return course

    # The shared warm worker: the first `study check` starts it, the next ones fork from it at once.
    with Grader(workspace, course=read_course, limits=limits, jobs=None if args.all else 1, shared=True) as grader:
        course = grader.course
        printer = _Printer(course, verbose=args.verbose) if not args.json else None
        results = grader.grade_many(chosen, on_result=printer.show if printer else None)

    from backprop_study.course_progress import record_result

    for result in results:
        record_result(workspace, result, course)
    everything_passed = all(result.passed for result in results)
    if args.json:
        by_name = {e.name: e for e in course.exercises}
        exercises = []
        for result in results:
            data = result.to_dict()
            name = data.pop("exercise")
            exercises.append({"name": name, "number": by_name[name].number, "title": by_name[name].title, **data})
        payload = {"passed": everything_passed, "exercises": exercises}
        json.dump(payload, sys.stdout, indent=2)
        print()
    elif printer is not None:
        printer.finish(results)
    return 0 if everything_passed else 1


# Captured output shown per exercise in the terminal; `--json` has all that was kept.
SHOWN_OUTPUT_LINES = 20
COLOURS = {"pass": "green", "fail": "red", "skip": "dim", "heading": "bold"}


class _Printer:
    """Each exercise's report (the same lines the Exercises screen shows), printed as its result arrives."""

    def __init__(self, course: Course, *, verbose: bool) -> None:
        from backprop_study.commands._shared import use_colour

        self.course = course
        self.verbose = verbose
        self.colour = use_colour()
        self.by_name = {e.name: e for e in course.exercises}

    def show(self, result: ExerciseResult) -> None:
        from backprop_study.grading.result import report

        exercise = self.by_name[result.exercise]
        # A pass is one line unless -v; a failure lists its checks, so the learner sees what already works.
        checklist = self.verbose or not result.passed
        for line in report(result, title=exercise.label, checklist=checklist, output_lines=SHOWN_OUTPUT_LINES):
            print(_painted(line, self.colour))
        if not result.passed and result.status != "cancelled":
            print(f"  Stuck? study hint {exercise.number}")
        sys.stdout.flush()

    def finish(self, results: list[ExerciseResult]) -> None:
        if len(results) > 1:
            passed = sum(r.passed for r in results)
            print(f"\n{passed} of {len(results)} exercises pass.")
            # The course is in order: the first one not passing is the one to work on.
            failing = {r.exercise for r in results if not r.passed}
            first = next((e for e in self.course.exercises if e.name in failing), None)
            if first is not None:
                print(f"Next: {first.label} ({first.title}): study check {first.number}")
        elif results and results[0].passed:
            after = self.course.next_after(self.by_name[results[0].exercise])
            if after is not None:
                print(f"Next: {after.label} ({after.title}): study check {after.number}")
            else:
                print("That was the last exercise of the course.")


def _painted(line: ReportLine, enabled: bool) -> str:
    """A check's mark in its colour (✓ green, ✗ red), a heading in bold; the words stay plain."""
    from backprop_study.commands._shared import paint

    colour = COLOURS.get(line.kind)
    if colour is None or not enabled:
        return line.text
    body = line.text.lstrip()
    indent = line.text[: len(line.text) - len(body)]
    if line.kind in ("pass", "fail", "skip") and body[:1] in ("✓", "✗", "–"):
        return f"{indent}{paint(body[0], colour, enabled)}{body[1:]}"
    return paint(line.text, colour, enabled)
