"""The progress store: round trips, unreadable files moved aside, and no loss under kills."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from backprop_study.store.progress import FILE_NAME, VERSION, Progress, ProgressStore


def test_round_trip_keeps_every_section(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")

    def change(progress: Progress) -> None:
        progress.exercise("04_d_output").passed_at = "2026-11-28T10:00:00+00:00"
        progress.exercise("04_d_output").hints_seen = 2
        progress.cards["concept-chain-rule"] = {"state": 2, "stability": 3.5}
        progress.reviews.append({"card": "concept-chain-rule", "rating": 3})
        progress.settings["new_per_day"] = 10
        progress.current_exercise = "05_d_hidden"

    store.update(change)
    loaded = ProgressStore(tmp_path / ".study").load()
    assert loaded.exercise("04_d_output").passed_at == "2026-11-28T10:00:00+00:00"
    assert loaded.exercise("04_d_output").hints_seen == 2
    assert loaded.cards == {"concept-chain-rule": {"state": 2, "stability": 3.5}}
    assert loaded.reviews == [{"card": "concept-chain-rule", "rating": 3}]
    assert loaded.settings == {"new_per_day": 10}
    assert loaded.current_exercise == "05_d_hidden"
    on_disk = json.loads((tmp_path / ".study" / FILE_NAME).read_text())
    assert on_disk["version"] == VERSION


def test_missing_file_is_a_fresh_start(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")
    assert store.load() == Progress()
    assert store.notices == []


@pytest.mark.parametrize(
    ("content", "reason", "tag"),
    [
        (b'{"format": "backprop-study-progress", "version": 1, "exer', "not valid JSON", "corrupt"),
        (b"\xff\xfe\x00garbage", "not valid JSON", "corrupt"),
        (b'{"hello": "world"}', "not a backprop-study progress file", "corrupt"),
        (b'{"format": "backprop-study-progress", "version": 99}', "written by a newer backprop-study", "v99"),
        (b'{"format": "backprop-study-progress", "version": 1, "exercises": [1, 2]}', "malformed", "corrupt"),
    ],
)
def test_unreadable_file_is_moved_aside_with_a_message(tmp_path: Path, content: bytes, reason: str, tag: str) -> None:
    study = tmp_path / ".study"
    study.mkdir()
    (study / FILE_NAME).write_bytes(content)
    store = ProgressStore(study)
    assert store.load() == Progress()
    assert len(store.notices) == 1
    assert reason in store.notices[0]
    kept = list(study.glob(f"{FILE_NAME}.{tag}-*"))
    assert len(kept) == 1, list(study.iterdir())
    assert kept[0].read_bytes() == content, "the unreadable file must be kept byte for byte"
    assert str(kept[0]) in store.notices[0]
    # and the tool carries on: the next update writes a good file
    store.update(lambda p: p.exercise("01_sigmoid"))
    assert "01_sigmoid" in ProgressStore(study).load().exercises


def test_concurrent_updates_from_two_processes_lose_nothing(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    rounds = 60

    def bump(progress: Progress) -> None:
        progress.settings["counter"] = progress.settings.get("counter", 0) + 1

    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # child
            try:
                store = ProgressStore(study)
                for _ in range(rounds):
                    store.update(bump)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    assert ProgressStore(study).load().settings["counter"] == 2 * rounds


@pytest.mark.slow
def test_sigkill_at_random_moments_always_leaves_the_last_good_state(tmp_path: Path) -> None:
    """Kill a writer 200 times mid-write: every load gives a complete, recent state."""
    study = tmp_path / ".study"
    rng = random.Random(1234)
    # A realistic size: a long review log makes each write take a while.
    ProgressStore(study).update(lambda p: p.reviews.extend({"card": f"c{i}", "rating": 3} for i in range(3000)))
    last_seen = 0
    kills_mid_run = 0
    for _ in range(200):
        pid = os.fork()
        if pid == 0:  # child: write an increasing counter as fast as it can
            store = ProgressStore(study)
            counter = store.load().settings.get("counter", 0)
            while True:
                counter += 1
                store.update(lambda p, c=counter: p.settings.__setitem__("counter", c))
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills_mid_run += os.WIFSIGNALED(status)
        store = ProgressStore(study)
        progress = store.load()
        assert store.notices == [], store.notices
        counter = progress.settings.get("counter", 0)
        assert counter >= last_seen, "a kill must never roll progress back past a completed write"
        assert len(progress.reviews) == 3000
        last_seen = counter
    assert kills_mid_run == 200
    assert last_seen > 0
    leftovers = [p.name for p in study.iterdir() if p.name.endswith(".tmp")]
    ProgressStore(study).update(lambda p: None)
    assert not [p for p in study.iterdir() if p.name.endswith(".tmp")], f"stale temporaries not cleaned: {leftovers}"
