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
from backprop_study.store.progress import Progress, ProgressStore

NOON = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def log(day_offset: int, rating: int, state: str, item: str = "x", hour: int = 12) -> dict:
    at = NOON.replace(hour=hour) + timedelta(days=day_offset)
    return {
        "item": item,
        "rating": rating,
        "at": at.isoformat(),
        "duration_ms": 2000,
        "state": state,
        "due": at.isoformat(),
    }


def test_reviews_per_day_and_streak() -> None:
    progress = Progress(
        reviews=[
            log(-5, 3, "new"),
            log(-2, 3, "review"),
            log(-1, 1, "review"),
            log(-1, 3, "learning"),
            log(0, 4, "review"),
        ]
    )
    stats = compute_stats(progress, NOON, days=7)
    assert stats.today == date(2026, 3, 10)
    assert stats.reviews_per_day == tuple(
        (date(2026, 3, d), n) for d, n in [(4, 0), (5, 1), (6, 0), (7, 0), (8, 1), (9, 2), (10, 1)]
    )
    assert stats.streak == 3
    assert stats.reviewed_today == 1
    assert stats.total_reviews == 5
    assert stats.seconds_reviewing == pytest.approx(10.0)


def test_a_streak_survives_until_the_day_ends_without_a_review() -> None:
    progress = Progress(reviews=[log(-2, 3, "review"), log(-1, 3, "review")])
    assert compute_stats(progress, NOON).streak == 2  # none yet today: still alive
    assert compute_stats(progress, NOON + timedelta(days=1)).streak == 0  # a day missed


def test_true_retention_counts_only_graduated_reviews() -> None:
    progress = Progress(
        reviews=[
            log(-40, 1, "review"),  # outside the last 30 days
            log(-3, 3, "review"),
            log(-3, 2, "review"),  # Hard is a pass
            log(-2, 1, "review"),  # Again is a fail
            log(-2, 1, "learning"),  # learning steps do not count
            log(-1, 1, "new"),
            log(0, 4, "relearning"),
        ]
    )
    stats = compute_stats(progress, NOON)
    assert (stats.retention.passed, stats.retention.total) == (2, 3)
    assert stats.retention.rate == pytest.approx(2 / 3)
    assert (stats.retention_all_time.passed, stats.retention_all_time.total) == (2, 4)
    assert compute_stats(Progress(), NOON).retention.rate is None


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
    progress = store.load()
    stats = compute_stats(progress, NOON, item_ids=[i.id for i in decks.review_items()])
    forecast = dict(stats.due_forecast)
    assert len(stats.due_forecast) == 30
    assert forecast[stats.today] == 4  # the overdue ones count as due today
    c0_due = datetime.fromisoformat(progress.cards["c0"]["due"]).date()
    assert c0_due > stats.today
    assert sum(forecast.values()) == 4 + (1 if c0_due in forecast else 0)
    assert stats.items_by_state == {"new": 1, "learning": 0, "review": 5, "relearning": 0}


def test_leeches_are_counted() -> None:
    seen = {"last_review": NOON.isoformat(), "due": NOON.isoformat(), "state": 2}
    progress = Progress(cards={"a": {**seen, "leech": True}, "b": {**seen, "leech": False}})
    assert compute_stats(progress, NOON).leeches == 1
