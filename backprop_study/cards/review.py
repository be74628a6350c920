"""A review session: the cards due now, one at a time; rate, undo, and a summary at the end.

The TUI drives it like this:

    session = ReviewSession(workspace.progress(), deck_set)   # deck_ids=[...] to study some decks only
    question = session.next()            # None when nothing is due
    session.intervals(question)          # {Rating.AGAIN: timedelta, ...} for the four buttons
    verdict = question.check(answer)     # auto-checked kinds; then suggest_rating(question, verdict, seconds)
    session.rate(question, Rating.GOOD, seconds=4.2)
    session.undo()                       # back to the last rated question (its progress restored)
    session.summary()

Every rating is one transaction in the progress database (the card's new schedule and its log row), so
quitting at any moment loses nothing. The session keeps the cards' states in memory (one query when it
starts) and updates them as it rates, so the queue is rebuilt without reading the database again; what
was done today is an index range on the log. Pass `now=` to any method to simulate time.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from backprop_study.cards.decks import DeckSet, gc_paused
from backprop_study.cards.questions import Question, make_question
from backprop_study.cards.scheduler import (
    NEW,
    DueCounts,
    DueQueue,
    Rating,
    Scheduler,
    Settings,
    as_utc,
    due_queue,
    state_of,
    today_start,
)
from backprop_study.store.progress import CardState, DueNow, ProgressStore, to_ms

# How sure the learner said they were before the answer showed (the calibration chart's levels).
CONFIDENCE = {1: "guessing", 2: "think so", 3: "sure"}


@dataclass(frozen=True)
class Rated:
    """What a rating did, for the TUI to show."""

    item_id: str
    rating: Rating
    interval: timedelta  # until the item is due again
    became_leech: bool  # forgotten `leech_lapses` times: tell the learner to rewrite or relearn it
    lapses: int


@dataclass(frozen=True)
class SessionSummary:
    reviewed: int
    by_rating: dict[Rating, int]
    new_items: int  # first-time reviews in this session
    seconds: float  # time spent answering (as reported with each rating)
    new_leeches: tuple[str, ...]
    due_left: DueCounts  # still due now (e.g. after a limit was reached, or learning steps later today)

    @property
    def again_rate(self) -> float | None:
        return self.by_rating.get(Rating.AGAIN, 0) / self.reviewed if self.reviewed else None


@dataclass
class _Undo:
    item_id: str
    previous: dict[str, Any] | None  # its entry before the rating (None: it was new)
    review_id: int  # the log row the rating added
    rated: Rated
    seconds: float | None
    was_new: bool
    forward: DueNow | None = None  # why it was due now, if a mistake brought it forward


@dataclass
class ReviewSession:
    store: ProgressStore
    decks: DeckSet
    deck_ids: list[str] | None = None  # None: every deck
    rng: random.Random = field(default_factory=random.Random)
    fuzz: bool = True  # fsrs's small random spread of due dates; tests turn it off
    _states: dict[str, CardState] = field(init=False, repr=False)
    _undo: list[_Undo] = field(default_factory=list, init=False, repr=False)
    _current: Question | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        with gc_paused():  # one small tuple per reviewed card, none in a cycle
            self._states = self.store.card_states()
        self._items = self.decks.review_items(self.deck_ids)
        self._settings = Settings.from_progress(self.store.load())
        self._forward: dict[str, DueNow] = self.store.due_now()

    @property
    def settings(self) -> Settings:
        return self._settings

    def queue(self, now: datetime | None = None) -> DueQueue:
        """Everything due now, in order (see `scheduler.due_queue`)."""
        now = as_utc(now)
        today = self.store.today(today_start(now, self._settings))
        with gc_paused():  # a tuple per due item, none in a cycle
            return due_queue(self._states, self._items, today, now, self._settings, forward=self._forward)

    def why_due(self, item_id: str) -> DueNow | None:
        """Why an item is due now when a mistake in an exercise (or opening one) brought it forward."""
        return self._forward.get(item_id)

    def counts(self, now: datetime | None = None) -> DueCounts:
        """How many new, learning and review items are due now, within today's limits."""
        return self.queue(now).counts

    def next(self, now: datetime | None = None) -> Question | None:
        """The question to show now, or None when the session is done.

        Asking again before rating returns the same question (same shuffle, same numbers).
        """
        if self._current is not None:
            return self._current
        queue = self.queue(now)
        upcoming = queue.items or queue.learn_ahead
        if not upcoming:
            return None
        self._current = make_question(upcoming[0], self.decks.pools, self.rng)
        return self._current

    def state_of(self, item_id: str) -> CardState | None:
        """A reviewed item's state as this session knows it (None: new)."""
        return self._states.get(item_id)

    def intervals(self, question: Question | str, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each button would give (show with `scheduler.format_interval`)."""
        item_id = question if isinstance(question, str) else question.item.id
        scheduler = Scheduler(self._settings, fuzz=False)
        return scheduler.preview(item_id, self.store.card_entry(item_id), now)

    def rate(
        self,
        question: Question | str,
        rating: Rating | int,
        *,
        seconds: float | None = None,
        now: datetime | None = None,
        confidence: int | None = None,
    ) -> Rated:
        """Record a rating: the item's schedule and its log row are saved in one transaction. `confidence`
        (1 guessing, 2 think so, 3 sure) is what the learner said before seeing the answer, if anything."""
        if confidence is not None and confidence not in CONFIDENCE:
            raise ValueError(f"confidence must be one of {sorted(CONFIDENCE)}, got {confidence!r}")
        item_id = question if isinstance(question, str) else question.item.id
        if self.decks.item(item_id) is None:
            raise KeyError(f"no review item {item_id!r} in the loaded decks")
        now = as_utc(now)
        rating = Rating(int(rating))
        previous = self.store.card_entry(item_id)
        scheduler = Scheduler(self._settings, fuzz=self.fuzz)
        outcome = scheduler.review(item_id, previous, rating, now, seconds, confidence)
        review_id = self.store.record_review(item_id, outcome.entry, outcome.log)
        self._states[item_id] = _card_state(outcome.entry)
        forward = self._forward.pop(item_id, None)
        rated = Rated(item_id, rating, outcome.interval, outcome.became_leech, outcome.entry["lapses"])
        was_new = state_of(previous) == NEW
        self._undo.append(_Undo(item_id, previous, review_id, rated, seconds, was_new=was_new, forward=forward))
        if self._current is not None and self._current.item.id == item_id:
            self._current = None
        return rated

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Question | None:
        """Take back the last rating of this session: its schedule and log entry are restored as they were,
        and its question becomes the current one again. None when there is nothing to undo."""
        if not self._undo:
            return None
        last = self._undo.pop()
        self.store.undo_review(last.review_id, last.item_id, last.previous, last.forward)
        if last.forward is not None:
            self._forward[last.item_id] = last.forward
        if last.previous is None:
            self._states.pop(last.item_id, None)
        else:
            self._states[last.item_id] = _card_state(last.previous)
        item = self.decks.item(last.item_id)
        self._current = make_question(item, self.decks.pools, self.rng) if item else None
        return self._current

    def summary(self, now: datetime | None = None) -> SessionSummary:
        ratings = Counter(entry.rated.rating for entry in self._undo)
        return SessionSummary(
            reviewed=len(self._undo),
            by_rating={rating: ratings.get(rating, 0) for rating in Rating},
            new_items=sum(1 for entry in self._undo if entry.was_new),
            seconds=sum(entry.seconds or 0.0 for entry in self._undo),
            new_leeches=tuple(entry.item_id for entry in self._undo if entry.rated.became_leech),
            due_left=self.counts(now),
        )


def _card_state(entry: dict[str, Any]) -> CardState:
    return CardState(state_of(entry), to_ms(datetime.fromisoformat(entry["due"])), bool(entry.get("leech")))
