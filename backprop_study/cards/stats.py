"""Statistics from the review log and the schedule: reviews per day, true retention, due forecast, streak.

True retention is Anki's: of the reviews of items that had graduated (state
`review` before the rating), the share not rated Again. Learning steps do not
count, since they test memory over minutes, not days.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backprop_study.cards.scheduler import (
    NEW,
    REVIEW,
    Settings,
    as_utc,
    due_of,
    is_leech,
    state_of,
    study_day,
)
from backprop_study.store.progress import Progress


@dataclass(frozen=True)
class Retention:
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


@dataclass(frozen=True)
class Stats:
    today: date
    reviews_per_day: tuple[tuple[date, int], ...]  # the last `days` study days, oldest first, today last
    retention: Retention  # over the last `days` study days
    retention_all_time: Retention
    due_forecast: tuple[tuple[date, int], ...]  # today (overdue included) and the next days
    streak: int  # consecutive study days with a review, up to today (or yesterday if none yet today)
    reviewed_today: int
    items_by_state: dict[str, int]  # new (never reviewed, of the items given), learning, review, relearning
    leeches: int
    total_reviews: int
    seconds_reviewing: float


def compute_stats(
    progress: Progress,
    now: datetime | None = None,
    *,
    item_ids: list[str] | None = None,
    days: int = 30,
    forecast_days: int = 30,
) -> Stats:
    """Figures for the Stats screen. `item_ids` (the loaded decks' review items) lets it count new items too."""
    now = as_utc(now)
    settings = Settings.from_progress(progress)
    today = study_day(now, settings)

    per_day: Counter[date] = Counter()
    recent = Retention(0, 0)
    all_time = Retention(0, 0)
    first_recent = today - timedelta(days=days - 1)
    seconds = 0.0
    for log in progress.reviews:
        day = study_day(datetime.fromisoformat(log["at"]), settings)
        per_day[day] += 1
        seconds += (log.get("duration_ms") or 0) / 1000
        if log.get("state") == REVIEW:
            passed = int(log.get("rating", 1)) > 1
            all_time = Retention(all_time.passed + passed, all_time.total + 1)
            if day >= first_recent:
                recent = Retention(recent.passed + passed, recent.total + 1)

    forecast: Counter[date] = Counter()
    by_state: Counter[str] = Counter()
    last_day = today + timedelta(days=forecast_days - 1)
    ids = set(progress.cards) if item_ids is None else set(item_ids)
    for item_id in ids:
        entry = progress.cards.get(item_id)
        state = state_of(entry)
        by_state[state] += 1
        if state == NEW:
            continue
        day = max(today, study_day(due_of(entry), settings))
        if day <= last_day:
            forecast[day] += 1

    streak = 0
    day = today if per_day.get(today) else today - timedelta(days=1)
    while per_day.get(day):
        streak += 1
        day -= timedelta(days=1)

    return Stats(
        today=today,
        reviews_per_day=tuple(
            (first_recent + timedelta(days=n), per_day.get(first_recent + timedelta(days=n), 0)) for n in range(days)
        ),
        retention=recent,
        retention_all_time=all_time,
        due_forecast=tuple(
            (today + timedelta(days=n), forecast.get(today + timedelta(days=n), 0)) for n in range(forecast_days)
        ),
        streak=streak,
        reviewed_today=per_day.get(today, 0),
        items_by_state={state: by_state.get(state, 0) for state in ("new", "learning", "review", "relearning")},
        leeches=sum(1 for item_id in ids if is_leech(progress.cards.get(item_id))),
        total_reviews=len(progress.reviews),
        seconds_reviewing=seconds,
    )
