"""Exercise 14: softmax with cross-entropy, trained with mini-batch SGD
on a spiral.

Three arms of a spiral, one class each: no straight line separates them, so
the network needs its hidden layer. With K classes the output layer gives K
scores per point (logits z, shape (N, K)), and softmax turns each row into
probabilities that sum to 1:

    p[i, k] = exp(z[i, k]) / Σ_j exp(z[i, j])

exp overflows for scores near 1000, so subtract each row's largest score
first: that changes nothing (it cancels top and bottom) and keeps exp ≤ 1.

The loss is the cross-entropy, the mean over the batch of −log of the
probability given to the right class:

    L = −(1/N) · Σ_i log p[i, label_i]

Softmax and cross-entropy together have the simplest gradient there is, at
the logits:

    dL/dz = (p − one_hot(labels)) / N        (N, K)

where one_hot(labels)[i, k] is 1 if k == label_i, else 0. From there the
backward pass is exercise 12's loop (given here, with ReLU hidden units).

Mini-batch SGD: instead of one step per pass over all N points, shuffle the
points each epoch and take one step per batch of `batch_size` of them. More,
noisier, cheaper steps; usually faster to a good answer.

Your tasks (each marked TODO):
  1. softmax (row-wise and stable).
  2. cross_entropy.
  3. softmax_cross_entropy_delta: dL/dz.
  4. minibatches: shuffled index arrays covering every point once per epoch.
  5. train_sgd: the epoch loop, one step per mini-batch.

Run it:    python exercises/14_softmax_spiral.py
Grade it:  study check 14
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import numpy as np

# [(W (n_in, n_out), b (1, n_out)) per layer]
Params = list[tuple[np.ndarray, np.ndarray]]


def spiral_data(
    points_per_class: int, classes: int, seed: int, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """CS231n's spiral: X (N, 2), labels (N,) integers 0 .. classes − 1."""
    rng = np.random.default_rng(seed)
    X = np.zeros((points_per_class * classes, 2))
    labels = np.zeros(points_per_class * classes, dtype=int)
    for k in range(classes):
        rows = slice(k * points_per_class, (k + 1) * points_per_class)
        radius = np.linspace(0.0, 1.0, points_per_class)
        angle = (
            np.linspace(k * 4.0, (k + 1) * 4.0, points_per_class)
            + rng.standard_normal(points_per_class) * noise
        )
        X[rows] = np.column_stack(
            [radius * np.sin(angle), radius * np.cos(angle)]
        )
        labels[rows] = k
    return X, labels


def init_network(layer_sizes: list[int], seed: int) -> Params:
    """He-scaled normal weights for ReLU, zero biases."""
    rng = np.random.default_rng(seed)
    return [
        (
            rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in),
            np.zeros((1, n_out)),
        )
        for n_in, n_out in pairwise(layer_sizes)
    ]


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits z (N, K): each row of the result is
    positive and sums to 1.
    """
    # (N, K), every entry in (0, 1]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(probs: np.ndarray, labels: np.ndarray) -> float:
    """−(1/N) · Σ_i log probs[i, labels[i]] for probs (N, K) and integer
    labels (N,).
    """
    n = len(labels)
    return float(-np.mean(np.log(probs[np.arange(n), labels])))


def softmax_cross_entropy_delta(
    probs: np.ndarray, labels: np.ndarray
) -> np.ndarray:
    """dL/dz (N, K) for L = cross_entropy(softmax(z), labels):
    (probs − one_hot) / N.
    """
    n = len(labels)
    delta = probs.copy()
    # p − one_hot, without building the one-hot
    delta[np.arange(n), labels] -= 1.0
    return delta / n


def forward(params: Params, X: np.ndarray) -> list[np.ndarray]:
    """[X, a_1, ..., probs]: ReLU hidden layers, softmax on top."""
    activations = [X]
    for index, (W, b) in enumerate(params):
        z = activations[-1] @ W + b
        activations.append(
            softmax(z) if index == len(params) - 1 else np.maximum(z, 0.0)
        )
    return activations


def backward(
    params: Params, activations: list[np.ndarray], labels: np.ndarray
) -> Params:
    """[(dW, db)] per layer of the cross-entropy, first layer first
    (exercise 12's loop).
    """
    delta = softmax_cross_entropy_delta(activations[-1], labels)
    grads = []
    for layer in range(len(params) - 1, -1, -1):
        W, _ = params[layer]
        grads.append(
            (activations[layer].T @ delta, delta.sum(axis=0, keepdims=True))
        )
        if layer > 0:
            delta = delta @ W.T * (activations[layer] > 0)
    return grads[::-1]


def minibatches(
    n: int, batch_size: int, rng: np.random.Generator
) -> Iterator[np.ndarray]:
    """Yield index arrays: a shuffled order of 0 .. n − 1 (rng.permutation),
    cut into consecutive pieces of batch_size. Every index appears exactly
    once; the last batch is smaller when batch_size does not divide n."""
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def train_sgd(
    params: Params,
    X: np.ndarray,
    labels: np.ndarray,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int = 0,
) -> tuple[Params, list[float]]:
    """Mini-batch SGD; returns (params, losses) with losses[e] the
    cross-entropy on all of X after epoch e.

    Use one rng = np.random.default_rng(seed) for the whole run, so every
    epoch gets a new order.
    """
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, rng):
            grads = backward(params, forward(params, X[batch]), labels[batch])
            params = [
                (W - learning_rate * dW, b - learning_rate * db)
                for (W, b), (dW, db) in zip(params, grads, strict=True)
            ]
        losses.append(cross_entropy(forward(params, X)[-1], labels))
    return params, losses


def accuracy(params: Params, X: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(forward(params, X)[-1].argmax(axis=1) == labels))


def main() -> None:
    X, labels = spiral_data(100, 3, seed=0)
    try:
        print(
            "softmax of a row with a huge score: "
            f"{softmax(np.array([[1000.0, 0.0, -1000.0]]))[0]}"
        )
        for hidden, batch_size in ((0, 32), (64, 32), (64, 300)):
            sizes = [2, hidden, 3] if hidden else [2, 3]
            params, losses = train_sgd(
                init_network(sizes, seed=0), X, labels, 1.0, 100, batch_size
            )
            name = f"2-{hidden}-3 ReLU" if hidden else "2-3 (no hidden layer)"
            print(
                f"{name:22} batch {batch_size:3}: "
                f"cross-entropy {losses[0]:.3f} -> {losses[-1]:.3f}, "
                f"accuracy {accuracy(params, X, labels):.0%}"
            )
    except NotImplementedError as missing:
        print(f"\n{missing}: fill it in, then run this file again.")


if __name__ == "__main__":
    main()
