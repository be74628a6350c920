"""Exercise 08: biases, so the network can reach its targets.

The lesson's network ends at about [0.204, 0.736, 0.736, 0.344] for the XOR
targets [0, 1, 1, 0]. It classifies XOR at the 0.5 threshold, but it never
nears the targets. Look at the input (0, 0):

    hidden_output = sigmoid([0, 0] @ W1) = sigmoid([0, 0]) = [0.5, 0.5]

whatever W1 is. The hidden layer cannot answer (0, 0) differently from
"halfway", so the output for (0, 0) is stuck at sigmoid(0.5 * (w1 + w2)), and
pulling it down to 0 fights the other three inputs. A bias is a weight on an
extra input that is always 1: it lets each unit shift where it switches on.

    hidden_output = sigmoid(X @ W1 + b1)             (N, H) = (N, D) @ (D, H) + (1, H)
    output        = sigmoid(hidden_output @ W2 + b2)  (N, 1) = (N, H) @ (H, 1) + (1, 1)

From here on we write gradients the way every library does: the gradient of
the loss L = ½ Σ (y − output)², which you *subtract*. (The lesson's `error =
y - output` and `+=` is the same step with the sign folded in; exercise 03
showed why.) By the chain rule, with δ standing for dL/dz at a layer's input z:

    delta_output = (output − y) * output * (1 − output)           (N, 1)
    delta_hidden = delta_output @ W2.T * hidden * (1 − hidden)     (N, H)
    dW2 = hidden.T @ delta_output     (H, 1)      db2 = Σ over the rows of delta_output  (1, 1)
    dW1 = X.T @ delta_hidden          (D, H)      db1 = Σ over the rows of delta_hidden  (1, H)

A bias's input is 1 in every row, so its gradient is the delta summed over
the batch (axis 0): one number per unit, whatever the batch size N is. The
loss is a sum over the batch, so nothing is divided by N here.

Your tasks (each marked TODO):
  1. forward_with_biases: the forward pass above.
  2. gradients: dW1, db1, dW2, db2 of L = ½ Σ (y − output)².
  3. train: the training loop, stepping *down* the gradient.

Run it:    python exercises/08_biases.py
Grade it:  study check 8
"""

from __future__ import annotations

import numpy as np

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)  # (4, 2)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)  # (4, 1)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^−z), written so that e^x never overflows (exercise 01)."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """σ'(z) written with the activation a = σ(z), as in the lesson."""
    return a * (1.0 - a)


def squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ Σ (y − output)² (exercise 03)."""
    return float(0.5 * np.sum((y - output) ** 2))


def init_params(seed: int = 42, hidden: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Starting weights (W1 (2, H), b1 (1, H), W2 (H, 1), b2 (1, 1)), drawn in that order.

    The order matters: drawing W1, W2, b1, b2 from the same seed gives other
    numbers and another run, so it is fixed here.
    """
    rng = np.random.default_rng(seed)
    W1 = rng.random((2, hidden))
    b1 = rng.random((1, hidden))
    W2 = rng.random((hidden, 1))
    b2 = rng.random((1, 1))
    return W1, b1, W2, b2


def forward_with_biases(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The forward pass with biases: returns (hidden_output (N, H), output (N, 1))."""
    hidden_output = sigmoid(X @ W1 + b1)  # (N, H); b1 (1, H) is added to every row
    output = sigmoid(hidden_output @ W2 + b2)  # (N, 1)
    return hidden_output, output


def gradients(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(dW1 (D, H), db1 (1, H), dW2 (H, 1), db2 (1, 1)): the gradient of L = ½ Σ (y − output)².

    These are the quantities to subtract. Each has the shape of its parameter.
    """
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)  # (N, 1) = dL/d(output's input)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)  # (N, H): the chain rule
    dW2 = hidden_output.T @ delta_output  # (H, N) @ (N, 1) -> (H, 1)
    db2 = delta_output.sum(axis=0, keepdims=True)  # (1, 1)
    dW1 = X.T @ delta_hidden  # (D, N) @ (N, H) -> (D, H)
    db1 = delta_hidden.sum(axis=0, keepdims=True)  # (1, H): one number per hidden unit
    return dW1, db1, dW2, db2


def train(
    X: np.ndarray,
    y: np.ndarray,
    params: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    learning_rate: float,
    epochs: int,
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """Gradient descent for `epochs` steps; returns (final params, losses).

    losses[i] is ½ Σ (y − output)² at epoch i, *before* that epoch's step.
    """
    W1, b1, W2, b2 = params
    losses = np.empty(epochs)
    for epoch in range(epochs):
        _, output = forward_with_biases(X, W1, b1, W2, b2)
        losses[epoch] = squared_error(y, output)
        dW1, db1, dW2, db2 = gradients(X, y, W1, b1, W2, b2)
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    return (W1, b1, W2, b2), losses


def first_epoch_within(
    X: np.ndarray, y: np.ndarray, params: tuple, learning_rate: float, epochs: int, tol: float
) -> int | None:
    """The first epoch after which every output is within `tol` of its target, or None."""
    W1, b1, W2, b2 = params
    for epoch in range(epochs):
        (W1, b1, W2, b2), _ = train(X, y, (W1, b1, W2, b2), learning_rate, 1)
        if np.all(np.abs(forward_with_biases(X, W1, b1, W2, b2)[1] - y) < tol):
            return epoch + 1
    return None


def main() -> None:
    np.set_printoptions(precision=3, suppress=True)
    rng = np.random.default_rng(0)
    print("Without biases, input (0, 0) always gives the same hidden layer:")
    for _ in range(3):
        W1 = rng.normal(size=(2, 2)) * 3
        print(f"  W1 = {W1.ravel()}  ->  hidden = {sigmoid(np.zeros((1, 2)) @ W1).ravel()}")
    try:
        params = init_params()
        for learning_rate in (0.1, 1.0):
            epochs = first_epoch_within(XOR_X, XOR_Y, params, learning_rate, 20_000, 0.1)
            (W1, b1, W2, b2), losses = train(XOR_X, XOR_Y, params, learning_rate, epochs or 20_000)
            output = forward_with_biases(XOR_X, W1, b1, W2, b2)[1]
            print(f"\nWith biases, learning rate {learning_rate}: loss {losses[0]:.3f} -> {losses[-1]:.4f}")
            print(f"  output {output.ravel()} for targets {XOR_Y.ravel()}")
            print(f"  every output within 0.1 of its target after {epochs} epochs")
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
