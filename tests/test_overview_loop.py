"""What the screens say about the loop from exercises to cards, computed headlessly: a mistake in words, why
a card was brought forward, the dashboard's count of cards from mistakes, and the mistakes with their
cards' retention for Stats."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from loop_fixtures import DECK, SIGN, SLOPE, failed

from backprop_study.cards.decks import load_decks
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.checks.mistakes import catalogue
from backprop_study.course import load_course
from backprop_study.course_progress import record_result
from backprop_study.overview import (
    card_summary,
    exercise_label,
    mistake_phrase,
    mistake_records,
    retention_words,
    why_due_text,
)
from backprop_study.store.progress import DueNow
from backprop_study.store.workspace import Workspace, init_workspace
from backprop_study.times import on_day_text

NOW = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def paris(monkeypatch: pytest.MonkeyPatch):
    """Days are local: a zone an hour east of UTC, so a day taken in UTC would show."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    ws = init_workspace(tmp_path / "ws")
    (ws.root / "quizzes").mkdir()
    (ws.root / "quizzes" / "loop.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(Workspace, "deck_sources", lambda self: [self.root / "quizzes"])
    return ws


def test_a_mistake_reads_as_its_quantity_and_the_first_clause_of_its_sentence() -> None:
    sentences = catalogue()
    assert mistake_phrase(SIGN, sentences[SIGN]) == "d_output: the sign is flipped"
    assert mistake_phrase(SLOPE, sentences[SLOPE]) == (
        "d_hidden: you applied sigmoid_derivative to the pre-activation hidden_input"
    )
    # A sentence that names its quantity itself keeps it; one that is a sentence of its own is capitalised.
    assert mistake_phrase("TRAINING:d_output sigmoid_twice", sentences["TRAINING:d_output sigmoid_twice"]) == (
        "d_output: you applied the sigmoid twice"
    )
    assert mistake_phrase("TRAINING:flipped_sign", sentences["TRAINING:flipped_sign"]) == "The weights step uphill"


def test_every_catalogued_mistake_has_words_a_learner_reads() -> None:
    for mistake_id, sentence in catalogue().items():
        phrase = mistake_phrase(mistake_id, sentence)
        assert phrase and mistake_id not in phrase, mistake_id
        assert "{" not in phrase, f"{mistake_id}: a sentence worded at grading time shows its id in words"
        assert not phrase.endswith(("…", ";", ":", ",")), f"{mistake_id}: {phrase!r} is cut"


def test_a_mistake_without_a_sentence_is_its_id_in_words() -> None:
    assert mistake_phrase("NUMERICAL_GRADIENT:own_step", "you used a step of {used}, not {given}: {fix}") == (
        "numerical gradient own step"
    )
    assert mistake_phrase("GONE:some_mistake", None) == "gone some mistake"


def test_why_a_card_is_due_after_a_mistake_says_which_exercise_and_when(workspace: Workspace) -> None:
    course = load_course(workspace.course_file)
    label = exercise_label(course, "04_d_output")
    assert label == "exercise 04"
    today = DueNow("about-the-sign", "04_d_output", SIGN, NOW.isoformat())
    assert why_due_text(today, label, None, "d_output: the sign is flipped", NOW) == (
        "You made this mistake in exercise 04 today (d_output: the sign is flipped)."
    )
    earlier = DueNow("about-the-sign", "04_d_output", SIGN, (NOW - timedelta(days=3)).isoformat())
    assert why_due_text(earlier, label, None, None, NOW) == "You made this mistake in exercise 04 on 27 Nov."


def test_why_a_concept_card_is_due_says_before_you_start_or_after_the_pass() -> None:
    due = DueNow("code-d-output", "05_d_hidden", None, NOW.isoformat())
    assert why_due_text(due, "exercise 05", None, now=NOW) == "Exercise 05 practises this: recall it before you start."
    just = (NOW - timedelta(minutes=5)).isoformat()
    assert why_due_text(due, "exercise 05", just, now=NOW) == "Exercise 05 practises this: you just passed it."
    before = (NOW - timedelta(days=10)).isoformat()
    assert why_due_text(due, "exercise 05", before, now=NOW) == "Exercise 05 practises this: you passed it on 20 Nov."


def test_an_exercise_missing_from_the_course_is_named_by_its_file_name() -> None:
    assert exercise_label(None, "99_extra") == "exercise 99_extra"


def test_days_are_said_after_a_verb_in_local_time() -> None:
    # 23:30 UTC on the 29th is half past midnight on the 30th in Paris: "today", not "yesterday".
    assert on_day_text("2026-11-29T23:30:00+00:00", NOW) == "today"
    assert on_day_text("2026-11-28T12:00:00+00:00", NOW) == "on 28 Nov"


def test_the_dashboard_counts_cards_from_mistakes_within_what_is_due(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    store = workspace.progress()
    store.set_setting("new_per_day", 0)  # nothing new today: only what an exercise brought forward is due
    assert card_summary(store, decks).due == 0
    record_result(workspace, failed("04_d_output", SIGN, NOW), decks=decks)
    # The mistake's card, and (the exercise's first check) its concept card: only one is from a mistake.
    summary = card_summary(store, decks)
    assert (summary.due, summary.from_mistakes) == (2, 1)
    session = ReviewSession(store, decks, fuzz=False)
    assert session.counts().total == summary.due, "the dashboard and Review's header agree"
    session.rate("about-the-sign", Rating.GOOD)
    assert (card_summary(store, decks).due, card_summary(store, decks).from_mistakes) == (1, 0)


def test_mistakes_are_listed_most_frequent_first_with_their_cards_retention(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    store = workspace.progress()
    store.set_setting("new_per_day", 0)
    assert mistake_records(store, decks) == []
    record_result(workspace, failed("05_d_hidden", SLOPE, NOW - timedelta(days=2)), decks=decks)
    record_result(workspace, failed("04_d_output", SIGN, NOW - timedelta(days=2)), decks=decks)
    record_result(workspace, failed("04_d_output", SIGN, NOW - timedelta(days=1)), decks=decks)

    # The sign card: first seen (not a recall), then remembered, then forgotten.
    session = ReviewSession(store, decks, fuzz=False)
    moment = NOW - timedelta(days=2)
    session.rate("about-the-sign", Rating.GOOD, now=moment)
    session.rate("about-the-sign", Rating.GOOD, now=moment + timedelta(minutes=10))
    session.rate("about-the-sign", Rating.AGAIN, now=moment + timedelta(days=1))

    sign, slope = mistake_records(store, decks)
    assert (sign.mistake, sign.count, sign.exercises, sign.card_ids) == (SIGN, 2, ("04_d_output",), ("about-the-sign",))
    assert (sign.recalls, sign.remembered, sign.retention) == (2, 1, 0.5)
    assert not sign.due_now, "rated since: no longer brought forward"
    assert retention_words(sign) == "its card: remembered 1 of 2 times (50%)"
    assert (slope.count, slope.recalls, slope.due_now) == (1, 0, True)
    assert retention_words(slope) == "its card: not asked again yet · due now in Review"


def test_a_mistake_no_card_is_about_says_so(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    record_result(workspace, failed("09_gradient_checking", "NUMERICAL_GRADIENT:divided_by_h", NOW), decks=decks)
    (record,) = mistake_records(workspace.progress(), decks)
    assert record.card_ids == () and retention_words(record) == "no card is about it yet"
