"""Recorded after each step: the start is missing.

expect: fail
mistake: LEARNING_RATE:descent no_start
"""

import numpy as np


def gradient_descent(X, y, learning_rate, epochs):
    w = np.zeros((X.shape[1], 1))
    losses, weights = [], []
    for _ in range(epochs):
        w = w - learning_rate * loss_and_gradient(X, y, w)[1]
        losses.append(loss_and_gradient(X, y, w)[0])
        weights.append(w[:, 0].copy())
    return np.array(losses), np.array(weights)
