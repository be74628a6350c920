"""`study list`, `check`, `hint`, `reset` and `solution` as a learner types them: output, exit codes, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_grading import SOLVED, STARTING, make_workspace, stop_shared_workers, write_exercise

from backprop_study.cli import main
from backprop_study.store import paths
from backprop_study.store.workspace import Workspace


@pytest.fixture(scope="module", autouse=True)
def shared_worker_folder(tmp_path_factory: pytest.TempPathFactory):
    """`study check` uses the shared warm worker: here, one of this module's own, stopped at the end."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="sw-"))  # short: a socket path has a length limit
    previous = os.environ.get("STUDY_WORKER_DIR")
    os.environ["STUDY_WORKER_DIR"] = str(folder)
    yield folder
    stop_shared_workers(folder)
    shutil.rmtree(folder, ignore_errors=True)
    if previous is None:
        os.environ.pop("STUDY_WORKER_DIR", None)
    else:
        os.environ["STUDY_WORKER_DIR"] = previous


@pytest.fixture
def course_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    workspace, shipped = make_workspace(tmp_path)
    monkeypatch.setattr(paths, "shipped_exercises_dir", lambda: shipped / "exercises")
    monkeypatch.setattr(paths, "shipped_solutions_dir", lambda: shipped / "solutions")
    return workspace


def study(workspace: Workspace, *args: str) -> int:
    return main(["--workspace", str(workspace.root), *args])


# -- list ---------------------------------------------------------------------------------------


def test_list_shows_every_exercise_in_order_with_its_state(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["▸", "01", "add", "Adding", "two", "numbers", "current"]
    assert lines[1].split()[:3] == ["·", "02", "scale"] and lines[1].split()[-1] == "pending"
    assert lines[2].split()[:3] == ["·", "03", "mean"]
    assert "0 of 3 done. Next: study check 1" in lines[-1]


def test_list_shows_a_pass_with_its_time(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    assert study(course_ws, "check", "1") == 0
    capsys.readouterr()
    assert study(course_ws, "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✓ 01  add") and " done " in out[0] and "passed 20" in out[0]
    assert out[1].startswith("▸") and "current" in out[1]
    assert study(course_ws, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["state"] for e in listed] == ["done", "current", "pending"]
    assert listed[0]["passed_at"] and listed[0]["last_passed"] is True


# -- check --------------------------------------------------------------------------------------


def test_check_a_failing_exercise_exits_1_with_the_graders_message(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "check", "1") == 1
    out = capsys.readouterr().out
    assert "✗ 01 add  Not yet: add(2, 3) should be 5, got 0\n" in out
    assert "  ✗ add small\n" in out
    assert "Stuck? study hint 1" in out


def test_check_a_passing_exercise_exits_0_and_points_to_the_next(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    assert study(course_ws, "check", "01") == 0
    out = capsys.readouterr().out
    assert "✓ 01 add  Passed: all 2 checks" in out
    assert "Next: 02 scale (Scaling an array): study check 2" in out
    assert course_ws.progress().load().exercise("01_add").passed_at is not None


@pytest.mark.parametrize("ref", ["2", "02", "scale", "02_scale"])
def test_an_exercise_is_named_by_number_or_name(course_ws: Workspace, capsys, ref: str) -> None:
    assert study(course_ws, "check", ref) == 1
    assert "02 scale  Not yet" in capsys.readouterr().out


def test_check_without_an_exercise_checks_the_current_one(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    assert study(course_ws, "check") == 0
    assert study(course_ws, "check") == 1
    assert "02 scale  Not yet" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "hint", "reset", "solution"])
def test_an_unknown_exercise_is_a_usage_error_listing_the_valid_ones(course_ws: Workspace, capsys, command) -> None:
    assert study(course_ws, command, "9") == 2
    err = capsys.readouterr().err
    assert "There is no exercise '9'. The exercises are:" in err
    assert " 1  add  (Adding two numbers)" in err and " 3  mean  (The mean of an array)" in err


def test_check_an_exercise_and_all_at_once_is_a_usage_error(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "check", "1", "--all") == 2
    assert "give an exercise or --all, not both" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_a_bad_time_limit_is_a_usage_error(course_ws: Workspace, capsys, value: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        study(course_ws, "check", "1", "--timeout", value)
    assert exit_.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_check_outside_a_workspace_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["--workspace", str(tmp_path), "check", "1"]) == 2
    assert "is not a study workspace" in capsys.readouterr().err


def test_check_all_exits_1_until_everything_passes(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "02_scale", SOLVED["02_scale"])
    assert study(course_ws, "check", "--all") == 1
    out = capsys.readouterr().out
    assert out.index("01 add  Not yet") < out.index("02 scale  Passed") < out.index("03 mean  Not yet")
    assert "1 of 3 exercises pass." in out
    # The course is in order: the first exercise not passing is the next one, not the last.
    assert out.rstrip().splitlines()[-1] == "Next: 01 add (Adding two numbers): study check 1"
    for name, text in SOLVED.items():
        write_exercise(course_ws, name, text)
    assert study(course_ws, "check", "--all") == 0
    out = capsys.readouterr().out
    assert "3 of 3 exercises pass." in out and "Next:" not in out


def test_check_all_points_to_the_first_failing_exercise(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    assert study(course_ws, "check", "--all") == 1
    assert "Next: 02 scale (Scaling an array): study check 2" in capsys.readouterr().out


@pytest.mark.parametrize(("no_color", "coloured"), [(None, True), ("", True), ("1", False)])
def test_only_a_non_empty_no_color_turns_colour_off(monkeypatch, no_color, coloured) -> None:
    from backprop_study.commands._shared import use_colour

    class Terminal:
        def isatty(self) -> bool:
            return True

    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert use_colour(Terminal()) is coloured


def test_check_json_gives_every_test_with_status_message_and_output(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", 'def add(a, b):\n    print("trying", a, b)\n    return a * b\n')
    write_exercise(course_ws, "03_mean", SOLVED["03_mean"])
    assert study(course_ws, "check", "--all", "--json") == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["passed"] is False
    first, _, third = payload["exercises"]
    assert (first["name"], first["number"], first["status"], first["passed"]) == ("01_add", 1, "failed", False)
    assert first["tests"][0] == {
        "name": "test_add_small",
        "nodeid": "graders/test_01_add.py::test_add_small",
        "status": "failed",
        "message": "add(2, 3) should be 5, got 6",
        "output": "trying 2 3\n",
        "mistake": None,  # the fixture's grader names no catalogued mistake
    }
    assert first["mistake"] is None
    assert third["passed"] is True and third["problem"] is None
    assert [t["status"] for t in third["tests"]] == ["passed"]


def test_check_shows_what_the_code_printed_and_caps_it(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", "def add(a, b):\n    for i in range(100):\n        print('step', i)\n")
    assert study(course_ws, "check", "1") == 1
    out = capsys.readouterr().out
    assert "Your code printed during add small:\n  | step 0\n" in out
    assert "[... 80 more lines not shown here; study check --json has them]" in out


def test_check_reports_an_infinite_loop_with_its_line(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", "def add(a, b):\n    while a:\n        b += 1\n")
    assert study(course_ws, "check", "1", "--timeout", "1") == 1
    out = capsys.readouterr().out
    assert "✗ 01 add  Not yet: Stopped after 1 s" in out
    assert "Stopped after 1 s: your code was still running at exercises/01_add.py, line" in out


def test_two_checks_at_once_both_land_in_progress(course_ws: Workspace) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    write_exercise(course_ws, "02_scale", SOLVED["02_scale"])
    env = dict(os.environ)
    command = [sys.executable, "-m", "backprop_study", "--workspace", str(course_ws.root), "check"]
    runs = [subprocess.Popen([*command, ref], env=env, stdout=subprocess.PIPE) for ref in ("1", "2", "3")]
    codes = [run.wait(timeout=60) for run in runs]
    assert codes == [0, 0, 1]
    progress = course_ws.progress().load()
    assert progress.exercise("01_add").passed_at and progress.exercise("02_scale").passed_at
    assert progress.exercise("03_mean").last_passed is False
    with sqlite3.connect(course_ws.study_dir / "progress.db") as database:  # whole and valid
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- hint ---------------------------------------------------------------------------------------


def test_hint_reveals_the_next_one_and_all_lists_those_seen(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "hint", "3", "--all") == 0
    assert "No hints seen yet for 03 mean. The first one: study hint 3" in capsys.readouterr().out
    assert study(course_ws, "hint", "3") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == ["Hint 1 of 3 for 03 mean (The mean of an array):", "  np.mean does it."]
    assert "Another: study hint 3" in out
    assert study(course_ws, "hint", "mean") == 0
    assert "Hint 2 of 3" in capsys.readouterr().out
    assert study(course_ws, "hint", "3", "--all") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Hints seen for 03 mean (2 of 3):",
        "  1. np.mean does it.",
        "  2. Or sum and divide by the length.",
    ]


def test_hint_without_an_exercise_is_for_the_current_one(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "hint") == 0
    assert "Hint 1 of 2 for 01 add" in capsys.readouterr().out


# -- reset --------------------------------------------------------------------------------------


def test_reset_restores_the_start_and_says_where_the_old_file_is(course_ws: Workspace, capsys) -> None:
    mine = write_exercise(course_ws, "01_add", "def add(a, b):\n    return 'my work'\n")
    assert study(course_ws, "reset", "1") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Restored {mine} to its starting version."
    assert out[1].startswith("Your previous file is kept at ")
    backup = Path(out[1].removeprefix("Your previous file is kept at "))
    assert backup.read_text() == "def add(a, b):\n    return 'my work'\n"
    assert backup.is_relative_to(course_ws.study_dir)
    assert mine.read_text() == STARTING["01_add"]
    assert study(course_ws, "reset", "1") == 0
    assert "is already the starting file; nothing to do." in capsys.readouterr().out


def test_reset_needs_an_exercise(course_ws: Workspace, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        study(course_ws, "reset")
    assert exit_.value.code == 2
    assert "the following arguments are required: EX" in capsys.readouterr().err


# -- solution -----------------------------------------------------------------------------------


def test_solution_is_refused_before_a_pass(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "solution", "1") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "opens once the exercise passes (study check 1)" in captured.err
    assert "study solution 1 --force" in captured.err


def test_solution_force_shows_it_with_a_warning(course_ws: Workspace, capsys) -> None:
    assert study(course_ws, "solution", "1", "--force") == 0
    captured = capsys.readouterr()
    assert captured.out == SOLVED["01_add"]
    assert "warning: 01 add has not passed yet" in captured.err


def test_solution_after_passing(course_ws: Workspace, capsys) -> None:
    write_exercise(course_ws, "01_add", SOLVED["01_add"])
    assert study(course_ws, "check", "1") == 0
    capsys.readouterr()
    assert study(course_ws, "solution", "add") == 0
    captured = capsys.readouterr()
    assert captured.out == SOLVED["01_add"] and captured.err == ""


def test_a_broken_course_file_is_reported_with_its_line(course_ws: Workspace, capsys) -> None:
    course_ws.course_file.write_text("exercises:\n  - name: 1_bad\n    title: x\n    hints: [a]\n")
    assert study(course_ws, "list") == 1
    err = capsys.readouterr().err
    assert "course.yaml:3" in err or "course.yaml:2" in err
    assert "must look like 04_d_output" in err


def test_reset_in_a_checkout_takes_the_committed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    # The repository checkout is its own workspace: its starting files are the committed ones.
    workspace, _ = make_workspace(tmp_path)
    monkeypatch.setattr(paths, "shipped_exercises_dir", lambda: workspace.exercises_dir)
    git = ["git", "-C", str(workspace.root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "exercises"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "course"], check=True)
    mine = write_exercise(workspace, "02_scale", SOLVED["02_scale"])
    assert study(workspace, "reset", "2") == 0
    assert mine.read_text() == STARTING["02_scale"]
    assert "Your previous file is kept at " in capsys.readouterr().out


def test_a_new_learner_stuck_in_a_loop_gets_the_line_and_a_clean_reset(workspace: Workspace, capsys) -> None:
    """The real course, as a new learner meets it: an infinite loop typed into exercise 01, then reset."""
    exercise_file = workspace.exercises_dir / "01_sigmoid.py"
    starting = exercise_file.read_text()
    stuck = starting.replace(
        'raise NotImplementedError("sigmoid() is not written yet")',
        "while True:\n        z = z + 0\n",
        1,
    )
    assert stuck != starting
    exercise_file.write_text(stuck)
    assert study(workspace, "check", "1", "--timeout", "2") == 1
    out = capsys.readouterr().out
    line = stuck.splitlines().index("        z = z + 0") + 1
    expected = rf"your code was still running at exercises/01_sigmoid\.py, line ({line - 1}|{line}), in sigmoid\(\)"
    assert re.search(expected, out), out
    assert study(workspace, "reset", "1") == 0
    backup = Path(capsys.readouterr().out.splitlines()[1].removeprefix("Your previous file is kept at "))
    assert backup.read_text() == stuck
    assert exercise_file.read_text() == starting
    # And the solution passes once it is written in.
    exercise_file.write_text((paths.shipped_solutions_dir() / "01_sigmoid.py").read_text())
    assert study(workspace, "check", "1") == 0
    assert "✓ 01 sigmoid  Passed" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["list"], ["check", "1"], ["hint", "1"], ["reset", "1"], ["solution", "1"]])
def test_an_unreadable_progress_file_is_moved_aside_with_a_message(course_ws: Workspace, capsys, command) -> None:
    (course_ws.study_dir / "progress.db").write_bytes(b"{not a database" * 100)
    assert study(course_ws, *command) in (0, 1)
    err = capsys.readouterr().err
    assert "Your progress database could not be read" in err
    assert "progress starts afresh" in err
