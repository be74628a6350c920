"""Grades exercises/03_error_and_loss.py: output_error, squared_error and loss_gradient, also for flat targets."""

from __future__ import annotations

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
CASES = checks.lesson_cases(seed=30)


@checks.after()
def test_output_error() -> None:
    """error = y − output, shape (N, 1)."""
    for case in CASES:
        got = exercise.call("output_error", case.y, case.output)
        checks.expect("error", got, case.error, checks.variants("error", case), sizes=case.sizes, batch=case.N)


@checks.after(test_output_error)
def test_output_error_with_flat_targets() -> None:
    """A flat (N,) y still gives an (N, 1) error, not an (N, N) table."""
    for case in CASES:
        got = exercise.call("output_error", case.y.ravel(), case.output)
        checks.expect(
            f"error for a flat y of shape {case.y.ravel().shape}",
            got,
            case.error,
            checks.variants("error", case),
            sizes=case.sizes,
        )


@checks.after()
def test_squared_error() -> None:
    """L = ½ Σ (y − output)², one number: a sum, not a mean."""
    for case in CASES:
        for y in (case.y, case.y.ravel()):
            got = exercise.call("squared_error", y, case.output)
            checks.expect_number(
                f"squared_error with y of shape {y.shape}",
                got,
                ref.squared_error(case.y, case.output),
                checks.variants("squared_error", case),
            )


@checks.after()
def test_loss_gradient() -> None:
    """dL/d output = output − y: minus the error (checked by finite differences too)."""
    for case in CASES:
        numeric = checks.numeric_gradient(lambda o, c=case: ref.squared_error(c.y, o), case.output)
        for y in (case.y, case.y.ravel()):
            got = exercise.call("loss_gradient", y, case.output)
            checks.expect(
                f"loss_gradient with y of shape {y.shape}",
                got,
                -case.error,
                checks.variants("loss_gradient", case),
                accept=numeric,
                sizes=case.sizes,
                batch=case.N,
            )
