"""Numeric templates: answers from the reference code agree with the maths worked by hand."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
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
        i = v["index"]
        o = v["output"][i]
        return (v["y"][i] - o) * o * (1 - o)
    if template == "hidden-delta":
        i, j = v["index"]
        h = v["hidden_output"][i][j]
        return v["d_output"][i] * v["weights_hidden_output"][j] * h * (1 - h)
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
        # A learner who rounds to the decimals asked for is always within the tolerance, and the answer
        # shown is written to exactly those decimals.
        assert problem.accepts(round(problem.answer, problem.decimals))
        shown = problem.format_answer().replace("−", "-")
        assert float(shown) == round(problem.answer, problem.decimals)
        assert len(shown.split(".")[1]) <= problem.decimals if "." in shown else True
        assert problem.working.endswith(problem.format_answer())
        assert f"±{numeric.format_number(problem.tolerance, 8)}" in problem.question
        assert problem.working


@pytest.mark.parametrize("template", sorted(TEMPLATE_NAMES))
def test_the_numbers_shown_are_the_numbers_used(template: str) -> None:
    problem = generate(template, random.Random(5))
    for value in problem.inputs.values():
        for number in value if isinstance(value, list) else [value]:
            for entry in number if isinstance(number, list) else [number]:
                if isinstance(entry, float) and entry not in (0.0, 1.0):
                    assert numeric.shown_number(entry, 3) in problem.question, (entry, problem.question)


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


# ------------------------------------------------------ no catalogued mistake is ever accepted
# Each template is matched with the quantity of the course's mistake catalogue (backprop_study/checks/mistakes.py,
# the one the graders use) that it asks for. The catalogue computes every mistake from a case: here, one built
# from the numbers the card shows. A mistake that needs what the card does not have is listed with the reason.


def _column(values: list[float]) -> np.ndarray:
    return np.array([[v] for v in values], dtype=float)


def _catalogue_case(template: str, v: dict) -> tuple[str, Any, Callable[[Any], float], dict[str, str]]:
    """(catalogue quantity, case, how to read the element asked for, mistakes that cannot be made here)."""
    from backprop_study.solutions import backprop as bp

    if template == "sigmoid-value":
        return "sigmoid", np.array([[v["z"]]]), lambda value: float(np.asarray(value)[0, 0]), {}
    if template == "sigmoid-derivative":
        return "sigmoid_derivative", np.array([[v["a"]]]), lambda value: float(np.asarray(value)[0, 0]), {}
    if template == "output-delta":
        output, y = _column(v["output"]), _column(v["y"])
        error = bp.output_error(y, output)
        case = SimpleNamespace(
            output_input=_column(v["output_input"]),
            output=output,
            error=error,
            d_output=bp.output_delta(error, output),
            N=2,
        )
        i = v["index"]
        return "d_output", case, lambda value: float(value[i, 0]), {"hidden_slope": "the card shows no hidden layer"}
    if template == "hidden-delta":
        d_output, w2 = _column(v["d_output"]), _column(v["weights_hidden_output"])
        hidden_output = np.array(v["hidden_output"])
        case = SimpleNamespace(
            hidden_input=np.array(v["hidden_input"]),
            hidden_output=hidden_output,
            weights_hidden_output=w2,
            output=_column(v["output"]),
            error=_column(v["error"]),
            d_output=d_output,
            d_hidden=bp.hidden_delta(d_output, w2, hidden_output),
            N=2,
        )
        i, j = v["index"]
        return "d_hidden", case, lambda value: float(value[i, j]), {}
    if template == "weight-update":
        case = SimpleNamespace(
            hidden_input=np.array(v["hidden_input"]),
            hidden_output=np.array(v["hidden_output"]),
            d_output=_column(v["d_output"]),
            weights_hidden_output=_column(v["weights_hidden_output"]),
            learning_rate=v["learning_rate"],
            N=2,
        )
        j = v["index"]
        skip = {"used_d_hidden": "the card shows no d_hidden"}
        return "weights_hidden_output", case, lambda value: float(value[j, 0]), skip
    if template == "squared-error":
        y, output = _column(v["y"]), _column(v["output"])
        case = SimpleNamespace(y=y, output=output, error=y - output, N=len(v["y"]))
        return "squared_error", case, float, {}
    if template == "chain-rule":
        # One neuron is the lesson's output unit on one example: dL/dw = −x · d_output.
        z = v["w"] * v["x"]
        output = bp.sigmoid(np.array([[z]]))
        error = bp.output_error(np.array([[v["y"]]]), output)
        case = SimpleNamespace(
            output_input=np.array([[z]]), output=output, error=error, d_output=bp.output_delta(error, output), N=1
        )
        skip = {
            "divided_by_batch": "one example: dividing by N = 1 changes nothing, so it is no mistake here",
            "hidden_slope": "one neuron: there is no hidden layer",
        }
        return "d_output", case, lambda value: -v["x"] * float(value[0, 0]), skip
    if template == "gradient-step":
        # The step w − rate·g is the lesson's `+=` with hidden_output = 1 and d_output = −g.
        case = SimpleNamespace(
            weights_hidden_output=np.array([[v["w"]]]),
            hidden_output=np.array([[1.0]]),
            d_output=np.array([[-v["grad"]]]),
            learning_rate=v["learning_rate"],
            N=1,
        )
        skip = {
            "divided_by_batch": "one weight and no batch: dividing by N = 1 changes nothing",
            "used_pre_activation": "the card shows a gradient, not a layer's input",
            "used_d_hidden": "the card shows one gradient, not a layer's deltas",
        }
        return "weights_hidden_output", case, lambda value: float(value[0, 0]), skip
    raise AssertionError(f"no catalogue case for template {template!r}: add one here")


def _accepted_mistakes(problem: numeric.NumericProblem) -> list[str]:
    from backprop_study.checks.mistakes import LESSON

    quantity, case, read, skip = _catalogue_case(problem.template, problem.inputs)
    accepted = []
    for mistake in LESSON[quantity]:
        if mistake.name in skip:
            continue
        value = read(mistake.compute(case))
        # The mistake as computed, and as a learner would type it, rounded to the decimals asked for.
        if problem.accepts(value) or problem.accepts(round(value, problem.decimals)):
            accepted.append(f"{mistake.name} gives {value:.6f} for {problem.answer:.6f}: {problem.inputs}")
    if problem.accepts(0.0):
        accepted.append(f"0 for {problem.answer:.6f}: {problem.inputs}")
    return accepted


@pytest.mark.parametrize("template", sorted(TEMPLATE_NAMES))
def test_no_catalogued_mistake_and_no_zero_is_ever_accepted(template: str) -> None:
    rng = random.Random(f"catalogue-{template}")
    for _ in range(500):
        problem = generate(template, rng)
        assert _accepted_mistakes(problem) == []


@pytest.mark.parametrize("template", sorted(TEMPLATE_NAMES))
def test_every_catalogued_mistake_of_a_template_is_one_of_its_traps(template: str) -> None:
    """So a wrong answer that is a catalogued mistake is named, and is kept away from the answer."""
    from backprop_study.checks.mistakes import LESSON

    problem = generate(template, random.Random(1))
    quantity, _case, _read, skip = _catalogue_case(template, problem.inputs)
    traps = {trap.name for trap in problem.traps}
    assert {mistake.name for mistake in LESSON[quantity]} - set(skip) <= traps


def test_without_the_redraw_some_draws_would_accept_a_mistake(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard above is not idle: with no separation, σ(a)(1 − σ(a)) and a(1 − a) meet near a = 0.4."""
    monkeypatch.setattr(numeric, "SEPARATION", 0.0)
    rng = random.Random("no-guard")
    found = [generate("sigmoid-derivative", rng) for _ in range(500)]
    assert any(_accepted_mistakes(problem) for problem in found)
