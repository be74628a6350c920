"""What runs inside one grading child: limits, guards, pytest, and a JSON result.

The worker (`worker.py`) forks a fresh child per exercise and calls
`run(job)`, which never returns. The child:

- becomes its own process group (so anything the learner's code starts can
  be killed with it) and a child subreaper (so what it starts in a session of
  its own stays in reach: the worker kills those once the child has ended),
  reads nothing from the terminal, and writes its stray output to a file;
- sets its limits (`sandbox.py`, shared with the plots): address space (a runaway allocation becomes a MemoryError),
  the size of any file it writes (a print loop cannot fill the disk), no core
  files, and a wall-clock alarm (`faulthandler.dump_traceback_later`) that
  writes the stack to `stack.txt` and exits, so an infinite loop is reported
  with the line it was on;
- guards: `input()` raises a clear error, `os._exit()` (and `posix._exit()`,
  the same function under its other name) is recorded with the line that
  called it, so is a signal the learner's code sends its own process, a signal
  to the worker is refused, and a segfault leaves its stack in `stack.txt`;
- watches NumPy: the first overflow, invalid value (NaN) or division by zero
  made on one of the learner's lines is recorded per test and named beside a
  failure (the warning NumPy would print is still issued, so graders that
  expect it see it; runs that overflow on purpose still pass). The learner's
  `np.seterr(...)` holds for the learner's own lines only: NumPy's error state
  is global, and `np.seterr(all="raise")` in a correct file must not make the
  reference solution raise in the grader;
- never writes into the workspace: no bytecode caches, no pytest cache;
- runs pytest on the grader with a small recording plugin and writes
  `result.json`. Paths are handed to pytest relative to the workspace, since
  pytest reads `[`, `::` and `$` in its arguments (a parametrized test, a
  node id, a variable). Every message and output is capped before it is
  written. A `journal` file, written as it goes, says which test was running
  if the child never gets that far.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import faulthandler
import json
import os
import re
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from backprop_study.grading import learner_errors as le
from backprop_study.grading import sandbox
from backprop_study.store.safe_text import cap_lines, shown

# The workspace's own pytest settings (a checkout's pyproject addopts, say) are not
# used for grading: an ini of our own is written beside the jobs.
PYTEST_INI = "[pytest]\n"
# A message (a failure, an error, a skip reason) is cut to this many characters, each line to
# MESSAGE_WIDTH: a grader quoting a 10 MB value, or an exception carrying one, stays readable.
MESSAGE_LIMIT = 4000
MESSAGE_WIDTH = 500
# How close to the output limit a test's captured output must come to count as having hit it
# (the write that failed was at most one buffer's worth).
OUTPUT_SLACK = 64 * 1024
# pytest plugins switched off for grading: each one costs set-up time in every child.
DISABLED_PLUGINS = (
    "cacheprovider",  # no .pytest_cache in the workspace
    "terminal",  # nobody reads the report, and writing it costs more than a small grader
    "faulthandler",  # it would send crash stacks to stderr instead of stack.txt
    "doctest",
    "junitxml",
    "pastebin",
    "setuponly",
    "setupplan",
    "stepwise",
    "debugging",  # breakpoint() is switched off for grading (PYTHONBREAKPOINT=0)
    "unraisableexception",  # both collect garbage hard after every run
    "threadexception",
)


class Journal:
    """Line-at-a-time notes that survive the process dying at any moment."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, kind: str, text: str = "") -> None:
        line = f"{kind}\t{text}".replace("\n", " ") + "\n"
        with contextlib.suppress(OSError):
            os.write(self.fd, line.encode("utf-8", "replace"))


def read_journal(path: Path) -> list[tuple[str, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    entries = []
    for line in text.splitlines():
        kind, _, rest = line.partition("\t")
        entries.append((kind, rest))
    return entries


_NUMPY_KINDS = {"overflow": "over", "invalid value": "invalid", "divide by zero": "divide", "underflow": "under"}
_NUMPY_DEFAULTS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}
_NUMPY_MODES = ("ignore", "warn", "raise", "call", "print", "log")


class NumericWatch:
    """NumPy's floating-point error callback: remember where the learner's code first made inf or NaN,
    and apply the learner's own `np.seterr` settings to the learner's lines alone.

    NumPy's real error state stays "call" (the learner's `np.seterr` is replaced by `seterr` below,
    which only records what they asked for), so every event reaches `__call__`, which looks at who
    made it: a learner's line gets the learner's setting, anything else NumPy's default.
    """

    def __init__(self, learner_files: frozenset[str], root: Path) -> None:
        self.learner_files = learner_files
        self.root = root
        self.current: str = ""
        self.first: dict[str, str] = {}
        self.learner_modes = dict(_NUMPY_DEFAULTS)
        self.numpy_seterr: Callable[..., Any] | None = None  # NumPy's own, once the learner's replaces it

    def __call__(self, kind: str, flag: int) -> None:
        import warnings

        key = _NUMPY_KINDS.get(kind, "over")
        mode = _NUMPY_DEFAULTS[key]
        needs_frame = key != "under" and self.current not in self.first
        if needs_frame or self.learner_modes != _NUMPY_DEFAULTS:
            mine = le.calling_learner_frame(sys._getframe(1), self.learner_files)
            if mine is not None:
                mode = self.learner_modes[key]
                if needs_frame:
                    self.first[self.current] = f"{kind} at {le.where(mine, self.root)}"
        if mode == "raise":
            raise FloatingPointError(f"{kind} encountered in a NumPy operation")
        if mode == "print":
            print(f"Warning: {kind} encountered in a NumPy operation")
        elif mode != "ignore":  # "warn", and "call"/"log" (whose own callback grading replaced) as it
            warnings.warn(f"{kind} encountered in a NumPy operation", RuntimeWarning, stacklevel=2)

    def seterr(
        self,
        all: str | None = None,  # NumPy's own parameter names
        divide: str | None = None,
        over: str | None = None,
        under: str | None = None,
        invalid: str | None = None,
    ) -> dict[str, str]:
        """`np.seterr` for the learner: the same arguments and answer, applied to their lines only."""
        old = dict(self.learner_modes)
        asked = {"divide": divide, "over": over, "under": under, "invalid": invalid}
        for key, value in asked.items():
            value = value if value is not None else all
            if value is None:
                continue
            if value not in _NUMPY_MODES:
                raise ValueError(f"invalid error mode {value!r} for {key} (one of {', '.join(_NUMPY_MODES)})")
            self.learner_modes[key] = value
        # Underflow is ignored by default; it only reaches us when the learner wants to hear of it.
        if self.numpy_seterr is not None:
            self.numpy_seterr(under="ignore" if self.learner_modes["under"] == "ignore" else "call")
        return old

    def geterr(self) -> dict[str, str]:
        return dict(self.learner_modes)


class Recorder:
    """A pytest plugin collecting, per test, the outcome, a learner-facing message and the output."""

    def __init__(self, job: dict[str, Any], journal: Journal, numeric: NumericWatch) -> None:
        self.root = Path(job["root"])
        self.learner_files = frozenset(job["learner_files"])
        self.output_limit = int(job["output_limit"])
        self.memory_mb = int(job["memory_mb"])
        self.output_mb = int(job["output_mb"])
        self.journal = journal
        self.numeric = numeric
        self.tests: dict[str, dict[str, Any]] = {}
        self.messages: dict[tuple[str, str], str] = {}
        self.mistakes: dict[str, str] = {}  # nodeid -> the catalogued mistake its failure names
        self.collection_errors: list[str] = []
        self.collection_output: list[str] = []
        self.interrupted: str | None = None
        self.flooded: set[str] = set()  # tests whose output reached the output limit

    # -- hooks -------------------------------------------------------------
    # pytest logs a test's report before it calls pytest_exception_interact
    # (for collection it is the other way round), so whichever comes second
    # puts the learner-facing message in place.
    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.journal.write("test", nodeid)
        self.numeric.current = nodeid
        self._test(nodeid)

    def _test(self, nodeid: str) -> dict[str, Any]:
        name = nodeid.rsplit("::", 1)[-1]
        return self.tests.setdefault(
            nodeid, {"name": name, "nodeid": nodeid, "status": "running", "message": "", "output": "", "when": ""}
        )

    def pytest_exception_interact(self, node: Any, call: Any, report: Any) -> None:
        message = _capped(self.describe(call.excinfo.value))
        self.messages[(node.nodeid, report.when)] = message
        # The catalogued mistake a grader's failure names (checks.fail sets it), kept as plain data.
        mistake = getattr(call.excinfo.value, "mistake", None)
        if isinstance(mistake, str):
            self.mistakes[node.nodeid] = mistake[:200]
        test = self.tests.get(node.nodeid)
        if test is not None and test["when"] == report.when and test["status"] in ("failed", "error"):
            test["message"] = self._final_message(node.nodeid, message)

    def pytest_runtest_logreport(self, report: Any) -> None:
        test = self._test(report.nodeid)
        if report.when == "teardown":
            test["finished"] = True
        output = report.capstdout + (f"\n[stderr]\n{report.capstderr}" if report.capstderr else "")
        test["output"] = le.cap_text(output, self.output_limit)
        if test["status"] not in ("running", "passed"):
            return  # keep the first problem (a teardown error after a failure adds nothing)
        if report.failed:
            test["status"] = "failed" if report.when == "call" else "error"
            test["when"] = report.when
            message = self.messages.get((report.nodeid, report.when)) or _capped(_longrepr_text(report))
            if len(output) >= self.output_mb * 1024 * 1024 - OUTPUT_SLACK:
                self.flooded.add(report.nodeid)
            test["message"] = self._final_message(report.nodeid, message)
        elif report.skipped:
            test["status"] = "skipped"
            test["message"] = _capped(_skip_reason(report))
        else:
            test["status"] = "passed"

    def _final_message(self, nodeid: str, message: str) -> str:
        """The failure's message with what explains it: the output limit it hit, the first NaN or inf."""
        if nodeid in self.flooded and not message.startswith("Your code printed more than"):
            # A write was stopped by the output limit and the grader reported the OSError it raised
            # ("File too large"): say what happened first.
            message = f"{self._output_limit_message('')}\n{message}"
        note = self.numeric.first.get(nodeid)
        if not note:
            return message
        return f"{message}\nNote: the first {note} (every value computed from it is inf or NaN)."

    def pytest_collectreport(self, report: Any) -> None:
        for title, content in report.sections:
            if title.startswith("Captured") and content:
                self.collection_output.append(le.cap_text(content, self.output_limit))
        if report.failed and len(self.collection_errors) < 20:
            message = self.messages.get((report.nodeid, "collect")) or _capped(_longrepr_text(report))
            self.collection_errors.append(message)

    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        frames = le.learner_frames(le.traceback_frames(excinfo.value.__traceback__), self.learner_files)
        spot = f" at {le.where(frames[-1], self.root)}" if frames else ""
        self.interrupted = f"Your code raised KeyboardInterrupt{spot}, so grading stopped there."

    # -- messages ----------------------------------------------------------
    def describe(self, exc: BaseException) -> str:
        """The learner-facing message for one exception."""
        import pytest

        cause = exc.__cause__ if type(exc).__name__ == "CollectError" and exc.__cause__ else exc
        syntax = _find_in_chain(cause, SyntaxError)
        if syntax is not None:
            return le.format_syntax_error(syntax, self.root)
        if isinstance(cause, pytest.fail.Exception):
            return str(cause.msg or "failed")
        if isinstance(cause, pytest.skip.Exception):
            return str(cause.msg or "skipped")
        if type(exc).__name__ == "CollectError" and exc.__cause__ is None:
            return str(exc)
        frames = le.learner_frames(le.traceback_frames(cause.__traceback__), self.learner_files)
        spot = le.where(frames[-1], self.root) if frames else None
        if isinstance(cause, SystemExit):
            return (
                f"Your code called sys.exit({shown(cause.code)})" + (f" at {spot}" if spot else "") + ". "
                "A graded function must return its result; exiting stops the grader."
            )
        if isinstance(cause, le.InputNotAllowed):
            return (
                "Your code called input()" + (f" at {spot}" if spot else "") + ", but nobody can type while "
                "grading. Take the value as a parameter (or leave input() to the `__main__` block)."
            )
        if isinstance(cause, MemoryError):
            detail = str(cause).strip()
            return (
                f"Your code ran out of memory (the limit is {self.memory_mb} MiB)"
                + (f" at {spot}" if spot else "")
                + (f": {detail}" if detail else ".")
                + "\nCheck the shapes: an (N,1) array combined with an (N,) one broadcasts to (N,N)."
            )
        if isinstance(cause, OSError) and cause.errno == errno.EFBIG:
            return self._output_limit_message(f" at {spot}" if spot else "")
        return le.format_exception(cause, self.learner_files, self.root)

    def _output_limit_message(self, spot: str) -> str:
        return (
            f"Your code printed more than {self.output_mb} MiB, so it was stopped{spot}. "
            "Is a print() inside a loop that never ends?"
        )

    def result(self, exit_code: int) -> dict[str, Any]:
        for nodeid, mistake in self.mistakes.items():
            if nodeid in self.tests and self.tests[nodeid]["status"] in ("failed", "error", "running"):
                self.tests[nodeid]["mistake"] = mistake
        for test in self.tests.values():
            if not test.pop("finished", False) and test["status"] in ("running", "passed"):
                # Started but never finished: the run was interrupted inside it.
                test["status"] = "error"
                test["message"] = self.interrupted or "This test did not finish."
            test.pop("when", None)
        return {
            "exit_code": int(exit_code),
            "tests": list(self.tests.values()),
            "collection_errors": self.collection_errors,
            "collection_output": le.cap_text("".join(self.collection_output), self.output_limit),
            "interrupted": self.interrupted,
        }


def _find_in_chain(exc: BaseException | None, kind: type[BaseException]) -> Any:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _capped(message: str) -> str:
    """A message at most MESSAGE_LIMIT characters, each line at most MESSAGE_WIDTH, with a note of the cut."""
    return cap_lines(le.cap_text(message, MESSAGE_LIMIT), MESSAGE_WIDTH)


def _longrepr_text(report: Any) -> str:
    text = getattr(report, "longreprtext", "") or str(report.longrepr or "")
    return text.strip() or "failed"


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "skipped")


def run(job: dict[str, Any], close_fds: list[int]) -> None:
    """Grade one exercise in this (forked) process and exit. Never returns."""
    real_exit = os._exit
    code = 70
    try:
        code = _run(job, close_fds, real_exit)
    finally:
        real_exit(code)


def _run(job: dict[str, Any], close_fds: list[int], real_exit: Callable[[int], NoReturn]) -> int:
    job_dir = Path(job["job_dir"])
    _detach(job, close_fds)
    journal = Journal(job_dir / "journal")
    _arm_alarm(job_dir, float(job["timeout"]))
    sandbox.set_limits(memory_mb=int(job["memory_mb"]), output_mb=int(job["output_mb"]))
    root = Path(job["root"])
    os.chdir(root)
    sys.dont_write_bytecode = True  # no __pycache__ written into the learner's folders
    learner_files = frozenset(job["learner_files"])
    _guard_builtins(journal, learner_files, root, real_exit)
    numeric = _watch_numpy(learner_files, root)
    recorder = Recorder(job, journal, numeric)
    exit_code = _run_pytest(job, job_dir, journal, recorder)
    _write_result(job_dir, recorder.result(exit_code))
    journal.write("done")
    return 0


def _detach(job: dict[str, Any], close_fds: list[int]) -> None:
    """Our own process group, the asking `study`'s environment, none of the worker's descriptors, no terminal."""
    sandbox.lead_own_group()
    sandbox.become_subreaper()
    if "env" in job:  # the environment of the `study` that asked (a shared worker serves several)
        os.environ.clear()
        os.environ.update(job["env"])
    for fd in close_fds:
        if fd > 2:  # 0, 1 and 2 are replaced just below
            with contextlib.suppress(OSError):
                os.close(fd)
    # Anything that escapes pytest's capture lands in a file.
    sandbox.quiet_stdio(Path(job["job_dir"]) / "stray-output.txt")
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _arm_alarm(job_dir: Path, timeout: float) -> None:
    """A crash or the time limit writes the stack to stack.txt (the timeout then exits), so the parent
    can name the line an endless loop was on."""
    stack_file = open(job_dir / "stack.txt", "w", encoding="utf-8")  # noqa: SIM115 - must outlive this frame
    faulthandler.enable(file=stack_file, all_threads=False)
    faulthandler.dump_traceback_later(timeout, exit=True, file=stack_file)


def _guard_builtins(
    journal: Journal, learner_files: frozenset[str], root: Path, real_exit: Callable[[int], NoReturn]
) -> None:
    """input() raises a clear error; os._exit() is recorded with the learner's line before it exits, and
    so is a signal sent to our own process; the worker cannot be signalled at all."""

    def no_input(prompt: object = "") -> str:
        raise le.InputNotAllowed("input() cannot be used while grading: nobody is there to type")

    builtins.input = no_input

    def recorded_exit(status: int) -> NoReturn:
        mine = le.calling_learner_frame(sys._getframe(1), learner_files)
        spot = le.where(mine, root) if mine else ""
        said = status if isinstance(status, int) else repr(status)[:40]
        journal.write("os_exit", json.dumps({"status": said, "where": spot}))
        real_exit(status)

    # posix._exit is the same function as os._exit; `import posix` reaches it under that name.
    import posix

    os._exit = posix._exit = recorded_exit

    me, group, worker = os.getpid(), os.getpgrp(), os.getppid()

    def watch_signals(event: str, args: tuple[Any, ...]) -> None:
        if event not in ("os.kill", "os.killpg", "signal.pthread_kill"):
            return
        target, signum = args[0], args[1]
        if (event == "os.kill" and target in (worker, -worker)) or (event == "os.killpg" and target == worker):
            raise PermissionError("while grading, your code may not signal the grading worker")
        ours = (
            event == "signal.pthread_kill"
            or (event == "os.kill" and target in (0, me, -group))
            or (event == "os.killpg" and target in (0, group))
        )
        if ours and signum:
            mine = le.calling_learner_frame(sys._getframe(1), learner_files)
            journal.write("signal", json.dumps({"signal": int(signum), "where": le.where(mine, root) if mine else ""}))

    sys.addaudithook(watch_signals)


def _watch_numpy(learner_files: frozenset[str], root: Path) -> NumericWatch:
    import numpy as np

    numeric = NumericWatch(learner_files, root)
    np.seterr(over="call", invalid="call", divide="call", under="ignore")
    np.seterrcall(numeric)
    numeric.numpy_seterr = np.seterr
    np.seterr, np.geterr = numeric.seterr, numeric.geterr  # type: ignore[assignment]
    return numeric


def _run_pytest(job: dict[str, Any], job_dir: Path, journal: Journal, recorder: Recorder) -> int:
    import pytest

    ini = job_dir / "pytest.ini"
    ini.write_text(PYTEST_INI, encoding="utf-8")
    journal.write("collect")
    root = job["root"]  # our working directory
    args = [
        _literal_path(job["grader"], root),
        "-c",
        str(ini),  # an option's value: neither split nor expanded
        "--rootdir",
        _literal_path(job["exercises_dir"], root),
        "--confcutdir",
        job["exercises_dir"],
    ]
    for plugin in DISABLED_PLUGINS:
        args += ["-p", f"no:{plugin}"]
    try:
        exit_code = int(pytest.main(args, plugins=[recorder]))
    except BaseException as exc:  # pytest itself failed; report it rather than dying silently
        recorder.collection_errors.append(f"The grader could not run: {type(exc).__name__}: {exc}")
        exit_code = 3
    faulthandler.cancel_dump_traceback_later()
    return exit_code


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")


def _literal_path(path: str, cwd: str) -> str:
    """`path` as pytest will take it literally: relative to `cwd` (the workspace's own names, such as
    exercises/graders/test_01_sigmoid.py, are plain), since pytest splits a test path at `[` and `::`
    and expands `$NAME` in --rootdir, and a workspace's own folder may be named with any of them."""
    relative = os.path.relpath(path, cwd)
    return relative if _PLAIN_PATH.fullmatch(relative) else path


def _write_result(job_dir: Path, result: dict[str, Any]) -> None:
    temp = job_dir / "result.json.tmp"
    temp.write_text(json.dumps(result), encoding="utf-8")
    os.replace(temp, job_dir / "result.json")
