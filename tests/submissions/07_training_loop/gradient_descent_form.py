"""Gradients of the loss, subtracted; losses kept in an array; the final output recomputed.

expect: pass
"""

import numpy as np


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    W1, W2 = weights_input_hidden, weights_hidden_output
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        hidden, out = forward(X, W1, W2)
        losses[epoch] = 0.5 * np.sum((out - y) ** 2)
        delta_out = (out - y) * out * (1 - out)
        delta_hidden = delta_out @ W2.T * hidden * (1 - hidden)
        W2 = W2 - learning_rate * hidden.T @ delta_out
        W1 = W1 - learning_rate * X.T @ delta_hidden
    return W1, W2, forward(X, W1, W2)[1], losses
