"""Grades exercises/04_d_output.py: d_output = error * sigmoid_derivative(output)."""

from __future__ import annotations

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)


def _d_output(case: checks.Case) -> object:
    return exercise.call("compute_d_output", case.X, case.y, case.weights_input_hidden, case.weights_hidden_output)


@checks.after()
def test_d_output() -> None:
    """d_output matches the reference (or −dL/d output_input by finite differences) for N, D, H that all differ."""
    for case in checks.lesson_cases(seed=40):
        numeric = -checks.numeric_gradient(case.loss_of_output_input, case.output_input)
        checks.expect(
            "d_output",
            _d_output(case),
            case.d_output,
            checks.variants("d_output", case),
            accept=numeric,
            sizes=case.sizes,
            batch=case.N,
            function="compute_d_output",
        )


@checks.after(test_d_output)
def test_d_output_on_the_lesson_network() -> None:
    """The lesson's first epoch on XOR."""
    W1, W2 = ref.lesson_weights()
    case = checks.Case(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1)
    checks.expect("d_output on XOR", _d_output(case), case.d_output, checks.variants("d_output", case))
