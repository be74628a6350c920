"""Grades exercises/02_forward_pass.py: forward(X, weights_input_hidden, weights_hidden_output)."""

from __future__ import annotations

import numpy as np

from backprop_study import checks
from backprop_study.solutions import backprop as ref

exercise = checks.ExerciseFile(__file__)
RETURNS = ("hidden_output", "output")
TRANSPOSE_HINT = (
    checks.MATMUL_HINT[0],
    "The shapes do not fit: X is (N, D) and weights_input_hidden is (D, H), so X @ weights_input_hidden "
    "is (N, H) with no transpose; then (N, H) @ weights_hidden_output (H, 1) is (N, 1).",
)


@checks.after()
def test_forward() -> None:
    """hidden_output and output match the reference for N, D and H that all differ."""
    for case in checks.lesson_cases(seed=20):
        got = exercise.call(
            "forward", case.X, case.weights_input_hidden, case.weights_hidden_output, hints=[TRANSPOSE_HINT]
        )
        hidden_output, output = checks.expect_tuple(RETURNS, got, "forward")
        checks.check_order(RETURNS, (hidden_output, output), (case.hidden_output, case.output), "forward")
        checks.expect(
            "hidden_output", hidden_output, case.hidden_output, checks.variants("hidden_output", case), sizes=case.sizes
        )
        checks.expect("output", output, case.output, checks.variants("output", case), sizes=case.sizes, batch=case.N)


@checks.after(test_forward)
def test_forward_on_the_lesson_network() -> None:
    """The lesson's XOR net with its starting weights: input (0, 0) gives hidden (0.5, 0.5)."""
    W1, W2 = ref.lesson_weights()
    hidden_output, output = exercise.call("forward", ref.XOR_X, W1, W2)
    expected_hidden, expected_output = ref.forward(ref.XOR_X, W1, W2)
    checks.expect("hidden_output on XOR", hidden_output, expected_hidden)
    checks.expect("output on XOR", output, expected_output)
    assert np.allclose(np.asarray(hidden_output)[0], 0.5)
