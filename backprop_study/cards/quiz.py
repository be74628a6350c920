"""Quiz mode: a scored, interleaved run over chosen decks that never touches the schedule.

A quiz has no progress store at all, so it cannot change a card's schedule or
the review log: it is exam practice. One question per card (a reversed card
asks one direction, a cloze one gap, chosen at random), shuffled so that
consecutive questions come from different decks where possible.

    quiz = Quiz(deck_set, deck_ids=["lesson-concepts"], count=20)
    while (question := quiz.next()) is not None:
        verdict = quiz.answer(answer)          # auto-checked kinds
        quiz.mark(correct=True)                # self-marked kinds, after the reveal
    quiz.result()                              # score and the missed questions
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from backprop_study.cards.card import ReviewItem
from backprop_study.cards.decks import DeckSet
from backprop_study.cards.questions import Question, Verdict, make_question


@dataclass(frozen=True)
class QuizAnswer:
    question: Question
    correct: bool
    verdict: Verdict | None  # None for self-marked kinds


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int  # questions answered
    asked: int  # questions in the quiz
    missed: tuple[QuizAnswer, ...]

    @property
    def score(self) -> float:
        return self.correct / self.total if self.total else 0.0


def interleave(items: Iterable[ReviewItem], rng: random.Random) -> list[ReviewItem]:
    """Shuffle within each deck, then deal the decks round-robin (in a random deck order)."""
    by_deck: dict[str, list[ReviewItem]] = {}
    for item in items:
        by_deck.setdefault(item.deck, []).append(item)
    piles = list(by_deck.values())
    for pile in piles:
        rng.shuffle(pile)
    rng.shuffle(piles)
    dealt: list[ReviewItem] = []
    while any(piles):
        for pile in piles:
            if pile:
                dealt.append(pile.pop())
    return dealt


@dataclass
class Quiz:
    decks: DeckSet
    deck_ids: list[str] | None = None
    count: int | None = None  # at most this many questions (None: one per card)
    rng: random.Random = field(default_factory=random.Random)
    _order: list[ReviewItem] = field(init=False, repr=False)
    _position: int = field(default=0, init=False, repr=False)
    _current: Question | None = field(default=None, init=False, repr=False)
    _answers: list[QuizAnswer] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        one_per_card = [self.rng.choice(card.review_items()) for card in self.decks.cards(self.deck_ids)]
        order = interleave(one_per_card, self.rng)
        self._order = order[: self.count] if self.count is not None else order

    @property
    def asked(self) -> int:
        return len(self._order)

    @property
    def position(self) -> int:
        """How many questions have been answered."""
        return len(self._answers)

    def next(self) -> Question | None:
        """The current question (the same one until it is answered), or None at the end."""
        if self._current is None and self._position < len(self._order):
            self._current = make_question(self._order[self._position], self.decks.pools, self.rng)
        return self._current

    def answer(self, answer: object) -> Verdict:
        """Check and score the current question (auto-checked kinds). AnswerFormatError leaves it unanswered."""
        question = self._require_current()
        verdict = question.check(answer)
        self._record(QuizAnswer(question, verdict.correct, verdict))
        return verdict

    def mark(self, correct: bool) -> None:
        """Score the current question by the learner's own judgement, after the reveal."""
        question = self._require_current()
        self._record(QuizAnswer(question, bool(correct), None))

    def skip(self) -> None:
        """Leave the current question unanswered; it counts as missed."""
        self.mark(False)

    def result(self) -> QuizResult:
        correct = sum(1 for a in self._answers if a.correct)
        missed = tuple(a for a in self._answers if not a.correct)
        return QuizResult(correct=correct, total=len(self._answers), asked=len(self._order), missed=missed)

    def _require_current(self) -> Question:
        question = self.next()
        if question is None:
            raise RuntimeError("the quiz is over")
        return question

    def _record(self, answer: QuizAnswer) -> None:
        self._answers.append(answer)
        self._position += 1
        self._current = None
