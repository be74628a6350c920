"""What the dashboard shows: a summary of one workspace, computed headlessly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from backprop_study.course import Exercise, load_course
from backprop_study.course_progress import current_exercise, is_done
from backprop_study.store.progress import ExerciseState, Progress, ProgressStore
from backprop_study.store.workspace import Workspace
from backprop_study.store.yamlfile import ContentError

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
    counts = due_queue(states, decks.review_items(), today, now, settings).counts
    stats = compute_stats(store, now, states=states, settings=settings, item_ids=(), days=1, forecast_days=1)
    return CardSummary(due=counts.total, new=counts.new, reviewed_today=stats.reviewed_today, streak=stats.streak)


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
