"""The rate scaled in twice.

expect: fail
mistake: BIAS_STEPS:learning_rate_twice
"""

import numpy as np


def train(X, y, params, learning_rate, epochs):
    W1, b1, W2, b2 = params
    losses = np.empty(epochs)
    for epoch in range(epochs):
        _, output = forward_with_biases(X, W1, b1, W2, b2)
        losses[epoch] = squared_error(y, output)
        grads = [learning_rate * g for g in gradients(X, y, W1, b1, W2, b2)]
        W1, b1, W2, b2 = (p - learning_rate * g for p, g in zip((W1, b1, W2, b2), grads))
    return (W1, b1, W2, b2), losses
