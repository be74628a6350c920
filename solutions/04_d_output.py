"""Exercise 04: d_output, the error at the output unit.

After the forward pass and the error, backpropagation starts at the output.
The output is output = sigmoid(output_input). By the chain rule, the error
seen at the output unit's *input* is the error times the sigmoid's slope
there:

    d_output = error * sigmoid_derivative(output)          (N, 1) = (N, 1) * (N, 1), elementwise

Two things to get right:
  - sigmoid_derivative takes the activation (output), not the
    pre-activation (output_input): it computes a * (1 − a), which is the
    slope only when a is already sigmoid(z).
  - No 1/N: the lesson's loss ½ Σ (y − output)² is a sum over the batch.

(d_output is −dL/d output_input: the error carries the minus sign, exercise 03.)

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
    X: np.ndarray, y: np.ndarray, weights_input_hidden: np.ndarray, weights_hidden_output: np.ndarray
) -> np.ndarray:
    """One forward pass of the lesson's network, then d_output (N, 1).

    X (N, D), y (N, 1), weights_input_hidden (D, H), weights_hidden_output (H, 1).
    """
    # forward pass (exercise 02)
    hidden_input = X @ weights_input_hidden  # (N, H)
    hidden_output = sigmoid(hidden_input)  # (N, H)
    output_input = hidden_output @ weights_hidden_output  # (N, 1)
    output = sigmoid(output_input)  # (N, 1)
    # error (exercise 03)
    error = y - output  # (N, 1)

    # D_output = the error times the output's slope; then return d_output
    d_output = error * sigmoid_derivative(output)  # (N, 1)
    return d_output


def main() -> None:
    np.set_printoptions(precision=5, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        d_output = compute_d_output(XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output)
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print(f"d_output on the lesson's first epoch (shape {np.shape(d_output)}):")
    print(d_output)
    print("Positive rows push their output up (target 1), negative rows push it down (target 0).")


if __name__ == "__main__":
    main()
