"""Spaced repetition with FSRS: one review item's state, a rating, the next due time, daily limits.

Stored in the progress database (`store/progress.py`):

- a card's entry: the fsrs `Card.to_dict()` of that review item, plus our own counters
  `reps`, `lapses` and `leech` (fsrs ignores keys it does not know);
- the review log: one `ReviewLog` per rating (item, rating 1-4, time, duration, and the
  state before the rating: new, learning, review or relearning);
- settings: `new_per_day` (20), `reviews_per_day` (200), `desired_retention` (0.9),
  `leech_lapses` (8), `day_starts_at` (4, the local hour a new study day begins, as in Anki).

A review queue needs only each card's state and due time (`CardState`) and what was done
today (`Today`), so building one never reads the review log.

Times are aware UTC datetimes and every function takes `now`, so tests can
simulate days. fsrs is imported only when a card is rated or previewed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum
from typing import Any

from backprop_study.cards.card import KINDS, ReviewItem
from backprop_study.store.progress import CardState, DueNow, Progress, ReviewLog, Today, to_ms


class Rating(IntEnum):
    """The four buttons, numbered as the keys 1-4 (the same numbers fsrs uses)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


NEW, LEARNING, REVIEW, RELEARNING = "new", "learning", "review", "relearning"
_STATE_NAMES = {1: LEARNING, 2: REVIEW, 3: RELEARNING}
LEARN_AHEAD = timedelta(minutes=20)  # when nothing else is left, a learning step due this soon is shown now


@dataclass(frozen=True)
class Settings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    leech_lapses: int = 8
    day_starts_at: int = 4
    ask_confidence: bool = True  # offer "how sure are you?" before revealing a self-rated card (never required)

    @classmethod
    def from_progress(cls, progress: Progress) -> Settings:
        """The learner's settings from `Progress.settings`; a missing or unusable value keeps its default."""
        raw = progress.settings
        defaults = cls()

        def number(key: str, kind: type, low: float, high: float) -> Any:
            value = raw.get(key, getattr(defaults, key))
            if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
                return getattr(defaults, key)
            return kind(value)

        return cls(
            new_per_day=number("new_per_day", int, 0, 10_000),
            reviews_per_day=number("reviews_per_day", int, 0, 100_000),
            desired_retention=number("desired_retention", float, 0.7, 0.99),
            leech_lapses=number("leech_lapses", int, 1, 1000),
            day_starts_at=number("day_starts_at", int, 0, 23),
            ask_confidence=raw["ask_confidence"] if isinstance(raw.get("ask_confidence"), bool) else True,
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(now: datetime | None) -> datetime:
    if now is None:
        return utc_now()
    if now.tzinfo is None:
        raise ValueError("times must be timezone-aware (use datetime.now(timezone.utc))")
    return now.astimezone(UTC)


def study_day(moment: datetime, settings: Settings) -> date:
    """The study day a moment belongs to: local time, with the day turning over at `day_starts_at`."""
    return (moment.astimezone() - timedelta(hours=settings.day_starts_at)).date()


def day_start(day: date, settings: Settings) -> datetime:
    """When a study day begins, in UTC."""
    local = datetime.combine(day, time(hour=settings.day_starts_at)).astimezone()
    return local.astimezone(UTC)


def fsrs_card_id(item_id: str) -> int:
    """A stable int id for fsrs, from the review item's id (fits a JSON number exactly)."""
    return int.from_bytes(hashlib.blake2b(item_id.encode(), digest_size=8).digest(), "big") & (2**53 - 1)


def state_of(entry: dict[str, Any] | None) -> str:
    """new, learning, review or relearning."""
    if not entry or not entry.get("last_review") or not entry.get("due"):
        return NEW  # never reviewed (or an entry too damaged to schedule: it starts afresh)
    return _STATE_NAMES.get(int(entry.get("state", 1)), LEARNING)


def is_leech(entry: dict[str, Any] | None) -> bool:
    return bool(entry and entry.get("leech"))


def format_interval(interval: timedelta) -> str:
    """Short, as on Anki's buttons: 1m, 10m, 3h, 8d, 3.2mo, 1.5y."""
    seconds = max(0.0, interval.total_seconds())
    if seconds < 60 * 60:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 24 * 60 * 60:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@dataclass(frozen=True)
class Outcome:
    """The result of one rating, before it is stored."""

    entry: dict[str, Any]  # the card's new entry
    log: ReviewLog  # the log row to append
    interval: timedelta  # until it is due again
    became_leech: bool


class Scheduler:
    """fsrs with our settings. Fuzzing spreads due dates a little (on by default); previews show the
    interval before fuzz, as Anki's buttons do."""

    def __init__(self, settings: Settings | None = None, *, fuzz: bool = True) -> None:
        import fsrs

        self._fsrs = fsrs
        self.settings = settings or Settings()
        self._scheduler = fsrs.Scheduler(desired_retention=self.settings.desired_retention, enable_fuzzing=fuzz)
        self._preview = fsrs.Scheduler(desired_retention=self.settings.desired_retention, enable_fuzzing=False)

    def _card(self, item_id: str, entry: dict[str, Any] | None, now: datetime) -> Any:
        if state_of(entry) == NEW:  # never reviewed (or too damaged to continue): a fresh card
            return self._fsrs.Card(card_id=fsrs_card_id(item_id), due=now)
        return self._fsrs.Card.from_dict(entry)

    def preview(
        self, item_id: str, entry: dict[str, Any] | None, now: datetime | None = None
    ) -> dict[Rating, timedelta]:
        """The interval each of the four buttons would give now (fsrs reviews a copy per rating)."""
        now = as_utc(now)
        card = self._card(item_id, entry, now)
        result = {}
        for rating in Rating:
            new_card, _ = self._preview.review_card(card, self._fsrs.Rating(int(rating)), review_datetime=now)
            result[rating] = new_card.due - now
        return result

    def review(
        self,
        item_id: str,
        entry: dict[str, Any] | None,
        rating: Rating | int,
        now: datetime | None = None,
        duration: float | None = None,
        confidence: int | None = None,
    ) -> Outcome:
        """Rate one review item; `entry` is its current entry (None when new)."""
        now = as_utc(now)
        rating = Rating(int(rating))
        before = state_of(entry)
        card = self._card(item_id, entry, now)
        new_card, _log = self._scheduler.review_card(card, self._fsrs.Rating(int(rating)), review_datetime=now)
        lapses = int((entry or {}).get("lapses", 0))
        was_leech = is_leech(entry)
        if before == REVIEW and rating == Rating.AGAIN:
            lapses += 1  # forgotten after it had graduated: a lapse, as Anki counts them
        leech = was_leech or lapses >= self.settings.leech_lapses
        new_entry = {
            **new_card.to_dict(),
            "reps": int((entry or {}).get("reps", 0)) + 1,
            "lapses": lapses,
            "leech": leech,
        }
        log = ReviewLog(
            id=0,
            item_id=item_id,
            rating=int(rating),
            at_ms=to_ms(now),
            duration_ms=None if duration is None else round(duration * 1000),
            state=before,
            confidence=confidence,
        )
        return Outcome(entry=new_entry, log=log, interval=new_card.due - now, became_leech=leech and not was_leech)


@dataclass(frozen=True)
class DueCounts:
    new: int
    learning: int
    review: int
    brought_forward: int = 0  # by a mistake made in an exercise, or by opening one

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.brought_forward


@dataclass(frozen=True)
class DueQueue:
    items: tuple[ReviewItem, ...]  # in the order to show them
    counts: DueCounts
    learn_ahead: tuple[ReviewItem, ...] = ()  # learning steps due within LEARN_AHEAD, for when items run out


def today_start(now: datetime, settings: Settings) -> datetime:
    """When the study day `now` belongs to began (what `ProgressStore.today` counts from)."""
    return day_start(study_day(now, settings), settings)


def _topic(item: ReviewItem) -> str | None:
    return item.card.tags[0] if item.card.tags else None


def _kind_order(items: Sequence[ReviewItem]) -> dict[str, int]:
    """Each kind's place in deck order (its first card), for ties: taken from every item, reviewed or not, so
    it stays the same as the day's cards are rated and the queue is rebuilt."""
    rank: dict[str, int] = {}
    for item in items:
        rank.setdefault(item.card.kind, len(rank))
        if len(rank) == len(KINDS):
            break
    return rank


def _spread_new(
    new: list[ReviewItem], met_today: set[str], kinds_today: Counter[str], limit: int, rank: dict[str, int]
) -> list[ReviewItem]:
    """Today's new items, in the order to introduce them. First items of cards before their siblings; then
    a topic not met yet today before one that was (one card must not give away the next one's answer);
    then the kind of card shown least today, so day one meets every kind early instead of seven multiple
    choice cards in a row; then deck order. Only `limit` are picked, so only each kind's front is looked at."""
    if limit <= 0 or not new:
        return []
    met = set(met_today)
    shown = Counter(kinds_today)
    lanes: dict[str, list[tuple[int, int, ReviewItem]]] = {}
    for position, item in enumerate(new):  # deck order
        lanes.setdefault(item.card.kind, []).append((item.sibling_rank, position, item))
    for lane in lanes.values():
        lane.sort(key=lambda entry: entry[0])  # stable: deck order within a sibling rank
    ordered: list[ReviewItem] = []
    while len(ordered) < limit and lanes:
        best: tuple[tuple[int, bool, int, int, int], str, int] | None = None
        for kind, lane in lanes.items():
            lowest = lane[0][0]
            choice = 0
            for index, (sibling_rank, _position, item) in enumerate(lane):
                if sibling_rank != lowest:
                    break
                if _topic(item) not in met:
                    choice = index
                    break
            sibling_rank, position, item = lane[choice]
            key = (sibling_rank, _topic(item) in met, shown[kind], rank[kind], position)
            if best is None or key < best[0]:
                best = (key, kind, choice)
        assert best is not None
        _, kind, choice = best
        _, _, item = lanes[kind].pop(choice)
        if not lanes[kind]:
            del lanes[kind]
        ordered.append(item)
        shown[kind] += 1
        if (topic := _topic(item)) is not None:
            met.add(topic)
    return ordered


def due_queue(
    states: Mapping[str, CardState],
    items: Sequence[ReviewItem],
    today: Today,
    now: datetime | None = None,
    settings: Settings | None = None,
    forward: Mapping[str, DueNow] | None = None,
) -> DueQueue:
    """What to study now, in order: learning steps that are due, then reviews due today with new items
    spread among them, each within what is left of its daily limit.

    `states` are the reviewed cards' states (`ProgressStore.card_states`), `today` what was done since
    the study day began (`ProgressStore.today`), `forward` the items brought forward by a mistake made
    in an exercise (or by opening one): they come first after due learning steps, whatever the limits,
    the mistakes before an exercise's concept cards.

    New items come in deck order, first items of cards before their siblings (a reversed card's other
    direction, a cloze's other gaps); a new sibling of a card already studied today waits for tomorrow.
    Cards on one topic (their first tag, e.g. one row of the lesson's tables) ask the same fact in
    different ways, so a new card whose topic was already met today goes after the new topics: one card
    would otherwise give away the next one's answer.
    """
    now = as_utc(now)
    settings = settings or Settings()
    now_ms = to_ms(now)
    ahead_ms = to_ms(now + LEARN_AHEAD)
    tomorrow_ms = to_ms(day_start(study_day(now, settings) + timedelta(days=1), settings))
    learning: list[tuple[int, ReviewItem]] = []
    ahead: list[tuple[int, ReviewItem]] = []
    reviews: list[tuple[int, ReviewItem]] = []
    new: list[ReviewItem] = []
    seen_today = today.card_ids
    forward = forward or {}
    brought: list[tuple[bool, ReviewItem]] = []
    for item in items:
        if item.id in forward:
            brought.append((forward[item.id].mistake is None, item))
            continue
        card = states.get(item.id)
        if card is None:
            if item.card.id not in seen_today:
                new.append(item)
            continue
        due = card.due_ms
        if card.state == REVIEW:
            if due < tomorrow_ms:
                reviews.append((due, item))
        elif due <= now_ms:
            learning.append((due, item))
        elif due <= ahead_ms:
            ahead.append((due, item))
    learning.sort(key=lambda pair: pair[0])
    reviews.sort(key=lambda pair: pair[0])
    ahead.sort(key=lambda pair: pair[0])
    met_today: set[str] = set()
    kinds_today: Counter[str] = Counter()
    if seen_today:
        seen_cards = {item.card.id: item for item in items if item.card.id in seen_today}
        met_today = {topic for item in seen_cards.values() if (topic := _topic(item)) is not None}
        kinds_today = Counter(item.card.kind for item in seen_cards.values())
    review_items = [item for _, item in reviews[: max(0, settings.reviews_per_day - today.reviews_done)]]
    new_items = _spread_new(
        new, met_today, kinds_today, max(0, settings.new_per_day - today.new_done), _kind_order(items)
    )
    interleaved = _interleave(review_items, new_items, today.reviews_done, today.new_done)
    brought.sort(key=lambda pair: pair[0])  # stable: the mistakes first, each in deck order
    ordered = [item for _, item in learning] + [item for _, item in brought] + interleaved
    counts = DueCounts(
        new=len(new_items), learning=len(learning), review=len(review_items), brought_forward=len(brought)
    )
    return DueQueue(items=tuple(ordered), counts=counts, learn_ahead=tuple(item for _, item in ahead))


def _interleave(reviews: list[ReviewItem], new: list[ReviewItem], reviews_done: int, new_done: int) -> list[ReviewItem]:
    """Spread new items evenly among reviews, so a session is never all new at the end.

    The queue is rebuilt after every rating, so the spread counts what was already done today: the
    kind that is further behind its share of today's total goes next.
    """
    total_reviews, total_new = reviews_done + len(reviews), new_done + len(new)
    result: list[ReviewItem] = []
    i = j = 0
    while i < len(reviews) or j < len(new):
        behind = (new_done + j) * total_reviews < (reviews_done + i) * total_new
        if j < len(new) and (i >= len(reviews) or behind):
            result.append(new[j])
            j += 1
        else:
            result.append(reviews[i])
            i += 1
    return result


def leeches(states: Mapping[str, CardState], items: Iterable[ReviewItem] | None = None) -> list[str]:
    """Ids of review items flagged as leeches (forgotten `leech_lapses` times): rewrite or relearn them."""
    ids = states.keys() if items is None else [item.id for item in items]
    return [item_id for item_id in ids if (card := states.get(item_id)) is not None and card.leech]
