"""A grading result: what one exercise's check found, read from what the child left, and the lines
both UIs print for it.

`ExerciseResult` says whether the exercise passed, each test's name, status, message and captured
output, one `problem` sentence for the first thing to fix, and how long it took. Statuses: "passed",
"failed" (a test failed), "error" (the file could not be loaded or run: a SyntaxError, say),
"timeout", "crashed" (the process died: segfault, os._exit, killed) and "cancelled".

`interpret` builds one from a child's job folder (`result.json`, else its journal, stack dump and
exit status); `report` turns one into lines for `study check` and the Exercises screen alike.

Everything in a result came from a process that ran the learner's code, which could have written
anything into its folder: `result.json` is checked field by field (a damaged one is an error result,
not a crash), files are read only from their end, and every text is made safe to show here, once,
for every UI: control characters become visible escapes (`safe_text.visible`), a message is cut at
`PROBLEM_LIMIT` characters and output at `OUTPUT_LIMIT`, each line at `LINE_WIDTH`.
"""

from __future__ import annotations

import json
import re
import signal
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from backprop_study.grading import learner_errors as le
from backprop_study.grading.child import read_journal
from backprop_study.grading.runner import RawOutcome
from backprop_study.store.progress import now_iso
from backprop_study.store.safe_text import safe_block

PROBLEM_LIMIT = 6000  # characters of a problem or a test's message
OUTPUT_LIMIT = 20_000  # characters of captured output (the child already keeps at most Limits.output_chars)
LINE_WIDTH = 1000  # characters of one line of either
NAME_LIMIT = 200  # a test's name or node id
FILE_TAIL = 64 * 1024  # bytes read from the end of a journal, stack dump or stray-output file


def _safe(text: object, limit: int = PROBLEM_LIMIT) -> str:
    return safe_block(text if isinstance(text, str) else "", width=LINE_WIDTH, limit=limit)


@dataclass(frozen=True)
class TestResult:
    __test__ = False  # not a pytest test class, despite the name
    name: str  # the test function, e.g. "test_d_output_matches_reference"
    nodeid: str
    status: str  # "passed", "failed", "error" (in setup or teardown) or "skipped"
    message: str  # for the learner; empty when passed
    output: str  # what the learner's code printed during the test (capped)
    mistake: str | None = None  # the catalogued mistake its failure names (checks.mistakes ids), if any

    @property
    def title(self) -> str:
        """The check in words: `test_d_output_on_the_lesson_network` -> "d output on the lesson network"."""
        return self.name.removeprefix("test_").replace("_", " ")


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str  # the exercise's name, e.g. "04_d_output"
    status: str  # see the module docstring
    tests: tuple[TestResult, ...]
    problem: str | None  # the first thing to fix, in words; None when passed
    problem_test: str | None  # the test that problem comes from, if any
    output: str  # printed while the learner's file was loaded (outside any test)
    duration: float  # seconds, wall time
    checked_at: str = field(default="")

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def mistake(self) -> str | None:
        """The catalogued mistake the first thing to fix names (a `checks.mistakes` id), if any."""
        failing = next((test for test in self.tests if test.name == self.problem_test), None)
        return failing.mistake if failing is not None else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        data["mistake"] = self.mistake
        return data


def ended(exercise: str, status: str, problem: str, duration: float = 0.0, stamp: str = "") -> ExerciseResult:
    """A result with no tests: the run stopped (or never started) before pytest could report."""
    return ExerciseResult(exercise, status, (), _safe(problem), None, "", round(duration, 3), stamp or now_iso())


# -- what both UIs print ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLine:
    text: str
    kind: str  # "pass", "fail", "skip", "text", "heading" or "output": how a UI may colour it


def report(
    result: ExerciseResult, *, title: str | None = None, checklist: bool = True, output_lines: int = 12
) -> list[ReportLine]:
    """The verdict as lines: a headline, then one line per check (with its message when it is not the
    headline's), then what the learner's code printed. `title` (e.g. "04 d_output") starts the headline
    when several results are listed together."""
    prefix = f"{title}  " if title else ""
    if result.passed:
        count = len(result.tests)
        lines = [ReportLine(f"✓ {prefix}Passed: all {count} checks ({result.duration:.2f} s).", "pass")]
    elif result.status == "cancelled":
        lines = [ReportLine(f"{prefix}Grading was cancelled.", "text")]
    else:
        first, *rest = (result.problem or result.status).splitlines() or [result.status]
        lines = [ReportLine(f"✗ {prefix}Not yet: {first}", "fail")]
        lines += [ReportLine(line, "text") for line in rest]
    if checklist:
        for test in result.tests:
            mark, kind = {"passed": ("✓", "pass"), "skipped": ("–", "skip")}.get(test.status, ("✗", "fail"))
            lines.append(ReportLine(f"  {mark} {test.title}", kind))
            if test.status != "passed" and test.message and test.message != result.problem:
                lines += [ReportLine(f"      {line}", "text") for line in test.message.splitlines()]
    failing = next((t for t in result.tests if t.name == result.problem_test), None)
    for heading, output in (
        ("Your file printed while loading:", result.output),
        (f"Your code printed during {failing.title if failing else ''}:", failing.output if failing else ""),
    ):
        if output.strip():
            lines += [ReportLine("", "text"), ReportLine(heading, "heading")]
            lines += [ReportLine(f"  | {line}", "output") for line in _first_lines(output, output_lines)]
    return lines


def _first_lines(output: str, count: int) -> list[str]:
    lines = output.rstrip().splitlines()
    if len(lines) <= count:
        return lines
    return [*lines[:count], f"[... {len(lines) - count:,} more lines not shown here; study check --json has them]"]


# -- turning what the child left behind into a result ---------------------------------------------


def interpret(
    exercise: str, outcome: RawOutcome, root: Path, learner_files: frozenset[str], duration: float, timeout: float
) -> ExerciseResult:
    """The result of one job, from its result file or, failing that, from how its process ended."""
    duration = round(duration, 3)
    stamp = now_iso()
    if outcome.killed == "cancelled":
        return ended(exercise, "cancelled", "Grading was cancelled.", duration, stamp)
    if outcome.refused is not None:
        return ended(exercise, "error", f"The grading worker would not run this check: {outcome.refused}", duration)
    result_file = outcome.job_dir / "result.json"
    if result_file.is_file():
        try:
            data = json.loads(result_file.read_text(encoding="utf-8", errors="replace"))
            return _from_result(exercise, data, duration, stamp)
        except (ValueError, TypeError, LookupError, RecursionError, MemoryError, OSError) as exc:
            # The child wrote it, after running the learner's code: anything may be in it.
            problem = f"The grader's report could not be read ({_safe(str(exc), 200)}), so this check has no result."
            return ended(exercise, "error", problem, duration, stamp)
    status, problem = _why_it_ended(outcome, root, learner_files, timeout)
    return ended(exercise, status, problem, duration, stamp)


def _why_it_ended(outcome: RawOutcome, root: Path, learner_files: frozenset[str], timeout: float) -> tuple[str, str]:
    """(status, problem) for a child that left no result: it exited, timed out, crashed or lost its worker."""
    job_dir = outcome.job_dir
    journal = read_journal(job_dir / "journal")
    running = _running_test(journal)
    stack = _read(job_dir / "stack.txt")
    exit_call = _journal_entry(journal, "os_exit")
    if exit_call is not None:
        spot = f" at {exit_call['where']}" if exit_call.get("where") else ""
        return "crashed", (
            f"Your code called os._exit({exit_call.get('status')}){spot} {running}. It ends the process at once, "
            "so grading stopped there. A graded function must return its result."
        )
    if stack.startswith("Timeout") or outcome.killed == "timeout":
        return "timeout", _timeout_problem(stack, root, learner_files, timeout, running)
    sent = _journal_entry(journal, "signal", lambda entry: entry.get("signal") == outcome.signal)
    if outcome.signal is not None and sent is not None:
        spot = f" at {sent['where']}" if sent.get("where") else ""
        return "crashed", (
            f"Your code sent {_signal_name(outcome.signal)} to its own process{spot} {running}, "
            "which ended it, so grading stopped there. A graded function must return its result."
        )
    if outcome.signal is not None or "Fatal Python error" in stack:
        return "crashed", _crash_problem(outcome.signal, stack, root, learner_files, running)
    if outcome.killed == "worker":
        # The last lines the worker wrote (each once: a worker restarted for the job may repeat them).
        detail = list(dict.fromkeys(_read(job_dir.parent / "worker-stderr.txt").strip().splitlines()[-10:]))[-5:]
        return "error", "The grading worker stopped unexpectedly.\n" + "\n".join(detail)
    stray = _read(job_dir / "stray-output.txt").strip()
    tail = "\n" + le.cap_text(stray[-2000:], 2000) if stray else ""
    return "crashed", f"The grading process ended unexpectedly (exit status {outcome.exitcode}) {running}.{tail}"


def _timeout_problem(stack: str, root: Path, learner_files: frozenset[str], timeout: float, running: str) -> str:
    frames = le.parse_faulthandler_dump(stack)
    # The learner-file frame nearest the top of the stack is the line the loop is on.
    mine = le.first_learner_frame(frames, learner_files)
    limit = f"{timeout:g} s"
    if mine is not None:
        return (
            f"Stopped after {limit}: your code was still running at {le.where(mine, root)} {running}. "
            "Is there a loop that never ends?"
        )
    spot = f" (the grader was at {le.where(frames[0], root)})" if frames else ""
    return f"Stopped after {limit} {running}{spot}: it took longer than the time limit."


def _crash_problem(
    crash_signal: int | None, stack: str, root: Path, learner_files: frozenset[str], running: str
) -> str:
    if crash_signal == signal.SIGKILL:
        return f"The grading process was killed {running}, most likely because the machine ran out of memory."
    frames = le.parse_faulthandler_dump(stack)
    mine = le.first_learner_frame(frames, learner_files)
    spot = f" at {le.where(mine, root)}" if mine else ""
    kind = "a segmentation fault" if crash_signal == signal.SIGSEGV or "Segmentation fault" in stack else None
    if crash_signal == signal.SIGABRT or "Aborted" in stack:
        return (
            f"Your code aborted the Python process (SIGABRT){spot} {running}: os.abort() (or a C library "
            "giving up) ends it at once, so grading stopped there. A graded function must return its result."
        )
    if kind or crash_signal in (signal.SIGBUS, signal.SIGILL, signal.SIGFPE):
        return (
            f"Your code crashed the Python process ({kind or _signal_name(crash_signal)}){spot} {running}. "
            "That happens when memory is used through ctypes or raw pointers; plain Python and NumPy cannot do it."
        )
    return (
        f"The Python process running your code ended with {_signal_name(crash_signal)}{spot} {running}, "
        "so grading stopped there."
    )


def _read(path: Path, limit: int = FILE_TAIL) -> str:
    """The file's text, or its last `limit` bytes: the learner's process may have made it huge."""
    try:
        with open(path, "rb") as file:
            size = file.seek(0, 2)
            file.seek(max(size - limit, 0))
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _journal_entry(journal: list[tuple[str, str]], kind: str, accept: Any = None) -> dict[str, Any] | None:
    """The first journal entry of `kind` (a JSON object) that `accept` takes, if any."""
    for entry_kind, rest in journal:
        if entry_kind != kind:
            continue
        try:
            entry = json.loads(rest)
        except (ValueError, RecursionError):
            continue
        if isinstance(entry, dict) and (accept is None or accept(entry)):
            return entry
    return None


def _running_test(journal: list[tuple[str, str]]) -> str:
    """'while checking “x”', or 'while loading your file', from the child's journal."""
    tests = [rest for kind, rest in journal if kind == "test"]
    if tests:
        name = tests[-1].rsplit("::", 1)[-1]
        return f"while checking “{name.removeprefix('test_').replace('_', ' ')}”"
    return "while loading your file and the grader"


def _signal_name(number: int | None) -> str:
    if number is None:
        return "a fatal error"
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


_TEST_STATUSES = ("passed", "failed", "error", "skipped")


def _test_from(entry: Any) -> TestResult:
    if not isinstance(entry, dict) or entry.get("status") not in _TEST_STATUSES:
        raise ValueError("a test's entry is damaged")
    name = (_safe(entry.get("name"), NAME_LIMIT).splitlines() or ["unnamed test"])[0]
    return TestResult(
        name,
        _safe(entry.get("nodeid"), NAME_LIMIT),
        entry["status"],
        _safe(entry.get("message")),
        _safe(entry.get("output"), OUTPUT_LIMIT),
        _mistake_id(entry.get("mistake")),
    )


_MISTAKE_ID = re.compile(r"[A-Z_]+(:[\w .-]+){0,2}")


def _mistake_id(value: Any) -> str | None:
    """A catalogued mistake's id as the child reported it, or None (anything else is dropped, not shown)."""
    return value if isinstance(value, str) and len(value) <= 200 and _MISTAKE_ID.fullmatch(value) else None


def _from_result(exercise: str, data: Any, duration: float, stamp: str) -> ExerciseResult:
    """The result the child reported; ValueError when `data` is not the shape the child writes."""
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        raise ValueError("it is not a report of tests")
    tests = tuple(_test_from(entry) for entry in data["tests"])
    output = _safe(data.get("collection_output"), OUTPUT_LIMIT)
    errors = data.get("collection_errors")
    errors = errors if isinstance(errors, list) else []
    exit_code = data.get("exit_code", 0)

    def result(status: str, problem: str | None, problem_test: str | None = None) -> ExerciseResult:
        return ExerciseResult(exercise, status, tests, problem, problem_test, output, duration, stamp)

    if data.get("interrupted"):
        return result("error", _safe(data["interrupted"]))
    if errors:
        return result("error", _safe(errors[0]) or "The grader could not collect its tests.")
    broken = next((t for t in tests if t.status in ("failed", "error")), None)
    if broken is not None:
        return result("failed", broken.message, broken.name)
    if not tests:
        return result("error", "The grader found no tests to run.")
    if not any(t.status == "passed" for t in tests):
        skipped = tests[0]
        return result("failed", f"No test ran: {skipped.message}", skipped.name)
    if exit_code != 0:
        return result("error", f"The grader ended with pytest exit code {_safe(str(exit_code), 20)}.")
    return result("passed", None)
