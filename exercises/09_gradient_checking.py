"""Exercise 09: gradient checking, and the bug it finds.

A backward pass can be wrong and still train a little, so "the loss goes
down" proves nothing. The check every careful practitioner runs: nudge one
weight by a tiny h each way, see how the loss moves, and compare that slope
with the gradient your backward pass computed.

Centred differences, one element of x at a time:

    dL/dx[i] ≈ (L(x with x[i] + h) − L(x with x[i] − h)) / (2h)      h = 1e-5

Its error shrinks like h² (a one-sided difference (L(x + h) − L(x)) / h only
like h), so in float64 a correct gradient agrees to about 1e-10.

To say how far apart two whole gradients are, use one number, relative to
their size:

    relative_error(a, n) = ‖a − n‖ / (‖a‖ + ‖n‖)  (0.0 when both are all zeros)

with ‖·‖ the square root of the sum of squares of every element. Below 1e-7
the gradient is right; a real mistake gives something like 1e-2 or more. (An
element-by-element maximum is a worse judge: one tiny entry can make a
correct gradient look wrong.)

The network is exercise 08's: 2-layer sigmoid with biases, loss
L = ½ Σ (y − output)². Its `backward` below has a bug somewhere, the kind
that still trains a little: the gradient check will tell you which
gradients it spoils, and that narrows down where to look.

Your tasks (each marked TODO):
  1. numerical_gradient(f, x, h): centred differences of the scalar f() for
     every element of x (any shape). f takes no arguments and reads x itself,
     so change x in place, call f, and put every element back as it was.
  2. relative_error(a, n).
  3. check_gradients: the relative error of each of backward's four gradients.
  4. Run the file, read which gradients fail the check, then find the bug in
     `backward` and fix it.

Run it:    python exercises/09_gradient_checking.py
Grade it:  study check 9
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
Params = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """σ'(z) written with the activation a = σ(z)."""
    return a * (1.0 - a)


def forward(
    X: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> tuple:
    """(hidden_input (N, H), hidden_output (N, H), output (N, 1))."""
    hidden_input = X @ W1 + b1
    hidden_output = sigmoid(hidden_input)
    output = sigmoid(hidden_output @ W2 + b2)
    return hidden_input, hidden_output, output


def loss(
    X: np.ndarray,
    y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> float:
    """L = ½ Σ (y − output)²."""
    return float(0.5 * np.sum((y - forward(X, W1, b1, W2, b2)[2]) ** 2))


def backward(
    X: np.ndarray,
    y: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
) -> Params:
    """(dW1, db1, dW2, db2): the gradient of L, each shaped like its
    parameter.
    """
    _, hidden_output, output = forward(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)  # (N, 1)
    delta_hidden = delta_output @ W2.T * (1.0 - hidden_output**2)  # (N, H)
    dW2 = hidden_output.T @ delta_output
    db2 = delta_output.sum(axis=0, keepdims=True)
    dW1 = X.T @ delta_hidden
    db1 = delta_hidden.sum(axis=0, keepdims=True)
    return dW1, db1, dW2, db2


def numerical_gradient(
    f: Callable[[], float], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred differences of f() with respect to every element of x; same
    shape as x; x is left as it was.
    """
    # TODO 1: for each index (np.ndindex(x.shape) visits them all), nudge
    # x[index] up and down by h.
    raise NotImplementedError("numerical_gradient is not written yet (TODO 1)")


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖), and 0.0 when a and n are both all zeros."""
    # TODO 2: np.linalg.norm gives ‖·‖ for an array of any shape.
    raise NotImplementedError("relative_error is not written yet (TODO 2)")


def check_gradients(
    X: np.ndarray,
    y: np.ndarray,
    params: Params,
    backward_fn: Callable[..., Params],
) -> dict[str, float]:
    """{"W1": error, "b1": ..., "W2": ..., "b2": ...}:
    relative_error(backward_fn's gradient, the numerical one).

    backward_fn(X, y, W1, b1, W2, b2) returns (dW1, db1, dW2, db2). Leave the
    caller's params as they were.
    """
    # TODO 3: for each parameter,
    # numerical_gradient(lambda: loss(X, y, *params), that parameter).
    raise NotImplementedError("check_gradients is not written yet (TODO 3)")


def main() -> None:
    rng = np.random.default_rng(9)
    X = rng.standard_normal((5, 3))  # N = 5 samples, D = 3 inputs
    y = rng.random((5, 1))
    params = (
        rng.standard_normal((3, 4)),
        rng.standard_normal((1, 4)),
        rng.standard_normal((4, 1)),
        rng.standard_normal((1, 1)),
    )
    try:
        errors = check_gradients(X, y, params, backward)
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print("Gradient check of backward (relative error; below 1e-7 passes):")
    for name, error in errors.items():
        print(
            f"  {name}: {error:.2e}  {'ok' if error < 1e-7 else '<-- WRONG'}"
        )
    if all(error < 1e-7 for error in errors.values()):
        print("Every gradient agrees with finite differences.")
    else:
        print(
            "What do the failing gradients use that the passing ones do not? "
            "That is where the bug is (task 4)."
        )


if __name__ == "__main__":
    main()
