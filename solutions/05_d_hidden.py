"""Exercise 05: d_hidden, the error sent back to the hidden layer.

Each hidden unit fed the output through one weight of weights_hidden_output.
The chain rule sends d_output back along those same weights, then through
the hidden sigmoid's slope:

    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)

    shapes:   (N, 1) @ (1, H) -> (N, H),  times (N, H) elementwise  =  (N, H)

This one line is backpropagation: "how much did each hidden unit contribute
to the output's error?" Things to get right:
  - weights_hidden_output is (H, 1); going backwards needs its transpose (1, H);
  - send d_output back, not the raw error: the output's slope is part of the chain;
  - the hidden layer's own slope, sigmoid_derivative(hidden_output), taken
    at the activation, not at hidden_input;
  - no 1/N (the loss is a sum).

Your task (marked TODO): the d_hidden line in compute_d_hidden().

Run it:    python exercises/05_d_hidden.py
Grade it:  study check 5
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


def compute_d_hidden(
    X: np.ndarray, y: np.ndarray, weights_input_hidden: np.ndarray, weights_hidden_output: np.ndarray
) -> np.ndarray:
    """One forward pass, d_output, then d_hidden (N, H).

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

    # D_hidden = d_output sent back through weights_hidden_output, times the hidden slope
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)  # (N, H)
    return d_hidden


def main() -> None:
    np.set_printoptions(precision=5, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        d_hidden = compute_d_hidden(XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output)
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print(f"d_hidden on the lesson's first epoch (shape {np.shape(d_hidden)}, one column per hidden unit):")
    print(d_hidden)
    print(f"Each column is d_output scaled by that unit's weight to the output, {weights_hidden_output.ravel()},")
    print("and by the unit's own slope.")


if __name__ == "__main__":
    main()
