"""Grades exercises/10_learning_rate.py: the linear unit's loss and gradient, the descent history,
epochs to converge, zigzags, and the diagnosis of too small / good / oscillating / diverging rates.

Every rule is tried at its boundary and on both sides of it (a loss equal to the target, a last loss equal
to the first, exactly a quarter of the steps zigzagging...), so a rule written with `>` for `>=`, or
comparing the wrong pair of losses, gets a run it names wrongly, and the message says which boundary.
"""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes

exercise = checks.ExerciseFile(__file__)
M = mistakes.LEARNING_RATE
DIAGNOSE = mistakes.DIAGNOSE


def _data(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.normal(size=(n, d - 1)) * rng.uniform(0.3, 2.0, size=d - 1), np.ones(n)])
    return X, rng.normal(size=(n, 1)), rng.normal(size=(d, 1))


def _variant(key: str, value: object) -> checks.Variant:
    return checks.Variant(key, M[key], value)


@checks.checked
def test_loss_and_gradient() -> None:
    loss_and_gradient = exercise.function("loss_and_gradient")
    for n, d, seed in ((9, 4, 100), (6, 3, 101), (11, 5, 102)):
        X, y, w = _data(n, d, seed)
        got = checks.call(loss_and_gradient, X, y, w, exercise=exercise, hints=(checks.MATMUL_HINT,))
        loss, gradient = checks.expect_tuple(("loss", "gradient"), got, "loss_and_gradient")
        expected_loss, expected_gradient = beyond.mse_loss_and_gradient(X, y, w)
        checks.expect_number(
            "loss",
            loss,
            expected_loss,
            [
                _variant("loss no_half", 2 * expected_loss),
                _variant("loss sum", n * expected_loss),
                _variant("loss sum_no_half", 2 * n * expected_loss),
                _variant("loss root", np.sqrt(2 * expected_loss)),
            ],
        )

        def loss_of(w: np.ndarray, X: np.ndarray = X, y: np.ndarray = y) -> float:
            return beyond.mse_loss_and_gradient(X, y, w)[0]

        checks.expect(
            "gradient",
            gradient,
            expected_gradient,
            [
                _variant("gradient not_divided", n * expected_gradient),
                _variant("gradient flipped_sign", -expected_gradient),
                _variant("gradient doubled", 2 * expected_gradient),
            ],
            accept=checks.numeric_gradient(loss_of, w),
            sizes=f"N={n} rows, D={d} columns",
            function="loss_and_gradient",
        )


@checks.after(test_loss_and_gradient)
def test_gradient_descent() -> None:
    gradient_descent = exercise.function("gradient_descent")
    for n, d, seed, rate, epochs in ((9, 4, 103, 0.2, 25), (7, 3, 104, 0.05, 12)):
        X, y, _ = _data(n, d, seed)
        got = checks.call(gradient_descent, X, y, rate, epochs, exercise=exercise)
        losses, weights = checks.expect_tuple(("losses", "weights"), got, "gradient_descent")
        expected_losses, expected_weights = beyond.descent_history(X, y, rate, epochs)
        wrong = {
            key: beyond.descent_history(X, y, wrong_rate, epochs)
            for key, wrong_rate in (
                ("descent uphill", -rate),
                ("descent no_learning_rate", 1.0),
                ("descent learning_rate_twice", rate**2),
            )
        }
        losses = checks.as_array("losses", losses, "gradient_descent")
        weights = checks.as_array("weights", weights, "gradient_descent")
        if losses.shape == (epochs,):
            if np.allclose(losses, expected_losses[1:]):
                checks.fail(f"losses: {M['descent no_start']}")
            if np.allclose(losses, expected_losses[:-1]):
                checks.fail(f"losses: {M['descent no_end']}")
        if weights.ndim == 3 and weights.shape[2] == 1:
            weights = weights[:, :, 0]  # a stack of (D, 1) columns is the same history
        checks.expect("losses", losses, expected_losses, [_variant(key, history[0]) for key, history in wrong.items()])
        # w stored by reference and then changed in place: every row ends as the last w (after the last
        # step taken, which may be one more than the history records).
        longer = beyond.descent_history(X, y, rate, epochs + 1)[1]
        aliased = [_variant("descent aliased", np.tile(final, (epochs + 1, 1))) for final in (longer[-1], longer[-2])]
        checks.expect(
            "weights",
            weights,
            expected_weights,
            [*aliased, *(_variant(key, history[1]) for key, history in wrong.items())],
            sizes=f"{epochs} epochs, D={d}: one row per step plus the start",
        )


@checks.checked
def test_epochs_to_converge() -> None:
    epochs_to_converge = exercise.function("epochs_to_converge")
    cases = (
        ([5.0, 4.0, 3.0, 2.0, 1.0], 2.5, 3),
        ([5.0, 4.0, 3.0, 2.0, 1.0], 10.0, 0),
        ([5.0, 4.0, 3.0, 2.0, 1.0], 2.0, 3),  # equal to the target: reached
        ([5.0, 4.0, 3.0, 2.0, 1.0], 1.9999, 4),  # just below the value at 3: not yet
        ([5.0, 4.0, 3.0], 0.5, None),
        ([5.0, np.nan, np.inf, 0.1], 1.0, 3),
        ([1e3, 1e9, np.inf, np.nan], 1.0, None),
    )
    for losses, target, expected in cases:
        got = checks.call(epochs_to_converge, np.array(losses), target, exercise=exercise)
        if got == expected and (got is None) == (expected is None):
            continue
        shown = f"epochs_to_converge({losses}, target={target}) should be {expected}, got {got!r}"
        if expected is None:
            checks.fail(f"{shown}: {M['converge not_none']}")
        strict = [i for i, value in enumerate(losses) if np.isfinite(value) and value < target]
        if target in losses and strict and got == strict[0]:
            checks.fail(f"{shown}: {M['converge strict']}")
        if isinstance(got, int | np.integer) and got == expected + 1:
            checks.fail(f"{shown}: {M['converge off_by_one']}")
        checks.fail(f"{shown}: the answer is the first t with losses[t] <= target.")


@checks.checked
def test_zigzags() -> None:
    zigzags = exercise.function("zigzags")
    rng = np.random.default_rng(105)
    histories = [
        np.array([[0.0], [1.0], [0.5], [0.8], [0.6], [0.7]]),  # 1-D, reverses every step: 4
        np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0]]),  # straight on: 0
        np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0]]),  # zero and right-angled
        np.cumsum(rng.normal(size=(15, 3)), axis=0),
    ]
    for weights in histories:
        got = checks.call(zigzags, weights, exercise=exercise)
        expected = beyond.zigzags(weights)
        steps = np.diff(weights, axis=0)
        dots = np.sum(steps[1:] * steps[:-1], axis=1)
        positions = np.sum(np.sum(weights[1:] * weights[:-1], axis=1) < 0)
        variants = [_variant("zigzag non_strict", int(np.sum(dots <= 0)))]
        if positions != expected:
            variants.append(_variant("zigzag weights_not_steps", int(positions)))
        checks.expect_number(f"zigzags of a {weights.shape} history", got, expected, variants)


def _walk(signs: list[int]) -> np.ndarray:
    """A 1-D weight history whose steps have these signs: each change of sign is one zigzag."""
    return np.concatenate([[0.0], np.cumsum(signs)]).reshape(-1, 1)


# Runs on each rule's boundary, and just off it: (label, losses, weights, target, expected, what it probes).
BOUNDARIES = (
    ("a flat run, every loss 4.0", [4.0, 4.0, 4.0], _walk([1, 1]), 1.0, "too small", "equal_ends"),
    ("a run whose last loss is just above its first", [4.0, 3.0, 4.001], _walk([1, 1]), 1.0, "diverges", "just_above"),
    ("a run that rose, then fell below its start", [4.0, 9.0, 3.5], _walk([1, 1]), 1.0, "too small", "rose_and_fell"),
    (
        "a run that rises at the end, still below its start",
        [4.0, 2.0, 3.0],
        _walk([1, 1]),
        1.0,
        "too small",
        "late_rise",
    ),
    (
        "a run where exactly a quarter of the 8 steps zigzag",
        [9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 0.5],
        _walk([1, 1, 1, -1, -1, -1, 1, 1]),
        1.0,
        "oscillates",
        "quarter",
    ),
    (
        "a run where 4 of its 20 steps zigzag, one fewer than a quarter",
        list(np.linspace(9.0, 0.5, 21)),
        _walk([1] * 4 + [-1] * 4 + [1] * 4 + [-1] * 4 + [1] * 4),
        1.0,
        "good",
        "below_quarter",
    ),
    ("a run that ends exactly on the target", [4.0, 3.0, 2.0, 1.0], _walk([1, 1, 1]), 1.0, "good", "target_met"),
    (
        "a run that ends just above the target",
        [4.0, 3.0, 2.0, 1.001],
        _walk([1, 1, 1]),
        1.0,
        "too small",
        "target_missed",
    ),
    ("a run whose loss became NaN", [1.0, 2.0, np.nan], _walk([1, 1]), 1.0, "diverges", "nan"),
)


@checks.after(test_gradient_descent, test_epochs_to_converge, test_zigzags)
def test_diagnose() -> None:
    diagnose = exercise.function("diagnose")
    module = exercise.module()
    X, y = module.make_data()
    target = 1.01 * module.best_loss(X, y)
    runs = []
    largest = float(module.largest_stable_rate(X))
    for fraction, expected in ((0.01, "too small"), (0.4, "good"), (0.97, "oscillates"), (1.05, "diverges")):
        losses, weights = beyond.descent_history(X, y, fraction * largest, 200)
        runs.append((f"rate {fraction} × 2/λ_max", losses, weights, target, expected, "order"))
    # A run that zigzags but has not yet reached the target: "oscillates" comes before "too small".
    zig = np.array([[0.0], [1.0], [0.0], [1.0], [0.0]])
    runs.append(
        ("a zigzagging run above the target", np.array([4.0, 3.0, 2.5, 2.2, 2.0]), zig, 1.0, "oscillates", "order")
    )
    runs.extend((label, np.array(values), w, t, e, why) for label, values, w, t, e, why in BOUNDARIES)
    for label, losses, weights, run_target, expected, why in runs:
        assert beyond.diagnose(losses, weights, run_target) == expected, label
        got = checks.call(diagnose, losses, weights, run_target, exercise=exercise)
        if got == expected:
            continue
        if why == "order" and expected == "diverges":
            reason = 'a diverging run zigzags too, so test "diverges" first.'
        elif why == "order":
            reason = DIAGNOSE["order"]
        else:
            reason = DIAGNOSE[why]
        checks.fail(f"diagnose for {label}: expected {expected!r}, got {got!r}. {reason}")
