"""Exercise 02: the forward pass of the lesson's network.

The lesson's network has D inputs, H hidden units and one output unit, all
sigmoid, and no biases. Two weight matrices connect the layers:

  weights_input_hidden   (D, H)  entry [d, j]: from input d to hidden unit j
  weights_hidden_output  (H, 1)  entry [j, 0]: from hidden unit j to the output

Every unit does the same two things. It adds up its inputs, each times the
weight of its connection (that sum is the unit's pre-activation), and it
squashes the sum with the sigmoid (that is its activation, what it passes
on). For one example x, a row of D numbers, hidden unit j computes

    sigmoid( x[0]·w[0, j] + x[1]·w[1, j] + ... + x[D−1]·w[D−1, j] )
        w = weights_input_hidden

and the output unit does the same with the H hidden activations as its inputs
and weights_hidden_output as its weights.

Compute it for a whole batch at once, with no Python loop: X holds N examples,
one per row, and you return

    hidden_output   (N, H)   row n: the hidden activations for example n
    output          (N, 1)   row n: the network's prediction for example n

Let the shapes guide you: which matrix product of X (N, D) and
weights_input_hidden (D, H) has one row per example and one column per hidden
unit, each entry one of the sums above? Name the four arrays you make as the
lesson does (hidden_input, hidden_output, output_input, output): the next
exercises use those names.

The lesson's XOR network has D = 2, H = 2 and N = 4, but your code must work
for any sizes: the grader tries N, D and H that all differ.

Your task (marked TODO): forward(), returning (hidden_output, output).

Run it:    python exercises/02_forward_pass.py
Grade it:  study check 2
"""

from __future__ import annotations

import numpy as np

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)  # (4, 1)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^(−z)), written so that e^x never overflows (exercise 01)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(
    X: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """X (N, D), weights_input_hidden (D, H), weights_hidden_output (H, 1)
    -> (hidden_output (N, H), output (N, 1)).
    """
    # TODO: the hidden layer (a weighted sum, then the sigmoid), then the
    # output layer the same way
    raise NotImplementedError("forward() is not written yet")


def main() -> None:
    np.set_printoptions(precision=4, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        hidden_output, output = forward(
            XOR_X, weights_input_hidden, weights_hidden_output
        )
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print("The untrained network on XOR (one row per input):")
    for x, h, o, t in zip(XOR_X, hidden_output, output, XOR_Y, strict=True):
        print(f"  input {x}  hidden {h}  output {o[0]:.4f}  target {t[0]:.0f}")
    print(
        "\nThe input (0, 0) gives hidden (0.5, 0.5): with no bias, "
        "0 @ W is 0 whatever W is."
    )


if __name__ == "__main__":
    main()
