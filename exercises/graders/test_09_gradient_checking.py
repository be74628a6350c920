"""Grades exercises/09_gradient_checking.py: centred differences, the norm-relative error, the check of
all four gradients, and the planted bug fixed."""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
NAMES = ("W1", "b1", "W2", "b2")
ZERO_HINT = (r"invalid value|divide by zero|division by zero", mistakes.ZERO_GRADIENTS)


def _smooth_problem(shape: tuple[int, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """x and the weights of f(x) = Σ sin(A·x)·x², whose gradient A·cos(A·x)·x² + 2x·sin(A·x) is known exactly."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.5, 2.0, size=shape)


@checks.checked
def test_numerical_gradient() -> None:
    numerical_gradient = exercise.function("numerical_gradient")
    h = 1e-5
    for shape, seed in (((3, 4), 90), ((5,), 91), ((2, 3, 2), 92)):
        x, A = _smooth_problem(shape, seed)
        before = x.copy()

        def f(x: np.ndarray = x, A: np.ndarray = A) -> float:
            return float(np.sum(np.sin(A * x) * x**2))

        got = checks.call_in_place(numerical_gradient, f, x, exercise=exercise)
        if not np.array_equal(x, before):
            checks.fail(f"numerical_gradient: {mistakes.NUMERICAL_GRADIENT['not_restored']}")
        exact = A * np.cos(A * before) * before**2 + 2 * before * np.sin(A * before)
        got_array = checks.as_array("the numerical gradient", got, "numerical_gradient")
        if got_array.shape == exact.shape and ref.relative_error(got_array, exact) < 1e-8:
            continue
        forward = np.zeros(shape)
        for index in np.ndindex(shape):
            nudged = before.copy()
            nudged[index] += h
            forward[index] = (f(nudged) - f(before)) / h
        variants = [
            checks.Variant("forward_difference", mistakes.NUMERICAL_GRADIENT["forward_difference"], forward),
            checks.Variant("divided_by_h", mistakes.NUMERICAL_GRADIENT["divided_by_h"], 2 * exact),
        ]
        # Centred differences agree with the exact slope to ~1e-10, so compare with a tolerance of that order.
        if got_array.shape == exact.shape:
            for variant in variants:
                if ref.relative_error(got_array, variant.value) < 1e-8:
                    checks.fail(f"numerical_gradient: {variant.message}")
        checks.fail(checks.describe_difference("the numerical gradient", got_array, exact, f"x of shape {shape}"))


@checks.checked
def test_relative_error() -> None:
    relative_error = exercise.function("relative_error")
    rng = np.random.default_rng(93)
    for shape in ((4, 3), (6,), (2, 5)):
        a = rng.normal(size=shape)
        n = a + rng.normal(size=shape) * rng.choice([1e-3, 0.5])
        got = checks.call(relative_error, a, n, exercise=exercise, hints=(ZERO_HINT,))
        variants = [
            checks.Variant(name, message, compute(a, n)) for name, (message, compute) in mistakes.RELATIVE_ERROR.items()
        ]
        checks.expect_number("relative_error(a, n)", got, ref.relative_error(a, n), variants)
    zeros = np.zeros((3, 2))
    got = checks.call(relative_error, zeros, zeros.copy(), exercise=exercise, hints=(ZERO_HINT,))
    got_array = checks.as_array("relative_error of two all-zero arrays", got, "relative_error")
    if got_array.size != 1 or got_array.reshape(()) != 0.0:
        checks.fail(f"relative_error of two all-zero arrays should be 0.0, got {got!r}: {mistakes.ZERO_GRADIENTS}")


@checks.after(test_numerical_gradient, test_relative_error)
def test_check_gradients() -> None:
    check_gradients = exercise.function("check_gradients")
    for case in beyond.bias_cases(seed=95)[:2]:
        for backward, label in (
            (beyond.correct_backward, "a correct backward"),
            (beyond.planted_bug_backward, "buggy"),
        ):
            params = tuple(p.copy() for p in case.params)
            got = checks.call_in_place(check_gradients, case.X, case.y, params, backward, exercise=exercise)
            if any(not np.array_equal(p, q) for p, q in zip(params, case.params, strict=True)):
                checks.fail(
                    "check_gradients changed the params it was given: nudge your own copies "
                    "(np.array(p, dtype=float)) or put every element back."
                )
            if not isinstance(got, dict) or set(got) != set(NAMES):
                keys = sorted(got) if isinstance(got, dict) else type(got).__name__
                checks.fail(f"check_gradients must return a dict with the keys W1, b1, W2, b2; got {keys}.")
            analytic = backward(case.X, case.y, *case.params)
            for name, gradient in zip(NAMES, analytic, strict=True):
                expected = ref.relative_error(gradient, case.numeric["d" + name])
                value = checks.as_array(f"check_gradients()['{name}']", got[name], "check_gradients")
                wrong_gradient = expected > 1e-3
                ok = value.size == 1 and (
                    abs(float(value.reshape(())) - expected) <= 1e-3 * expected
                    if wrong_gradient
                    else float(value.reshape(())) < 1e-7
                )
                if not ok:
                    checks.fail(
                        f"check_gradients()['{name}'] with {label} backward: expected "
                        f"{'about ' + format(expected, '.4g') if wrong_gradient else 'below 1e-7'}, got {got[name]!r}. "
                        "Compare backward_fn's gradient with numerical_gradient(lambda: loss(X, y, *params), "
                        f"{name}) using relative_error."
                    )


@checks.checked
def test_backward_fixed() -> None:
    backward = exercise.function("backward")
    for case in beyond.bias_cases(seed=97):
        got = checks.call(backward, case.X, case.y, *case.params, exercise=exercise, hints=(checks.MATMUL_HINT,))
        got = checks.expect_tuple(("dW1", "db1", "dW2", "db2"), got, "backward")
        answers = dict(zip(("dW1", "db1", "dW2", "db2"), got, strict=True))
        for name in ("dW2", "db2", "dW1", "db1"):
            expected = case.grads[name]
            variants = beyond.bias_variants(f"08 {name}", case)
            if name in ("dW1", "db1"):
                planted = case.grads_with(case.delta_output, case.delta_output @ case.W2.T * (case.z1 * (1 - case.z1)))
                variants.insert(0, checks.Variant("planted_bug", mistakes.PLANTED_BUG, planted[name]))
            checks.expect(
                name,
                checks.row_like(answers[name], expected),
                expected,
                variants,
                accept=case.numeric[name],
                sizes=case.sizes,
                function="backward",
            )
