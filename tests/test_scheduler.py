"""FSRS scheduling over simulated days: intervals grow with Good, Again brings a card back,
daily limits, leeches, and the review log in the progress store."""

from __future__ import annotations

import itertools
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import (
    Rating,
    Scheduler,
    Settings,
    format_interval,
    fsrs_card_id,
    state_of,
)
from backprop_study.store.progress import Progress, ProgressStore, ReviewLog, to_ms

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch):
    """Study days turn over at 04:00 local time: run these tests in UTC so the days are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def make_decks(folder: Path, count: int, kind: str = "basic") -> DeckSet:
    cards = "".join(
        f"  - id: card-{n:03d}\n    kind: {kind}\n    front: front {n}\n    back: back {n}\n" for n in range(count)
    )
    (folder / "deck.yaml").write_text(f"deck: d\ntitle: D\ncards:\n{cards}", encoding="utf-8")
    decks = load_decks(folder)
    assert decks.errors == ()
    return decks


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / ".study")


def session(store: ProgressStore, decks: DeckSet) -> ReviewSession:
    return ReviewSession(store, decks, fuzz=False)


def test_good_again_and_again_moves_from_minutes_to_days_to_weeks(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    now = START
    intervals = []
    for _ in range(6):
        question = s.next(now)
        assert question is not None and question.item.id == "card-000"
        rated = s.rate(question, Rating.GOOD, seconds=3, now=now)
        intervals.append(rated.interval)
        now += rated.interval
    assert intervals[0] == timedelta(minutes=10)  # the second learning step
    assert timedelta(days=1) <= intervals[1] < timedelta(days=7)  # graduated: days
    assert all(later > earlier for earlier, later in itertools.pairwise(intervals[1:]))
    assert intervals[3] >= timedelta(days=7)  # weeks
    assert intervals[5] >= timedelta(days=30)
    entry = ProgressStore(store.study_dir).card_entry("card-000")
    assert state_of(entry) == "review"
    assert entry["reps"] == 6 and entry["lapses"] == 0


def test_not_due_before_its_time_and_due_after(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    s.rate(s.next(START), Rating.EASY, now=START)  # a new card rated Easy: due in days
    assert s.next(START + timedelta(hours=1)) is None
    due = datetime.fromisoformat(store.card_entry("card-000")["due"])
    assert s.next(due + timedelta(minutes=1)).item.id == "card-000"


def test_again_brings_a_learned_card_back_within_minutes(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    now = START
    for _ in range(4):
        rated = s.rate(s.next(now), Rating.GOOD, now=now)
        now += rated.interval
    assert rated.interval >= timedelta(days=7)
    forgotten = s.rate(s.next(now), Rating.AGAIN, now=now)
    assert forgotten.interval <= timedelta(minutes=10)
    assert forgotten.lapses == 1
    assert state_of(store.card_entry("card-000")) == "relearning" == s.state_of("card-000").state
    assert s.next(now + timedelta(minutes=10)).item.id == "card-000"
    # And once relearned, the next interval is far shorter than before it was forgotten.
    relearned = s.rate("card-000", Rating.GOOD, now=now + timedelta(minutes=10))
    assert relearned.interval < rated.interval


def test_the_four_buttons_show_their_next_intervals(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    shown = {rating: format_interval(td) for rating, td in s.intervals(s.next(START), START).items()}
    assert shown == {Rating.AGAIN: "1m", Rating.HARD: "6m", Rating.GOOD: "10m", Rating.EASY: "8d"}
    # Previewing changes nothing.
    assert ProgressStore(store.study_dir).card_states() == {}
    assert [format_interval(timedelta(days=d)) for d in (45, 400)] == ["1.5mo", "1.1y"]


def test_the_preview_matches_what_the_rating_then_does(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    now = START
    for _ in range(3):
        preview = s.intervals("card-000", now)
        rated = s.rate(s.next(now), Rating.GOOD, now=now)
        assert rated.interval == preview[Rating.GOOD]
        now += rated.interval


def test_daily_new_limit_defaults_to_20_and_resets_the_next_day(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 30)
    s = session(store, decks)
    assert s.counts(START).new == 20
    introduced = set()
    now = START
    while (question := s.next(now)) is not None and question.item.id not in introduced:
        introduced.add(question.item.id)
        s.rate(question, Rating.EASY, now=now)  # Easy: straight to days, so nothing comes back today
        now += timedelta(seconds=20)
    assert len(introduced) == 20
    assert s.counts(now).new == 0
    tomorrow = START + timedelta(days=1)
    assert s.counts(tomorrow).new == 10  # the rest of the deck


def test_the_limits_are_configurable_in_progress_settings(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 12)
    store.update(lambda p: p.settings.update(new_per_day=3, reviews_per_day=4))
    s = session(store, decks)
    assert s.settings.new_per_day == 3
    assert s.counts(START).new == 3
    # Make all 12 review cards due at once, then the review limit applies.
    now = START
    for item in decks.review_items():
        s.rate(item.id, Rating.EASY, now=now)
    later = now + timedelta(days=60)
    counts = s.counts(later)
    assert counts.review == 4
    assert len(s.queue(later).items) == 4


def test_unusable_settings_fall_back_to_defaults() -> None:
    progress = Progress(
        settings={"new_per_day": "lots", "reviews_per_day": -3, "desired_retention": 2, "leech_lapses": 5}
    )
    settings = Settings.from_progress(progress)
    assert settings == Settings(leech_lapses=5)


def test_a_card_forgotten_eight_times_is_flagged_a_leech(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    now = START
    flagged_at = []
    for lapse in range(1, 10):
        # Bring it to the review state, then forget it.
        while state_of(store.card_entry("card-000")) != "review":
            rated = s.rate("card-000", Rating.GOOD, now=now)
            now += rated.interval
        rated = s.rate("card-000", Rating.AGAIN, now=now)
        assert rated.lapses == lapse
        if rated.became_leech:
            flagged_at.append(lapse)
        now += rated.interval
    assert flagged_at == [8]  # flagged once, at the eighth lapse
    assert store.card_entry("card-000")["leech"] is True and s.state_of("card-000").leech
    assert s.summary(now).new_leeches == ("card-000",)


def test_again_while_still_learning_is_not_a_lapse(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    s = session(store, decks)
    for minute in range(5):
        rated = s.rate("card-000", Rating.AGAIN, now=START + timedelta(minutes=minute))
    assert rated.lapses == 0


def test_every_rating_is_logged_in_the_progress_store(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 2)
    s = session(store, decks)
    s.rate("card-000", Rating.GOOD, seconds=4.25, now=START)
    s.rate("card-001", Rating.AGAIN, now=START + timedelta(seconds=30))
    on_disk = ProgressStore(store.study_dir)
    first, second = on_disk.reviews()
    assert first.item_id == "card-000" and first.rating == 3 and first.duration_ms == 4250
    assert first.at_ms == to_ms(START)
    assert first.state == "new"
    assert second.item_id == "card-001" and second.rating == 1 and second.duration_ms is None
    assert set(on_disk.card_states()) == {"card-000", "card-001"}
    assert on_disk.card_entry("card-000")["card_id"] == fsrs_card_id("card-000")


def test_fsrs_ids_are_stable_and_distinct() -> None:
    ids = {fsrs_card_id(f"card-{n}") for n in range(5000)}
    assert len(ids) == 5000
    assert fsrs_card_id("concept-forward-pass") == fsrs_card_id("concept-forward-pass")
    assert all(0 < i < 2**53 for i in ids)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Scheduler(fuzz=False).review("x", None, Rating.GOOD, datetime(2026, 1, 1))


def test_the_study_day_turns_over_at_four_in_the_morning(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 25)
    store.update(lambda p: p.settings.update(new_per_day=1))
    s = session(store, decks)
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    s.rate(s.next(late), Rating.EASY, now=late)
    assert s.counts(late + timedelta(hours=4)).new == 0  # 03:30: still the same study day
    assert s.counts(late + timedelta(hours=5)).new == 1  # 04:30: a new day


def test_a_damaged_schedule_entry_starts_afresh_instead_of_crashing(tmp_path: Path, store: ProgressStore) -> None:
    decks = make_decks(tmp_path, 1)
    store.record_review(
        "card-000",
        {"state": 2, "lapses": 3, "due": START.isoformat()},
        ReviewLog(0, "card-000", 3, to_ms(START), None, "new"),
    )
    store.close()
    with sqlite3.connect(store.path) as client:  # the entry is damaged on disk: no fsrs card in it
        client.execute("UPDATE cards SET fsrs = '[1, 2]'")
    s = session(ProgressStore(store.study_dir), decks)
    rated = s.rate("card-000", Rating.GOOD, now=START)
    assert rated.interval == timedelta(minutes=10), "a damaged entry starts afresh, as a new card"
