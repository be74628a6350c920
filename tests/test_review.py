"""The review session the TUI drives: order of what is due, undo, the summary."""

from __future__ import annotations

import random
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.questions import suggest_rating
from backprop_study.cards.review import ReviewSession
from backprop_study.cards.scheduler import Rating
from backprop_study.store.progress import ProgressStore

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

DECK = """\
deck: mixed
title: Mixed
cards:
  - id: rev
    kind: reversed
    front: Chain Rule
    back: Links derivatives across layers
  - id: gaps
    kind: cloze
    text: "d_output = {{error}} * {{sigmoid_derivative(output)}}"
  - id: one
    kind: basic
    front: a
    back: b
  - id: two
    kind: typed
    question: Which rule links derivatives across layers?
    answer: chain rule
  - id: three
    kind: numeric
    template: gradient-step
"""


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def decks(tmp_path: Path) -> DeckSet:
    (tmp_path / "mixed.yaml").write_text(DECK, encoding="utf-8")
    loaded = load_decks(tmp_path)
    assert loaded.errors == ()
    return loaded


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / ".study")


def new_session(store: ProgressStore, decks: DeckSet, **kwargs) -> ReviewSession:
    return ReviewSession(store, decks, fuzz=False, rng=random.Random(0), **kwargs)


def test_new_items_come_first_items_of_cards_first_and_siblings_wait_a_day(store, decks) -> None:
    s = new_session(store, decks)
    queue_ids = []
    now = START
    while (question := s.next(now)) is not None:
        queue_ids.append(question.item.id)
        s.rate(question, Rating.EASY, now=now)
        now += timedelta(seconds=10)
    # One item per card today, in deck order; the reverse direction and the second gap wait.
    assert queue_ids == ["rev", "gaps:1", "one", "two", "three"]
    tomorrow = [q.item.id for q in _drain(s, START + timedelta(days=1, hours=1))]
    assert tomorrow[:2] == ["rev:reverse", "gaps:2"]


TOPICS = """\
deck: topics
title: Topics
cards:
  - {id: fp-what, kind: basic, tags: [forward-pass, table], front: What is the forward pass?, back: Feed data through}
  - {id: fp-name, kind: typed, tags: [forward-pass, table], question: Feed data through?, answer: forward pass}
  - {id: loss-what, kind: basic, tags: [loss, table], front: What is the loss?, back: The error}
  - {id: loss-name, kind: typed, tags: [loss, table], question: The error?, answer: loss}
  - {id: untagged, kind: basic, front: a, back: b}
"""


def test_a_topic_met_today_waits_behind_new_topics(tmp_path: Path, store) -> None:
    (tmp_path / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    decks = load_decks(tmp_path)
    assert decks.errors == ()
    shown = [q.item.id for q in _drain(new_session(store, decks), START)]
    # Each card of a topic asks the same fact another way: a topic's second card comes after the new topics.
    # Among new topics, the kind shown least so far goes first (loss-name is the first typed card).
    assert shown == ["fp-what", "loss-name", "untagged", "fp-name", "loss-what"]


def test_in_the_shipped_decks_no_new_card_gives_away_the_next(store) -> None:
    from backprop_study.store.paths import shipped_quizzes_dir

    decks = load_decks(shipped_quizzes_dir())
    first_day = [q.item for q in _drain(new_session(store, decks), START)]
    assert len(first_day) == 20
    topics = [item.card.tags[0] if item.card.tags else item.card.id for item in first_day]
    assert len(set(topics)) == len(topics), f"two cards on one topic on the first day: {topics}"


def test_day_one_meets_every_kind_of_card_early_and_the_order_holds_as_cards_are_rated(store) -> None:
    from backprop_study.store.paths import shipped_quizzes_dir

    decks = load_decks(shipped_quizzes_dir())
    kinds = {item.card.kind for item in decks.review_items()}
    s = new_session(store, decks)
    planned = [item.id for item in s.queue(START).items]
    first_kinds = [decks.item(item_id).card.kind for item_id in planned[: len(kinds)]]
    assert sorted(first_kinds) == sorted(kinds), f"the first {len(kinds)} new cards: {first_kinds}"
    assert len(planned) == 20, "day one's new cards"
    s.rate(planned[0], Rating.EASY, now=START)
    assert [item.id for item in s.queue(START).items][: len(planned) - 2] == planned[1:-1], "rebuilt, same order"


def _drain(s: ReviewSession, now: datetime) -> list:
    shown = []
    while (question := s.next(now)) is not None:
        shown.append(question)
        s.rate(question, Rating.EASY, now=now)
    return shown


def test_learning_steps_come_back_the_same_session(store, decks) -> None:
    s = new_session(store, decks, deck_ids=["mixed"])
    first = s.next(START)
    s.rate(first, Rating.AGAIN, now=START)  # due again in a minute
    others = s.next(START)
    assert others.item.id != first.item.id  # something else first...
    for _ in range(4):
        s.rate(s.next(START + timedelta(seconds=5)), Rating.EASY, now=START + timedelta(seconds=5))
    # ...nothing else is left, so the learning step is shown (it is due within the learn-ahead window).
    assert s.next(START + timedelta(seconds=10)).item.id == first.item.id
    assert s.next(START + timedelta(minutes=2)).item.id == first.item.id


def test_due_reviews_come_before_nothing_and_new_items_are_spread_among_them(tmp_path: Path, store) -> None:
    cards = "".join(f"  - id: c{n:02d}\n    kind: basic\n    front: f\n    back: b\n" for n in range(30))
    (tmp_path / "many.yaml").write_text(f"deck: many\ntitle: Many\ncards:\n{cards}", encoding="utf-8")
    decks = load_decks(tmp_path)
    store.update(lambda p: p.settings.update(new_per_day=10))
    s = new_session(store, decks)
    assert len(_drain(s, START)) == 10  # day 1: ten new cards learned
    later = START + timedelta(days=30)
    order = []
    while (question := s.next(later)) is not None:
        order.append(question.item.id)
        s.rate(question, Rating.EASY, now=later)
    reviewed = {f"c{n:02d}" for n in range(10)}
    kinds = ["review" if item in reviewed else "new" for item in order]
    assert kinds.count("review") == 10 and kinds.count("new") == 10
    assert kinds[:4] != ["new"] * 4 and kinds[-4:] != ["new"] * 4  # interleaved, not bunched
    assert "review" in kinds[10:] and "new" in kinds[:10]


def test_next_returns_the_same_question_until_it_is_rated(store, decks) -> None:
    s = new_session(store, decks)
    first = s.next(START)
    assert s.next(START) is first
    s.rate(first, Rating.GOOD, now=START)
    assert s.next(START) is not first


def on_disk(store: ProgressStore) -> tuple[dict, list]:
    """Every card's entry and the review log, as a fresh store reads them."""
    fresh = ProgressStore(store.study_dir)
    cards = {item_id: fresh.card_entry(item_id) for item_id in fresh.card_states()}
    return cards, [(r.item_id, r.rating, r.at_ms, r.state) for r in fresh.reviews()]


def test_undo_restores_the_schedule_and_the_log(store, decks) -> None:
    s = new_session(store, decks)
    q1 = s.next(START)
    s.rate(q1, Rating.GOOD, now=START)
    after_one = on_disk(store)
    q2 = s.next(START)
    s.rate(q2, Rating.AGAIN, seconds=2, now=START + timedelta(seconds=5))
    assert len(ProgressStore(store.study_dir).reviews()) == 2

    back = s.undo()
    assert back.item.id == q2.item.id  # shown again
    assert on_disk(store) == after_one
    assert s.next(START) is back

    # Undo again: the first rating too, back to nothing.
    assert s.undo().item.id == q1.item.id
    assert on_disk(store) == ({}, [])
    assert not s.can_undo and s.undo() is None


def test_undo_of_a_review_restores_its_previous_state(store, decks) -> None:
    s = new_session(store, decks)
    s.rate("one", Rating.EASY, now=START)
    before = ProgressStore(store.study_dir).card_entry("one")
    later = START + timedelta(days=20)
    s.rate("one", Rating.AGAIN, now=later)
    assert ProgressStore(store.study_dir).card_entry("one")["lapses"] == 1
    s.undo()
    assert ProgressStore(store.study_dir).card_entry("one") == before
    assert s.state_of("one").state == "review", "the session's own view is restored too"


def test_summary_counts_what_happened(store, decks) -> None:
    s = new_session(store, decks)
    now = START
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY):
        s.rate(s.next(now), rating, seconds=2.5, now=now)
    s.rate(s.next(now), Rating.HARD, seconds=1.0, now=now)
    s.undo()
    summary = s.summary(now)
    assert summary.reviewed == 3
    assert summary.by_rating == {Rating.AGAIN: 1, Rating.HARD: 0, Rating.GOOD: 1, Rating.EASY: 1}
    assert summary.new_items == 3
    assert summary.seconds == pytest.approx(7.5)
    assert summary.again_rate == pytest.approx(1 / 3)
    assert summary.due_left.learning + summary.due_left.new >= 1


def test_an_auto_checked_answer_suggests_the_rating_to_store(store, decks) -> None:
    s = new_session(store, decks)
    while (question := s.next(START)).item.id != "two":
        s.rate(question, Rating.EASY, now=START)
    verdict = question.check("Chain rule.")
    rating = suggest_rating(question, verdict, seconds=5)
    assert (verdict.correct, rating) == (True, Rating.EASY)
    s.rate(question, rating, seconds=5, now=START)
    assert ProgressStore(store.study_dir).reviews()[-1].rating == 4


def test_only_the_chosen_decks_are_reviewed(tmp_path: Path, store, decks) -> None:
    (tmp_path / "other.yaml").write_text(
        textwrap.dedent(
            """\
            deck: other
            title: Other
            cards:
              - id: elsewhere
                kind: basic
                front: x
                back: y
            """
        ),
        encoding="utf-8",
    )
    both = load_decks(tmp_path)
    s = new_session(store, both, deck_ids=["other"])
    assert s.next(START).item.id == "elsewhere"
    assert s.counts(START).new == 1


def test_rating_an_unknown_item_is_refused(store, decks) -> None:
    with pytest.raises(KeyError, match="no review item 'nope'"):
        new_session(store, decks).rate("nope", Rating.GOOD, now=START)


def test_a_confidence_is_stored_with_the_rating_and_feeds_the_calibration(store, decks) -> None:
    s = new_session(store, decks)
    s.rate(s.next(START), Rating.AGAIN, confidence=3, now=START)  # sure, and wrong: a confident error
    s.rate(s.next(START), Rating.GOOD, confidence=3, now=START)
    s.rate(s.next(START), Rating.GOOD, now=START)  # no confidence given: not in the chart
    fresh = ProgressStore(store.study_dir)
    assert [r.confidence for r in fresh.reviews()] == [3, 3, None]
    assert fresh.calibration() == {3: (2, 1)}
    assert [r.rating for r in fresh.confident_errors()] == [1]
    s.undo()
    s.undo()
    assert ProgressStore(store.study_dir).calibration() == {3: (1, 0)}, "undo takes the tally back too"
    with pytest.raises(ValueError, match="confidence"):
        s.rate(s.next(START), Rating.GOOD, confidence=7, now=START)
