"""Grades exercises/08_biases.py: the forward pass with biases, the four gradients, and training: runs at
two learning rates from two starting points compared epoch by epoch, the caller's parameters left alone, and
a run that brings every XOR output within 0.1 of its target."""

from __future__ import annotations

import functools

import numpy as np

from backprop_study import checks
from backprop_study.checks import beyond, mistakes, runs
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
HINTS = (checks.MATMUL_HINT,)
FORWARD = ("hidden_output", "output")
GRADS = ("dW1", "db1", "dW2", "db2")
PARAMS = ("W1", "b1", "W2", "b2")
# (case, learning rate, epochs): two starting points, two rates, sizes that all differ
RUNS = ((beyond.bias_cases(seed=88)[0], 0.5, 30), (beyond.bias_cases(seed=89)[1], 2.0, 20))


@checks.checked
def test_forward_with_biases() -> None:
    for case in beyond.bias_cases():
        got = exercise.call("forward_with_biases", case.X, *case.params, hints=HINTS)
        hidden, output = checks.expect_tuple(FORWARD, got, "forward_with_biases")
        checks.check_order(FORWARD, (hidden, output), (case.hidden, case.output), "forward_with_biases")
        for quantity, value, expected in (("hidden_output", hidden, case.hidden), ("output", output, case.output)):
            checks.expect(
                quantity,
                value,
                expected,
                beyond.bias_variants(f"08 {quantity}", case),
                sizes=case.sizes,
                function="forward_with_biases",
            )


@checks.after(test_forward_with_biases)
def test_gradients() -> None:
    for case in beyond.bias_cases():
        got = exercise.call("gradients", case.X, case.y, *case.params, hints=HINTS)
        got = checks.expect_tuple(GRADS, got, "gradients")
        expected = tuple(case.grads[name] for name in GRADS)
        answers = tuple(checks.row_like(g, e) for g, e in zip(got, expected, strict=True))
        checks.check_order(GRADS, answers, expected, "gradients")
        for name in ("dW2", "db2", "dW1", "db1"):  # top down, as backpropagation goes
            index = GRADS.index(name)
            checks.expect(
                name,
                answers[index],
                expected[index],
                beyond.bias_variants(f"08 {name}", case),
                accept=case.numeric[name],
                sizes=case.sizes,
                function="gradients",
            )


def _check_run(case: beyond.BiasCase, learning_rate: float, epochs: int) -> None:
    got = exercise.call("train", case.X, case.y, case.params, learning_rate, epochs, hints=HINTS)
    new_params, losses = checks.expect_tuple(("params", "losses"), got, "train")
    run = beyond.bias_run(case.X, case.y, case.params, learning_rate, epochs)
    checks.check_order(("params", "losses"), (new_params, losses), (run.params, run.losses), "train")
    shown = f"{epochs} epochs, learning rate {learning_rate}"

    @functools.cache
    def wrong() -> dict[str, beyond.BiasRun]:
        """Each catalogued wrong step, run for as many epochs: computed only when the run is wrong."""
        runs_of = {
            how: beyond.bias_run(case.X, case.y, case.params, learning_rate, epochs, how)
            for how in mistakes.BIAS_STEPS
            if how != "one_step_more"
        }
        runs_of["one_step_more"] = beyond.bias_run(case.X, case.y, case.params, learning_rate, epochs + 1)
        return runs_of

    def loss_variants() -> list[checks.Variant]:
        named = [checks.Variant(how, mistakes.BIAS_STEPS[how], r.losses) for how, r in wrong().items()]
        recorded = runs.loss_variants(run.losses, run.losses_after, case.N, mistakes.SUM_LOSS_RECORDED)
        return [*(v for v in named if v.name != "one_step_more"), *recorded]

    runs.check_history(
        f"losses ({shown})",
        losses,
        run.losses,
        loss_variants,
        function="train",
        recorded="each loss is taken before that epoch's step",
    )
    params = checks.expect_tuple(PARAMS, new_params, "train", part="params")
    params = tuple(checks.row_like(p, e) for p, e in zip(params, run.params, strict=True))
    checks.check_order(PARAMS, params, run.params, "train", part="params")
    for index, name in enumerate(PARAMS):

        def variants(index: int = index) -> list[checks.Variant]:
            return [checks.Variant(how, mistakes.BIAS_STEPS[how], r.params[index]) for how, r in wrong().items()]

        checks.expect(
            f"{name} after {shown}", params[index], run.params[index], variants, sizes=case.sizes, function="train"
        )


@checks.after(test_gradients)
def test_training_runs() -> None:
    """Two runs, at learning rates 0.5 and 2.0: a missing or doubled rate cannot hide behind a rate of 1."""
    for case, learning_rate, epochs in RUNS:
        _check_run(case, learning_rate, epochs)


@checks.after(test_training_runs)
def test_training_reaches_every_target() -> None:
    params = ref.xor_weights_with_biases(seed=42, hidden=2)
    learning_rate, epochs = 1.0, 700  # the reference needs 665 epochs at this rate
    got = exercise.call("train", ref.XOR_X, ref.XOR_Y, params, learning_rate, epochs)
    new_params, losses = checks.expect_tuple(("params", "losses"), got, "train")
    reference = ref.train_with_biases(ref.XOR_X, ref.XOR_Y, params, learning_rate, epochs)
    runs.check_history(
        f"losses on XOR ({epochs} epochs, learning rate {learning_rate})",
        losses,
        reference.losses,
        function="train",
        recorded="each loss is taken before that epoch's step",
        rtol=1e-4,  # 700 epochs: a single-precision run drifts, a wrong one parts at once
    )
    W1, b1, W2, b2 = checks.expect_tuple(PARAMS, new_params, "train", part="params")
    output = ref.forward_with_biases(ref.XOR_X, W1, b1, W2, b2)[1]
    worst = int(np.argmax(np.abs(output - ref.XOR_Y)))
    if not np.all(np.abs(output - ref.XOR_Y) < 0.1):
        checks.fail(
            f"after {epochs} epochs at learning rate {learning_rate} the output {np.round(output.ravel(), 3)} "
            f"is not within 0.1 of the targets {ref.XOR_Y.ravel()} (worst: row {worst})."
        )
