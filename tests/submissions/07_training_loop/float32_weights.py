"""The weights kept in single precision.

expect: pass
"""

import numpy as np


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    W1 = weights_input_hidden.astype(np.float32)
    W2 = weights_hidden_output.astype(np.float32)
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X.astype(np.float32), W1, W2)
        losses.append(squared_error(y, output))
        d_output = output_delta(y - output, output)
        d_hidden = hidden_delta(d_output, W2, hidden_output)
        W2 = W2 + (hidden_output.T @ d_output * learning_rate).astype(np.float32)
        W1 = W1 + (X.T @ d_hidden * learning_rate).astype(np.float32)
    return W1, W2, output, losses
