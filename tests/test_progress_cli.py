"""Progress as the commands see it: `study export json`, and a read-only workspace that still grades."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.cli import main
from backprop_study.store.paths import shipped_solutions_dir
from backprop_study.store.progress import ReviewLog, to_ms
from backprop_study.store.workspace import init_workspace

NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def test_export_json_writes_the_whole_state(tmp_path: Path, capsys) -> None:
    workspace = init_workspace(tmp_path / "ws")
    store = workspace.progress()
    entry = {"state": 2, "due": (NOW + timedelta(days=3)).isoformat(), "last_review": NOW.isoformat(), "lapses": 0}
    store.record_review("concept-chain-rule", entry, ReviewLog(0, "concept-chain-rule", 3, to_ms(NOW), 2500, "new"))
    store.update(lambda p: p.exercise("01_sigmoid").__setattr__("hints_seen", 2))
    out = tmp_path / "state.json"
    assert main(["--workspace", str(workspace.root), "export", "json", str(out)]) == 0
    assert "1 reviews" in capsys.readouterr().out
    data = json.loads(out.read_text())
    assert data["reviews"] == [
        {"item": "concept-chain-rule", "rating": 3, "at": "2026-11-30T09:00:00.000+00:00", "duration_ms": 2500,
         "state": "new", "confidence": None}
    ]  # fmt: skip
    assert data["cards"]["concept-chain-rule"]["due"] == entry["due"]
    assert data["exercises"]["01_sigmoid"]["hints_seen"] == 2


@contextlib.contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """`folder` seen through a read-only bind mount (EROFS for everyone, root included)."""
    view = Path(tempfile.mkdtemp(prefix="study-ro-view-"))
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True, check=False)
    if mounted.returncode != 0:
        view.rmdir()
        pytest.skip(f"a read-only bind mount is not possible here: {mounted.stderr.decode().strip()}")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, check=False)
        if remounted.returncode != 0:
            pytest.skip(f"a read-only remount is not possible here: {remounted.stderr.decode().strip()}")
        yield view
    finally:
        subprocess.run(["umount", str(view)], capture_output=True, check=False)
        view.rmdir()


def test_a_read_only_workspace_still_grades_and_says_once_that_nothing_is_saved(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws")
    shutil.copy(shipped_solutions_dir() / "01_sigmoid.py", workspace.exercise_file("01_sigmoid"))
    workspace.progress().update(lambda p: p.exercise("01_sigmoid"))
    workspace.progress().close()
    env = {**os.environ, "STUDY_SHARED_WORKER": "0"}
    with read_only_view(workspace.root) as view:
        study = [sys.executable, "-m", "backprop_study", "--workspace", str(view)]
        checked = subprocess.run([*study, "check", "1"], capture_output=True, text=True, env=env, timeout=120)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "Passed" in checked.stdout
        assert "Traceback" not in checked.stderr
        assert checked.stderr.count("Progress cannot be saved") == 1, checked.stderr
        hinted = subprocess.run([*study, "hint", "1"], capture_output=True, text=True, env=env, timeout=120)
        assert hinted.returncode == 0 and "Traceback" not in hinted.stderr, hinted.stderr
        assert "Hint 1" in hinted.stdout, hinted.stdout
