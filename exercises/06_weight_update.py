"""Exercise 06: the weight update, one whole training step.

With both deltas known, every weight can move. Take one weight,
w = weights_hidden_output[j, 0]. In every example n it multiplies
hidden_output[n, j] into output_input[n, 0], so:

  - d output_input[n, 0] / d w = hidden_output[n, j], the input the weight
    carries;
  - −dL/d output_input[n, 0] = d_output[n, 0], from exercise 04;
  - the loss is a sum over the examples, so −dL/dw adds up one such product
    per example: Σ_n hidden_output[n, j] · d_output[n, 0].

Likewise weights_input_hidden[d, j] multiplies X[n, d] into hidden_input[n, j],
and −dL/d hidden_input[n, j] is d_hidden[n, j] (exercise 05).

Gradient descent moves each weight by −learning_rate · dL/dw. Since the
lesson's deltas are already minus the gradient, that is a step *along* them,
added with `+=`. The sum over examples has no 1/N (the loss is a sum).

Write both steps for whole matrices, no Python loop. The change to
weights_hidden_output must be (H, 1) and the change to weights_input_hidden
(D, H); a sum over the N examples of products is what a matrix product
computes. Which arrays, and which one transposed?

The order matters. d_hidden uses weights_hidden_output, so compute *every*
delta from the old weights first, and only then change the weights. Update
weights_hidden_output first and d_hidden is computed with weights the
forward pass never used: the step is no longer the gradient.

Check your own answer: running this file takes five steps on XOR (the loss
must fall), then compares your change to each weight matrix with finite
differences (check_gradient, from backprop_study.toolkit).

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
    """One step of the lesson's loop: returns (new weights_input_hidden
    (D, H), new weights_hidden_output (H, 1)).

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

    # TODO: d_hidden from the old weights, then a step for each weight
    # matrix; return (W1, W2), new arrays
    raise NotImplementedError("train_step() is not written yet")


def main() -> None:
    np.random.seed(42)  # the lesson's starting weights
    weights_input_hidden = np.random.rand(2, 2)
    weights_hidden_output = np.random.rand(2, 1)
    try:
        for step in range(1, 6):
            before = squared_error(
                XOR_Y,
                sigmoid(
                    sigmoid(XOR_X @ weights_input_hidden)
                    @ weights_hidden_output
                ),
            )
            weights_input_hidden, weights_hidden_output = train_step(
                XOR_X, XOR_Y, weights_input_hidden, weights_hidden_output, 0.1
            )
            after = squared_error(
                XOR_Y,
                sigmoid(
                    sigmoid(XOR_X @ weights_input_hidden)
                    @ weights_hidden_output
                ),
            )
            print(f"step {step}: loss {before:.6f} -> {after:.6f}")
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")
        return
    print("Each step goes downhill, a little: the learning rate is small.\n")

    # Your step against finite differences:
    # (new W − old W) / learning_rate should be −dL/dW.
    # Imported here, not at the top: grading never runs main().
    from backprop_study.toolkit import check_gradient

    rate = 0.1
    # Copied first: a step written the lesson's way (`+=`) changes the arrays
    # it is given.
    # Nudged in place by check_gradient
    w1, w2 = weights_input_hidden.copy(), weights_hidden_output.copy()
    new_w1, new_w2 = train_step(
        XOR_X,
        XOR_Y,
        weights_input_hidden.copy(),
        weights_hidden_output.copy(),
        rate,
    )

    def loss() -> float:
        return squared_error(XOR_Y, sigmoid(sigmoid(XOR_X @ w1) @ w2))

    try:
        for name, new, old in (
            ("weights_input_hidden", new_w1, w1),
            ("weights_hidden_output", new_w2, w2),
        ):
            step = (np.asarray(new, dtype=float) - old) / rate
            check_gradient(
                f"−(step of {name}) / rate vs dL/d {name}", -step, loss, old
            )
    except ValueError as problem:
        # a weight of the wrong shape, said in words
        print(problem)


if __name__ == "__main__":
    main()
