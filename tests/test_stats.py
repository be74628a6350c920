"""Statistics from the review log: reviews per day, true retention, due forecast, streak."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.cards.decks import load_decks
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.cards.stats import compute_stats
from backprop_study.store.progress import ProgressStore, ReviewLog, to_ms

NOON = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def log(day_offset: int, rating: int, state: str, item: str = "x", hour: int = 12) -> ReviewLog:
    at = NOON.replace(hour=hour) + timedelta(days=day_offset)
    return ReviewLog(0, item, rating, to_ms(at), 2000, state)


def store_with(tmp_path: Path, logs: list[ReviewLog], cards: dict[str, dict] | None = None) -> ProgressStore:
    """A progress database holding these review log rows (and card entries)."""
    store = ProgressStore(tmp_path / ".study")
    entry = {"last_review": NOON.isoformat(), "due": NOON.isoformat(), "state": 2}
    for review in logs:
        store.record_review(review.item_id, entry, review)
    for item_id, card in (cards or {}).items():
        store.record_review(item_id, card, log(-100, 3, "new", item_id))
    return store


def test_reviews_per_day_and_streak(tmp_path: Path) -> None:
    store = store_with(
        tmp_path,
        [
            log(-5, 3, "new"),
            log(-2, 3, "review"),
            log(-1, 1, "review"),
            log(-1, 3, "learning"),
            log(0, 4, "review"),
        ],
    )
    stats = compute_stats(store, NOON, days=7)
    assert stats.today == date(2026, 3, 10)
    assert stats.reviews_per_day == tuple(
        (date(2026, 3, d), n) for d, n in [(4, 0), (5, 1), (6, 0), (7, 0), (8, 1), (9, 2), (10, 1)]
    )
    assert stats.streak == 3
    assert stats.reviewed_today == 1
    assert stats.total_reviews == 5
    assert stats.seconds_reviewing == pytest.approx(10.0)


def test_a_streak_survives_until_the_day_ends_without_a_review(tmp_path: Path) -> None:
    store = store_with(tmp_path, [log(-2, 3, "review"), log(-1, 3, "review")])
    assert compute_stats(store, NOON).streak == 2  # none yet today: still alive
    assert compute_stats(store, NOON + timedelta(days=1)).streak == 0  # a day missed


def test_the_study_day_turns_over_at_four_and_a_late_review_counts_for_the_day_before(tmp_path: Path) -> None:
    store = store_with(tmp_path, [log(-1, 3, "review", hour=3), log(-1, 3, "review", hour=4)])
    stats = compute_stats(store, NOON, days=3)
    assert dict(stats.reviews_per_day)[date(2026, 3, 8)] == 1  # 03:00 on the 9th belongs to the 8th
    assert dict(stats.reviews_per_day)[date(2026, 3, 9)] == 1


def test_true_retention_counts_only_graduated_reviews(tmp_path: Path) -> None:
    store = store_with(
        tmp_path,
        [
            log(-40, 1, "review"),  # outside the last 30 days
            log(-3, 3, "review"),
            log(-3, 2, "review"),  # Hard is a pass
            log(-2, 1, "review"),  # Again is a fail
            log(-2, 1, "learning"),  # learning steps do not count
            log(-1, 1, "new"),
            log(0, 4, "relearning"),
        ],
    )
    stats = compute_stats(store, NOON)
    assert (stats.retention.passed, stats.retention.total) == (2, 3)
    assert stats.retention.rate == pytest.approx(2 / 3)
    assert (stats.retention_all_time.passed, stats.retention_all_time.total) == (2, 4)
    assert compute_stats(ProgressStore(tmp_path / "empty"), NOON).retention.rate is None


def test_due_forecast_for_the_next_thirty_days(tmp_path: Path) -> None:
    cards = "".join(f"  - id: c{n}\n    kind: basic\n    front: f\n    back: b\n" for n in range(6))
    (tmp_path / "d.yaml").write_text(f"deck: d\ntitle: D\ncards:\n{cards}", encoding="utf-8")
    decks = load_decks(tmp_path)
    store = ProgressStore(tmp_path / ".study")
    session = ReviewSession(store, decks, fuzz=False)
    start = NOON - timedelta(days=20)
    for n in range(5):
        session.rate(f"c{n}", Rating.EASY, now=start)  # due in about 8 days: overdue by now
    session.rate("c0", Rating.EASY, now=NOON)  # c0 again today: due well ahead
    stats = compute_stats(store, NOON, item_ids=[i.id for i in decks.review_items()])
    forecast = dict(stats.due_forecast)
    assert len(stats.due_forecast) == 30
    assert forecast[stats.today] == 4  # the overdue ones count as due today
    c0_due = datetime.fromisoformat(store.card_entry("c0")["due"]).date()
    assert c0_due > stats.today
    assert sum(forecast.values()) == 4 + (1 if c0_due in forecast else 0)
    assert stats.items_by_state == {"new": 1, "learning": 0, "review": 5, "relearning": 0}


def test_leeches_are_counted(tmp_path: Path) -> None:
    seen = {"last_review": NOON.isoformat(), "due": NOON.isoformat(), "state": 2}
    store = store_with(tmp_path, [], cards={"a": {**seen, "leech": True}, "b": {**seen, "leech": False}})
    assert compute_stats(store, NOON).leeches == 1


def test_a_long_streak_is_counted_beyond_the_days_shown(tmp_path: Path) -> None:
    """The streak reads older days a season at a time: 200 days in a row, then a gap, counts 200."""
    store = store_with(tmp_path, [log(-offset, 3, "review") for offset in range(200)] + [log(-210, 3, "review")])
    stats = compute_stats(store, NOON, days=7)
    assert stats.streak == 200
    assert stats.total_reviews == 201
    assert len(stats.reviews_per_day) == 7
