"""Grades exercises/06_weight_update.py: train_step(), every delta from the old weights, then both `+=` updates."""

from __future__ import annotations

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
RETURNS = ("weights_input_hidden", "weights_hidden_output")
# The lesson itself updates its weights in place (`+=`); a step written that way is still the lesson's step.
LESSON_UPDATES_IN_PLACE = RETURNS


def _check_step(case: checks.Case) -> None:
    got = exercise.call(
        "train_step",
        case.X,
        case.y,
        case.weights_input_hidden,
        case.weights_hidden_output,
        case.learning_rate,
        hints=[checks.MATMUL_HINT],
        may_change=LESSON_UPDATES_IN_PLACE,
    )
    new_w1, new_w2 = checks.expect_tuple(RETURNS, got, "train_step")
    expected_w1, expected_w2 = case.updated
    checks.check_order(RETURNS, (new_w1, new_w2), (expected_w1, expected_w2), "train_step")
    # a correct step is W − learning_rate · dL/dW, whatever way it is written: judge by finite differences too
    lr = case.learning_rate
    d_w2 = checks.numeric_gradient(
        lambda w2: case.loss_of_weights(case.weights_input_hidden, w2), case.weights_hidden_output
    )
    d_w1 = checks.numeric_gradient(
        lambda w1: case.loss_of_weights(w1, case.weights_hidden_output), case.weights_input_hidden
    )
    checks.expect(
        f"weights_hidden_output after one step (learning rate {lr})",
        new_w2,
        expected_w2,
        checks.variants("weights_hidden_output", case),
        accept=case.weights_hidden_output - lr * d_w2,
        sizes=case.sizes,
        batch=case.N,
    )
    checks.expect(
        f"weights_input_hidden after one step (learning rate {lr})",
        new_w1,
        expected_w1,
        checks.variants("weights_input_hidden", case),
        accept=case.weights_input_hidden - lr * d_w1,
        sizes=case.sizes,
        batch=case.N,
    )


@checks.after()
def test_train_step() -> None:
    """Both new weights match the reference for N, D, H that all differ."""
    for case in checks.lesson_cases(seed=60):
        _check_step(case)


@checks.after(test_train_step)
def test_train_step_on_the_lesson_network() -> None:
    """The lesson's first step on XOR, from its starting weights."""
    W1, W2 = ref.lesson_weights()
    _check_step(checks.Case(ref.XOR_X, ref.XOR_Y, W1, W2, 0.1))
