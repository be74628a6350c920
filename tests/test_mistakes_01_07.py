"""The graders of exercises 01-07 name each typical mistake, and accept a correct answer written another way.

Each test writes a mutated solution into a scratch exercises/ folder beside a copy of its grader, runs the
grader's checks in order (in this process: fast), and reads the first failure's message, exactly as the
runner would show it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from grader_harness import EXERCISES, first_failure, grade, mutate, solution

from backprop_study import checks
from backprop_study.checks import mistakes

# ------------------------------------------------------------ each mistake, named

M = checks.mistake_message
D_OUTPUT_LINE = "d_output = error * sigmoid_derivative(output)  # (N, 1)"
D_HIDDEN_LINE = "d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)  # (N, H)"
W2_LINE = "weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate"
W1_LINE = "weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate"

MUTATIONS = {
    # 01: sigmoid and its derivative
    "sigmoid with the sign of the exponent flipped": (
        "01_sigmoid",
        [
            (
                "return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
                "return np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))",
            )
        ],
        M("sigmoid", "flipped_sign"),
    ),
    "sigmoid that overflows for large |z|": (
        "01_sigmoid",
        [("return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))", "return 1.0 / (1.0 + np.exp(-z))")],
        "compute e = np.exp(-np.abs(z)), which never overflows",
    ),
    "sigmoid applied twice in the derivative": (
        "01_sigmoid",
        [("return a * (1.0 - a)", "return sigmoid(a) * (1.0 - sigmoid(a))")],
        M("sigmoid_derivative", "sigmoid_twice"),
    ),
    # 02: forward pass
    "missing transpose ... or an extra one, in the forward pass": (
        "02_forward_pass",
        [("hidden_input = X @ weights_input_hidden", "hidden_input = X @ weights_input_hidden.T")],
        "X @ weights_input_hidden is (N, H) with no transpose",
    ),
    "sigmoid applied twice on the output": (
        "02_forward_pass",
        [("output = sigmoid(output_input)", "output = sigmoid(sigmoid(output_input))")],
        M("output", "sigmoid_twice"),
    ),
    "pre-activation fed to the next layer": (
        "02_forward_pass",
        [("output_input = hidden_output @", "output_input = hidden_input @")],
        M("output", "fed_pre_activation"),
    ),
    # 03: error and loss
    "error with a flipped sign": (
        "03_error_and_loss",
        [("return y - output", "return output - y")],
        M("error", "flipped_sign"),
    ),
    "a (4,) target broadcast against (4, 1)": (
        "03_error_and_loss",
        [("y = y.reshape(-1, 1)  # (N,) or (N, 1) -> (N, 1)", "")],
        "broadcast to a table of every pair: reshape the flat one with .reshape(-1, 1) first",
    ),
    "a (4,) target broadcast in the loss": (
        "03_error_and_loss",
        [("return float(0.5 * np.sum(output_error(y, output) ** 2))", "return float(0.5 * np.sum((y - output) ** 2))")],
        M("squared_error", "target_broadcast"),
    ),
    "loss divided by the batch size": (
        "03_error_and_loss",
        [("float(0.5 * np.sum(output_error", "float(0.5 * np.mean(output_error")],
        M("squared_error", "divided_by_batch"),
    ),
    "loss gradient with a flipped sign": (
        "03_error_and_loss",
        [("return -output_error(y, output)", "return output_error(y, output)")],
        M("loss_gradient", "flipped_sign"),
    ),
    # 04: d_output
    "derivative applied to the pre-activation (output)": (
        "04_d_output",
        [(D_OUTPUT_LINE, "d_output = error * sigmoid_derivative(output_input)")],
        M("d_output", "derivative_of_pre_activation"),
    ),
    "sigmoid applied twice (output)": (
        "04_d_output",
        [(D_OUTPUT_LINE, "d_output = error * sigmoid_derivative(sigmoid(output))")],
        M("d_output", "sigmoid_twice"),
    ),
    "flipped sign (d_output)": (
        "04_d_output",
        [(D_OUTPUT_LINE, "d_output = (output - y) * sigmoid_derivative(output)")],
        M("d_output", "flipped_sign"),
    ),
    "divided by the batch size (d_output)": (
        "04_d_output",
        [(D_OUTPUT_LINE, "d_output = error * sigmoid_derivative(output) / X.shape[0]")],
        M("d_output", "divided_by_batch"),
    ),
    # 05: d_hidden
    "derivative applied to the pre-activation (hidden)": (
        "05_d_hidden",
        [(D_HIDDEN_LINE, "d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_input)")],
        M("d_hidden", "derivative_of_pre_activation"),
    ),
    "missing transpose (d_hidden)": (
        "05_d_hidden",
        [(D_HIDDEN_LINE, "d_hidden = d_output @ weights_hidden_output * sigmoid_derivative(hidden_output)")],
        "weights_hidden_output.T (1, H)",
    ),
    "the hidden layer's derivative left out": (
        "05_d_hidden",
        [(D_HIDDEN_LINE, "d_hidden = d_output @ weights_hidden_output.T")],
        M("d_hidden", "no_hidden_derivative"),
    ),
    "the raw error propagated instead of d_output": (
        "05_d_hidden",
        [(D_HIDDEN_LINE, "d_hidden = error @ weights_hidden_output.T * sigmoid_derivative(hidden_output)")],
        M("d_hidden", "raw_error"),
    ),
    "divided by the batch size (d_hidden)": (
        "05_d_hidden",
        [(D_HIDDEN_LINE, "d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output) / len(X)")],
        M("d_hidden", "divided_by_batch"),
    ),
    # 06: the update
    "W2 updated before d_hidden was computed": (
        "06_weight_update",
        [
            (D_HIDDEN_LINE, "weights_hidden_output += hidden_output.T @ d_output * learning_rate"),
            (W2_LINE, D_HIDDEN_LINE.split("  #")[0]),
        ],
        M("weights_input_hidden", "w2_updated_first"),
    ),
    "updates with a flipped sign": (
        "06_weight_update",
        [(W2_LINE, W2_LINE.replace(" + ", " - ")), (W1_LINE, W1_LINE.replace(" + ", " - "))],
        M("weights_hidden_output", "flipped_sign"),
    ),
    "updates divided by the batch size": (
        "06_weight_update",
        [(W2_LINE, W2_LINE + " / len(X)"), (W1_LINE, W1_LINE + " / len(X)")],
        M("weights_hidden_output", "divided_by_batch"),
    ),
    # 07: the loop
    "W2 updated before d_hidden, in the loop": (
        "07_training_loop",
        [
            (
                "d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)"
                "  # (N, H), from the old weights"
                f"\n        {W2_LINE}",
                f"{W2_LINE}\n        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)",
            )
        ],
        mistakes.TRAINING[0].message,
    ),
    "loss recorded after the update": (
        "07_training_loop",
        [
            ("        losses.append(squared_error(y, output))\n", ""),
            (
                W1_LINE + "\n",
                W1_LINE + "\n        losses.append(squared_error(y, forward(X, weights_input_hidden, "
                "weights_hidden_output)[1]))\n",
            ),
        ],
        "each loss is one epoch late",
    ),
}


@pytest.mark.parametrize("mistake", list(MUTATIONS))
def test_each_mistake_gets_its_message(mistake: str, tmp_path: Path) -> None:
    name, replacements, expected = MUTATIONS[mistake]
    failure = first_failure(grade(tmp_path, name, mutate(name, *replacements)))
    assert expected in failure.message, failure.message
    assert len(failure.message.splitlines()) <= 6, "messages must stay short"


def test_a_mistake_shows_once_and_later_checks_wait(tmp_path: Path) -> None:
    source = mutate("04_d_output", (D_OUTPUT_LINE, "d_output = error * sigmoid_derivative(output_input)"))
    outcomes = grade(tmp_path, "04_d_output", source)
    assert [o.status for o in outcomes] == ["failed", "skipped"]
    assert outcomes[1].message == "fix `d_output` first"


def test_an_unknown_mistake_is_described(tmp_path: Path) -> None:
    source = mutate("05_d_hidden", (D_HIDDEN_LINE, D_HIDDEN_LINE.split("  #")[0] + " * 1.5 + 0.001"))
    message = first_failure(grade(tmp_path, "05_d_hidden", source)).message
    assert message.startswith("d_hidden is wrong (shape (7, 5), as expected (N=7 samples, D=3 inputs, H=5 hidden")
    assert "worst element [" in message and "expected " in message and ", got " in message
    assert "largest error" in message


def test_a_wrong_shape_is_described(tmp_path: Path) -> None:
    source = mutate(
        "05_d_hidden", (D_HIDDEN_LINE, "d_hidden = (d_output @ weights_hidden_output.T).sum(axis=1, keepdims=True)")
    )
    message = first_failure(grade(tmp_path, "05_d_hidden", source)).message
    assert message.startswith("d_hidden has the wrong shape: expected (7, 5), got (7, 1)")


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


# ------------------------------------------------- correct answers written otherwise

ALTERNATIVES = {
    "01_sigmoid": [
        ("e = np.exp(-np.abs(z))  # e^(−|z|) is in (0, 1]: it cannot overflow", "pass"),
        ("return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))", "return np.exp(-np.logaddexp(0.0, -z))"),
        ("return a * (1.0 - a)", "return a - a**2"),
    ],
    "02_forward_pass": [
        ("hidden_input = X @ weights_input_hidden", "hidden_input = np.dot(X, weights_input_hidden)"),
        ("output = sigmoid(output_input)", "output = 1 / (1 + np.exp(-output_input))"),
    ],
    "03_error_and_loss": [
        ("y = y.reshape(-1, 1)  # (N,) or (N, 1) -> (N, 1)", "y = np.reshape(y, output.shape)"),
        (
            "return float(0.5 * np.sum(output_error(y, output) ** 2))",
            "e = output_error(y, output).ravel()\n    return 0.5 * e.dot(e)",
        ),
        ("return -output_error(y, output)", "return output - np.asarray(y, dtype=float).reshape(-1, 1)"),
    ],
    "04_d_output": [
        (D_OUTPUT_LINE, "d_output = -(output - y) * np.exp(-output_input) / (1 + np.exp(-output_input)) ** 2"),
    ],
    "05_d_hidden": [
        (D_HIDDEN_LINE, "d_hidden = (weights_hidden_output @ d_output.T).T * hidden_output * (1 - hidden_output)"),
    ],
    "06_weight_update": [
        (W2_LINE, "weights_hidden_output += hidden_output.T.dot(d_output) * learning_rate"),
        (W1_LINE, "weights_input_hidden += X.T.dot(d_hidden) * learning_rate"),
    ],
    "07_training_loop": [
        ("    losses = []\n", "    losses = np.zeros(epochs)\n"),
        ("for _epoch in range(epochs):", "for epoch in range(epochs):"),
        ("losses.append(squared_error(y, output))", "losses[epoch] = 0.5 * np.sum((y - output) ** 2)"),
        (
            "    return weights_input_hidden, weights_hidden_output, output, losses",
            "    output = forward(X, weights_input_hidden, weights_hidden_output)[1]  # the final weights' output\n"
            "    return weights_input_hidden, weights_hidden_output, output, losses",
        ),
    ],
}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_correct_answer_written_another_way_passes(name: str, tmp_path: Path) -> None:
    outcomes = grade(tmp_path, name, mutate(name, *ALTERNATIVES[name]))
    assert all(o.status == "passed" for o in outcomes), outcomes


@pytest.mark.parametrize("name", list(ALTERNATIVES))
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
