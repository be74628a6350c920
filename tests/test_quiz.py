"""Quiz mode: scored, interleaved, and it never touches the schedule."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.questions import AnswerFormatError
from backprop_study.cards.quiz import Quiz, interleave
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.store.progress import ProgressStore


def deck_text(deck: str, count: int) -> str:
    cards = "".join(
        f"  - id: {deck}-{n}\n    kind: typed\n    question: {deck} question {n}\n    answer: {deck} {n}\n"
        for n in range(count)
    )
    return f"deck: {deck}\ntitle: {deck}\ncards:\n{cards}"


@pytest.fixture
def decks(tmp_path: Path) -> DeckSet:
    for name in ("alpha", "beta", "gamma"):
        (tmp_path / f"{name}.yaml").write_text(deck_text(name, 4), encoding="utf-8")
    (tmp_path / "mixed.yaml").write_text(
        "deck: mixed\ntitle: Mixed\ncards:\n"
        "  - id: both-ways\n    kind: reversed\n    front: Chain Rule\n    back: Links derivatives across layers\n"
        "  - id: numbers\n    kind: numeric\n    template: chain-rule\n",
        encoding="utf-8",
    )
    loaded = load_decks(tmp_path)
    assert loaded.errors == ()
    return loaded


def test_a_quiz_asks_one_question_per_card_of_the_chosen_decks(decks: DeckSet) -> None:
    quiz = Quiz(decks, deck_ids=["alpha", "beta", "mixed"], rng=random.Random(1))
    asked = []
    while (question := quiz.next()) is not None:
        asked.append(question.card.id)
        quiz.skip()
    assert sorted(asked) == sorted(
        [f"alpha-{n}" for n in range(4)] + [f"beta-{n}" for n in range(4)] + ["both-ways", "numbers"]
    )


def test_a_quiz_is_interleaved_across_decks(decks: DeckSet) -> None:
    quiz = Quiz(decks, deck_ids=["alpha", "beta", "gamma"], rng=random.Random(7))
    decks_in_order = []
    while (question := quiz.next()) is not None:
        decks_in_order.append(question.item.deck)
        quiz.skip()
    assert all(a != b for a, b in itertools.pairwise(decks_in_order))


def test_interleave_deals_decks_round_robin() -> None:
    from types import SimpleNamespace

    items = [SimpleNamespace(deck="a")] * 6 + [SimpleNamespace(deck="b")] * 2
    order = [item.deck for item in interleave(items, random.Random(0))]
    assert order.count("a") == 6 and order[:4].count("b") == 2


def test_the_score_and_the_missed_questions(decks: DeckSet) -> None:
    quiz = Quiz(decks, deck_ids=["alpha", "beta"], count=5, rng=random.Random(3))
    assert quiz.asked == 5
    answers = [True, False, True, True, False]
    for right in answers:
        question = quiz.next()
        given = question.card.answer if right else "no idea"
        verdict = quiz.answer(given)
        assert verdict.correct is right
    assert quiz.next() is None
    result = quiz.result()
    assert (result.correct, result.total, result.asked) == (3, 5, 5)
    assert result.score == pytest.approx(0.6)
    assert len(result.missed) == 2
    assert all(m.verdict is not None and not m.verdict.correct for m in result.missed)
    with pytest.raises(RuntimeError, match="the quiz is over"):
        quiz.mark(True)


def test_an_unreadable_answer_leaves_the_question_open(decks: DeckSet) -> None:
    quiz = Quiz(decks, deck_ids=["mixed"], rng=random.Random(0))
    while (question := quiz.next()).kind != "numeric":
        quiz.mark(True)
    with pytest.raises(AnswerFormatError):
        quiz.answer("a bit")
    assert quiz.next() is question
    assert quiz.answer(question.numeric.answer).correct


def test_a_quiz_leaves_the_schedule_and_the_log_untouched(tmp_path: Path, decks: DeckSet) -> None:
    store = ProgressStore(tmp_path / ".study")
    review = ReviewSession(store, decks, fuzz=False)
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for _ in range(5):
        review.rate(review.next(now), Rating.GOOD, now=now)
    before = (store.card_states(), store.reviews())
    file_before = store.path.read_bytes()

    quiz = Quiz(decks, rng=random.Random(2))
    while (question := quiz.next()) is not None:
        if question.auto_checked:
            try:
                quiz.answer(question.answer if question.kind != "choice" else 0)
            except AnswerFormatError:
                quiz.skip()
        else:
            quiz.mark(False)
    assert quiz.result().total == quiz.asked > 0

    assert (store.card_states(), store.reviews()) == before
    assert store.path.read_bytes() == file_before
