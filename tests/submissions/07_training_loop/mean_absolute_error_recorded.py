"""The tutorials' favourite progress number: the mean absolute error.

expect: fail
mistake: SUM_LOSS_RECORDED:mean_absolute
"""

import numpy as np


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for _ in range(epochs):
        hidden_output, output = forward(X, weights_input_hidden, weights_hidden_output)
        error = y - output
        losses.append(np.mean(np.abs(error)))
        d_output = output_delta(error, output)
        d_hidden = hidden_delta(d_output, weights_hidden_output, hidden_output)
        weights_hidden_output = weights_hidden_output + hidden_output.T @ d_output * learning_rate
        weights_input_hidden = weights_input_hidden + X.T @ d_hidden * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses
