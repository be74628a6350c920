"""Copies first, then in-place steps on the copies; a list comprehension for the four.

expect: pass
"""

import numpy as np


def train(X, y, params, learning_rate, epochs):
    current = [p.copy() for p in params]
    losses = np.empty(epochs)
    for epoch in range(epochs):
        _, output = forward_with_biases(X, *current)
        losses[epoch] = squared_error(y, output)
        for p, g in zip(current, gradients(X, y, *current)):
            p -= learning_rate * g
    return tuple(current), losses
