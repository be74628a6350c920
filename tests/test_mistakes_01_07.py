"""The graders of exercises 01-07: one failure at a time, a file that does not load or was left as it was,
and what is said when no catalogued mistake matches.

Each test writes a mutated solution into a scratch exercises/ folder beside a copy of its grader, runs the
grader's checks in order (in this process: fast), and reads the first failure's message, exactly as the
runner would show it. The mistakes themselves are the submission corpus (tests/test_submissions.py).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from grader_harness import EXERCISES, first_failure, grade, mutate, solution

from backprop_study import checks
from backprop_study.checks import mistakes

# The solved lines, without their comments (which the course's authors reword). d_hidden's right-hand
# side is wrapped onto a line of its own (the solutions fit 79 columns): the product alone is replaced.
D_OUTPUT_LINE = "d_output = error * sigmoid_derivative(output)"
D_HIDDEN_PRODUCT = "d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)"


def test_a_mistake_shows_once_and_later_checks_wait(tmp_path: Path) -> None:
    source = mutate("04_d_output", (D_OUTPUT_LINE, "d_output = error * sigmoid_derivative(output_input)"))
    outcomes = grade(tmp_path, "04_d_output", source)
    assert [o.status for o in outcomes] == ["failed", "skipped"]
    assert outcomes[1].message == "runs once “d output” passes"


def test_an_unknown_mistake_is_described(tmp_path: Path) -> None:
    source = mutate("05_d_hidden", (D_HIDDEN_PRODUCT, D_HIDDEN_PRODUCT + " * 1.5 + 0.001"))
    message = first_failure(grade(tmp_path, "05_d_hidden", source)).message
    lines = message.splitlines()
    assert lines[0] == "d_hidden is wrong (its shape (7, 5) = (N, H) is right)."
    assert lines[1].startswith("  35 of 35 elements differ; the first is [0, 0]: expected ")
    assert lines[2].startswith("  the largest error is ")
    assert "times the right one" not in message, "1.5x + 0.001 has no constant ratio: none may be claimed"


def test_a_wrong_shape_is_described(tmp_path: Path) -> None:
    source = mutate(
        "05_d_hidden", (D_HIDDEN_PRODUCT, "(d_output @ weights_hidden_output.T).sum(axis=1, keepdims=True)")
    )
    message = first_failure(grade(tmp_path, "05_d_hidden", source)).message
    assert message.startswith("d_hidden has the wrong shape: expected (7, 5) = (N, H), got (7, 1) = (N, 1).")
    assert "axis 1 has 1 where 5 (H) belongs" in message


def test_an_untouched_todo_says_not_written_yet_with_its_line(tmp_path: Path) -> None:
    source = (EXERCISES / "04_d_output.py").read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "raise NotImplementedError" in text)
    outcomes = grade(tmp_path, "04_d_output", source)
    assert outcomes[0].message == (
        f"compute_d_output() is not written yet: replace `raise NotImplementedError` with your code "
        f"(04_d_output.py line {line})."
    )
    assert outcomes[1].status == "skipped"


def test_a_syntax_error_is_shown_with_its_line_once(tmp_path: Path) -> None:
    source = mutate(
        "02_forward_pass", ("hidden_output = sigmoid(hidden_input)  # (N, H)", "hidden_output = sigmoid(hidden_input")
    )
    outcomes = grade(tmp_path, "02_forward_pass", source)
    assert outcomes[0].status == "failed"
    assert outcomes[0].message.startswith("02_forward_pass.py line ")
    assert "SyntaxError" in outcomes[0].message
    assert [o.status for o in outcomes[1:]] == ["skipped"]


def test_a_renamed_function_is_named(tmp_path: Path) -> None:
    source = mutate("04_d_output", ("def compute_d_output(", "def d_output_of("))
    message = first_failure(grade(tmp_path, "04_d_output", source)).message
    assert (
        message
        == "04_d_output.py has no function `compute_d_output`: it must keep that name (did you rename or delete it?)."
    )


def test_returning_nothing_is_named(tmp_path: Path) -> None:
    source = mutate("04_d_output", ("    return d_output\n", ""))
    message = first_failure(grade(tmp_path, "04_d_output", source)).message
    assert message == "d_output: compute_d_output() returned None; did you forget to `return` it?"


# ------------------------------------------------- the solutions themselves

LESSON_EXERCISES = [
    "01_sigmoid",
    "02_forward_pass",
    "03_error_and_loss",
    "04_d_output",
    "05_d_hidden",
    "06_weight_update",
    "07_training_loop",
]


@pytest.mark.parametrize("name", LESSON_EXERCISES)
def test_the_solution_passes_every_check(name: str, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, name, solution(name))
    assert outcomes and all(o.status == "passed" for o in outcomes), outcomes


# ------------------------------------------------------------ the catalogue itself


@pytest.mark.parametrize("quantity", [q for q in mistakes.LESSON if q not in ("sigmoid", "sigmoid_derivative")])
def test_every_catalogued_mistake_differs_from_the_answer_and_from_the_others(quantity: str) -> None:
    """Otherwise a right answer could be called wrong, or a mistake be given another's name."""
    for case in checks.lesson_cases(seed=5):
        right = {
            "hidden_output": case.hidden_output,
            "output": case.output,
            "error": case.error,
            "squared_error": 0.5 * np.sum(case.error**2),
            "loss_gradient": -case.error,
            "d_output": case.d_output,
            "d_hidden": case.d_hidden,
            "weights_hidden_output": case.updated[1],
            "weights_input_hidden": case.updated[0],
        }[quantity]
        values = [(v.name, np.asarray(v.value, dtype=float)) for v in checks.variants(quantity, case)]
        for name, value in values:
            assert not (value.shape == np.shape(right) and np.allclose(value, right, rtol=1e-3)), name
        for (a, va), (b, vb) in itertools.combinations(values, 2):
            assert not (va.shape == vb.shape and np.allclose(va, vb, rtol=1e-3)), (a, b)
