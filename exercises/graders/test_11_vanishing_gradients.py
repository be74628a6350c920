"""Grades exercises/11_vanishing_gradients.py: gradient norms per layer, the starting scale by
activation, and clipping by the global norm."""

from __future__ import annotations

import itertools

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
M = mistakes.VANISHING


def _grads(sizes: list[int], seed: int, scale: float = 1.0) -> beyond.Params:
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(a, b)) * scale, rng.normal(size=(1, b)) * scale) for a, b in itertools.pairwise(sizes)]


def _variant(key: str, value: object) -> checks.Variant:
    return checks.Variant(key, M[key], value)


@checks.checked
def test_gradient_norms() -> None:
    gradient_norms = exercise.function("gradient_norms")
    for sizes, seed in (([3, 5, 4, 2], 110), ([6, 2, 7], 111)):
        grads = _grads(sizes, seed, scale=float(seed % 7))
        got = checks.call(gradient_norms, grads, exercise=exercise)
        expected = np.array(ref.gradient_norms(grads))
        checks.expect(
            "gradient_norms",
            got,
            expected,
            [
                _variant("norms squared", expected**2),
                _variant("norms with_biases", [np.sqrt(np.sum(dW**2) + np.sum(db**2)) for dW, db in grads]),
                _variant("norms reversed", expected[::-1]),
                _variant("norms max_abs", [np.max(np.abs(dW)) for dW, _ in grads]),
                _variant("norms absolute", [np.sum(np.abs(dW)) for dW, _ in grads]),
                _variant("norms mean", [np.sqrt(np.mean(dW**2)) for dW, _ in grads]),
            ],
            sizes=f"{len(grads)} layers",
            function="gradient_norms",
        )


@checks.checked
def test_init_scale() -> None:
    init_scale = exercise.function("init_scale")
    for n_in, n_out, activation in ((30, 10, "relu"), (7, 12, "sigmoid"), (16, 5, "tanh"), (9, 4, "relu")):
        got = checks.call(init_scale, n_in, n_out, activation, exercise=exercise)
        expected = beyond.init_scale(n_in, n_out, activation)
        # Every known scale, said as what it is; the one that is this activation's rule is the answer itself.
        variants = [
            checks.Variant(key, mistakes.scale_message(key, activation), compute(n_in, n_out))
            for key, (_, compute) in mistakes.SCALES.items()
        ]
        checks.expect_number(f"init_scale({n_in}, {n_out}, {activation!r})", got, expected, variants)


@checks.checked
def test_clip_by_global_norm() -> None:
    clip = exercise.function("clip_by_global_norm")
    for sizes, seed, scale, max_norm in (([3, 5, 4], 112, 3.0, 1.5), ([4, 2, 6, 3], 113, 0.1, 5.0)):
        grads = _grads(sizes, seed, scale)
        given = [(dW.copy(), db.copy()) for dW, db in grads]
        got = checks.call_in_place(clip, given, max_norm, exercise=exercise)
        if any(
            not (np.array_equal(a, c) and np.array_equal(b, d)) for (a, b), (c, d) in zip(given, grads, strict=True)
        ):
            checks.fail(f"clip_by_global_norm: {M['clip modified_input']}")
        clipped, total = checks.expect_tuple(("clipped grads", "total norm"), got, "clip_by_global_norm")
        expected, expected_total = beyond.clip_by_global_norm(grads, max_norm)
        checks.check_order(
            ("clipped grads", "total norm"), (clipped, total), (expected, expected_total), "clip_by_global_norm"
        )
        if not isinstance(clipped, list | tuple) or len(clipped) != len(grads):
            checks.fail(f"clip_by_global_norm must return the clipped grads as a list of {len(grads)} (dW, db) pairs.")
        after_total = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in expected))
        weights_only = np.sqrt(sum(np.sum(dW**2) for dW, _ in grads))
        checks.expect_number(
            "the total norm",
            total,
            expected_total,
            [
                _variant("clip total_after", after_total),
                _variant("clip biases_left_out", weights_only),
                _variant("clip squared_total", expected_total**2),
            ],
        )
        wrong = beyond.clip_variants(grads, max_norm)
        below = "" if expected_total > max_norm else f" (the total {expected_total:.3g} is already below {max_norm})"
        for layer, ((dW, db), (eW, eb)) in enumerate(zip(clipped, expected, strict=True)):
            for name, got_array, expected_array, which in (("dW", dW, eW, 0), ("db", db, eb, 1)):
                variants = [_variant(f"clip {key}", value[layer][which]) for key, value in wrong.items()]
                checks.expect(
                    f"the clipped {name} of layer {layer + 1}{below}",
                    got_array,
                    expected_array,
                    variants,
                    function="clip_by_global_norm",
                )
