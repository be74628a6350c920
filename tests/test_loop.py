"""The loop: a mistake named in an exercise brings its card forward in Review (saying why), a learned card is
lapsed, and an exercise's concept cards come due when it is started and again when it first passes."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.cards.decks import load_decks
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.course import load_course
from backprop_study.course_progress import exercise_started, record_result
from backprop_study.grading.result import ExerciseResult, TestResult
from backprop_study.store.workspace import Workspace, init_workspace

MISTAKE = "LESSON:d_output:flipped_sign"
DECK = """\
deck: loop-test
title: Loop test
cards:
  - id: about-the-sign
    kind: basic
    front: Which sign does the lesson's error have?
    back: error = y - output
    mistakes: ["LESSON:*:flipped_sign"]
  - id: unrelated
    kind: basic
    front: Something else
    back: Not about the sign
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws")
    (ws.root / "quizzes").mkdir()
    (ws.root / "quizzes" / "loop.yaml").write_text(DECK, encoding="utf-8")
    return ws


def result(exercise: str, mistake: str | None, *, passed: bool = False, when: datetime | None = None) -> ExerciseResult:
    test = TestResult("test_d_output", "graders/x.py::test_d_output", "passed" if passed else "failed",
                      "" if passed else "d_output: the sign is flipped ...", "", mistake)  # fmt: skip
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    return ExerciseResult(exercise, "passed" if passed else "failed", (test,), None if passed else test.message,
                          None if passed else test.name, "", 0.1, stamp)  # fmt: skip


def test_a_named_mistake_brings_its_card_forward_and_says_why(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    # Every new card is due anyway on day one: use up the day's new cards so the brought-forward one shows.
    workspace.progress().set_setting("new_per_day", 0)
    record_result(workspace, result("04_d_output", MISTAKE), decks=decks)
    session = ReviewSession(workspace.progress(), decks, fuzz=False)
    queue = session.queue()
    # Brought forward cards come first (the exercise's own concept cards came due too: its first check).
    brought = [item.id for item in queue.items[: queue.counts.brought_forward]]
    assert "about-the-sign" in brought and "unrelated" not in brought
    question = session.next()
    while question.item.id != "about-the-sign":
        session.rate(question, Rating.GOOD)
        question = session.next()
    why = session.why_due("about-the-sign")
    assert (why.exercise, why.mistake) == ("04_d_output", MISTAKE)
    assert session.counts().brought_forward >= 1
    assert workspace.progress().mistake_counts() == {("04_d_output", MISTAKE): 1}
    # Rated: done with; undone: brought forward again, with its reason.
    session.rate(question, Rating.GOOD)
    assert "about-the-sign" not in workspace.progress().due_now()
    session.undo()
    assert workspace.progress().due_now()["about-the-sign"].mistake == MISTAKE


def test_a_learned_card_is_lapsed_by_the_mistake(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    session = ReviewSession(workspace.progress(), decks, fuzz=False)
    moment = datetime.now(UTC) - timedelta(days=60)
    while (state := session.state_of("about-the-sign")) is None or state.state != "review":
        rated = session.rate("about-the-sign", Rating.GOOD, now=moment)
        moment += rated.interval
    before = workspace.progress().card_entry("about-the-sign")
    record_result(workspace, result("05_d_hidden", "LESSON:d_hidden:flipped_sign"), decks=decks)
    after = workspace.progress().card_entry("about-the-sign")
    assert after["lapses"] == before["lapses"] + 1 and after["state"] == 3  # relearning
    assert datetime.fromisoformat(after["due"]) <= datetime.now(UTC)
    # The lapse is not a review: the log holds only the ratings given in Review.
    assert len(workspace.progress().reviews()) == session.summary().reviewed


def test_a_mistake_brings_only_the_cards_that_name_it(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    record_result(workspace, result("04_d_output", "SOFTMAX:ce sum"), decks=decks)
    forward = workspace.progress().due_now()
    assert "about-the-sign" not in forward and "unrelated" not in forward


def test_concepts_come_due_when_an_exercise_is_started_and_when_it_first_passes(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    exercise = load_course(workspace.course_file).find("4")
    assert exercise.concepts, "the course lists concept cards for exercise 04"
    store = workspace.progress()
    exercise_started(workspace, exercise, decks)
    first = {item_id for item_id, why in store.due_now().items() if why.exercise == "04_d_output"}
    assert first and all(store.due_now()[i].mistake is None for i in first)
    for item_id in first:  # reviewed: no longer due
        ReviewSession(store, decks, fuzz=False).rate(item_id, Rating.GOOD)
    assert not [i for i, why in store.due_now().items() if why.exercise == "04_d_output"]
    record_result(workspace, result("04_d_output", None), decks=decks)  # started already: nothing new
    assert not [i for i, why in store.due_now().items() if why.exercise == "04_d_output"]
    record_result(workspace, result("04_d_output", None, passed=True), decks=decks)  # the first pass
    assert {i for i, why in store.due_now().items() if why.exercise == "04_d_output"} == first
    for item_id in first:
        ReviewSession(store, decks, fuzz=False).rate(item_id, Rating.GOOD)
    record_result(workspace, result("04_d_output", None, passed=True), decks=decks)  # passing again: not again
    assert not [i for i, why in store.due_now().items() if why.exercise == "04_d_output"]


def test_every_shipped_concept_of_the_course_names_a_card() -> None:
    from backprop_study.store.paths import shipped_exercises_dir, shipped_quizzes_dir

    decks = load_decks(shipped_quizzes_dir())
    for exercise in load_course(shipped_exercises_dir() / "course.yaml").exercises:
        for concept in exercise.concepts:
            assert decks.card(concept) or decks.item(concept), (exercise.name, concept)


def test_the_deck_field_is_documented_in_the_deck_format() -> None:
    readme = textwrap.dedent(Path(__file__).resolve().parents[1].joinpath("quizzes", "README.md").read_text())
    assert "mistakes:" in readme and "kind: graph" in readme


def test_cards_brought_forward_use_up_no_daily_limit_and_mistakes_come_before_concepts(workspace: Workspace) -> None:
    decks = load_decks(workspace.deck_sources())
    store = workspace.progress()
    store.set_setting("new_per_day", 3)
    exercise = load_course(workspace.course_file).find("4")
    record_result(workspace, result("04_d_output", MISTAKE), decks=decks)  # its first check: concepts too
    session = ReviewSession(store, decks, fuzz=False)
    queue = session.queue()
    brought = queue.items[: queue.counts.brought_forward]
    from_mistake = [session.why_due(item.id).mistake is not None for item in brought]
    assert "about-the-sign" in [item.id for item in brought] and any(from_mistake) and not all(from_mistake)
    assert from_mistake == sorted(from_mistake, reverse=True), "the mistake's cards come before the concepts"
    concepts = [item for item, mistaken in zip(brought, from_mistake, strict=True) if not mistaken]
    assert all(item.id in exercise.concepts or item.card.id in exercise.concepts for item in concepts)
    new_before = queue.counts.new
    for item in brought:
        session.rate(item.id, Rating.GOOD)
    after = session.counts()
    assert after.brought_forward == 0
    assert after.new == new_before == 3, "rating brought-forward cards left today's new cards as they were"
