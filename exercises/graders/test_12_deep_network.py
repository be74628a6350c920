"""Grades exercises/12_deep_network.py: the forward loop keeps every activation, and the backward loop
gives every layer's batch-averaged gradient (checked against the reference and finite differences).

Three networks, one per hidden activation (tanh, relu, sigmoid), with layer sizes that all differ and
more than one output for two of them (so a mean over every entry of y is not a mean over the batch)."""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes

exercise = checks.ExerciseFile(__file__)
HINTS = (checks.MATMUL_HINT,)
F = mistakes.DEEP_FORWARD


@checks.checked
def test_network_forward() -> None:
    network_forward = exercise.function("network_forward")
    for case in beyond.deep_cases():
        got = checks.call(network_forward, case.params, case.X, case.activation, exercise=exercise, hints=HINTS)
        expected = case.activations
        if not isinstance(got, list | tuple):
            checks.fail(
                f"network_forward must return a list of activations [X, a_1, ..., a_L]; got {type(got).__name__}."
            )
        if len(got) == len(expected) - 1:
            checks.fail(
                f"network_forward returned {len(got)} arrays for {len(case.params)} layers: {F['missing_input']}"
            )
        if len(got) != len(expected):
            checks.fail(
                f"network_forward returned {len(got)} arrays for {len(case.params)} layers; "
                f"expected {len(expected)}: [X, a_1, ..., a_L]."
            )
        wrong = case.forward_variants()
        for index in range(1, len(expected)):
            variants = [checks.Variant(name, F[name], acts[index]) for name, acts in wrong]
            checks.expect(
                f"a_{index} (activations[{index}])",
                got[index],
                expected[index],
                variants,
                sizes=case.sizes,
                function="network_forward",
            )


@checks.after(test_network_forward)
def test_network_gradients() -> None:
    network_gradients = exercise.function("network_gradients")
    for case in beyond.deep_cases():
        got = checks.call(
            network_gradients, case.params, case.activations, case.y, case.activation, exercise=exercise, hints=HINTS
        )
        layers = len(case.params)
        if not isinstance(got, list | tuple) or len(got) != layers:
            count = len(got) if isinstance(got, list | tuple) else type(got).__name__
            checks.fail(f"network_gradients must return one (dW, db) pair per layer ({layers}); got {count}.")
        pairs = [checks.expect_tuple(("dW", "db"), pair, "network_gradients", part="layer pairs") for pair in got]
        shapes = [(np.shape(dW), np.shape(db)) for dW, db in pairs]
        expected_shapes = [(W.shape, b.shape) for W, b in case.params]
        if shapes != expected_shapes and shapes == expected_shapes[::-1]:
            checks.fail(f"network_gradients: {mistakes.DEEP_REVERSED}")
        numeric = case.numeric()
        for layer in range(layers - 1, -1, -1):  # top down, as backpropagation goes
            for which, name in ((0, "dW"), (1, "db")):
                expected = case.grads[layer][which]
                checks.expect(
                    f"{name}_{layer + 1} (layer {layer + 1} of {layers})",
                    checks.row_like(pairs[layer][which], expected),
                    expected,
                    beyond.deep_variants(case, layer, which),
                    accept=numeric[layer][which],
                    sizes=case.sizes,
                    function="network_gradients",
                )
