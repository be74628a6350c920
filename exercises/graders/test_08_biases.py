"""Grades exercises/08_biases.py: the forward pass with biases, the four gradients, and a training run
that brings every XOR output within 0.1 of its target."""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
HINTS = (checks.MATMUL_HINT,)


@checks.checked
def test_forward_with_biases() -> None:
    forward = exercise.function("forward_with_biases")
    for case in beyond.bias_cases():
        got = checks.call(forward, case.X, *case.params, exercise=exercise, hints=HINTS)
        hidden, output = checks.expect_tuple(("hidden_output", "output"), got, "forward_with_biases")
        checks.expect(
            "hidden_output",
            hidden,
            case.hidden,
            beyond.bias_variants("08 hidden_output", case),
            sizes=case.sizes,
            function="forward_with_biases",
        )
        checks.expect(
            "output",
            output,
            case.output,
            beyond.bias_variants("08 output", case),
            sizes=case.sizes,
            function="forward_with_biases",
        )


@checks.after(test_forward_with_biases)
def test_gradients() -> None:
    gradients = exercise.function("gradients")
    for case in beyond.bias_cases():
        got = checks.call(gradients, case.X, case.y, *case.params, exercise=exercise, hints=HINTS)
        got = checks.expect_tuple(("dW1", "db1", "dW2", "db2"), got, "gradients")
        answers = dict(zip(("dW1", "db1", "dW2", "db2"), got, strict=True))
        for name in ("dW2", "db2", "dW1", "db1"):  # top down, as backpropagation goes
            expected = case.grads[name]
            checks.expect(
                name,
                checks.row_like(answers[name], expected),
                expected,
                beyond.bias_variants(f"08 {name}", case),
                accept=case.numeric[name],
                sizes=case.sizes,
                function="gradients",
            )


@checks.after(test_gradients)
def test_training_reaches_every_target() -> None:
    train = exercise.function("train")
    params = ref.xor_weights_with_biases(seed=42, hidden=2)
    learning_rate, epochs, compared = 1.0, 700, 100  # the reference needs 665 epochs at this rate
    got = checks.call(train, ref.XOR_X, ref.XOR_Y, params, learning_rate, epochs, exercise=exercise)
    new_params, losses = checks.expect_tuple(("params", "losses"), got, "train")
    losses = checks.as_array("losses", losses, "train")
    if losses.shape != (epochs,):
        checks.fail(f"train should return one loss per epoch: {epochs} values, got shape {losses.shape}.")
    # The first epochs against the reference's run are enough to catch a wrong step.
    expected = ref.train_with_biases(ref.XOR_X, ref.XOR_Y, params, learning_rate, compared).losses
    if not np.allclose(losses[:compared], expected, rtol=checks.RTOL, atol=checks.ATOL):
        uphill = ref.train_with_biases(ref.XOR_X, ref.XOR_Y, params, -learning_rate, compared).losses
        variants = [checks.Variant("uphill", mistakes.LEARNING_RATE["descent uphill"], uphill)]
        checks.expect(f"losses[:{compared}]", losses[:compared], expected, variants, function="train")
    W1, b1, W2, b2 = checks.expect_tuple(("W1", "b1", "W2", "b2"), new_params, "train (its params)")
    output = ref.forward_with_biases(ref.XOR_X, W1, b1, W2, b2)[1]
    worst = int(np.argmax(np.abs(output - ref.XOR_Y)))
    if not np.all(np.abs(output - ref.XOR_Y) < 0.1):
        checks.fail(
            f"after {epochs} epochs at learning rate {learning_rate} the output {np.round(output.ravel(), 3)} "
            f"is not within 0.1 of the targets {ref.XOR_Y.ravel()} (worst: row {worst})."
        )
