"""Exercise 07: the training loop, the lesson's whole program.

Put the pieces together. Every epoch runs the lesson's four steps once, on
the whole batch:

    1. the forward pass (exercise 02), from this epoch's weights;
    2. the loss ½ Σ (y − output)² of that forward pass, recorded *before* the
       weights change, so losses[0] is the loss of the starting weights;
    3. the backward pass: the error, then d_output and d_hidden
       (exercises 03-05; the functions below compute them);
    4. the update of both weight matrices (exercise 06), every delta taken
       from the weights the forward pass used.

Return (weights_input_hidden, weights_hidden_output, output, losses):
  - the final weights, (D, H) and (H, 1);
  - output (N, 1): the output of the last forward pass, which is what the
    lesson prints;
  - losses: one number per epoch, in order (a list or an array of length
    `epochs`).

Given the lesson's starting weights (np.random.seed(42), then np.random.rand),
learning rate 0.1 and 10,000 epochs, your loop reproduces the lesson's run, and
the output ends at about [0.204, 0.736, 0.736, 0.344] for the targets
[0, 1, 1, 0]. That is XOR at the 0.5 threshold (right from epoch 4,345 on),
but every output is still more than 0.2 from its target. Training on gets
there slowly: all four outputs within 0.1 of their targets takes about 85,000
epochs at this rate, or 8,501 at rate 1.0. Exercise 08 adds biases, which
make the same run about 13 times faster.

Your task (marked TODO): the loop in train().

Run it:    python exercises/07_training_loop.py
Grade it:  study check 7
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


def forward(
    X: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(hidden_output (N, H), output (N, 1)) (exercise 02)."""
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return hidden_output, output


def squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ Σ (y − output)² (exercise 03)."""
    return float(0.5 * np.sum((y - output) ** 2))


def output_delta(error: np.ndarray, output: np.ndarray) -> np.ndarray:
    """d_output (N, 1) (exercise 04)."""
    return error * sigmoid_derivative(output)


def hidden_delta(
    d_output: np.ndarray,
    weights_hidden_output: np.ndarray,
    hidden_output: np.ndarray,
) -> np.ndarray:
    """d_hidden (N, H) (exercise 05)."""
    return (
        d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    )


def train(
    X: np.ndarray,
    y: np.ndarray,
    weights_input_hidden: np.ndarray,
    weights_hidden_output: np.ndarray,
    learning_rate: float = 0.1,
    epochs: int = 10_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """The lesson's training loop: returns (weights_input_hidden,
    weights_hidden_output, output, losses).
    """
    # TODO: the loop (steps 1-4 above, every epoch), then return the
    # four values
    raise NotImplementedError("train() is not written yet")


def main() -> None:
    np.set_printoptions(precision=3, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        _, _, output, losses = train(
            XOR_X,
            XOR_Y,
            weights_input_hidden,
            weights_hidden_output,
            0.1,
            10_000,
        )
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    for epoch in (0, 100, 1000, 5000, 9999):
        print(f"epoch {epoch:5d}: loss {losses[epoch]:.5f}")
    print(
        f"Final output: {np.ravel(output)} "
        "(the lesson: about [0.204 0.736 0.736 0.344])"
    )
    print(f"Targets:      {XOR_Y.ravel()}")
    print(
        "Right at the 0.5 threshold, still far from the targets: "
        "all four get within 0.1 only after"
    )
    print(
        "about 85,000 epochs at this rate. "
        "Exercise 08's biases make the same run about 13 times faster."
    )


if __name__ == "__main__":
    main()
