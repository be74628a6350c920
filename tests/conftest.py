"""Every test runs away from the real home folder and the checkout's own `.study/`."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("STUDY_WORKSPACE", raising=False)
    # `study check` would otherwise leave a shared warm worker running after the test.
    monkeypatch.setenv("STUDY_SHARED_WORKER", "0")
    monkeypatch.setenv("NO_COLOR", "1")
    # Start each test outside any workspace, so the checkout is never used by accident.
    monkeypatch.chdir(home)
    return home


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh workspace laid out from the package, as `study init` makes it."""
    from backprop_study.store.workspace import init_workspace

    return init_workspace(tmp_path / "ws")
