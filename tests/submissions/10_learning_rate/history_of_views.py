"""w.ravel() is a view of w, and w is changed in place: every row ends the same.

expect: fail
mistake: LEARNING_RATE:descent aliased
"""

import numpy as np


def gradient_descent(X, y, learning_rate, epochs):
    w = np.zeros((X.shape[1], 1))
    losses, weights = [], []
    for _ in range(epochs + 1):
        loss, gradient = loss_and_gradient(X, y, w)
        losses.append(loss)
        weights.append(w.ravel())
        w -= learning_rate * gradient
    return np.array(losses), np.array(weights)
