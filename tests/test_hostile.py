"""The hostile corpus (tests/hostile/): learner files, decks and worker requests built to hang, crash,
flood or reach the terminal.

Each case says in its own header what must come of it. Beyond that, every case must: end in a clear
message within its time limit; leave nothing a terminal would obey (no control character) in any
text of the result, and nothing longer than a screenful or two; leave the workspace as it was; leave
no process of the learner's running; and leave the next ordinary check passing.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from fixtures_grading import GRADERS, SOLVED, STARTING, make_workspace, write_exercise

from backprop_study.grading import sandbox
from backprop_study.grading.grader import Grader, Limits
from backprop_study.grading.result import ExerciseResult, interpret, report
from backprop_study.grading.runner import RawOutcome
from backprop_study.store.safe_text import find_control
from backprop_study.store.workspace import Workspace
from backprop_study.store.yamlfile import ContentError, load_yaml_file
from backprop_study.validation import validate_paths

CORPUS = Path(__file__).resolve().parent / "hostile"
TIMEOUT = 2.0
RESULT_SIZE_LIMIT = 60_000  # characters of a whole result as JSON: every message and output capped

# The fixture course's grader for 01_add, doing NumPy work of its own after loading the learner's file
# (an underflow and an overflow, harmless by NumPy's defaults): a learner's np.seterr must not reach it.
GRADER_WITH_NUMPY = (
    GRADERS["01_add"]
    + """

import numpy as np


def reference_work():
    return np.exp(np.array([-1000.0, 1000.0]))


def test_add_then_the_reference():
    add = load("01_add").add
    reference_work()
    got = add(1, 1)
    if got != 2:
        pytest.fail(f"add(1, 1) should be 2, got {got!r}", pytrace=False)
"""
)


def headers(text: str) -> dict[str, list[str]]:
    """The `# key: value` lines at the top of a corpus file."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"# ([a-z-]+): (.*)$", line)
        if not match:
            break
        found.setdefault(match[1], []).append(match[2])
    return found


def all_text(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in all_text(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in all_text(item)]
    return []


def assert_safe_to_show(result: ExerciseResult) -> None:
    data = result.to_dict()
    for text in all_text(data):
        index = find_control(text)
        assert index is None, f"a control character reaches the terminal: {text[max(index - 20, 0) : index + 20]!r}"
    assert len(json.dumps(data)) < RESULT_SIZE_LIMIT, "every message and output is capped"
    shown = "\n".join(line.text for line in report(result))
    assert find_control(shown) is None
    assert len(shown) < RESULT_SIZE_LIMIT


def every_path(folder: Path) -> dict[str, tuple[bool, bytes | None]]:
    """Every file and folder under `folder` (folders too: an empty __pycache__ would be a write)."""
    return {
        str(path.relative_to(folder)): (path.is_dir(), None if path.is_dir() else path.read_bytes())
        for path in sorted(folder.rglob("*"))
    }


def running(command: str) -> list[int]:
    """Processes of ours whose command line is exactly `command` (zombies are not running)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if b" ".join(word for word in words if word).decode(errors="replace") == command and state not in "ZX":
            found.append(int(entry.name))
    return found


def assert_nothing_left(command: str) -> None:
    deadline = time.monotonic() + 3
    while running(command) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = running(command)
    for pid in left:  # our own test's processes, by id: do not leave them behind on a failure
        os.kill(pid, signal.SIGKILL)
    assert not left, f"`{command}` outlived grading"


# -- learner files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    workspace, _ = make_workspace(tmp_path_factory.mktemp("hostile"))
    (workspace.exercises_dir / "graders" / "test_01_add.py").write_text(GRADER_WITH_NUMPY)
    return workspace


@pytest.fixture(scope="module")
def grader(course: Workspace):
    with Grader(course, limits=Limits(timeout=TIMEOUT, memory_mb=512, output_mb=4)) as grader:
        yield grader


LEARNER_CASES = sorted(CORPUS.glob("learner/*.py.txt"))


@pytest.mark.parametrize("case", LEARNER_CASES, ids=[p.name.removesuffix(".py.txt") for p in LEARNER_CASES])
def test_a_hostile_learner_file(grader: Grader, course: Workspace, case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    expected = headers(text)
    assert expected.get("case") and expected.get("status"), f"{case.name}: say what it is and what must come of it"
    text = text.replace("LONG", "1, " * 700_000)  # a 2 MB line, made here rather than kept in the repository
    for name, starting in STARTING.items():
        write_exercise(course, name, starting)
    write_exercise(course, "01_add", text)
    before = every_path(course.root)

    started = time.monotonic()
    result = grader.grade("1")
    assert time.monotonic() - started < TIMEOUT + 4, "grading must finish within its time limit"

    assert result.status == expected["status"][0], result.problem
    for said in expected.get("says", []):
        assert said in (result.problem or ""), f"{said!r} not in:\n{result.problem}"
    output = "".join(test.output for test in result.tests) + result.output
    for said in expected.get("output-says", []):
        assert said in output
    assert_safe_to_show(result)
    for command in expected.get("leaves-no", []):
        assert_nothing_left(command)
    assert every_path(course.root) == before, "grading wrote into the workspace"

    # The next ordinary check still passes: the worker survived, nothing it needs was changed.
    write_exercise(course, "01_add", SOLVED["01_add"])
    assert grader.grade("1").passed


def test_the_corpus_covers_what_the_issue_names() -> None:
    names = {path.name.removesuffix(".py.txt") for path in LEARNER_CASES}
    assert {"posix_exit", "seterr_raise", "syntax_error_long_line", "print_flood_line", "new_session_child"} <= names


def test_a_damaged_report_of_any_shape_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # What a learner's code could leave in its job folder instead of the child's report.
    damaged = (
        "[]",
        "{}",
        '{"tests": 5}',
        '{"tests": [{"status": "passed"}], "collection_errors": 7}',
        '{"tests": [{"status": "failed", "name": 5, "message": ["x"]}], "interrupted": {"a": 1}}',
        '{"tests": [{"status": "passed", "name": "\\u001b[2J", "output": "\\ud800"}], "exit_code": "x"}',
        "\x00\xff",
    )
    for text in damaged:
        folder = tmp_path / f"job-{abs(hash(text))}"
        folder.mkdir()
        (folder / "result.json").write_text(text, encoding="utf-8", errors="surrogateescape")
        result = interpret("01_add", RawOutcome(folder, exitcode=0), tmp_path, frozenset(), 0.1, 2.0)
        assert result.status in ("error", "passed", "failed")
        assert_safe_to_show(result)


# -- decks ----------------------------------------------------------------------------------------------

DECK_CASES = sorted(CORPUS.glob("decks/*.yaml"))


def _deck_text(case: Path) -> str:
    text = case.read_text(encoding="utf-8", errors="surrogateescape")
    return text.replace("DEEP", "x: " + "[" * 5000 + "]" * 5000)


@pytest.mark.parametrize("case", DECK_CASES, ids=[p.stem for p in DECK_CASES])
def test_a_hostile_deck(tmp_path: Path, case: Path) -> None:
    text = _deck_text(case)
    expected = headers(text)
    assert expected.get("case"), f"{case.name}: say what it is"
    path = tmp_path / case.name
    path.write_text(text, encoding="utf-8", errors="surrogateescape")

    started = time.monotonic()
    report_ = validate_paths(path, None)
    assert time.monotonic() - started < 2.0, "a hostile deck is refused in moments, never expanded"
    if "loads" in expected:
        assert report_.ok, [str(p) for p in report_.problems]
        assert f"{report_.card_count} cards" == expected["loads"][0]
        return
    line = int(expected["line"][0]) if yaml.__with_libyaml__ or "DEEP" not in case.read_text() else None
    problems = [str(problem) for problem in report_.problems]
    assert problems, "the deck must be refused"
    located = f"{path}:{line}: " if line else f"{path}"
    assert any(p.startswith(located) and all(s in p for s in expected["says"]) for p in problems), problems
    for problem in problems:
        assert find_control(problem) is None and len(problem) < 1000

    # The YAML gate itself says the same, with the line.
    with pytest.raises(ContentError) as raised:
        load_yaml_file(path)
    assert raised.value.line == line
    assert all(said in raised.value.message for said in expected["says"])


def test_every_value_a_deck_message_quotes_is_cut(tmp_path: Path) -> None:
    deck = tmp_path / "long.yaml"
    deck.write_text(f"deck: {'Q' * 100_000}\ntitle: Long\ncards:\n  - id: a\n    kind: basic\n")
    problems = [str(problem) for problem in validate_paths(deck, None).problems]
    assert problems and all(len(problem) < 600 for problem in problems), [len(p) for p in problems]
    assert any("QQQQ" in problem and "…" in problem for problem in problems)


# -- requests to the grading worker -----------------------------------------------------------------------

REQUESTS = [json.loads(line) for line in (CORPUS / "requests.jsonl").read_text().splitlines() if line.strip()]
REQUESTS.append(
    {"case": "JSON nested past Python's recursion limit", "send": "[" * 100_000 + "]" * 100_000,
     "says": "bad request: a request must be one line of JSON"}
)  # fmt: skip


class WorkerPipe:
    """A private grading worker on pipes, spoken to line by line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "backprop_study.grading.worker", "--jobs", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=sandbox.child_environment(),
            start_new_session=True,
        )
        assert self.read()["event"] == "ready"

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode("utf-8", "surrogateescape") + b"\n")
        self.process.stdin.flush()

    def read(self, timeout: float = 10.0) -> dict:
        assert self.process.stdout is not None
        reply: list[bytes] = []
        reader = threading.Thread(target=lambda: reply.append(self.process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        assert reply and reply[0], "the worker stopped answering"
        return json.loads(reply[0])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _job(workspace: Workspace, job_dir: Path) -> dict:
    job_dir.mkdir()
    return {
        "root": str(workspace.root),
        "exercises_dir": str(workspace.exercises_dir),
        "grader": str(workspace.grader_file("01_add")),
        "learner_files": [str(workspace.exercise_file("01_add"))],
        "timeout": 5.0,
        "memory_mb": 512,
        "output_mb": 4,
        "output_limit": 1000,
        "job_dir": str(job_dir),
    }


def test_the_worker_answers_every_bad_request_and_keeps_grading(tmp_path: Path) -> None:
    workspace, _ = make_workspace(tmp_path)
    write_exercise(workspace, "01_add", SOLVED["01_add"])
    worker = WorkerPipe()
    try:
        for case in REQUESTS:
            worker.send(case["send"])
            reply = worker.read()
            assert reply["event"] == "error", (case["case"], reply)
            assert case["says"] in reply["message"], (case["case"], reply["message"])
            assert worker.process.poll() is None, f"the worker died of: {case['case']}"
        # Still serving: a real job, start to finish.
        worker.send(json.dumps({"op": "grade", "id": 7, "job": _job(workspace, tmp_path / "job-7")}))
        events = [worker.read(), worker.read()]
        assert [e["event"] for e in events] == ["started", "done"]
        outcome = RawOutcome(tmp_path / "job-7", events[1]["exitcode"], events[1]["signal"], events[1]["killed"])
        assert interpret("01_add", outcome, workspace.root, frozenset(), 0.1, 5.0).passed
    finally:
        worker.close()
