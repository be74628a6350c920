"""Exercise 12: backpropagation through any number of layers, with a loop.

The lesson wrote each layer by hand. With a list of layers, the forward pass
and the backward pass each become one loop, and the chain rule becomes one
line you can point at.

The network: params = [(W1, b1), (W2, b2), ..., (WL, bL)], W_l (n_in, n_out),
b_l (1, n_out). Hidden layers use an activation f (sigmoid, tanh or relu);
the output layer a sigmoid.

Forward, keeping every activation (the backward pass needs them all):

    a_0 = X                                  (N, D)
    a_l = f(a_{l−1} @ W_l + b_l)             (N, n_l)      for l = 1 .. L−1
    a_L = sigmoid(a_{L−1} @ W_L + b_L)       (N, K)

The loss is now averaged over the batch, so the size of a step does not grow
with the batch:

    L = ½ · (1/N) · Σ (y − a_L)²

Backward. Let delta_l = dL/dz_l, the gradient at layer l's pre-activation
z_l = a_{l−1} @ W_l + b_l (shape (N, n_l)). Start at the top and walk down:

    delta_L     = (a_L − y) / N * a_L * (1 − a_L)
        the 1/N of the mean, once, here
    dW_l        = a_{l−1}.T @ delta_l                     (n_in, n_out)
    db_l        = delta_l summed over the rows (axis 0)   (1, n_out)
    delta_{l−1} = delta_l @ W_l.T * f'(a_{l−1})
        the chain rule: one layer down

f' takes the activation, as in the lesson: sigmoid a(1 − a), tanh 1 − a²,
relu (a > 0).

Your tasks (each marked TODO):
  1. network_forward: the list [a_0, a_1, ..., a_L] (L + 1 arrays).
  2. network_gradients: [(dW_1, db_1), ..., (dW_L, db_L)], first layer first.

Run it:    python exercises/12_deep_network.py
Grade it:  study check 12
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

Params = list[tuple[np.ndarray, np.ndarray]]


def sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# name -> (f, f' written with the activation a = f(z))
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda a: a * (1.0 - a)),
    "tanh": (np.tanh, lambda a: 1.0 - a**2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0).astype(float)),
}


def init_network(layer_sizes: list[int], seed: int) -> Params:
    """Xavier-scaled normal weights, zero biases:
    [(W (n_in, n_out), b (1, n_out))] per layer.
    """
    rng = np.random.default_rng(seed)
    return [
        (
            rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / (n_in + n_out)),
            np.zeros((1, n_out)),
        )
        for n_in, n_out in pairwise(layer_sizes)
    ]


def mean_squared_error(y: np.ndarray, output: np.ndarray) -> float:
    """L = ½ · (1/N) · Σ (y − output)²."""
    return float(0.5 * np.sum((y - output) ** 2) / len(y))


def network_forward(
    params: Params, X: np.ndarray, activation: str = "sigmoid"
) -> list[np.ndarray]:
    """[X, a_1, ..., a_L]: hidden layers use `activation`, the last layer a
    sigmoid.
    """
    f = ACTIVATIONS[activation][0]
    activations = [X]
    for index, (W, b) in enumerate(params):
        z = activations[-1] @ W + b  # (N, n_in) @ (n_in, n_out) + (1, n_out)
        activations.append(sigmoid(z) if index == len(params) - 1 else f(z))
    return activations


def network_gradients(
    params: Params,
    activations: list[np.ndarray],
    y: np.ndarray,
    activation: str = "sigmoid",
) -> Params:
    """[(dW_l, db_l)] of L = ½ · (1/N) · Σ (y − a_L)², first layer first,
    each shaped like its parameter.
    """
    derivative = ACTIVATIONS[activation][1]
    output = activations[-1]
    # (N, K): dL/dz at the output
    delta = (output - y) / len(y) * output * (1.0 - output)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        a_below = activations[layer]  # (N, n_in): this layer's input
        grads.append((a_below.T @ delta, delta.sum(axis=0, keepdims=True)))
        if layer > 0:
            # The chain rule: one layer down
            delta = delta @ W.T * derivative(a_below)
    return grads[::-1]


def train(
    params: Params,
    X: np.ndarray,
    y: np.ndarray,
    activation: str,
    learning_rate: float,
    epochs: int,
) -> tuple[Params, list[float]]:
    """Full-batch gradient descent with your two functions; returns
    (params, loss per epoch).
    """
    losses = []
    for _ in range(epochs):
        activations = network_forward(params, X, activation)
        losses.append(mean_squared_error(y, activations[-1]))
        grads = network_gradients(params, activations, y, activation)
        params = [
            (W - learning_rate * dW, b - learning_rate * db)
            for (W, b), (dW, db) in zip(params, grads, strict=True)
        ]
    return params, losses


def main() -> None:
    # Two rings: points inside radius 0.5 are class 1. No straight line
    # separates them.
    rng = np.random.default_rng(12)
    X = rng.uniform(-1, 1, size=(200, 2))
    y = (np.linalg.norm(X, axis=1, keepdims=True) < 0.5).astype(float)
    try:
        for activation in ("sigmoid", "tanh", "relu"):
            params = init_network([2, 8, 8, 1], seed=0)
            params, losses = train(
                params, X, y, activation, learning_rate=2.0, epochs=1000
            )
            accuracy = np.mean(
                (network_forward(params, X, activation)[-1] > 0.5) == y
            )
            print(
                f"2-8-8-1 {activation:7}: loss {losses[0]:.3f} -> "
                f"{losses[-1]:.4f}, accuracy {accuracy:.0%}"
            )
    except NotImplementedError as missing:
        print(f"{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
