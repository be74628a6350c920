"""The loop between exercises and cards: what you get wrong while coding comes back as a card to recall.

- A check that names a catalogued mistake (`ExerciseResult.mistake`) brings the cards about it forward
  (their `mistakes:` in the decks name it): due now if new or not yet due, and, if the card was learned,
  rescheduled as a lapse (the mistake shows the fact was not there when it mattered).
- Starting an exercise (its first check, or opening it in an editor) brings its `concepts` cards forward:
  recall before doing. Passing it for the first time brings them forward again.

Why a card is due (`DueNow`: which exercise, which mistake, when) is kept with it until it is rated, so
Review can say "you made this mistake in exercise 05 on 29 Nov".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from backprop_study.cards.card import ReviewItem
from backprop_study.cards.decks import DeckSet
from backprop_study.cards.scheduler import REVIEW, Rating, Scheduler, Settings, as_utc, state_of
from backprop_study.store.progress import DueNow, ProgressStore


@dataclass(frozen=True)
class BroughtForward:
    item_ids: tuple[str, ...]
    lapsed: tuple[str, ...]  # of those, learned cards rescheduled as a lapse


def after_mistake(
    store: ProgressStore, decks: DeckSet, exercise: str, mistake: str, now: datetime | None = None
) -> BroughtForward:
    """Bring forward the cards about `mistake` (a `checks.mistakes` id) made in `exercise`."""
    now = as_utc(now)
    items = _first_items(decks.cards_for_mistake(mistake))
    settings = Settings.from_progress(store.load())
    scheduler = Scheduler(settings, fuzz=False)
    reschedule: dict[str, dict] = {}
    for item in items:
        entry = store.card_entry(item.id)
        if state_of(entry) == REVIEW:
            # Learned, yet the mistake was made: a lapse, as if it had been forgotten in Review. Due now.
            lapsed = scheduler.review(item.id, entry, Rating.AGAIN, now).entry
            reschedule[item.id] = {**lapsed, "due": now.isoformat()}
    stamp = now.isoformat(timespec="seconds")
    store.bring_forward([DueNow(item.id, exercise, mistake, stamp) for item in items], reschedule)
    return BroughtForward(tuple(item.id for item in items), tuple(reschedule))


def concepts_now(
    store: ProgressStore, decks: DeckSet, exercise: str, concepts: Iterable[str], now: datetime | None = None
) -> BroughtForward:
    """Bring forward an exercise's concept cards (card or review-item ids from course.yaml), due now."""
    stamp = as_utc(now).isoformat(timespec="seconds")
    items: list[ReviewItem] = []
    for concept in concepts:
        item = decks.item(concept)
        if item is None:
            card = decks.card(concept)
            item = card.review_items()[0] if card is not None else None
        if item is not None and item not in items:
            items.append(item)
    store.bring_forward([DueNow(item.id, exercise, None, stamp) for item in items])
    return BroughtForward(tuple(item.id for item in items), ())


def _first_items(cards: Iterable) -> list[ReviewItem]:
    """One review item per card: its first (a reversed card's forward side, a cloze's first gap)."""
    return [card.review_items()[0] for card in cards if card.review_items()]
