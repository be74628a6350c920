"""The sum of squares without the half.

expect: fail
mistake: SUM_LOSS_RECORDED:no_half
"""

import numpy as np


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        error = y - output
        losses.append(float(np.sum(error**2)))
        d_output = output_delta(error, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses
