"""Numeric templates: answers from the reference code agree with the maths worked by hand."""

from __future__ import annotations

import math
import random

import pytest

from backprop_study.cards import numeric
from backprop_study.cards.numeric import TEMPLATE_NAMES, decimals_for, generate


def sig(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def by_hand(template: str, v: dict) -> float:
    """Each template's answer worked out with plain floats, independently of solutions/backprop.py."""
    if template == "sigmoid-value":
        return sig(v["z"])
    if template == "sigmoid-derivative":
        return v["a"] * (1 - v["a"])
    if template == "output-delta":
        o = v["output"]
        return (v["y"] - o) * o * (1 - o)
    if template == "hidden-delta":
        j = v["index"]
        h = v["hidden_output"][j]
        return v["d_output"] * v["weights_hidden_output"][j] * h * (1 - h)
    if template == "weight-update":
        j = v["index"]
        step = sum(row[j] * d for row, d in zip(v["hidden_output"], v["d_output"], strict=True))
        return v["weights_hidden_output"][j] + step * v["learning_rate"]
    if template == "squared-error":
        return 0.5 * sum((t - o) ** 2 for t, o in zip(v["y"], v["output"], strict=True))
    if template == "chain-rule":
        o = sig(v["w"] * v["x"])
        return -(v["y"] - o) * o * (1 - o) * v["x"]
    if template == "gradient-step":
        return v["w"] - v["learning_rate"] * v["grad"]
    raise AssertionError(template)


@pytest.mark.parametrize("template", sorted(TEMPLATE_NAMES))
def test_every_template_matches_the_maths_over_many_draws(template: str) -> None:
    rng = random.Random(2024)
    for _ in range(200):
        problem = generate(template, rng)
        assert problem.answer == pytest.approx(by_hand(template, problem.inputs), abs=1e-12)
        assert problem.accepts(problem.answer + problem.tolerance * 0.99)
        assert not problem.accepts(problem.answer + problem.tolerance * 1.5)
        # A learner who rounds to the decimals asked for is always within the tolerance.
        assert problem.accepts(round(problem.answer, problem.decimals))
        assert f"±{numeric.format_number(problem.tolerance, 8)}" in problem.question
        assert problem.working


@pytest.mark.parametrize("template", sorted(TEMPLATE_NAMES))
def test_the_numbers_shown_are_the_numbers_used(template: str) -> None:
    problem = generate(template, random.Random(5))
    for value in problem.inputs.values():
        for number in value if isinstance(value, list) else [value]:
            for entry in number if isinstance(number, list) else [number]:
                if isinstance(entry, float) and entry not in (0.0, 1.0):
                    assert numeric.format_number(entry, 3) in problem.question, (entry, problem.question)


def test_answers_come_from_the_reference_implementation(monkeypatch: pytest.MonkeyPatch) -> None:
    from backprop_study.solutions import backprop

    honest = generate("sigmoid-derivative", random.Random(1)).answer
    monkeypatch.setattr(backprop, "sigmoid_derivative", lambda a: a * (1 - a) + 1.0)
    assert generate("sigmoid-derivative", random.Random(1)).answer == pytest.approx(honest + 1.0)


def test_same_seed_same_problem_and_fresh_numbers_otherwise() -> None:
    a = generate("hidden-delta", random.Random(9))
    b = generate("hidden-delta", random.Random(9))
    assert a == b
    questions = {generate("hidden-delta", random.Random(seed)).question for seed in range(20)}
    assert len(questions) == 20


def test_a_card_tolerance_replaces_the_default_and_is_stated() -> None:
    problem = generate("sigmoid-value", random.Random(0), tolerance=0.01)
    assert problem.tolerance == 0.01
    assert "Give 2 decimal places: answers within ±0.01 count." in problem.question


def test_decimals_asked_for_fit_the_tolerance() -> None:
    assert decimals_for(0.001) == 3
    assert decimals_for(0.0005) == 3
    assert decimals_for(0.01) == 2
    assert decimals_for(0.05) == 1


def test_unknown_template_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown numeric template 'tanh-value'"):
        generate("tanh-value", random.Random(0))
