"""The Stats screen as a learner reads it: streak, retention, cards by state, time, charts, and exercises done.

Progress is written through the engine (a review session rating cards on simulated days, grading results
recorded as `study check` records them), and "now" is frozen so the dates on screen are the same every day.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import ProgressBar, Static

from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.cards.stats import compute_stats
from backprop_study.course_progress import record_result
from backprop_study.grading.result import ExerciseResult
from backprop_study.times import duration_text
from backprop_study.tui.app import make_app
from backprop_study.tui.screens.stats import StatsScreen
from backprop_study.tui.widgets.calibration import CalibrationChart, calibration_rows
from backprop_study.tui.widgets.hanging import HangingText
from backprop_study.tui.widgets.stats_chart import DayBarChart, bar_heights

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
STUDY_DAYS = [-20, -19, -18, -17, -15, -14, -13, -12, -10, -9, -7, -6, -5, -4, -3, -2, -1, 0]  # an 8-day streak


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch):
    """Dates on screen are local: pin the zone to UTC and the screen's clock to NOW."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(StatsScreen, "clock", staticmethod(lambda: NOW))
    yield
    monkeypatch.undo()
    time.tzset()


def rating_for(count: int) -> Rating:
    """A learner who forgets about one card in eight and finds some easy or hard."""
    if count % 8 == 3:
        return Rating.AGAIN
    if count % 11 == 5:
        return Rating.HARD
    if count % 13 == 7:
        return Rating.EASY
    return Rating.GOOD


def review_days(workspace, days: list[int], per_day: int = 25) -> None:
    """Review up to `per_day` due cards on each of `days` (offsets from NOW), as the Review screen would."""
    from backprop_study.cards.decks import load_decks

    decks = load_decks(workspace.quizzes_dir)
    count = 0
    for offset in days:
        session = ReviewSession(workspace.progress(), decks, rng=random.Random(offset), fuzz=False)
        moment = NOW - timedelta(days=-offset, hours=3)
        for _ in range(per_day):
            question = session.next(now=moment)
            if question is None:
                break
            session.rate(question, rating_for(count), seconds=4.0 + count % 9, now=moment)
            count += 1
            moment += timedelta(seconds=20)


def check(workspace, exercise: str, passed: bool, days_ago: int) -> None:
    when = (NOW - timedelta(days=days_ago)).isoformat()
    status = "passed" if passed else "failed"
    problem = None if passed else "d_output has the wrong sign"
    record_result(workspace, ExerciseResult(exercise, status, (), problem, None, "", 0.4, checked_at=when))


def populate(workspace) -> None:
    review_days(workspace, STUDY_DAYS)
    check(workspace, "01_sigmoid", True, 18)
    check(workspace, "02_forward_pass", False, 16)
    check(workspace, "02_forward_pass", True, 15)
    check(workspace, "03_error_and_loss", True, 9)
    check(workspace, "04_d_output", False, 1)


def text(app, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return widget.text if isinstance(widget, HangingText) else str(widget.render())


def chart_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, DayBarChart).render())


async def open_stats(pilot) -> None:
    await pilot.press("t")
    await pilot.pause()
    assert pilot.app.current_mode == "stats"


# ------------------------------------------------------------------ what the learner reads


async def test_a_new_learner_sees_honest_empty_stats(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot)
        assert text(app, "#streak-figure").startswith("none yet")
        assert text(app, "#retention-figure").startswith("not enough reviews yet")
        assert "%" not in text(app, "#retention-figure").split("·")[0], "no made-up percentage"
        total = len(app.deck_set().review_items())
        assert text(app, "#cards-figure").startswith(f"{total}: {total} new · 0 learning · 0 review · 0 relearning")
        assert text(app, "#leeches-figure") == "none"
        assert text(app, "#time-figure") == "no reviews yet"
        assert text(app, "#reviews-title") == "Reviews per day, last 30 days"
        assert "no reviews yet" in chart_text(app, "#reviews-chart")
        assert "┤" not in chart_text(app, "#reviews-chart"), "an empty chart shows no scale"
        assert "nothing scheduled yet" in chart_text(app, "#forecast-chart")
        assert text(app, "#course-title") == "Course: 0 of 14 exercises done"
        assert app.screen.query_one("#stats-course-bar", ProgressBar).percentage == 0
        left = text(app, "#exercises-left").splitlines()
        assert left[0].startswith("▸ 01 sigmoid") and left[0].endswith("current")
        assert left[1].endswith("pending")


async def test_reviews_and_checks_show_up_as_figures(workspace) -> None:
    populate(workspace)
    store = workspace.progress()
    expected = compute_stats(store, NOW)
    reviews = store.review_count()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(pilot)
        retention = expected.retention
        assert retention.total > 20, "the simulated learner has reviews of learned cards"
        shown = text(app, "#retention-figure")
        assert shown.startswith(f"{retention.passed / retention.total * 100:.0f}% over the last 30 days")
        assert f"({retention.passed} of {retention.total} reviews remembered)" in shown
        assert shown.endswith("target 90%")
        assert text(app, "#streak-figure").startswith("8 days in a row")
        assert f"{expected.reviewed_today} reviews today" in text(app, "#streak-figure")
        states = expected.items_by_state
        total = len(app.deck_set().review_items())
        assert text(app, "#cards-figure") == (
            f"{total}: {total - len(store.card_states())} new · {states['learning']} learning"
            f" · {states['review']} review · {states['relearning']} relearning"
        )
        assert f"on {reviews} reviews" in text(app, "#time-figure")
        assert text(app, "#reviews-title") == f"Reviews per day · {reviews} in 30 days"
        assert (
            text(app, "#forecast-title") == f"Due per day · {sum(n for _, n in expected.due_forecast)} in next 30 days"
        )
        assert "no reviews yet" not in chart_text(app, "#reviews-chart")
        assert text(app, "#course-title") == "Course: 3 of 14 exercises done"
        left = text(app, "#exercises-left").splitlines()
        assert left[0] == f"{'✓ 01 sigmoid':<26}passed 20 Feb"
        assert left[1] == f"{'✓ 02 forward pass':<26}passed 23 Feb", "the first pass is the date shown"
        assert left[3] == f"{'▸ 04 d output':<26}current"
        assert app.screen.query_one("#stats-course-bar", ProgressBar).percentage == pytest.approx(3 / 14)


async def test_refresh_picks_up_work_done_elsewhere_and_escape_goes_home(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot)
        assert text(app, "#course-title") == "Course: 0 of 14 exercises done"
        check(workspace, "01_sigmoid", True, 0)  # e.g. `study check` in another terminal
        review_days(workspace, [0], per_day=5)
        await pilot.press("r")
        await pilot.pause()
        assert text(app, "#course-title") == "Course: 1 of 14 exercises done"
        assert text(app, "#streak-figure") == "1 day in a row · 5 reviews today"
        assert text(app, "#time-figure") == "30 s on 5 reviews, about 6 s each"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "dashboard"


async def test_a_passed_exercise_failing_again_says_so(workspace) -> None:
    check(workspace, "01_sigmoid", True, 3)
    check(workspace, "01_sigmoid", False, 1)
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot)
        assert text(app, "#course-title") == "Course: 0 of 14 exercises done"
        first = text(app, "#exercises-left").splitlines()[0]
        assert first.endswith("current, failing since passing 7 Mar")


def test_a_pass_from_another_year_shows_its_year(workspace) -> None:
    from backprop_study.course import load_course
    from backprop_study.course_progress import ExerciseStatus
    from backprop_study.store.progress import ExerciseState
    from backprop_study.tui.screens.stats import exercise_line

    first = load_course(workspace.course_file).exercises[0]
    line = exercise_line(
        ExerciseStatus(first, "done", ExerciseState(passed_at="2025-12-30T10:00:00+00:00")), NOW.date()
    )
    assert line.endswith("passed 30 Dec 2025")
    line = exercise_line(
        ExerciseStatus(first, "done", ExerciseState(passed_at="2026-01-02T10:00:00+00:00")), NOW.date()
    )
    assert line.endswith("passed 2 Jan")


def test_leeches_are_named_so_the_learner_can_fix_them(workspace) -> None:
    from backprop_study.tui.screens.stats import leeches_text

    assert leeches_text([]) == "none"
    assert leeches_text(["What is d_hidden?"]).endswith(": What is d_hidden?")
    assert leeches_text(list("abcde")).startswith("5, ")
    assert leeches_text(list("abcde")).endswith("a; b; c; … (all 5 under Cards to work on)")


# ------------------------------------------------------------------ calibration


def review_with_confidence(workspace, answers: list[tuple[int, Rating]]) -> list[str]:
    """Rate recall cards one after another with a confidence each, as the Review screen does; their ids."""
    from backprop_study.cards.decks import load_decks

    decks = load_decks(workspace.deck_sources())
    session = ReviewSession(workspace.progress(), decks, rng=random.Random(3), fuzz=False)
    recall = [item for item in decks.review_items() if item.kind in ("basic", "reversed", "cloze")]
    moment = NOW - timedelta(hours=2)
    rated = []
    for item, (confidence, rating) in zip(recall, answers, strict=False):
        session.rate(item.id, rating, seconds=5.0, now=moment, confidence=confidence)
        rated.append(item.id)
        moment += timedelta(seconds=30)
    return rated


CALIBRATION = [(3, Rating.GOOD)] * 8 + [(3, Rating.AGAIN)] * 4 + [(2, Rating.GOOD)] * 3 + [(2, Rating.AGAIN)] * 3
CALIBRATION += [(1, Rating.AGAIN)] * 2 + [(1, Rating.HARD)] * 1


async def test_the_calibration_chart_is_computed_from_the_stored_ratings(workspace) -> None:
    rated = review_with_confidence(workspace, CALIBRATION)
    stored = workspace.progress().calibration()
    assert stored == {3: (12, 8), 2: (6, 3), 1: (3, 1)}
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(pilot)
        assert text(app, "#calibration-title") == "Calibration · 21 reviews with a confidence"
        chart = app.screen.query_one("#calibration-chart", CalibrationChart)
        assert chart.rows == calibration_rows(stored)
        lines = str(chart.render()).splitlines()
        assert lines[1].startswith("sure") and "~90%" in lines[1] and lines[1].endswith("67% of 12: overconfident")
        assert lines[2].startswith("think so") and lines[2].endswith("50% of 6: about right")
        assert lines[3].startswith("guessing") and lines[3].endswith("33% of 3: too few to tell")
        work_on = text(app, "#work-on")
        assert work_on.startswith("Sure, but forgotten (review these first):")
        errors = workspace.progress().confident_errors(limit=5)
        decks = app.deck_set()
        for log in errors:
            prompt = decks.item(log.item_id).card.prompt
            assert f"• {prompt} (" in work_on, "a confident error is named by its prompt"
        assert not any(item_id in work_on for item_id in rated), "never by its id"


def test_a_level_says_whether_the_learner_was_over_or_under_confident() -> None:
    rows = {row.level: row for row in calibration_rows({3: (20, 12), 2: (10, 9), 1: (10, 3)})}
    assert rows[3].verdict == "overconfident"  # 60% remembered after saying "sure" (~90%)
    assert rows[2].verdict == "underconfident"  # 90% after "think so" (~60%)
    assert rows[1].verdict == "about right"  # 30% after "guessing" (~30%)
    assert calibration_rows({})[0].verdict == "not used yet"


async def test_without_confidence_the_chart_says_how_to_start(workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(pilot)
        assert not app.screen.query_one("#calibration-chart").display
        assert text(app, "#calibration-note").startswith("No confidence given yet. On a recall card, press s (sure)")
        assert text(app, "#work-on").startswith("Nothing stands out")


# ------------------------------------------------------------------ the chart and the wording


def test_bars_scale_to_the_busiest_day_and_a_small_day_still_shows() -> None:
    assert bar_heights([0, 1, 50, 100], rows=4) == [0, 1, 16, 32]
    assert bar_heights([0, 0], rows=4) == [0, 0], "no division by zero on an empty chart"


def test_durations_read_like_speech() -> None:
    assert duration_text(42) == "42 s"
    assert duration_text(12 * 60 + 10) == "12 min"
    assert duration_text(3600 + 5 * 60) == "1 h 05 min"


# ------------------------------------------------------------------ pictures, reviewed before accepted


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"])
@pytest.mark.parametrize("learner", ["new", "studying"])
def test_stats_screen_snapshot(workspace, snap_compare, learner: str, size: tuple[int, int]) -> None:
    if learner == "studying":
        populate(workspace)

    async def run_before(pilot) -> None:
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_calibration_snapshot(workspace, snap_compare, size: tuple[int, int]) -> None:
    review_with_confidence(workspace, CALIBRATION)

    async def run_before(pilot) -> None:
        await pilot.press("t")
        await pilot.pause()
        box = pilot.app.screen.query_one("#calibration-box")
        pilot.app.screen.query_one("#stats-page").scroll_to_widget(box, animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


def named_mistakes(workspace) -> None:
    """Three checks that name two mistakes (the sign of d_output twice), as the graders record them."""
    from loop_fixtures import SIGN, SLOPE, failed

    from backprop_study.cards.decks import load_decks

    decks = load_decks(workspace.deck_sources())
    for exercise, mistake, days_ago in (("04_d_output", SIGN, 3), ("04_d_output", SIGN, 1), ("05_d_hidden", SLOPE, 1)):
        record_result(workspace, failed(exercise, mistake, NOW - timedelta(days=days_ago)), decks=decks)


async def mistakes_shown(pilot) -> None:
    await pilot.press("t")
    deadline = time.monotonic() + 20
    while pilot.app.screen.query_one("#mistakes", HangingText).text == "Counting…":
        assert time.monotonic() < deadline, "the mistakes were never counted"
        await pilot.pause(0.05)
    box = pilot.app.screen.query_one("#mistakes-box")
    pilot.app.screen.query_one("#stats-page").scroll_to_widget(box, animate=False, top=True)
    await pilot.pause()


async def test_named_mistakes_are_listed_with_their_cards(workspace) -> None:
    named_mistakes(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await mistakes_shown(pilot)
        assert text(app, "#mistakes-title") == "Your mistakes in the exercises · 2 mistakes named 3 times"
        lines = text(app, "#mistakes").splitlines()
        assert lines[0] == "• 2× d_output: the sign is flipped (exercise 04; last time yesterday)"
        assert lines[1].startswith("  its ") and lines[1].endswith("not asked again yet · due now in Review")
        assert lines[2].startswith("• 1× d_hidden: you applied sigmoid_derivative to the pre-activation")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_mistakes_snapshot(workspace, snap_compare, size: tuple[int, int]) -> None:
    named_mistakes(workspace)
    assert snap_compare(make_app(workspace), terminal_size=size, run_before=mistakes_shown)
