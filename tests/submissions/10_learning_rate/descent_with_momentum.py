"""Momentum added: a different method, so the history differs from the first step on.

expect: fail
unnamed: losses is wrong (its shape (26,) is right)
"""

import numpy as np


def gradient_descent(X, y, learning_rate, epochs):
    w = np.zeros((X.shape[1], 1))
    velocity = np.zeros_like(w)
    losses, weights = [], []
    for _ in range(epochs + 1):
        loss, gradient = loss_and_gradient(X, y, w)
        losses.append(loss)
        weights.append(w[:, 0].copy())
        velocity = 0.9 * velocity - learning_rate * gradient
        w = w + velocity
    return np.array(losses), np.array(weights)
