"""Grades exercises/05_d_hidden.py: d_hidden = d_output @ W2.T * sigmoid_derivative(hidden_output)."""

from __future__ import annotations

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
TRANSPOSE_HINT = (
    checks.MATMUL_HINT[0],
    "The shapes do not fit: going backwards, d_output (N, 1) meets weights_hidden_output transposed, "
    "weights_hidden_output.T (1, H), to give (N, H).",
)


def _d_hidden(case: checks.Case) -> object:
    return exercise.call(
        "compute_d_hidden",
        case.X,
        case.y,
        case.weights_input_hidden,
        case.weights_hidden_output,
        hints=[TRANSPOSE_HINT],
    )


@checks.after()
def test_d_hidden() -> None:
    """d_hidden matches the reference (or −dL/d hidden_input by finite differences) for N, D, H that all differ."""
    for case in checks.lesson_cases(seed=50):
        numeric = -checks.numeric_gradient(case.loss_of_hidden_input, case.hidden_input)
        checks.expect(
            "d_hidden",
            _d_hidden(case),
            case.d_hidden,
            checks.variants("d_hidden", case),
            accept=numeric,
            sizes=case.sizes,
            batch=case.N,
            function="compute_d_hidden",
        )


@checks.after(test_d_hidden)
def test_d_hidden_on_the_lesson_network() -> None:
    """The lesson's first epoch on XOR."""
    W1, W2 = ref.lesson_weights()
    case = checks.Case(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1)
    checks.expect("d_hidden on XOR", _d_hidden(case), case.d_hidden, checks.variants("d_hidden", case))
