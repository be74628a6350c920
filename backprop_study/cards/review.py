"""A review session: the cards due now, one at a time; rate, undo, and a summary at the end.

The TUI drives it like this:

    session = ReviewSession(workspace.progress(), deck_set)   # deck_ids=[...] to study some decks only
    question = session.next()            # None when nothing is due
    session.intervals(question)          # {Rating.AGAIN: timedelta, ...} for the four buttons
    verdict = question.check(answer)     # auto-checked kinds; then suggest_rating(question, verdict, seconds)
    session.rate(question, Rating.GOOD, seconds=4.2)
    session.undo()                       # back to the last rated question (its progress restored)
    session.summary()

Every rating is written at once through `ProgressStore.update` (locked, atomic), so quitting at any
moment loses nothing. Pass `now=` to any method to simulate time.
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
    Rating,
    Scheduler,
    Settings,
    as_utc,
    due_queue,
    state_of,
)
from backprop_study.store.progress import Progress, ProgressStore


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
    previous: dict[str, Any] | None  # its Progress.cards entry before the rating
    log: dict[str, Any]  # the review log entry it added
    rated: Rated
    seconds: float | None
    was_new: bool


@dataclass
class ReviewSession:
    store: ProgressStore
    decks: DeckSet
    deck_ids: list[str] | None = None  # None: every deck
    rng: random.Random = field(default_factory=random.Random)
    fuzz: bool = True  # fsrs's small random spread of due dates; tests turn it off
    _progress: Progress = field(init=False, repr=False)
    _undo: list[_Undo] = field(default_factory=list, init=False, repr=False)
    _current: Question | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        with gc_paused():  # tens of thousands of small dicts, none in a cycle
            self._progress = self.store.load()
        self._items = self.decks.review_items(self.deck_ids)

    @property
    def settings(self) -> Settings:
        return Settings.from_progress(self._progress)

    @property
    def progress(self) -> Progress:
        """The progress as of the last load or rating (read-only use)."""
        return self._progress

    def counts(self, now: datetime | None = None) -> DueCounts:
        """How many new, learning and review items are due now, within today's limits."""
        return due_queue(self._progress, self._items, now, self.settings).counts

    def next(self, now: datetime | None = None) -> Question | None:
        """The question to show now, or None when the session is done.

        Asking again before rating returns the same question (same shuffle, same numbers).
        """
        if self._current is not None:
            return self._current
        queue = due_queue(self._progress, self._items, now, self.settings)
        upcoming = queue.items or queue.learn_ahead
        if not upcoming:
            return None
        self._current = make_question(upcoming[0], self.decks.pools, self.rng)
        return self._current

    def intervals(self, question: Question | str, now: datetime | None = None) -> dict[Rating, timedelta]:
        """The interval each button would give (show with `scheduler.format_interval`)."""
        item_id = question if isinstance(question, str) else question.item.id
        scheduler = Scheduler(self.settings, fuzz=False)
        return scheduler.preview(item_id, self._progress.cards.get(item_id), now)

    def rate(
        self,
        question: Question | str,
        rating: Rating | int,
        *,
        seconds: float | None = None,
        now: datetime | None = None,
    ) -> Rated:
        """Record a rating: the item's schedule and the review log are saved at once."""
        item_id = question if isinstance(question, str) else question.item.id
        if self.decks.item(item_id) is None:
            raise KeyError(f"no review item {item_id!r} in the loaded decks")
        now = as_utc(now)
        rating = Rating(int(rating))
        scheduler = Scheduler(self.settings, fuzz=self.fuzz)
        captured: dict[str, Any] = {}

        def change(progress: Progress) -> Rated:
            previous = progress.cards.get(item_id)
            outcome = scheduler.review(item_id, previous, rating, now, seconds)
            progress.cards[item_id] = outcome.entry
            progress.reviews.append(outcome.log)
            captured.update(progress=progress, previous=previous, log=outcome.log)
            return Rated(item_id, rating, outcome.interval, outcome.became_leech, outcome.entry["lapses"])

        rated = self.store.update(change)
        self._progress = captured["progress"]
        previous = captured["previous"]
        self._undo.append(_Undo(item_id, previous, captured["log"], rated, seconds, was_new=state_of(previous) == NEW))
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
        captured: dict[str, Progress] = {}

        def change(progress: Progress) -> None:
            if last.previous is None:
                progress.cards.pop(last.item_id, None)
            else:
                progress.cards[last.item_id] = last.previous
            for index in range(len(progress.reviews) - 1, -1, -1):
                # The newest equal entry: two equal entries would be the same rating at the same moment.
                if progress.reviews[index] == last.log:
                    del progress.reviews[index]
                    break
            captured["progress"] = progress

        self.store.update(change)
        self._progress = captured["progress"]
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
