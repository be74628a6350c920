"""What the screens summarise, computed headlessly: the dashboard's summary of one workspace, why a card
was brought forward (and the mistake that did it, in words), and the learner's mistakes with their cards'
retention for Stats."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from backprop_study.course import Course, Exercise, load_course
from backprop_study.course_progress import current_exercise, is_done
from backprop_study.store.progress import DueNow, ExerciseState, Progress, ProgressStore
from backprop_study.store.workspace import Workspace
from backprop_study.store.yamlfile import ContentError
from backprop_study.times import on_day_text

if TYPE_CHECKING:  # the dashboard imports this module at start-up: decks load later, in a worker
    from backprop_study.cards.card import ReviewItem
    from backprop_study.cards.decks import DeckSet


@dataclass(frozen=True)
class CourseSummary:
    total: int
    done: int
    next_exercise: Exercise | None  # the one the learner is on (see course_progress.current_exercise)
    problem: str | None = None  # the course file could not be read


@dataclass(frozen=True)
class CardSummary:
    due: int  # what a review session would show now, within today's limits
    new: int
    reviewed_today: int
    streak: int  # study days in a row with a review
    from_mistakes: int = 0  # of `due`, cards brought forward by a mistake named in an exercise


def course_summary(workspace: Workspace, progress: Progress) -> CourseSummary:
    try:
        course = load_course(workspace.course_file)
    except ContentError as exc:
        return CourseSummary(0, 0, None, problem=str(exc))
    done = sum(1 for e in course.exercises if is_done(progress.exercises.get(e.name, ExerciseState())))
    return CourseSummary(total=len(course.exercises), done=done, next_exercise=current_exercise(course, progress))


def card_summary(store: ProgressStore, decks: DeckSet, now: datetime | None = None) -> CardSummary:
    """Due counts (the cards' states and today's part of the log) and the streak (the log's tallies)."""
    from backprop_study.cards.scheduler import Settings, as_utc, due_queue, today_start
    from backprop_study.cards.stats import compute_stats

    now = as_utc(now)
    settings = Settings.from_progress(store.load())
    states = store.card_states()
    today = store.today(today_start(now, settings))
    items = decks.review_items()
    forward = store.due_now()  # as Review counts them: brought forward, whatever the daily limits
    counts = due_queue(states, items, today, now, settings, forward=forward).counts
    stats = compute_stats(store, now, states=states, settings=settings, item_ids=(), days=1, forecast_days=1)
    known = {item.id for item in items} if forward else set()
    from_mistakes = sum(1 for entry in forward.values() if entry.mistake and entry.item_id in known)
    return CardSummary(
        due=counts.total,
        new=counts.new,
        reviewed_today=stats.reviewed_today,
        streak=stats.streak,
        from_mistakes=from_mistakes,
    )


@dataclass(frozen=True)
class ReviewOutlook:
    """What comes after a review session: the learning steps still to come today and the new-card limit,
    so the end of a session can say why it ended and when to come back."""

    later_today: int  # learning steps that come due later in this study day
    next_due: datetime | None  # when the first of them does (aware UTC)
    new_done_today: int
    new_per_day: int
    new_unseen: int  # review items never studied

    @property
    def new_limit_reached(self) -> bool:
        return self.new_unseen > 0 and self.new_done_today >= self.new_per_day


def review_outlook(store: ProgressStore, items: Sequence[ReviewItem], now: datetime | None = None) -> ReviewOutlook:
    """Learning steps still due today and how today's new cards stand (one read of the cards' states)."""
    from backprop_study.cards.scheduler import LEARNING, RELEARNING, Settings, as_utc, day_start, study_day
    from backprop_study.cards.scheduler import today_start as start_of_today
    from backprop_study.store.progress import from_ms, to_ms

    now = as_utc(now)
    settings = Settings.from_progress(store.load())
    states = store.card_states()
    now_ms = to_ms(now)
    tomorrow_ms = to_ms(day_start(study_day(now, settings) + timedelta(days=1), settings))
    later = sorted(
        state.due_ms
        for state in states.values()
        if state.state in (LEARNING, RELEARNING) and now_ms < state.due_ms < tomorrow_ms
    )
    today = store.today(start_of_today(now, settings))
    return ReviewOutlook(
        later_today=len(later),
        next_due=from_ms(later[0]) if later else None,
        new_done_today=today.new_done,
        new_per_day=settings.new_per_day,
        new_unseen=sum(1 for item in items if item.id not in states),
    )


def item_prompt(decks: DeckSet, item_id: str) -> str:
    """A review item named as the learner knows it: its card's prompt on one line, never its id (unless
    the card is gone from the decks, when the id is all there is)."""
    item = decks.item(item_id)
    if item is None:
        return item_id
    card = item.card
    if card.prompt:
        return card.prompt
    if card.kind == "numeric":
        return f"a calculation card ({card.template.replace('-', ' ')})"
    return card.id


# ---------------------------------------------------------------------------------------------- mistakes


@cache
def mistake_sentences() -> dict[str, str]:
    """Every catalogued mistake's sentence, by id. It imports the graders' machinery (NumPy, pytest): call
    it off the UI thread, once the first screen is up."""
    from backprop_study.checks.mistakes import catalogue

    return catalogue()


_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.]*$")
_CLAUSE_END = re.compile(r"; |: ")


def mistake_phrase(mistake_id: str, sentence: str | None = None) -> str:
    """A catalogued mistake in a few words a learner reads, from its sentence: the quantity it is about and
    the sentence's first clause ("d_output: the sign is flipped"). A whole clause, never cut mid-way; the
    id in words when there is no usable sentence (a gone mistake, or one worded at grading time)."""
    quantity = _quantity(mistake_id)
    text = " ".join((sentence or "").split()).rstrip(".")
    lead, _, rest = text.partition(": ")
    if rest and _IDENTIFIER.match(lead):  # "d_hidden: you applied ..." names its quantity itself
        quantity, text = lead, rest
    head = text
    for match in _CLAUSE_END.finditer(text):
        if text[: match.start()].count(" ") >= 2:  # a clause of three words or more
            head = text[: match.start()]
            break
    if not head or "{" in head:
        words = mistake_id.replace(":", " ").replace("_", " ").lower()
        return " ".join(words.split())
    if quantity and quantity not in head:
        return f"{quantity}: {head}"
    first = head.split(" ", 1)[0]
    if first.isalpha() and len(first) > 1:  # a sentence of its own ("The sign is flipped"), not a name ("t")
        head = head[0].upper() + head[1:]
    return head


def _quantity(mistake_id: str) -> str | None:
    """The quantity a mistake id is about: "LESSON:d_output:flipped_sign" -> "d_output",
    "BIASES:08 dW2:flipped_sign" -> "dW2"; None when the id does not name one."""
    parts = mistake_id.split(":")
    if len(parts) < 3:
        return None
    word = parts[1].split()[-1] if parts[1].split() else ""
    return word if _IDENTIFIER.match(word) else None


def exercise_label(course: Course | None, name: str) -> str:
    """ "exercise 05" for an exercise's name ("05_d_hidden"); the name itself when the course lacks it."""
    exercise = next((e for e in course.exercises if e.name == name), None) if course is not None else None
    return f"exercise {exercise.number:02d}" if exercise is not None else f"exercise {name}"


def why_due_text(
    due: DueNow, exercise: str, passed_at: str | None, mistake: str | None = None, now: datetime | None = None
) -> str:
    """Why a card brought forward is due now, in a sentence. `exercise` as `exercise_label` says it,
    `passed_at` the exercise's first pass (None: not passed), `mistake` the mistake in words
    (`mistake_phrase`), when it is known yet."""
    if due.mistake is not None:
        said = f"You made this mistake in {exercise} {on_day_text(due.at, now)}"
        return f"{said} ({mistake})." if mistake else f"{said}."
    practised = f"{exercise[0].upper()}{exercise[1:]} practises this"
    if passed_at is None:
        return f"{practised}: recall it before you start."
    when = on_day_text(passed_at, now)
    if when == "today":
        return f"{practised}: you just passed it."
    return f"{practised}: you passed it {when}."


@dataclass(frozen=True)
class MistakeRecord:
    """One catalogued mistake the learner made, with how its cards have gone since."""

    mistake: str  # the catalogued id
    count: int  # checks that named it
    exercises: tuple[str, ...]  # where it was made (exercise names), most often first
    last_at: str | None  # the latest check that named it (ISO UTC)
    card_ids: tuple[str, ...]  # the cards about it
    recalls: int  # reviews of those cards that asked for the fact again (not the first sight of a card)
    remembered: int  # of those, not rated Again
    due_now: bool  # a card about it is brought forward now (by this mistake or another one)

    @property
    def retention(self) -> float | None:
        return self.remembered / self.recalls if self.recalls else None


def mistake_records(store: ProgressStore, decks: DeckSet) -> list[MistakeRecord]:
    """The mistakes named in the learner's checks, most frequent first, each with its cards' retention
    (from those cards' own reviews: a few cards, a few short queries)."""
    counts = store.mistake_counts()
    if not counts:
        return []
    by_mistake: dict[str, dict[str, int]] = {}
    for (exercise, mistake), count in counts.items():
        by_mistake.setdefault(mistake, {})[exercise] = count
    last: dict[str, str] = {}
    for record in store.checks():
        if record.mistake is not None:
            last[record.mistake] = max(last.get(record.mistake, record.at), record.at)
    forward = set(store.due_now())  # brought forward now (by this mistake, another, or an exercise)
    records = []
    for mistake, places in by_mistake.items():
        cards = decks.cards_for_mistake(mistake)
        recalls = remembered = 0
        due_now = False
        for card in cards:
            for item in card.review_items():
                due_now = due_now or item.id in forward
                for log in store.reviews(item.id):
                    if log.state != "new":
                        recalls += 1
                        remembered += log.rating > 1
        records.append(
            MistakeRecord(
                mistake=mistake,
                count=sum(places.values()),
                exercises=tuple(sorted(places, key=lambda name: (-places[name], name))),
                last_at=last.get(mistake),
                card_ids=tuple(card.id for card in cards),
                recalls=recalls,
                remembered=remembered,
                due_now=due_now,
            )
        )
    records.sort(key=lambda record: (-record.count, -_stamp(record.last_at), record.mistake))
    return records


def _stamp(iso: str | None) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp() if iso else 0.0
    except ValueError:
        return 0.0


def retention_words(record: MistakeRecord) -> str:
    """How a mistake's cards have gone, in words: "remembered 3 of 4 times", "not asked again yet"."""
    if not record.card_ids:
        return "no card is about it yet"
    cards = "its card" if len(record.card_ids) == 1 else f"its {len(record.card_ids)} cards"
    if not record.recalls:
        seen = f"{cards}: not asked again yet"
    else:
        times = f"{record.recalls} time{'s' if record.recalls != 1 else ''}"
        seen = f"{cards}: remembered {record.remembered} of {times} ({record.retention:.0%})"
    return f"{seen} · due now in Review" if record.due_now else seen


def when_made(record: MistakeRecord, now: datetime | None = None) -> str:
    """'last time today', 'last time on 29 Nov': when the mistake was last named."""
    if record.last_at is None:
        return ""
    return f"last time {on_day_text(record.last_at, now)}"
