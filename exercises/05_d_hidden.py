"""Exercise 05: d_hidden, the error sent back to the hidden layer.

The chain continues one layer down:

    hidden_input ──sigmoid──> hidden_output ──(weights_hidden_output)──>
        output_input ──> ... ──> L

d_hidden (N, H) is −dL/d hidden_input, with the lesson's sign, as d_output is
−dL/d output_input. It answers: how much did each hidden unit, in each
example, contribute to the loss?

The pieces, for one example n and one hidden unit j:

  - output_input[n, 0] is the sum over j of hidden_output[n, j] times
    weights_hidden_output[j, 0], so nudging hidden_output[n, j] moves
    output_input[n, 0] by weights_hidden_output[j, 0] times the nudge;
  - −dL/d output_input[n, 0] is d_output[n, 0] (exercise 04, computed below);
  - hidden_output = sigmoid(hidden_input), element by element: its slope is
    sigmoid_derivative of the activation, as at the output.

So −dL/d hidden_input[n, j] is a product of three numbers. Write that product
for every n and j at once, as an (N, H) array, with no Python loop. The shapes
help: d_output is (N, 1), weights_hidden_output is (H, 1), and you need
an (N, H) array whose entry [n, j] is
d_output[n, 0] · weights_hidden_output[j, 0]. Which matrix product gives that?

Two things the chain rule decides for you: the signal that goes back is
d_output, which already holds the output's slope (not the raw error); and the
loss is a sum, so nothing is divided by N.

Check your own answer: running this file compares your d_hidden with finite
differences of the loss with respect to hidden_input (check_gradient, from
backprop_study.toolkit), passing −d_hidden because d_hidden is
−dL/d hidden_input.

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
    X: np.ndarray,
    y: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
) -> np.ndarray:
    """One forward pass, d_output, then d_hidden (N, H).

    X (N, D), y (N, 1), weights_input_hidden (D, H),
    weights_hidden_output (H, 1).
    """
    # forward pass (exercise 02)
    hidden_input = X @ weights_input_hidden  # (N, H)
    hidden_output = sigmoid(hidden_input)  # (N, H)
    output_input = hidden_output @ weights_hidden_output  # (N, 1)
    output = sigmoid(output_input)  # (N, 1)
    # error (exercise 03) and d_output (exercise 04)
    error = y - output  # (N, 1)
    d_output = error * sigmoid_derivative(output)  # (N, 1)

    # TODO: d_hidden = −dL/d hidden_input (N, H), the three-factor product
    # for every n and j at once
    raise NotImplementedError("compute_d_hidden() is not written yet")


def main() -> None:
    np.set_printoptions(precision=5, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        d_hidden = compute_d_hidden(
            XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output
        )
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print(
        f"d_hidden on the lesson's first epoch (shape {np.shape(d_hidden)}, "
        "one column per hidden unit):"
    )
    print(d_hidden)
    print(
        "Each column is d_output scaled by that unit's weight to the output, "
        f"{weights_hidden_output.ravel()},"
    )
    print("and by the unit's own slope.\n")

    # Your d_hidden against finite differences.
    # Imported here, not at the top: grading never runs main().
    from backprop_study.toolkit import check_gradient

    hidden_input = XOR_X @ weights_input_hidden  # (4, 2), nudged in place

    def loss() -> float:
        output = sigmoid(sigmoid(hidden_input) @ weights_hidden_output)
        return float(0.5 * np.sum((XOR_Y - output) ** 2))

    # Finite differences give dL/d hidden_input; the lesson's d_hidden is
    # minus that.
    try:
        check_gradient(
            "−d_hidden vs dL/d hidden_input",
            -np.asarray(d_hidden, dtype=float),
            loss,
            hidden_input,
        )
    except ValueError as problem:
        # a d_hidden of the wrong shape, said in words
        print(problem)


if __name__ == "__main__":
    main()
