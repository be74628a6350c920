"""Presenting each card kind and checking answers, as a learner would meet them."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.questions import (
    AnswerFormatError,
    DiffPart,
    Rating,
    make_question,
    normalise_typed,
    suggest_rating,
    typed_matches,
    typed_numbers,
)

DECK = """\
deck: kinds
title: Kinds
pools:
  steps: [Forward Pass, Loss Calculation, Backpropagation, Gradient Descent, Learning Rate, Chain Rule]
cards:
  - id: basic
    kind: basic
    front: "What is in [0,1]? [bold]"
    back: "σ(z), always: $x$ **stays**"
    explain: the sigmoid squashes
  - id: rev
    kind: reversed
    front: Chain Rule
    back: Links derivatives across layers
  - id: code
    kind: cloze
    context: "error = y - output"
    text: "d_output = {{error * sigmoid_derivative(output)}}; d_hidden = {{d_output.dot(W2.T)}} * s"
  - id: which-step
    kind: choice
    question: Which step computes the prediction?
    answer: Forward Pass
    wrong_from: steps
  - id: typed
    kind: typed
    question: What does `hidden_output.T.dot(d_output)` give?
    answer: The gradient for weights_hidden_output
    accept: ["dL/dW2 (negated)", "hidden_output.T @ d_output"]
  - id: steps
    kind: order
    question: One training iteration
    items: [forward pass, loss, backward pass, weight update]
  - id: sigma-prime
    kind: numeric
    template: sigmoid-derivative
"""


@pytest.fixture
def decks(tmp_path: Path) -> DeckSet:
    (tmp_path / "kinds.yaml").write_text(textwrap.dedent(DECK), encoding="utf-8")
    loaded = load_decks(tmp_path)
    assert loaded.errors == ()
    return loaded


def question(decks: DeckSet, item_id: str, seed: int = 0):
    return make_question(decks.item(item_id), decks.pools, random.Random(seed))


def test_basic_shows_front_then_back_literally(decks: DeckSet) -> None:
    q = question(decks, "basic")
    assert (q.prompt, q.answer, q.explain) == (
        "What is in [0,1]? [bold]",
        "σ(z), always: $x$ **stays**",
        "the sigmoid squashes",
    )
    assert not q.auto_checked
    with pytest.raises(TypeError, match="not checked automatically"):
        q.check("anything")


def test_reversed_asks_both_ways(decks: DeckSet) -> None:
    forward, backward = question(decks, "rev"), question(decks, "rev:reverse")
    assert (forward.prompt, forward.answer) == ("Chain Rule", "Links derivatives across layers")
    assert (backward.prompt, backward.answer) == ("Links derivatives across layers", "Chain Rule")


def test_cloze_hides_one_span_and_shows_the_others(decks: DeckSet) -> None:
    first, second = question(decks, "code:1"), question(decks, "code:2")
    assert first.prompt == "d_output = [...]; d_hidden = d_output.dot(W2.T) * s"
    assert first.answer == "error * sigmoid_derivative(output)"
    assert second.prompt == "d_output = error * sigmoid_derivative(output); d_hidden = [...] * s"
    assert second.answer == "d_output.dot(W2.T)"
    assert first.context == "error = y - output"
    assert first.answer_in_context == "d_output = error * sigmoid_derivative(output); d_hidden = d_output.dot(W2.T) * s"


def test_choice_shows_the_answer_and_three_wrong_options_shuffled(decks: DeckSet) -> None:
    orders = set()
    for seed in range(30):
        q = question(decks, "which-step", seed)
        assert len(q.options) == 4 and len(set(q.options)) == 4
        assert "Forward Pass" in q.options
        assert set(q.options) <= set(decks.pools["steps"])
        orders.add(q.correct_option)
    assert orders == {0, 1, 2, 3}  # the answer is not always in the same place


def test_choice_check_by_index_or_text(decks: DeckSet) -> None:
    q = question(decks, "which-step")
    right = q.correct_option
    assert q.check(right).correct
    assert q.check("Forward Pass").correct
    wrong = (right + 1) % 4
    verdict = q.check(wrong)
    assert not verdict.correct
    assert verdict.expected == "Forward Pass"
    assert verdict.message == f"Not quite: the answer is: {q.answer}"  # by its words: the app letters options
    with pytest.raises(AnswerFormatError, match="no option 5"):
        q.check(4)


@pytest.mark.parametrize(
    "typed",
    [
        "The gradient for weights_hidden_output",
        "  the GRADIENT for   weights_hidden_output.  ",
        "dL/dW2 (negated)",
        "dL / dW2(negated)",
        "hidden_output.T@d_output",
        "`hidden_output.T @ d_output`",
    ],
)
def test_typed_accepts_normalised_answers_and_alternatives(decks: DeckSet, typed: str) -> None:
    assert question(decks, "typed").check(typed).correct


def test_typed_wrong_answer_says_what_differed(decks: DeckSet) -> None:
    verdict = question(decks, "typed").check("The gradient for weights_input_hidden")
    assert not verdict.correct
    assert verdict.expected == "The gradient for weights_hidden_output"
    kinds = {part.kind for part in verdict.differences}
    assert kinds >= {"same", "extra", "missing"}
    assert DiffPart("same", "The gradient for weights_") == verdict.differences[0]
    assert "".join(p.text for p in verdict.differences if p.kind != "extra") == verdict.expected
    assert "".join(p.text for p in verdict.differences if p.kind != "missing").lower() == verdict.given.lower()


def test_typed_empty_answer_is_wrong_not_an_error(decks: DeckSet) -> None:
    verdict = question(decks, "typed").check("   ")
    assert not verdict.correct
    assert "The gradient for weights_hidden_output" in verdict.message


def test_normalise_typed_ignores_only_what_the_schema_says() -> None:
    assert normalise_typed(" A  *  B ") == normalise_typed("a*b")
    assert normalise_typed("chain rule!") == "chain rule"
    assert normalise_typed("chain rule") != normalise_typed("chainrule")  # words still matter
    assert normalise_typed("y − o") == normalise_typed("y-o")


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("back propagation", "Back-Propagation"),  # a hyphen between words is a space
        ("Learning Rate", "learning-rate"),
        ("Learning Rate", "learning_rate"),
        ("Learning Rate", "The learning rate"),  # a leading article does not count
        ("Forward Pass", "a forward pass"),
        ("(0.5, 0.5)", "[0.5 0.5]"),  # NumPy's print format
        ("(0.5, 0.5)", "[[0.5, 0.5]]"),
        ("(0.5, 0.5)", "0.5, 0.50"),
        ("0.25", ".25"),
    ],
)
def test_typed_variants_that_say_the_same_thing_match(accepted: str, typed: str) -> None:
    assert typed_matches(accepted, typed)


@pytest.mark.parametrize(
    ("accepted", "typed"),
    [
        ("y - output", "y output"),  # in code a hyphen is a minus sign
        ("y - output", "output - y"),
        ("d_output", "d output"),  # and an underscore is part of a name
        ("backpropagation", "back propagation"),  # joined words are a different spelling: list it to accept it
        ("(0.5, 0.5)", "[0.5 0.25]"),
        ("(4,2)", "(2,4)"),
        ("the chain rule", "the"),
    ],
)
def test_typed_variants_that_say_something_else_do_not(accepted: str, typed: str) -> None:
    assert not typed_matches(accepted, typed)


def test_typed_numbers_reads_numpy_and_python_forms_only() -> None:
    assert typed_numbers("[0.5 0.5]") == (0.5, 0.5)
    assert typed_numbers("(−1, 2e-3)") == (-1.0, 0.002)
    assert typed_numbers("0.5 and 0.5") is None
    assert typed_numbers("x") is None


def test_order_is_shuffled_and_checked(decks: DeckSet) -> None:
    q = question(decks, "steps", seed=3)
    assert sorted(q.items) == sorted(q.correct_order)
    assert q.items != q.correct_order
    assert q.check(["forward pass", "loss", "backward pass", "weight update"]).correct
    by_index = [q.items.index(step) for step in q.correct_order]
    assert q.check(by_index).correct
    verdict = q.check(["loss", "forward pass", "backward pass", "weight update"])
    assert not verdict.correct
    assert verdict.wrong_positions == (0, 1)
    assert "2 of 4 in the right place" in verdict.message
    assert q.answer == "1. forward pass\n2. loss\n3. backward pass\n4. weight update"
    with pytest.raises(AnswerFormatError, match="each once"):
        q.check(["loss", "loss", "backward pass", "weight update"])


def test_numeric_is_checked_within_the_stated_tolerance(decks: DeckSet) -> None:
    q = question(decks, "sigma-prime", seed=11)
    a = q.numeric.inputs["a"]
    right = a * (1 - a)  # the lesson's sigmoid_derivative, by hand
    assert q.numeric.answer == pytest.approx(right)
    assert "±0.001" in q.prompt and f"a = {a:g}" in q.prompt
    assert q.check(right + 0.0009).correct
    assert q.check(f"{right:.3f}").correct
    verdict = q.check(right + 0.0012)
    assert not verdict.correct
    assert verdict.error == pytest.approx(0.0012)
    with pytest.raises(AnswerFormatError, match="not a number"):
        q.check("about a quarter")


def test_a_numeric_answer_that_is_a_catalogued_mistake_is_named(decks: DeckSet) -> None:
    q = question(decks, "sigma-prime", seed=11)
    (twice,) = [trap for trap in q.numeric.traps if trap.name == "sigmoid_twice"]
    verdict = q.check(twice.value)
    assert not verdict.correct and verdict.mistake == "sigmoid_twice"
    assert "Your answer matches a known slip: that is σ(a)(1 − σ(a))" in verdict.message
    assert q.check(q.numeric.answer + 0.3).mistake is None  # an unknown slip is not given a name


def test_numeric_draws_fresh_numbers_each_time(decks: DeckSet) -> None:
    values = {question(decks, "sigma-prime", seed).numeric.inputs["a"] for seed in range(10)}
    assert len(values) > 5
    assert question(decks, "sigma-prime", 4).prompt == question(decks, "sigma-prime", 4).prompt  # seedable


@pytest.mark.parametrize(
    ("kind_item", "correct", "seconds", "expected"),
    [
        ("which-step", False, 1.0, Rating.AGAIN),
        ("which-step", True, 2.0, Rating.EASY),
        ("which-step", True, 9.0, Rating.GOOD),
        ("which-step", True, 40.0, Rating.HARD),
        ("typed", True, None, Rating.GOOD),
        ("sigma-prime", True, 60.0, Rating.GOOD),  # numeric work is given longer
        ("sigma-prime", True, 200.0, Rating.HARD),
    ],
)
def test_suggested_rating_from_correctness_and_time(
    decks: DeckSet, kind_item: str, correct: bool, seconds: float | None, expected: Rating
) -> None:
    q = question(decks, kind_item)
    from backprop_study.cards.questions import Verdict

    assert suggest_rating(q, Verdict(correct, "", "", ""), seconds) == expected
