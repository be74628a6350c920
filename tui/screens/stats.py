"""Stats: reviews per day, retention, what is due when, time spent, and the course's exercises done.

Every figure comes from the engine (`backprop_study.cards.stats.compute_stats` and
`backprop_study.course_progress.exercise_states`); this screen only words and draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from backprop_study.cards.scheduler import Settings, leeches, utc_now
from backprop_study.cards.stats import Stats, compute_stats
from backprop_study.course_progress import ExerciseStatus, exercise_states
from backprop_study.store.progress import Progress
from backprop_study.store.yamlfile import ContentError
from backprop_study.tui.widgets.stats_chart import DayBarChart, short_date

MARKS = {"done": "✓", "current": "▸", "pending": "·"}
DAYS = 30
WIDE = 110  # columns from which the charts are stacked at full width and the exercises split in two


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def duration_text(seconds: float) -> str:
    """Spoken-style durations: 45 s, 12 min, 1 h 05 min."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def percent(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def streak_text(stats: Stats) -> str:
    if stats.total_reviews == 0:
        return "none yet: review a few cards to start one"
    if stats.streak == 0:
        return "0 days: review today to start a new one"
    today = (
        f"{plural(stats.reviewed_today, 'review')} today"
        if stats.reviewed_today
        else "none yet today: review to keep it going"
    )
    return f"{plural(stats.streak, 'day')} in a row · {today}"


def retention_text(stats: Stats, target: float) -> str:
    """True retention with what it rests on; says so plainly when there is nothing to measure yet."""
    recent, all_time = stats.retention, stats.retention_all_time
    if all_time.rate is None:
        return (
            "not enough reviews yet: it is measured once cards you have learned come back for review"
            f" · target {percent(target)}"
        )
    if recent.rate is None:
        text = f"no reviews of learned cards in the last {DAYS} days"
    else:
        text = (
            f"{percent(recent.rate)} over the last {DAYS} days"
            f" ({recent.passed} of {plural(recent.total, 'review')} remembered)"
        )
    if all_time.total != recent.total:
        text += f" · all time {percent(all_time.rate)} of {plural(all_time.total, 'review')}"
    return f"{text} · target {percent(target)}"


def cards_text(stats: Stats) -> str:
    states = stats.items_by_state
    total = sum(states.values())
    if total == 0:
        return "no cards loaded"
    parts = " · ".join(f"{states[state]} {state}" for state in ("new", "learning", "review", "relearning"))
    return f"{total}: {parts}"


def leeches_text(names: list[str]) -> str:
    if not names:
        return "none"
    shown = "; ".join(names[:3]) + ("; …" if len(names) > 3 else "")
    return f"{len(names)}, forgotten again and again, worth rewriting or relearning: {shown}"


def time_text(stats: Stats) -> str:
    if stats.total_reviews == 0:
        return "no reviews yet"
    reviews = plural(stats.total_reviews, "review")
    if stats.seconds_reviewing <= 0:
        return f"{reviews} (their time was not recorded)"
    each = stats.seconds_reviewing / stats.total_reviews
    return f"{duration_text(stats.seconds_reviewing)} on {reviews}, about {duration_text(each)} each"


def exercise_line(status: ExerciseStatus, today: date) -> str:
    """One exercise with its state and the day it was first passed (the year only when not this year's)."""
    name = f"{MARKS[status.state]} {status.exercise.number:02d} {status.exercise.slug.replace('_', ' ')}"
    passed = status.progress.passed_at
    when = ""
    if passed:
        day = datetime.fromisoformat(passed).astimezone().date()
        when = short_date(day) if day.year == today.year else f"{short_date(day)} {day.year}"
    if status.state == "done":
        what = f"passed {when}" if when else "passed"
    elif status.state == "current" and when:
        what = f"current, failing since passing {when}"
    elif when:
        what = f"failing since passing {when}"
    else:
        what = status.state
    return f"{name:<26}{what}"


class StatsScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.home", "Dashboard", id="home"),
        Binding("r", "refresh_stats", "Refresh", id="refresh"),
    ]

    CSS_PATH = "stats.tcss"

    # The clock the figures are computed at; tests replace it to freeze "today".
    clock: Callable[[], datetime] = staticmethod(utc_now)

    def __init__(self) -> None:
        super().__init__()
        self._statuses: list[ExerciseStatus] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-page"):
            with Grid(id="figures"):
                for key, name in (
                    ("streak", "Streak"),
                    ("retention", "Retention"),
                    ("cards", "Cards"),
                    ("leeches", "Leeches"),
                    ("time", "Time"),
                ):
                    yield Static(name, classes="figure-name", markup=False)
                    yield Static("", id=f"{key}-figure", markup=False)
            with Horizontal(id="charts"):
                with Vertical(id="reviews-box", classes="chart-box"):
                    yield Static("", id="reviews-title", classes="stats-heading", markup=False)
                    yield DayBarChart(id="reviews-chart")
                with Vertical(id="forecast-box", classes="chart-box"):
                    yield Static("", id="forecast-title", classes="stats-heading", markup=False)
                    yield DayBarChart(id="forecast-chart")
            with Vertical(id="course"):
                yield Static("", id="course-title", classes="stats-heading", markup=False)
                yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="stats-course-bar")
                yield Static("", id="course-problem", markup=False)
                with Horizontal(id="exercise-columns"):
                    yield Static("", id="exercises-left", classes="exercise-column", markup=False)
                    yield Static("", id="exercises-right", classes="exercise-column", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-page").focus()

    def on_screen_resume(self) -> None:
        self.refresh_stats()

    def on_resize(self) -> None:
        # Wide: the charts get the full width (a gap between daily bars) and the exercises two columns.
        wide = self.size.width >= WIDE
        changed = wide != self.has_class("-wide")
        self.set_class(wide, "-wide")
        self.set_class(self.size.height >= 36, "-tall")
        if changed:
            self._show_exercises()

    def action_refresh_stats(self) -> None:
        self.refresh_stats()
        self.notify("Stats brought up to date.", timeout=2)

    def refresh_stats(self) -> None:
        app = self.app
        progress: Progress = app.progress_store.load()
        items = app.deck_set().review_items()
        stats = compute_stats(progress, self.clock(), item_ids=[item.id for item in items], days=DAYS)
        self._show_figures(stats, progress, items)
        self._show_charts(stats)
        self._show_course()

    def _set(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    def _show_figures(self, stats: Stats, progress: Progress, items) -> None:  # type: ignore[no-untyped-def]
        target = Settings.from_progress(progress).desired_retention
        decks = self.app.deck_set()
        names = []
        for item_id in leeches(progress, items):
            item = decks.item(item_id)
            card = item.card if item else None
            names.append((card.front or card.question or item_id) if card else item_id)
        self._set("#streak-figure", streak_text(stats))
        self._set("#retention-figure", retention_text(stats, target))
        self._set("#cards-figure", cards_text(stats))
        self._set("#leeches-figure", leeches_text(names))
        self._set("#time-figure", time_text(stats))

    def _show_charts(self, stats: Stats) -> None:
        recent = sum(count for _, count in stats.reviews_per_day)
        self._set(
            "#reviews-title",
            f"Reviews per day · {recent} in {DAYS} days" if recent else f"Reviews per day, last {DAYS} days",
        )
        self.query_one("#reviews-chart", DayBarChart).show(
            stats.reviews_per_day, today=stats.today, empty_text="no reviews yet"
        )
        coming = sum(count for _, count in stats.due_forecast)
        self._set(
            "#forecast-title",
            f"Due per day · {coming} in next {DAYS} days" if coming else f"Due per day, next {DAYS} days",
        )
        self.query_one("#forecast-chart", DayBarChart).show(
            stats.due_forecast, today=stats.today, empty_text="nothing scheduled yet"
        )

    def _show_course(self) -> None:
        bar = self.query_one("#stats-course-bar", ProgressBar)
        try:
            statuses = exercise_states(self.app.workspace)
        except ContentError as exc:
            self._set("#course-title", "Course")
            self._set("#course-problem", f"The course file has a problem: {exc}")
            self.query_one("#course-problem").display = True
            bar.update(total=1, progress=0)
            self._statuses = []
            self._show_exercises()
            return
        done = sum(1 for status in statuses if status.state == "done")
        self._set("#course-title", f"Course: {done} of {plural(len(statuses), 'exercise')} done")
        self.query_one("#course-problem").display = False
        bar.update(total=max(1, len(statuses)), progress=done)
        self._statuses = statuses
        self._show_exercises()

    def _show_exercises(self) -> None:
        statuses = self._statuses
        today = self.clock().astimezone().date()
        half = (len(statuses) + 1) // 2 if self.has_class("-wide") else len(statuses)
        self._set("#exercises-left", "\n".join(exercise_line(status, today) for status in statuses[:half]))
        self._set("#exercises-right", "\n".join(exercise_line(status, today) for status in statuses[half:]))
        self.query_one("#exercises-right").display = half < len(statuses)
