"""The progress database: round trips, an old progress.json imported once, unreadable or newer databases
moved aside, damaged rows reset, read-only folders, two processes at once, and no loss under kills."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.store.progress import (
    FILE_NAME,
    LEGACY_FILE,
    VERSION,
    CheckRecord,
    Progress,
    ProgressStore,
    ReviewLog,
    to_ms,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def entry(due: datetime, state: int = 2, **extra: object) -> dict[str, object]:
    """A card entry as the scheduler writes it (fsrs's card and our counters)."""
    return {
        "card_id": 1,
        "state": state,
        "step": None,
        "stability": 3.5,
        "difficulty": 5.0,
        "due": due.isoformat(),
        "last_review": NOW.isoformat(),
        "reps": 1,
        "lapses": 0,
        "leech": False,
        **extra,
    }


def log(item: str, rating: int = 3, at: datetime = NOW, state: str = "review") -> ReviewLog:
    return ReviewLog(0, item, rating, to_ms(at), 4000, state)


def test_round_trip_keeps_every_table(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")

    def change(progress: Progress) -> None:
        progress.exercise("04_d_output").passed_at = "2026-11-28T10:00:00+00:00"
        progress.exercise("04_d_output").hints_seen = 2
        progress.settings["new_per_day"] = 10
        progress.current_exercise = "05_d_hidden"

    store.update(change)
    review_id = store.record_review("concept-chain-rule", entry(NOW + timedelta(days=3)), log("concept-chain-rule"))
    store.record_check(CheckRecord("04_d_output", NOW.isoformat(), False, "failed", "flipped_sign"), lambda p: None)

    fresh = ProgressStore(tmp_path / ".study")
    loaded = fresh.load()
    assert loaded.exercise("04_d_output").passed_at == "2026-11-28T10:00:00+00:00"
    assert loaded.exercise("04_d_output").hints_seen == 2
    assert loaded.settings == {"new_per_day": 10}
    assert loaded.current_exercise == "05_d_hidden"
    assert fresh.card_entry("concept-chain-rule") == entry(NOW + timedelta(days=3))
    assert fresh.card_states()["concept-chain-rule"].state == "review"
    [saved] = fresh.reviews()
    assert (saved.id, saved.item_id, saved.rating, saved.duration_ms, saved.state) == (
        review_id,
        "concept-chain-rule",
        3,
        4000,
        "review",
    )
    assert fresh.mistake_counts() == {("04_d_output", "flipped_sign"): 1}
    assert fresh.review_count() == 1
    with sqlite3.connect(tmp_path / ".study" / FILE_NAME) as client:  # a real SQLite file any client can open
        assert client.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert client.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert client.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1


def test_undo_removes_the_log_row_and_restores_the_card(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")
    first = entry(NOW + timedelta(days=1))
    store.record_review("a", first, log("a", at=NOW - timedelta(days=2)))
    review_id = store.record_review("a", entry(NOW + timedelta(days=9)), log("a", rating=1))
    store.undo_review(review_id, "a", first)
    assert store.card_entry("a") == first
    assert [r.rating for r in store.reviews()] == [3]
    assert [t.reviews for t in store.tallies()] == [1], "the undone rating's tally is gone too"
    new_id = store.record_review("b", entry(NOW), log("b", state="new"))
    store.undo_review(new_id, "b", None)
    assert store.card_entry("b") is None and store.card_states().get("b") is None


def test_a_missing_database_is_a_fresh_start(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")
    assert store.load() == Progress()
    assert store.card_states() == {} and store.reviews() == []
    assert store.notices == []


@pytest.mark.parametrize("content", [b"garbage, not a database" * 50, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_an_unreadable_database_is_moved_aside_with_a_message(tmp_path: Path, content: bytes) -> None:
    study = tmp_path / ".study"
    study.mkdir()
    (study / FILE_NAME).write_bytes(content)
    store = ProgressStore(study)
    assert store.load() == Progress()
    assert len(store.notices) == 1 and "could not be read" in store.notices[0], store.notices
    [kept] = study.glob(f"{FILE_NAME}.corrupt-*")
    assert kept.read_bytes() == content, "the unreadable file must be kept byte for byte"
    assert str(kept) in store.notices[0]
    store.update(lambda p: p.exercise("01_sigmoid"))  # and the tool carries on
    assert "01_sigmoid" in ProgressStore(study).load().exercises


def test_a_database_from_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    study.mkdir()
    with sqlite3.connect(study / FILE_NAME) as client:
        client.execute("CREATE TABLE future (x)")
        client.execute(f"PRAGMA user_version = {VERSION + 5}")
    store = ProgressStore(study)
    assert store.load() == Progress()
    assert "newer backprop-study" in store.notices[0]
    assert list(study.glob(f"{FILE_NAME}.v{VERSION + 5}-*"))


def test_an_old_progress_json_is_imported_once_and_kept(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    study.mkdir()
    day = NOW - timedelta(days=1)
    legacy = {
        "format": "backprop-study-progress",
        "version": 1,
        "exercises": {"01_sigmoid": {"passed_at": "2026-11-20T09:00:00+00:00", "hints_seen": 1, "last_passed": True}},
        "cards": {"concept-sigmoid": entry(NOW + timedelta(days=4)), "broken": {"state": "nonsense"}},
        "reviews": [
            {"item": "concept-sigmoid", "rating": 3, "at": day.isoformat(), "duration_ms": 5000, "state": "new"},
            {"item": "concept-sigmoid", "rating": 1, "at": NOW.isoformat(), "duration_ms": None, "state": "review"},
            {"item": "concept-sigmoid", "rating": 3, "at": "nonsense", "state": "review"},
            7,
        ],
        "settings": {"theme": "nord", "new_per_day": 15},
        "current_exercise": "02_forward_pass",
    }
    (study / LEGACY_FILE).write_text(json.dumps(legacy))
    store = ProgressStore(study)
    progress = store.load()
    assert progress.exercise("01_sigmoid").passed_at == "2026-11-20T09:00:00+00:00"
    assert progress.settings == {"theme": "nord", "new_per_day": 15}
    assert progress.current_exercise == "02_forward_pass"
    assert store.card_entry("concept-sigmoid") == entry(NOW + timedelta(days=4))
    assert store.card_entry("broken") is None
    assert [(r.rating, r.state) for r in store.reviews()] == [(3, "new"), (1, "review")]
    assert sum(t.review_state for t in store.tallies()) == 1 and sum(t.review_passed for t in store.tallies()) == 0
    assert any("3 damaged entries" in notice for notice in store.notices), store.notices
    assert not (study / LEGACY_FILE).exists() and (study / f"{LEGACY_FILE}.imported").is_file()
    # Once only: a second store (a second start) imports nothing again.
    assert len(ProgressStore(study).reviews()) == 2


def test_an_unreadable_progress_json_is_kept_aside_and_progress_starts_afresh(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    study.mkdir()
    (study / LEGACY_FILE).write_bytes(b'{"format": "backprop-study-progress", "version": 1, "exer')
    store = ProgressStore(study)
    assert store.load() == Progress()
    assert "not valid JSON" in store.notices[0]
    assert (study / f"{LEGACY_FILE}.unreadable").read_bytes().startswith(b'{"format"')


def test_damaged_rows_are_reset_and_reported_not_fatal(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    store = ProgressStore(study)
    store.record_review("good", entry(NOW + timedelta(days=2)), log("good"))
    store.record_review("bad-json", entry(NOW + timedelta(days=2)), log("bad-json"))
    store.close()
    with sqlite3.connect(study / FILE_NAME) as client:  # what a hand edit or a bad tool could leave
        client.execute("UPDATE cards SET fsrs = 'not json' WHERE item_id = 'bad-json'")
        client.execute("INSERT INTO cards VALUES ('bad-state', 7, 'soon', '{}', 'x', 0, 0)")
        client.execute("INSERT INTO exercises VALUES ('01_sigmoid', 42, 'many', NULL, 'yes')")
        client.execute("INSERT INTO settings VALUES ('new_per_day', '{broken')")
    store = ProgressStore(study)
    assert store.card_entry("bad-json") is None, "an entry that cannot be read starts afresh"
    assert set(store.card_states()) == {"good"}
    assert store.load().exercise("01_sigmoid").hints_seen == 0
    assert "new_per_day" not in store.load().settings
    assert any("damaged" in notice for notice in store.notices), store.notices
    assert set(ProgressStore(study).card_states()) == {"good"}, "the damaged rows were reset on disk"


def test_export_gives_the_whole_state_as_plain_data(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / ".study")
    store.record_review("a", entry(NOW + timedelta(days=1)), log("a"))
    store.set_setting("theme", "nord")
    data = json.loads(json.dumps(store.export()))
    assert data["cards"]["a"]["due"] == (NOW + timedelta(days=1)).isoformat()
    assert data["reviews"][0]["item"] == "a" and data["reviews"][0]["at"].startswith("2026-11-30T12:00:00")
    assert data["settings"] == {"theme": "nord"}


def test_a_read_only_folder_reads_past_progress_and_says_once_that_nothing_is_saved(tmp_path: Path) -> None:
    """As another user (root bypasses permissions), so the folder is really read-only."""
    import shutil
    import tempfile

    # pytest's own temp folders are private to root: use one another user can reach.
    tmp_path = Path(tempfile.mkdtemp(prefix="study-readonly-"))
    tmp_path.chmod(0o755)
    request_cleanup = shutil.rmtree
    study = tmp_path / ".study"
    store = ProgressStore(study)
    store.record_review("a", entry(NOW + timedelta(days=1)), log("a"))
    store.update(lambda p: p.exercise("01_sigmoid"))
    store.close()
    for path in (tmp_path, study, *study.iterdir()):
        path.chmod(0o555 if path.is_dir() else 0o444)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: become nobody, then use the store as the app would
        code = 1
        try:
            os.close(read)
            if os.getuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            mine = ProgressStore(study)
            report = {
                "exercises": sorted(mine.load().exercises),
                "cards": sorted(mine.card_states()),
                "review_id": mine.record_review("b", entry(NOW), log("b")),
            }
            mine.update(lambda p: p.exercise("02_forward_pass"))
            report["notices"] = mine.notices
            os.write(write, json.dumps(report).encode())
            code = 0
        except BaseException:
            import traceback

            os.write(write, traceback.format_exc().encode())
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    output = os.read(read, 65536)
    os.close(read)
    assert os.waitstatus_to_exitcode(status) == 0, f"a read-only folder must not crash the store: {output!r}"
    report = json.loads(output)
    for path in (tmp_path, study):
        path.chmod(0o755)
    request_cleanup(tmp_path, ignore_errors=True)
    assert report["exercises"] == ["01_sigmoid"] and report["cards"] == ["a"]
    assert report["review_id"] == 0
    assert len(report["notices"]) == 1 and "read-only" in report["notices"][0], report["notices"]


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    study = tmp_path / ".study"
    ProgressStore(study).load()  # created before the race, as the app or a check would have
    rounds = 60

    def bump(progress: Progress) -> None:
        progress.settings["counter"] = progress.settings.get("counter", 0) + 1

    children = []
    for child in range(2):
        pid = os.fork()
        if pid == 0:
            try:
                store = ProgressStore(study)
                for n in range(rounds):
                    store.update(bump)
                    store.record_review(f"c{child}-{n}", entry(NOW), log(f"c{child}-{n}"))
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    store = ProgressStore(study)
    assert store.load().settings["counter"] == 2 * rounds
    assert len(store.reviews()) == 2 * rounds and len(store.card_states()) == 2 * rounds


@pytest.mark.slow
def test_sigkill_at_random_moments_keeps_every_committed_rating(tmp_path: Path) -> None:
    """Kill a writer 200 times mid-rating: the database always opens, with every rating it had committed."""
    study = tmp_path / ".study"
    rng = random.Random(1234)
    seed = ProgressStore(study)
    for n in range(3000):  # a history, so each kill lands among real pages
        seed.record_review(f"old{n % 200}", entry(NOW + timedelta(days=1)), log(f"old{n % 200}"))
    seed.close()
    committed: set[int] = set()
    kills_mid_run = 0
    for round_ in range(200):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: rate as fast as it can, reporting each committed row's id
            os.close(read)
            store = ProgressStore(study)
            n = 0
            while True:
                n += 1
                review_id = store.record_review(f"k{round_}-{n}", entry(NOW), log(f"k{round_}-{n}"))
                os.write(write, f"{review_id}\n".encode())
        os.close(write)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills_mid_run += os.WIFSIGNALED(status)
        reported = b""
        while chunk := os.read(read, 65536):
            reported += chunk
        os.close(read)
        committed.update(int(line) for line in reported.split())
        store = ProgressStore(study)
        ids = {review.id for review in store.reviews()}
        assert store.notices == [], store.notices
        assert committed <= ids, f"committed ratings lost: {sorted(committed - ids)[:5]}"
        assert len(ids) >= 3000 + len(committed)
        store.close()
    assert kills_mid_run == 200
    assert committed, "the writers committed nothing: the test proved nothing"
