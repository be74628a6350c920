"""Exercise 04: d_output, the error at the output unit's input.

Backpropagation starts at the output. The last links of the chain are

    output_input ──sigmoid──> output ──> L = ½ Σ (y − output)²

and d_output (N, 1) says how the loss changes when output_input moves, with
the lesson's sign: d_output = −dL/d output_input. (The lesson keeps the minus
sign of exercise 03 all the way back; that is why its updates add.)

You have the pieces. Each row is one example, and rows do not mix:

  - dL/d output: exercise 03 worked it out, and related it to the error.
  - d output / d output_input: the sigmoid's slope at output_input. Written
    with the activation a = sigmoid(z), that slope is sigmoid_derivative(a)
    (exercise 01). Of the two arrays you hold, output_input and output, which
    one is the activation a here?
  - the chain rule:
    dL/d output_input = dL/d output · d output / d output_input,
    element by element: (N, 1) times (N, 1).

Combine them, then mind the sign. The loss is a sum over the batch, so
nothing is divided by N.

Check your own answer: running this file compares your d_output with finite
differences of the loss (check_gradient, from backprop_study.toolkit; you can
use it on anything you derive). Finite differences measure dL/d output_input,
which is minus d_output, so the file passes −d_output to it.

Your task (marked TODO): the d_output line in compute_d_output().

Run it:    python exercises/04_d_output.py
Grade it:  study check 4
"""

from __future__ import annotations

import numpy as np

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)  # (4, 1)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^(−z)), written so that e^x never overflows (exercise 01)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """The slope, written with the activation a = sigmoid(z) (exercise 01)."""
    return a * (1.0 - a)


def compute_d_output(
    X: np.ndarray,
    y: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
) -> np.ndarray:
    """One forward pass of the lesson's network, then d_output (N, 1).

    X (N, D), y (N, 1), weights_input_hidden (D, H),
    weights_hidden_output (H, 1).
    """
    # forward pass (exercise 02)
    hidden_input = X @ weights_input_hidden  # (N, H)
    hidden_output = sigmoid(hidden_input)  # (N, H)
    output_input = hidden_output @ weights_hidden_output  # (N, 1)
    output = sigmoid(output_input)  # (N, 1)
    # error (exercise 03)
    error = y - output  # (N, 1)

    # dL/d output = −error and
    # d output/d output_input = sigmoid_derivative(output), the activation's
    # slope; d_output is minus their product
    d_output = error * sigmoid_derivative(output)  # (N, 1)
    return d_output


def main() -> None:
    np.set_printoptions(precision=5, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        d_output = compute_d_output(
            XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output
        )
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print(
        f"d_output on the lesson's first epoch (shape {np.shape(d_output)}):"
    )
    print(d_output)
    print(
        "Positive rows push their output up (target 1), "
        "negative rows push it down (target 0).\n"
    )

    # Your d_output against finite differences.
    # Imported here, not at the top: grading never runs main().
    from backprop_study.toolkit import check_gradient

    # (4, 1), nudged in place
    output_input = (
        sigmoid(XOR_X @ weights_input_hidden) @ weights_hidden_output
    )

    def loss() -> float:
        return float(0.5 * np.sum((XOR_Y - sigmoid(output_input)) ** 2))

    # Finite differences give dL/d output_input; the lesson's d_output is
    # minus that.
    try:
        check_gradient(
            "−d_output vs dL/d output_input",
            -np.asarray(d_output, dtype=float),
            loss,
            output_input,
        )
    except ValueError as problem:
        # a d_output of the wrong shape, said in words
        print(problem)


if __name__ == "__main__":
    main()
