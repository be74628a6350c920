"""Exercise 03: the error, the loss, and which way is downhill.

The lesson computes the error, target minus prediction,

    error = y − output                                  (N, 1)

and then *adds* its corrections to the weights (`+=`). Why add, when gradient
descent subtracts? The answer is in the loss the lesson never writes down. Its
updates descend half the sum of squared errors,

    L = ½ Σ (y − output)²        one number: a sum over all N rows, not a mean

Task 3 asks for the gradient of L with respect to the output, dL/d output: one
number per row, how fast L changes when that row's output moves a little.
Work it out for one row n before you write any code. Only one term of the
sum contains output[n], namely ½ (y[n] − output[n])²; the chain rule takes
it apart:

    d(½ u²)/du = u           with u = y[n] − output[n]
    du / d output[n] = −1    u falls by one for every unit the output rises

Then compare your dL/d output with the error, row by row. What do you find,
and what does it say about adding a step along the error? (Running this file
prints both, and checks your gradient by nudging each output a little.)

Careful with shapes: targets often arrive flat, as y = np.array([0, 1, 1, 0])
with shape (N,). Then y − output, with output (N, 1), does not fail: NumPy
broadcasts it into an (N, N) table of every pair. Make y a column first.

Your tasks (each marked TODO):
  1. output_error(y, output): y − output, shape (N, 1), also when y is (N,)
  2. squared_error(y, output): L, one number
  3. loss_gradient(y, output): dL/d output, shape (N, 1)

Run it:    python exercises/03_error_and_loss.py
Grade it:  study check 3
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
    """(hidden_output (N, H), output (N, 1)) (exercise 02)."""
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return hidden_output, output


def output_error(y: np.ndarray, output: np.ndarray) -> np.ndarray:
    """y (N, 1) or (N,), output (N, 1) -> error (N, 1)."""
    y = np.asarray(y, dtype=float)
    # A flat y (N,) minus output (N, 1) would broadcast to (N, N): make it a
    # column first
    y = y.reshape(-1, 1)  # (N,) or (N, 1) -> (N, 1)
    return y - output


def squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ Σ (y − output)², one number. y (N, 1) or (N,), output (N, 1)."""
    # Half the sum (not the mean) of the squared errors
    return float(0.5 * np.sum(output_error(y, output) ** 2))


def loss_gradient(y: np.ndarray, output: np.ndarray) -> np.ndarray:
    """dL/d output for L = ½ Σ (y − output)²: shape (N, 1)."""
    # d(½ u²)/du · du/d output = u · (−1) with u = y − output: minus the
    # error, row by row
    return -output_error(y, output)


def main() -> None:
    np.set_printoptions(precision=4, suppress=True)
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    _, output = forward(XOR_X, weights_input_hidden, weights_hidden_output)
    flat_y = XOR_Y.ravel()  # (4,): the shape trap
    try:
        error = output_error(flat_y, output)
        loss = squared_error(flat_y, output)
        gradient = loss_gradient(flat_y, output)
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print(f"error (shape {np.shape(error)}): {np.ravel(error)}")
    print(f"loss ½Σ(y−o)²: {loss:.6f}")
    print(f"dL/d output:  {np.ravel(gradient)}")
    # The same gradient by nudging each output a little (centred differences):
    h = 1e-6
    nudged = np.zeros_like(output)
    for i in range(output.shape[0]):
        up, down = output.copy(), output.copy()
        up[i] += h
        down[i] -= h
        nudged[i] = (
            squared_error(flat_y, up) - squared_error(flat_y, down)
        ) / (2 * h)
    print(f"by nudging:   {nudged.ravel()}")
    print(f"error:        {np.ravel(error)}")
    print(
        "Compare the last two rows. "
        "What does that say about the lesson's += along the error?"
    )


if __name__ == "__main__":
    main()
