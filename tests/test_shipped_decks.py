"""Every card of the shipped decks (quizzes/*.yaml): it loads, it can be shown, its answer is not empty,
and every numeric card's answer is the reference implementation's."""

from __future__ import annotations

import random

import numpy as np
import pytest

from backprop_study.cards.decks import DeckSet, load_decks
from backprop_study.cards.numeric import format_number
from backprop_study.cards.questions import make_question
from backprop_study.solutions import backprop as bp
from backprop_study.store.paths import shipped_quizzes_dir


@pytest.fixture(scope="module")
def shipped() -> DeckSet:
    folder = shipped_quizzes_dir()
    decks = load_decks(folder, cache=False)
    assert decks.decks, f"no decks were found in {folder}: the shipped quizzes are missing"
    return decks


def test_the_shipped_decks_load_without_problems(shipped: DeckSet) -> None:
    assert [str(problem) for problem in shipped.errors] == []
    files = sorted(p.name for p in shipped_quizzes_dir().glob("*.yaml"))
    assert sorted(deck.path.name for deck in shipped.decks) == files  # every file became a deck


def test_every_card_shows_a_prompt_and_a_non_empty_answer(shipped: DeckSet) -> None:
    rng = random.Random(0)
    for item in shipped.review_items():
        question = make_question(item, shipped.pools, rng)
        assert question.prompt.strip(), item.id
        assert question.answer.strip(), item.id
        if item.kind == "choice":
            assert len(set(question.options)) == 4 and question.answer in question.options, item.id
        if item.kind == "order":
            assert sorted(question.items) == sorted(question.correct_order) and len(question.items) >= 3, item.id
        if item.kind == "typed":
            assert question.check(question.answer).correct, item.id
            for alternative in question.card.accept:
                assert question.check(alternative).correct, (item.id, alternative)
        if item.kind == "cloze":
            assert "[...]" in question.prompt, item.id


def reference_answer(template: str, v: dict) -> float:
    """The template's quantity, recomputed here from the numbers shown with the reference functions."""
    col = lambda values: np.array([[x] for x in values])  # noqa: E731
    if template == "sigmoid-value":
        return float(bp.sigmoid(np.array([[v["z"]]]))[0, 0])
    if template == "sigmoid-derivative":
        return float(bp.sigmoid_derivative(np.array([[v["a"]]]))[0, 0])
    if template == "output-delta":
        output = np.array([[v["output"]]])
        return float(bp.output_delta(bp.output_error(np.array([[v["y"]]]), output), output)[0, 0])
    if template == "hidden-delta":
        d_hidden = bp.hidden_delta(
            np.array([[v["d_output"]]]), col(v["weights_hidden_output"]), np.array([v["hidden_output"]])
        )
        return float(d_hidden[0, v["index"]])
    if template == "weight-update":
        h = np.array(v["hidden_output"])
        _, w2 = bp.update_weights(
            np.zeros((h.shape[0], 2)),
            h,
            col(v["d_output"]),
            np.zeros_like(h),
            np.zeros((2, h.shape[1])),
            col(v["weights_hidden_output"]),
            v["learning_rate"],
        )
        return float(w2[v["index"], 0])
    if template == "squared-error":
        return bp.squared_error(col(v["y"]), col(v["output"]))
    if template == "chain-rule":
        params = [(np.array([[v["w"]]]), np.zeros((1, 1)))]
        x = np.array([[v["x"]]])
        loss = lambda: bp.network_loss(params, x, np.array([[v["y"]]]))  # noqa: E731
        return float(bp.numerical_gradient(loss, params[0][0])[0, 0])  # dL/dw by finite differences
    if template == "gradient-step":
        return v["w"] - v["learning_rate"] * v["grad"]
    raise AssertionError(f"no reference recipe for template {template!r}")


def test_every_numeric_card_matches_the_reference(shipped: DeckSet) -> None:
    numeric = [item for item in shipped.review_items() if item.kind == "numeric"]
    assert numeric, "the shipped decks have no numeric cards"
    for item in numeric:
        rng = random.Random(item.id)
        for _ in range(25):
            question = make_question(item, shipped.pools, rng)
            problem = question.numeric
            expected = reference_answer(problem.template, problem.inputs)
            assert problem.answer == pytest.approx(expected, abs=1e-7), (item.id, problem.inputs)
            assert question.check(problem.format_answer()).correct, item.id
            assert f"±{format_number(problem.tolerance, 8)} count" in question.prompt, item.id
