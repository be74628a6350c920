"""Times as the learner reads them: local, short, relative to now; never an ISO stamp."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from backprop_study.times import ago_text, day_text, duration_text, when_text

NOW = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def paris(monkeypatch: pytest.MonkeyPatch):
    """A zone an hour east of UTC, so a test would notice a time shown in UTC rather than local."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_when_says_the_local_day_and_clock_time() -> None:
    assert when_text(NOW - timedelta(minutes=28), NOW) == "today 15:02"
    assert when_text("2026-11-29T08:15:00+00:00", NOW) == "yesterday 09:15"
    assert when_text(NOW + timedelta(days=1), NOW) == "tomorrow 15:30"
    assert when_text("2026-03-03T13:02:00+00:00", NOW) == "3 Mar 14:02"
    assert when_text("2025-12-30T10:00:00+00:00", NOW) == "30 Dec 2025", "another year: the day is enough"
    assert "+00:00" not in when_text("2026-11-30T10:07:00+00:00", NOW)


def test_ago_picks_the_unit_a_person_would() -> None:
    assert ago_text(NOW - timedelta(seconds=20), NOW) == "just now"
    assert ago_text(NOW - timedelta(minutes=5), NOW) == "5 min ago"
    assert ago_text(NOW - timedelta(hours=1, minutes=5), NOW) == "1 hour ago"
    assert ago_text(NOW - timedelta(hours=3), NOW) == "3 hours ago"
    assert ago_text(NOW - timedelta(days=1), NOW) == "yesterday"
    assert ago_text(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert ago_text(NOW - timedelta(days=20), NOW) == "2 weeks ago"
    assert ago_text(datetime(2026, 6, 1, tzinfo=UTC), NOW) == "1 Jun"
    assert ago_text(NOW + timedelta(hours=2), NOW) == "today 17:30", "a time ahead is said as a time"


def test_ago_counts_calendar_days_in_local_time() -> None:
    late = datetime(2026, 11, 29, 22, 30, tzinfo=UTC)  # 23:30 on the 29th in Paris
    assert ago_text(late, datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "1 hour ago", "00:30 on the 30th"
    assert ago_text(late, datetime(2026, 11, 30, 8, 0, tzinfo=UTC)) == "yesterday"


def test_days_and_durations() -> None:
    today = date(2026, 11, 30)
    assert day_text(today, today) == "today"
    assert day_text(date(2026, 2, 20), today) == "20 Feb"
    assert day_text(date(2025, 2, 20), today) == "20 Feb 2025"
    assert duration_text(42) == "42 s"
    assert duration_text(12 * 60 + 10) == "12 min"
    assert duration_text(3600 + 5 * 60) == "1 h 05 min"
    assert duration_text(-3) == "0 s"
