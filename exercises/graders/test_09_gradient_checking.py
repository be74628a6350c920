"""Grades exercises/09_gradient_checking.py: centred differences with the step it is given, the norm-relative
error (and its edges: both, one or neither all zeros), a check of all four gradients that really differences
the loss, and the planted bug fixed.

numerical_gradient is first run on f(x) = Σ c·x³, whose differences are known exactly for any scheme and
step: centred ones give 3c·x² + c·h², one-sided ones add ±3c·x·h, a step of one's own shows as another h².
So the scheme and the step a learner used can be read off the answer, not guessed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
NAMES = ("W1", "b1", "W2", "b2")
ZERO_HINT = (r"invalid value|divide by zero|division by zero", mistakes.ZERO_GRADIENTS)
M = mistakes.NUMERICAL_GRADIENT
STEP = 1e-2  # large, so that the c·h² term of centred differences is far above rounding


def _gradient(x: np.ndarray, f: Callable[[], float], h: float | None) -> np.ndarray:
    numerical_gradient = exercise.function("numerical_gradient")
    before = x.copy()
    args = (f, x) if h is None else (f, x, h)
    got = checks.call_in_place(numerical_gradient, *args, exercise=exercise)
    if not np.allclose(x, before, rtol=1e-9, atol=1e-12):  # += h then −= h may leave one rounding error
        checks.fail(f"numerical_gradient: {M['not_restored']}")
    return checks.as_array("the numerical gradient", got, "numerical_gradient")


def _cubic_variants(x: np.ndarray, c: np.ndarray, h: float) -> list[checks.Variant]:
    """What each wrong scheme gives for f = Σ c·x³ with step h (exactly, up to rounding)."""
    centred = c * (3 * x**2 + h**2)
    forward = c * (3 * x**2 + 3 * x * h + h**2)
    variants = [
        checks.Variant("forward_difference", M["forward_difference"], forward),
        checks.Variant("backward_difference", M["backward_difference"], c * (3 * x**2 - 3 * x * h + h**2)),
        checks.Variant("half_forward", M["half_forward"], forward / 2),
        checks.Variant("divided_by_h", M["divided_by_h"], 2 * centred),
        checks.Variant("flipped_sign", M["flipped_sign"], -centred),
        checks.Variant("no_change_seen", M["no_change_seen"], np.zeros_like(x)),
    ]
    if x.ndim == 2:
        rows = np.sum(centred, axis=1, keepdims=True) * np.ones_like(x)
        variants.append(checks.Variant("whole_rows", M["whole_rows"], rows))
    return variants


def _step_used(got: np.ndarray, x: np.ndarray, c: np.ndarray, h: float, given: str, fix: str) -> str | None:
    """If `got` is centred differences of Σ c·x³ with another step than h, the sentence that says so.

    Centred differences with step s give 3c·x² + c·s² exactly: a constant excess over the exact slope reads s
    off. An answer closer to the exact slope than step h allows came from a smaller step; one off by
    irregular amounts far beyond h's rounding came from a step so small that rounding swamps it.
    """
    exact = 3 * c * x**2
    excess = (got - exact) / c  # s² for every element, when the scheme is centred with step s
    typical = float(np.mean(excess))
    if typical > 0 and np.allclose(excess, typical, rtol=1e-3, atol=0):
        used = float(np.sqrt(typical))
        if not np.isclose(used, h, rtol=1e-3):
            return M["own_step"].format(used=f"{used:.2g}", given=given, fix=fix)
    error_with_h = ref.relative_error(c * (3 * x**2 + h**2), exact)
    if ref.relative_error(got, exact) < 0.1 * error_with_h:
        return M["tiny_step"].format(given=given, fix=fix[:1].upper() + fix[1:])
    off = np.abs(got - exact)
    if np.std(excess) > abs(typical) and ref.relative_error(got, exact) > error_with_h:
        scale = float(np.sum(np.abs(c * x**3)))  # the size of f, whose rounding the differences divide by the step
        step = np.finfo(float).eps * scale / float(np.median(off))
        if step < 1e-6:
            return M["noisy_step"].format(
                off=f"{float(np.median(off)):.1g}", step=f"{step:.0e}", given=given, fix=fix[:1].upper() + fix[1:]
            )
    return None


def _cubic(shape: tuple[int, ...], seed: int, scale: float = 2.0) -> tuple[np.ndarray, np.ndarray, Callable[[], float]]:
    """x in [−scale, scale], c in [0.5, 2] and f() = Σ c·x³, reading x itself."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-scale, scale, size=shape)
    c = rng.uniform(0.5, 2.0, size=shape)

    def f(x: np.ndarray = x, c: np.ndarray = c) -> float:
        return float(np.sum(c * x**3))

    return x, c, f


@checks.checked
def test_numerical_gradient_uses_centred_differences_with_h() -> None:
    """Two steps passed in, so a step of one's own (or the default) shows at one of them at least."""
    for shape, seed, step in (((3, 4), 90, 1e-2), ((5,), 91, 1e-3)):
        x, c, f = _cubic(shape, seed)
        got = _gradient(x, f, step)
        expected = c * (3 * x**2 + step**2)
        if got.shape == expected.shape and ref.relative_error(got, expected) < 1e-6:
            continue
        shown = f"the numerical gradient of Σ c·x³ (x of shape {shape}, h = {step})"
        if got.shape == expected.shape:
            variant = checks.matching_variant(got, expected, _cubic_variants(x, c, step))
            if variant is not None:
                checks.fail(f"numerical_gradient: {variant.message}")
            used = _step_used(got, x, c, step, f"the h passed in ({step})", M["use h"])
            if used is not None:
                checks.fail(f"numerical_gradient: {used}")
        checks.fail(checks.describe_difference(shown, got, expected))


def _smooth_problem(shape: tuple[int, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """x and the weights of f(x) = Σ sin(A·x)·x², whose gradient A·cos(A·x)·x² + 2x·sin(A·x) is known exactly."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.uniform(0.5, 2.0, size=shape)


@checks.after(test_numerical_gradient_uses_centred_differences_with_h)
def test_numerical_gradient_with_its_default_step() -> None:
    """Called without h, the step is the signature's 1e-5. Read off Σ c·x³ with small x, where c·h² is not lost
    beside 3c·x²; then any shape, on a function whose slope is known exactly."""
    x, c, f = _cubic((3, 4), 94, scale=0.3)
    got = _gradient(x, f, None)
    expected = c * (3 * x**2 + 1e-10)
    if not (got.shape == expected.shape and ref.relative_error(got, expected) < 1e-6):
        if got.shape == expected.shape:
            used = _step_used(got, x, c, 1e-5, "the signature's default, h = 1e-5", M["keep the default"])
            if used is not None:
                checks.fail(f"numerical_gradient called without h: {used}")
        checks.fail(checks.describe_difference("the numerical gradient of Σ c·x³ (no h given)", got, expected))
    for shape, seed in (((3, 4), 91), ((2, 3, 2), 92), ((5,), 93)):
        x, A = _smooth_problem(shape, seed)
        exact = A * np.cos(A * x) * x**2 + 2 * x * np.sin(A * x)

        def smooth(x: np.ndarray = x, A: np.ndarray = A) -> float:
            return float(np.sum(np.sin(A * x) * x**2))

        got = _gradient(x, smooth, None)
        # Centred differences with h = 1e-5 agree with the exact slope to ~1e-10; a float32 answer to ~1e-7.
        if got.shape == exact.shape and ref.relative_error(got, exact) < 1e-6:
            continue
        checks.fail(checks.describe_difference(f"the numerical gradient (x of shape {shape})", got, exact))


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


@checks.after(test_relative_error)
def test_relative_error_at_zero() -> None:
    """Both all zeros: 0.0. One of them all zeros: 1.0 (the edge on each side of the special case)."""
    relative_error = exercise.function("relative_error")
    zeros, other = np.zeros((3, 2)), np.arange(1.0, 7.0).reshape(3, 2)
    for a, n, expected, label in (
        (zeros, zeros.copy(), 0.0, "two all-zero arrays"),
        (zeros, other, 1.0, "an all-zero a and a nonzero n"),
        (other, zeros, 1.0, "a nonzero a and an all-zero n"),
        (other, other.copy(), 0.0, "two equal nonzero arrays"),
    ):
        got = checks.call(relative_error, a, n, exercise=exercise, hints=(ZERO_HINT,))
        value = checks.as_array(f"relative_error of {label}", got, "relative_error")
        if value.size == 1 and np.isclose(float(value.reshape(())), expected, rtol=1e-9, atol=1e-12):
            continue
        why = mistakes.ZERO_GRADIENTS if expected == 0.0 and label.startswith("two all") else mistakes.ONE_SIDE_ZERO
        if expected == 0.0 and not label.startswith("two all"):
            why = "a and n are equal, so ‖a − n‖ is 0."
        checks.fail(f"relative_error of {label} should be {expected}, got {got!r}: {why}")


def _errors_of(backward: Callable[..., tuple], case: beyond.BiasCase) -> dict[str, float]:
    return {
        name: ref.relative_error(gradient, case.numeric["d" + name])
        for name, gradient in zip(NAMES, backward(case.X, case.y, *case.params), strict=True)
    }


def _fingerprint(values: dict[str, float], case: beyond.BiasCase, expected: dict[str, float]) -> str | None:
    """A named reason for a wrong set of errors, read off the numbers."""
    got = np.array([values[name] for name in NAMES])
    if np.all(got == 0.0) and max(expected.values()) > 1e-3:
        return mistakes.CHECK_GRADIENTS["compared_with_itself"]
    if np.allclose(got, 1.0, rtol=1e-6):
        return mistakes.CHECK_GRADIENTS["numeric_all_zero"]
    module = exercise.module()
    own = getattr(module, "backward", None)
    if callable(own):
        try:
            with np.errstate(all="ignore"):
                theirs = _errors_of(own, case)
        except Exception:
            return None
        if np.allclose(got, [theirs[name] for name in NAMES], rtol=1e-3, atol=1e-9):
            return mistakes.CHECK_GRADIENTS["files_backward"]
    return None


@checks.after(test_numerical_gradient_uses_centred_differences_with_h, test_relative_error)
def test_check_gradients() -> None:
    """A right backward scores below 1e-7 everywhere, the planted bug only on W1 and b1, and gradients twice
    too large exactly 1/3 everywhere: a check that does not difference the loss cannot give all three."""
    check_gradients = exercise.function("check_gradients")
    for case in beyond.bias_cases(seed=95)[:2]:
        for backward, label in (
            (beyond.correct_backward, "a correct backward"),
            (beyond.planted_bug_backward, "the planted bug's backward"),
            (beyond.doubled_backward, "a backward whose gradients are all twice too large"),
        ):
            params = tuple(p.copy() for p in case.params)
            got = checks.call_in_place(check_gradients, case.X, case.y, params, backward, exercise=exercise)
            if any(not np.array_equal(p, q) for p, q in zip(params, case.params, strict=True)):
                checks.fail(mistakes.CHECK_GRADIENTS["changed_params"])
            if not isinstance(got, dict) or set(got) != set(NAMES):
                keys = sorted(got) if isinstance(got, dict) else type(got).__name__
                checks.fail(f"check_gradients must return a dict with the keys W1, b1, W2, b2; got {keys}.")
            expected = _errors_of(backward, case)
            values = {}
            for name in NAMES:
                value = checks.as_array(f"check_gradients()['{name}']", got[name], "check_gradients")
                if value.size != 1:
                    checks.fail(f"check_gradients()['{name}'] should be one number, got shape {value.shape}.")
                values[name] = float(value.reshape(()))
            wrong = [
                name
                for name in NAMES
                if not (
                    abs(values[name] - expected[name]) <= 1e-3 * expected[name]
                    if expected[name] > 1e-3
                    else values[name] < 1e-7
                )
            ]
            if not wrong:
                continue
            reason = _fingerprint(values, case, expected)
            if reason is not None:
                checks.fail(f"check_gradients with {label}: {reason}")
            name = wrong[0]
            target = f"about {expected[name]:.4g}" if expected[name] > 1e-3 else "below 1e-7"
            checks.fail(
                f"check_gradients()['{name}'] with {label}: expected {target}, got {values[name]:.4g} "
                f"(all four: {', '.join(f'{n} {values[n]:.3g}' for n in NAMES)})."
            )


@checks.checked
def test_backward_fixed() -> None:
    for case in beyond.bias_cases(seed=97):
        got = exercise.call("backward", case.X, case.y, *case.params, hints=(checks.MATMUL_HINT,))
        got = checks.expect_tuple(("dW1", "db1", "dW2", "db2"), got, "backward")
        answers = dict(zip(("dW1", "db1", "dW2", "db2"), got, strict=True))
        planted = dict(
            zip(("dW1", "db1", "dW2", "db2"), beyond.planted_bug_backward(case.X, case.y, *case.params), strict=True)
        )
        for name in ("dW2", "db2", "dW1", "db1"):
            expected = case.grads[name]
            variants = beyond.bias_variants(f"08 {name}", case)
            if name in ("dW1", "db1"):
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
