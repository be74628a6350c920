"""`study check [EX | --all] [--json]`: grade exercises; exit 0 when all pass, 1 when not, 2 on a usage error."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from backprop_study.commands import CommandError, Context

if TYPE_CHECKING:
    from backprop_study.course import Course
    from backprop_study.grading import ExerciseResult

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
    from backprop_study.grading import Grader, Limits

    limits = Limits(timeout=args.timeout) if args.timeout else Limits()
    # The worker starts now and imports NumPy and pytest while we read the course.
    # The shared warm worker: the first `study check` starts it, the next ones fork from it at once.
    with Grader(workspace, limits=limits, jobs=None if args.all else 1, shared=True) as grader:
        from backprop_study.exercise_cli import check_progress, course_of, exercise_or_current

        check_progress(workspace)
        if args.all:
            course = course_of(workspace)
            chosen = list(course.exercises)
        else:
            _, course, exercise = exercise_or_current(context, args.exercise)
            chosen = [exercise]
        grader.course = course
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


class _Printer:
    """A short readable summary per exercise, printed as each result arrives."""

    def __init__(self, course: Course, *, verbose: bool) -> None:
        from backprop_study.exercise_cli import use_colour

        self.course = course
        self.verbose = verbose
        self.colour = use_colour()
        self.by_name = {e.name: e for e in course.exercises}

    def show(self, result: ExerciseResult) -> None:
        from backprop_study.exercise_cli import label, paint

        exercise = self.by_name[result.exercise]
        passed = sum(t.status == "passed" for t in result.tests)
        total = len(result.tests)
        if result.passed:
            mark = paint("✓", "green", self.colour)
            print(f"{mark} {label(exercise)}: passed ({total} test{'s' * (total != 1)}, {result.duration:.2f} s)")
        else:
            mark = paint("✗", "red", self.colour)
            counts = f"{passed} of {total} tests pass, " if total else ""
            print(f"{mark} {label(exercise)}: {result.status} ({counts}{result.duration:.2f} s)")
            if result.problem_test:
                print(f"  {paint(result.problem_test, 'bold', self.colour)}")
            print(_indent(result.problem or "", "    " if result.problem_test else "  "))
            self._output(result)
            print(f"  Stuck? study hint {exercise.number}")
        if self.verbose:
            for test in result.tests:
                print(f"    {test.status:<8} {test.name}")
        sys.stdout.flush()

    def _output(self, result: ExerciseResult) -> None:
        if result.output.strip():
            print("  Your file printed while loading:")
            print(_indent(_shown(result.output), "    | "))
        failing = next((t for t in result.tests if t.name == result.problem_test), None)
        if failing is not None and failing.output.strip():
            print(f"  Your code printed during {failing.name}:")
            print(_indent(_shown(failing.output), "    | "))

    def finish(self, results: list[ExerciseResult]) -> None:
        from backprop_study.exercise_cli import label

        if len(results) > 1:
            passed = sum(r.passed for r in results)
            print(f"\n{passed} of {len(results)} exercises pass.")
        elif results and results[0].passed:
            after = self.course.next_after(self.by_name[results[0].exercise])
            if after is not None:
                print(f"Next: {label(after)} ({after.title}): study check {after.number}")
            else:
                print("That was the last exercise of the course.")


# Captured output shown per exercise in the terminal; `--json` has all that was kept.
SHOWN_OUTPUT_LINES = 20


def _shown(output: str) -> str:
    lines = output.rstrip().splitlines()
    if len(lines) <= SHOWN_OUTPUT_LINES:
        return "\n".join(lines)
    rest = len(lines) - SHOWN_OUTPUT_LINES
    note = f"[... {rest:,} more lines not shown here; study check --json has them]"
    return "\n".join([*lines[:SHOWN_OUTPUT_LINES], note])


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())
