"""What the dashboard shows: a summary of one workspace, computed headlessly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from backprop_study.course import Exercise, load_course
from backprop_study.course_progress import current_exercise, is_done
from backprop_study.store.progress import ExerciseState, Progress
from backprop_study.store.workspace import Workspace
from backprop_study.store.yamlfile import ContentError

if TYPE_CHECKING:  # the dashboard imports this module at start-up: decks load later, in a worker
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


def card_summary(progress: Progress, decks: DeckSet, now: datetime | None = None) -> CardSummary:
    from backprop_study.cards.scheduler import Settings, due_queue
    from backprop_study.cards.stats import compute_stats

    counts = due_queue(progress, decks.review_items(), now, Settings.from_progress(progress)).counts
    stats = compute_stats(progress, now, days=1, forecast_days=1)
    return CardSummary(due=counts.total, new=counts.new, reviewed_today=stats.reviewed_today, streak=stats.streak)
