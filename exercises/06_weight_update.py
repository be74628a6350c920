"""Exercise 06: the weight update, one whole training step.

With both deltas known, each weight moves by (its input) × (the delta at its
output), summed over the batch, times the learning rate:

    weights_hidden_output += hidden_output.T @ d_output * learning_rate     (H, 1) = (H, N) @ (N, 1)
    weights_input_hidden  += X.T @ d_hidden * learning_rate                 (D, H) = (D, N) @ (N, H)

`+=` because the error y − output is minus the gradient (exercise 03): this
is gradient descent on ½ Σ (y − output)², a sum, so there is no 1/N.

The order matters. d_hidden uses weights_hidden_output, so compute *every*
delta from the old weights first, and only then change the weights. Update
weights_hidden_output first and d_hidden is computed with weights the
forward pass never used: the step is no longer the gradient.

Your task (marked TODO): the rest of train_step(): d_hidden (exercise 05),
then both updates, in the right order. Return the two new weight arrays.

Run it:    python exercises/06_weight_update.py
Grade it:  study check 6
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


def squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ Σ (y − output)² (exercise 03)."""
    return float(0.5 * np.sum((y - output) ** 2))


def train_step(
    X: np.ndarray,
    y: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
    learning_rate: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of the lesson's loop: returns (new weights_input_hidden (D, H), new weights_hidden_output (H, 1)).

    X (N, D), y (N, 1), weights_input_hidden (D, H), weights_hidden_output (H, 1).
    """
    # forward pass (exercise 02)
    hidden_input = X @ weights_input_hidden  # (N, H)
    hidden_output = sigmoid(hidden_input)  # (N, H)
    output_input = hidden_output @ weights_hidden_output  # (N, 1)
    output = sigmoid(output_input)  # (N, 1)
    # error (exercise 03) and d_output (exercise 04)
    error = y - output  # (N, 1)
    d_output = error * sigmoid_derivative(output)  # (N, 1)

    # TODO: d_hidden first (from the old weights), then update both weights; return them (W1 first)
    raise NotImplementedError("train_step() is not written yet")


def main() -> None:
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        for step in range(1, 6):
            before = squared_error(XOR_Y, sigmoid(sigmoid(XOR_X @ weights_input_hidden) @ weights_hidden_output))
            weights_input_hidden, weights_hidden_output = train_step(
                XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output, 0.1
            )
            after = squared_error(XOR_Y, sigmoid(sigmoid(XOR_X @ weights_input_hidden) @ weights_hidden_output))
            print(f"step {step}: loss {before:.6f} -> {after:.6f}")
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print("Each step goes downhill, a little: the learning rate is small.")


if __name__ == "__main__":
    main()
