"""A workspace's course version: stamped by `study init`, a stale one noticed, `study update` bringing graders
and course.yaml up to date without ever touching a learner's file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backprop_study import __version__
from backprop_study.cli import main
from backprop_study.store import paths, upgrade
from backprop_study.store.workspace import Workspace, init_workspace

# What a grader looked like before the engine became packages: the module it imports is gone.
OLD_GRADER = "from backprop_study import checks_deep\n\n\ndef test_sigmoid():\n    checks_deep.run()\n"


def study(workspace: Workspace, *args: str) -> int:
    return main(["--workspace", str(workspace.root), *args])


@pytest.fixture
def new_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped exercises standing in for the next release's."""
    folder = tmp_path / "release" / "exercises"
    shutil.copytree(paths.shipped_exercises_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "shipped_exercises_dir", lambda: folder)
    return folder


def _learner_files(workspace: Workspace) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in workspace.exercises_dir.glob("*.py") if p.name != "conftest.py"}


def test_init_stamps_the_workspace_with_the_course_version(workspace: Workspace) -> None:
    stamp = json.loads((workspace.study_dir / "course-version.json").read_text())
    assert stamp["package_version"] == __version__
    assert stamp["course_digest"] == upgrade.course_files(paths.shipped_exercises_dir()).digest
    assert "graders/test_01_sigmoid.py" in stamp["files"] and "course.yaml" in stamp["files"]
    assert "01_sigmoid.py" not in stamp["files"], "a learner's file is not the course's"
    assert upgrade.course_status(workspace.root).state == "current"
    assert upgrade.stale_notice(workspace.root) is None


def test_an_old_workspace_is_stale_and_update_repairs_it(workspace: Workspace, capsys) -> None:
    # Before stamps: no stamp, and a grader that imports a module the engine no longer has.
    (workspace.study_dir / "course-version.json").unlink()
    grader = workspace.grader_file("01_sigmoid")
    grader.write_text(OLD_GRADER)
    mine = workspace.exercise_file("01_sigmoid")
    mine.write_text(mine.read_text() + "\n# my notes\n")
    before = _learner_files(workspace)

    status = upgrade.course_status(workspace.root)
    assert status.stale and status.outdated == ("graders/test_01_sigmoid.py",)
    assert study(workspace, "list") == 0
    err = capsys.readouterr().err
    assert "older backprop-study" in err and "study update" in err

    assert study(workspace, "update", "--check") == 1
    assert "exercises/graders/test_01_sigmoid.py" in capsys.readouterr().out

    assert study(workspace, "update") == 0
    out = capsys.readouterr().out
    assert "replaced  exercises/graders/test_01_sigmoid.py" in out
    assert "Your exercise files were not touched." in out
    assert grader.read_bytes() == (paths.shipped_exercises_dir() / "graders" / "test_01_sigmoid.py").read_bytes()
    assert _learner_files(workspace) == before
    kept = list((workspace.study_dir / "backups").glob("update-*/graders/test_01_sigmoid.py"))
    assert len(kept) == 1 and kept[0].read_text() == OLD_GRADER
    assert upgrade.course_status(workspace.root).state == "current"
    assert study(workspace, "update", "--check") == 0
    assert study(workspace, "list") == 0
    assert "study update" not in capsys.readouterr().err


def test_after_update_the_old_workspace_grades_again(workspace: Workspace, capsys) -> None:
    (workspace.study_dir / "course-version.json").unlink()
    workspace.grader_file("01_sigmoid").write_text(OLD_GRADER)
    assert study(workspace, "check", "1") == 1
    assert "sigmoid() is not written yet" not in capsys.readouterr().out  # the old grader cannot even load
    assert study(workspace, "update") == 0
    capsys.readouterr()
    assert study(workspace, "check", "1") == 1
    assert "sigmoid() is not written yet" in capsys.readouterr().out


def test_a_new_release_brings_changed_graders_and_new_exercises(tmp_path: Path, new_release: Path, capsys) -> None:
    ws = init_workspace(tmp_path / "ws")
    mine = _learner_files(ws)
    (ws.exercises_dir / "graders" / "test_99_mine.py").write_text("def test_mine():\n    pass\n")
    # The next release: one grader changed, one exercise added (its starting file, its grader, its entry).
    (new_release / "graders" / "test_02_forward_pass.py").write_text("def test_new():\n    pass\n")
    (new_release / "15_attention.py").write_text("def attention():\n    ...\n")
    (new_release / "graders" / "test_15_attention.py").write_text("def test_attention():\n    pass\n")
    (new_release / "01_sigmoid.py").write_text("a new starting file that must not replace the learner's\n")

    status = upgrade.course_status(ws.root)
    assert status.stale and status.stamped_version == __version__
    assert set(status.outdated) == {"graders/test_02_forward_pass.py", "graders/test_15_attention.py"}
    assert status.new_exercises == ("15_attention.py",)

    assert study(ws, "update") == 0
    out = capsys.readouterr().out
    assert "replaced  exercises/graders/test_02_forward_pass.py" in out
    assert "added     exercises/15_attention.py" in out
    assert "kept      exercises/graders/test_99_mine.py" in out
    assert {name: data for name, data in _learner_files(ws).items() if name in mine} == mine
    assert (ws.exercises_dir / "15_attention.py").is_file()
    assert not upgrade.course_status(ws.root).stale


def test_a_teachers_own_edit_under_the_current_stamp_is_not_stale(workspace: Workspace) -> None:
    workspace.grader_file("01_sigmoid").write_text("def test_stricter():\n    pass\n")
    assert upgrade.course_status(workspace.root).state == "current"


def test_the_checkout_is_the_course_itself(capsys) -> None:
    checkout = paths.shipped_exercises_dir().parent
    assert upgrade.course_status(checkout).state == "source"
    assert main(["--workspace", str(checkout), "update"]) == 0
    assert "the course's own source" in capsys.readouterr().out


def test_an_unreadable_stamp_falls_back_to_comparing_the_files(workspace: Workspace) -> None:
    (workspace.study_dir / "course-version.json").write_text("{not json")
    assert upgrade.course_status(workspace.root).state == "current"  # the files are the shipped ones
    workspace.grader_file("02_forward_pass").write_text(OLD_GRADER)
    assert upgrade.course_status(workspace.root).stale
