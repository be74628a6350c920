"""w - gradient.

expect: fail
mistake: LEARNING_RATE:descent no_learning_rate
"""

import numpy as np


def gradient_descent(X, y, learning_rate, epochs):
    w = np.zeros((X.shape[1], 1))
    losses, weights = [], []
    for _ in range(epochs + 1):
        loss, gradient = loss_and_gradient(X, y, w)
        losses.append(loss)
        weights.append(w[:, 0].copy())
        w = w - gradient
    return np.array(losses), np.array(weights)
