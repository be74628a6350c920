"""Workspaces: laid out from the package, found the way the learner expects, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from backprop_study.commands import CommandError, Context
from backprop_study.store import paths
from backprop_study.store.workspace import Workspace, WorkspaceError, init_workspace, resolve_workspace

COURSE = "exercises:\n  - name: 01_sigmoid\n    title: Sigmoid\n    concepts: []\n    hints: [Look at the lesson.]\n"


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the installed package's exercises folder."""
    folder = tmp_path / "package" / "exercises"
    (folder / "graders").mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE)
    (folder / "01_sigmoid.py").write_text("def sigmoid(z):\n    ...  # TODO\n")
    (folder / "graders" / "test_01_sigmoid.py").write_text("def test_it():\n    pass\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "junk.pyc").write_bytes(b"\0")
    monkeypatch.setattr(paths, "shipped_exercises_dir", lambda: folder)
    return folder


def test_init_lays_out_the_learners_files(tmp_path: Path, shipped: Path) -> None:
    ws = init_workspace(tmp_path / "new" / "ws")
    assert (ws.exercises_dir / "01_sigmoid.py").read_text() == (shipped / "01_sigmoid.py").read_text()
    assert (ws.exercises_dir / "graders" / "test_01_sigmoid.py").is_file()
    assert ws.course_file.is_file()
    assert ws.study_dir.is_dir()
    assert ".study/" in (ws.root / ".gitignore").read_text()
    assert not (ws.exercises_dir / "__pycache__").exists()
    assert paths.is_workspace(ws.root)


def test_init_never_overwrites_existing_work(tmp_path: Path, shipped: Path) -> None:
    ws = init_workspace(tmp_path / "ws")
    mine = ws.exercises_dir / "01_sigmoid.py"
    mine.write_text("my precious work\n")
    with pytest.raises(WorkspaceError, match="already has files"):
        init_workspace(tmp_path / "ws")
    assert mine.read_text() == "my precious work\n"


def test_init_refuses_a_file_in_the_way(tmp_path: Path, shipped: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(WorkspaceError, match="not a folder"):
        init_workspace(tmp_path / "afile")


def test_resolution_order(tmp_path: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = init_workspace(tmp_path / "explicit")
    from_env = init_workspace(tmp_path / "env")
    around = init_workspace(tmp_path / "around")
    inside = around.exercises_dir / "graders"

    monkeypatch.setenv(paths.WORKSPACE_ENV, str(from_env.root))
    assert resolve_workspace(explicit.root, cwd=inside)[0] == explicit
    assert resolve_workspace(None, cwd=inside)[0] == from_env
    monkeypatch.delenv(paths.WORKSPACE_ENV)
    assert resolve_workspace(None, cwd=inside)[0] == around  # found above the current folder


def test_default_workspace_is_created_once_with_a_note(tmp_path: Path, shipped: Path, isolated_home: Path) -> None:
    ws, note = resolve_workspace(None, cwd=tmp_path)
    assert ws.root.is_relative_to(isolated_home), "the default workspace lives in the user's data folder"
    assert note and str(ws.root) in note
    again, note_again = resolve_workspace(None, cwd=tmp_path)
    assert again == ws and note_again is None


def test_a_folder_that_is_not_a_workspace_is_explained(tmp_path: Path, shipped: Path) -> None:
    with pytest.raises(WorkspaceError, match="not a study workspace") as info:
        resolve_workspace(tmp_path / "nothing-here")
    assert "study init" in str(info.value)
    with pytest.raises(CommandError) as command_info:
        Context(workspace_arg=tmp_path / "nothing-here").workspace()
    assert command_info.value.code == 2


def test_the_checkout_is_a_workspace() -> None:
    checkout = Path(__file__).resolve().parents[1]
    assert resolve_workspace(None, cwd=checkout / "exercises")[0] == Workspace(checkout)


def test_a_new_workspace_gets_no_lint_settings_or_caches_of_the_checkout(tmp_path: Path) -> None:
    """exercises/ruff.toml extends the repository's pyproject.toml: copied into a workspace it would break ruff."""
    ws = init_workspace(tmp_path / "ws")
    assert not list(ws.exercises_dir.rglob("ruff.toml")) and not list(ws.exercises_dir.rglob(".ruff_cache"))
