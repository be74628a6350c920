"""Statistics from the review log and the schedule: reviews per day, true retention, due forecast, streak.

True retention is Anki's: of the reviews of items that had graduated (state `review` before the rating),
the share not rated Again. Learning steps do not count, since they test memory over minutes, not days.

Everything here reads the log's quarter-hour tallies (`ProgressStore.tallies`: a few rows per study day)
and the cards' states, never the log itself, so the cost does not grow with the number of reviews.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backprop_study.cards.scheduler import NEW, Settings, as_utc, day_start, study_day
from backprop_study.store.progress import SLOT_MS, CardState, ProgressStore, Tally, from_ms


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
    store: ProgressStore,
    now: datetime | None = None,
    *,
    item_ids: Iterable[str] | None = None,
    states: dict[str, CardState] | None = None,
    settings: Settings | None = None,
    days: int = 30,
    forecast_days: int = 30,
) -> Stats:
    """Figures for the Stats screen. `item_ids` (the loaded decks' review items) lets it count new items too;
    `states` and `settings` may be passed when the caller has them already."""
    now = as_utc(now)
    settings = settings or Settings.from_progress(store.load())
    states = store.card_states() if states is None else states
    today = study_day(now, settings)
    first_recent = today - timedelta(days=days - 1)

    per_day, recent = _days(store, first_recent, settings)
    totals = store.totals()
    all_time = Retention(totals.review_passed, totals.review_state)

    forecast: Counter[date] = Counter()
    by_state: Counter[str] = Counter()
    last_day = today + timedelta(days=forecast_days - 1)
    horizon_ms = int(day_start(last_day + timedelta(days=1), settings).timestamp() * 1000)
    ids = set(states) if item_ids is None else set(item_ids)
    leeches = 0
    for item_id in ids:
        card = states.get(item_id)
        if card is None:
            by_state[NEW] += 1
            continue
        by_state[card.state] += 1
        leeches += card.leech
        if card.due_ms < horizon_ms:
            forecast[max(today, study_day(from_ms(card.due_ms), settings))] += 1

    streak = _streak(store, today, per_day, first_recent, settings)

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
        leeches=leeches,
        total_reviews=totals.reviews,
        seconds_reviewing=totals.duration_ms / 1000,
    )


def _days(store: ProgressStore, first: date, settings: Settings) -> tuple[Counter[date], Retention]:
    """Reviews per study day from `first` on, and the retention over those days."""
    per_day: Counter[date] = Counter()
    passed = total = 0
    for tally in store.tallies(since=day_start(first, settings)):
        per_day[_day_of(tally, settings)] += tally.reviews
        passed += tally.review_passed
        total += tally.review_state
    return per_day, Retention(passed, total)


def _streak(store: ProgressStore, today: date, recent: Counter[date], first: date, settings: Settings) -> int:
    """Study days in a row with a review, up to today (or yesterday while today has none yet). Days before
    `first` are read a season at a time, and only while the streak reaches back that far."""
    known, window_start = recent, first
    day = today if recent.get(today) else today - timedelta(days=1)
    streak = 0
    while True:
        if day < window_start:
            earlier = window_start - timedelta(days=90)
            known = Counter()
            for tally in store.tallies(since=day_start(earlier, settings), until=day_start(window_start, settings)):
                known[_day_of(tally, settings)] += tally.reviews
            window_start = earlier
        if not known.get(day):
            return streak
        streak += 1
        day -= timedelta(days=1)


def _day_of(tally: Tally, settings: Settings) -> date:
    """The study day a quarter hour belongs to (a quarter hour never straddles a day's start)."""
    return study_day(from_ms(tally.slot * SLOT_MS), settings)
