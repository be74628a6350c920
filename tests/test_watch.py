"""Watching an exercise file: a save is noticed, and polling is left to watchfiles unless STUDY_WATCH_POLL asks."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from backprop_study import watch


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("0", None), ("1", True), ("yes", True)])
def test_polling_is_watchfiles_choice_unless_asked_for(monkeypatch, value, expected) -> None:
    # None, not False: False would switch off watchfiles' own WSL detection and WATCHFILES_FORCE_POLLING.
    if value is None:
        monkeypatch.delenv("STUDY_WATCH_POLL", raising=False)
    else:
        monkeypatch.setenv("STUDY_WATCH_POLL", value)
    assert watch.polling_choice() is expected


def test_the_choice_reaches_watchfiles(monkeypatch, tmp_path: Path) -> None:
    import watchfiles

    seen: dict[str, object] = {}

    def fake_watch(*paths: object, **options: object):
        seen.update(options)
        return iter(())

    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    monkeypatch.delenv("STUDY_WATCH_POLL", raising=False)
    watch.watch_file(tmp_path / "01_sigmoid.py", lambda: None, threading.Event())
    assert seen["force_polling"] is None


@pytest.mark.parametrize("poll", [None, "1"], ids=["file-events", "polling"])
def test_a_save_is_noticed(monkeypatch, tmp_path: Path, poll: str | None) -> None:
    if poll is None:
        monkeypatch.delenv("STUDY_WATCH_POLL", raising=False)
    else:
        monkeypatch.setenv("STUDY_WATCH_POLL", poll)
    target = tmp_path / "01_sigmoid.py"
    target.write_text("x = 1\n")
    saves = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch.watch_file, args=(target, saves.set, stop), daemon=True)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not saves.is_set() and time.monotonic() < deadline:
            target.write_text(f"x = {time.monotonic()}\n")  # again, in case the watcher was not ready yet
            saves.wait(0.5)
        assert saves.is_set(), "the save was not noticed within 10 s"
    finally:
        stop.set()
        watcher.join(timeout=5)
