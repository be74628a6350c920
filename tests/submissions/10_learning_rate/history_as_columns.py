"""The weights kept as a stack of (D, 1) columns.

expect: pass
"""

import numpy as np


def gradient_descent(X, y, learning_rate, epochs):
    w = np.zeros((X.shape[1], 1))
    losses, weights = [], []
    for _ in range(epochs):
        loss, gradient = loss_and_gradient(X, y, w)
        losses.append(loss)
        weights.append(w.copy())
        w = w - learning_rate * gradient
    losses.append(loss_and_gradient(X, y, w)[0])
    weights.append(w.copy())
    return np.array(losses), np.array(weights)
