"""Stats: reviews per day, retention, what is due when, time spent, calibration, your mistakes in the
exercises with their cards' retention, and the exercises done.

Every figure comes from the engine (`backprop_study.cards.stats.compute_stats`,
`backprop_study.overview.mistake_records` and `backprop_study.course_progress.exercise_states`); this
screen only words and draws them. The mistakes are named in words from the graders' catalogue, which is
read in a worker (it imports NumPy and pytest), so that part fills in a moment after the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Static

from backprop_study.cards.review import CONFIDENCE
from backprop_study.cards.scheduler import Settings, leeches, utc_now
from backprop_study.cards.stats import Stats, compute_stats
from backprop_study.course import Course, load_course
from backprop_study.course_progress import ExerciseStatus, exercise_states
from backprop_study.overview import (
    MistakeRecord,
    exercise_label,
    item_prompt,
    mistake_phrase,
    mistake_records,
    mistake_sentences,
    retention_words,
    when_made,
)
from backprop_study.store.progress import from_ms
from backprop_study.store.yamlfile import ContentError
from backprop_study.times import ago_text, day_text, duration_text
from backprop_study.tui.widgets.calibration import NOMINAL, CalibrationChart, calibration_rows
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.keys import AppFooter
from backprop_study.tui.widgets.stats_chart import DayBarChart

MARKS = {"done": "✓", "current": "▸", "pending": "·"}
DAYS = 30
WIDE = 110  # columns from which the charts are stacked at full width and the exercises split in two


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


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
    if len(names) > 3:
        shown = "; ".join(names[:3]) + f"; … (all {len(names)} under Cards to work on)"
    else:
        shown = "; ".join(names)
    return f"{len(names)}, forgotten again and again, worth rewriting or relearning: {shown}"


def calibration_note(rows_used: bool, asking: bool) -> str:
    """Under the chart: what the levels claim, or how to start when nothing was pressed yet."""
    claims = ", ".join(f"{CONFIDENCE[level]} ~{NOMINAL[level]:.0%}" for level in sorted(NOMINAL, reverse=True))
    if rows_used:
        return f"Each level's claim ({claims}) against how often you remembered after pressing it."
    if not asking:
        return "The confidence keys are off (Settings turns them on)."
    return (
        "No confidence given yet. On a recall card, press s (sure), t (think so) or w (guessing) before "
        f"the answer; this chart then compares each claim ({claims}) with how often you remembered."
    )


def mistakes_text(
    records: list[MistakeRecord], sentences: dict[str, str], course: Course | None, now: datetime | None = None
) -> str:
    """The mistakes named in checks, most frequent first: each in words, where and when it was made, and
    how its cards have gone since."""
    if not records:
        return (
            "None named yet. When a check names a mistake, it is counted here, and the card on it comes "
            "forward in Review."
        )
    lines = []
    for record in records:
        where = ", ".join(exercise_label(course, name) for name in record.exercises)
        made = when_made(record, now)
        lines.append(
            f"• {record.count}× {mistake_phrase(record.mistake, sentences.get(record.mistake))}"
            f" ({where}{'; ' + made if made else ''})"
        )
        lines.append(f"  {retention_words(record)}")
    return "\n".join(lines)


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
    when = day_text(datetime.fromisoformat(passed).astimezone().date(), today) if passed else ""
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
        Binding("r", "refresh_stats", "Refresh", id="refresh"),
        Binding("escape", "app.home", "Dashboard", id="home"),
    ]

    CSS_PATH = "stats.tcss"
    SUB_TITLE = "Stats"

    # The clock the figures are computed at; tests replace it to freeze "today".
    clock: Callable[[], datetime] = staticmethod(utc_now)

    def __init__(self) -> None:
        super().__init__()
        self._statuses: list[ExerciseStatus] = []
        self._course: Course | None = None

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
            with Vertical(id="calibration-box"):
                yield Static("", id="calibration-title", classes="stats-heading", markup=False)
                yield CalibrationChart(id="calibration-chart")
                yield HangingText(id="calibration-note", classes="stats-note")
            with Vertical(id="work-on-box"):
                yield Static("Cards to work on", classes="stats-heading", markup=False)
                yield HangingText(id="work-on")
            with Vertical(id="mistakes-box"):
                yield Static(
                    "Your mistakes in the exercises", id="mistakes-title", classes="stats-heading", markup=False
                )
                yield HangingText("Counting…", id="mistakes")
            with Vertical(id="course"):
                yield Static("", id="course-title", classes="stats-heading", markup=False)
                yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="stats-course-bar")
                yield Static("", id="course-problem", markup=False)
                with Horizontal(id="exercise-columns"):
                    yield Static("", id="exercises-left", classes="exercise-column", markup=False)
                    yield Static("", id="exercises-right", classes="exercise-column", markup=False)
        yield AppFooter()

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
        store = app.progress_store
        settings = Settings.from_progress(store.load())
        states = store.card_states()
        items = app.deck_set().review_items()
        stats = compute_stats(
            store, self.clock(), item_ids=[item.id for item in items], states=states, settings=settings, days=DAYS
        )
        leech_ids = leeches(states, items)
        self._show_figures(stats, settings, leech_ids)
        self._show_charts(stats)
        self._show_calibration(settings, leech_ids)
        self._show_course()
        self._count_mistakes(self.clock())

    def _set(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(text)

    def _show_figures(self, stats: Stats, settings: Settings, leech_ids: list[str]) -> None:
        target = settings.desired_retention
        decks = self.app.deck_set()
        names = [item_prompt(decks, item_id) for item_id in leech_ids]
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

    def _show_calibration(self, settings: Settings, leech_ids: list[str]) -> None:
        """The chart from the stored ratings, and the cards that most need review: the latest ones forgotten
        after saying "sure" (a confident error is the one most worth correcting), then the leeches."""
        store = self.app.progress_store
        rows = calibration_rows(store.calibration())
        used = sum(row.reviews for row in rows)
        self._set(
            "#calibration-title",
            f"Calibration · {plural(used, 'review')} with a confidence" if used else "Calibration",
        )
        chart = self.query_one("#calibration-chart", CalibrationChart)
        chart.show(rows)
        chart.display = bool(used)
        self.query_one("#calibration-note", HangingText).show(calibration_note(bool(used), settings.ask_confidence))
        decks = self.app.deck_set()
        now = self.clock()
        lines = []
        errors = store.confident_errors(limit=5)
        if errors:
            lines.append("Sure, but forgotten (review these first):")
            lines += [f"• {item_prompt(decks, log.item_id)} ({ago_text(from_ms(log.at_ms), now)})" for log in errors]
        if leech_ids:
            if lines:
                lines.append("")
            lines.append("Leeches (forgotten again and again: rewrite or relearn them):")
            lines += [f"• {item_prompt(decks, item_id)}" for item_id in leech_ids]
        if not lines:
            lines = ["Nothing stands out: no card forgotten after you were sure, and no leeches."]
        self.query_one("#work-on", HangingText).show("\n".join(lines))

    @work(thread=True, exclusive=True, group="stats-mistakes", exit_on_error=False)
    def _count_mistakes(self, now: datetime) -> None:
        records = mistake_records(self.app.progress_store, self.app.deck_set())
        sentences = mistake_sentences() if records else {}
        self.app.call_from_thread(self._show_mistakes, records, sentences, now)

    def _show_mistakes(self, records: list[MistakeRecord], sentences: dict[str, str], now: datetime) -> None:
        if not self.is_attached:
            return
        course = self._course
        times = sum(record.count for record in records)
        title = "Your mistakes in the exercises"
        if records:
            title += f" · {plural(len(records), 'mistake')} named {plural(times, 'time')}"
        self._set("#mistakes-title", title)
        self.query_one("#mistakes", HangingText).show(mistakes_text(records, sentences, course, now))

    def _show_course(self) -> None:
        bar = self.query_one("#stats-course-bar", ProgressBar)
        try:
            self._course = load_course(self.app.workspace.course_file)
            statuses = exercise_states(self.app.workspace, self._course)
        except ContentError as exc:
            self._course = None
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
