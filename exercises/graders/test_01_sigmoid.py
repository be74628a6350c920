"""Grades exercises/01_sigmoid.py: sigmoid(z) and sigmoid_derivative(a), the derivative taking the activation."""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
OVERFLOW_HINT = (
    r"overflow|range",
    "e^x overflows above x ≈ 709: compute e = np.exp(-np.abs(z)), which never overflows, and use "
    "1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0 (np.where computes both branches, so both must be safe).",
)
SCALAR_HINT = (
    r"only (length-1|size-1|0-dimensional) arrays|cannot convert|must be real number",
    "math.exp (and Python's float functions) take one number at a time; np.exp works on every element of an array.",
)
HINTS = (OVERFLOW_HINT, SCALAR_HINT)


def _inputs() -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.normal(size=(7, 3)) * 4, rng.normal(size=5), np.array(0.3)]


@checks.after()
def test_sigmoid() -> None:
    """sigmoid(z) = 1 / (1 + e^(−z)) for arrays of any shape."""
    for z in _inputs():
        got = exercise.call("sigmoid", z, hints=HINTS)
        checks.expect(f"sigmoid(z) for z of shape {z.shape}", got, ref.sigmoid(z), checks.variants("sigmoid", z))


@checks.after(test_sigmoid)
def test_sigmoid_is_stable_for_large_inputs() -> None:
    """No overflow (and no NaN) for z up to ±1000."""
    z = np.array([-1000.0, -710.0, -40.0, 0.0, 40.0, 710.0, 1000.0])
    got = exercise.call("sigmoid", z, hints=HINTS)
    checks.expect("sigmoid(z) for z = ±1000, ±710, ±40, 0", got, ref.sigmoid(z))


@checks.after()
def test_sigmoid_derivative_takes_the_activation() -> None:
    """sigmoid_derivative(a) = a * (1 − a), where a = sigmoid(z) already."""
    for z in _inputs():
        a = ref.sigmoid(z)
        got = exercise.call("sigmoid_derivative", a, hints=HINTS)
        checks.expect(
            f"sigmoid_derivative(a) for a of shape {a.shape}",
            got,
            ref.sigmoid_derivative(a),
            checks.variants("sigmoid_derivative", a),
        )


@checks.after(test_sigmoid_derivative_takes_the_activation)
def test_sigmoid_derivative_is_the_slope() -> None:
    """By finite differences: sigmoid_derivative(sigmoid(z)) is the slope of the sigmoid at z."""
    z = np.linspace(-6, 6, 13)
    h = 1e-6
    slope = (ref.sigmoid(z + h) - ref.sigmoid(z - h)) / (2 * h)
    got = exercise.call("sigmoid_derivative", ref.sigmoid(z), hints=HINTS)
    checks.check_gradient("sigmoid_derivative(sigmoid(z)) as the slope of sigmoid", got, slope)
