"""The lesson's loop as it is written, += and all, inside train().

expect: pass
"""

import numpy as np


def train(X, y, weights_input_hidden, weights_hidden_output, learning_rate=0.1, epochs=10_000):
    losses = []
    for epoch in range(epochs):
        # Forward pass
        hidden_input = np.dot(X, weights_input_hidden)
        hidden_output = sigmoid(hidden_input)
        output_input = np.dot(hidden_output, weights_hidden_output)
        output = sigmoid(output_input)

        # Error
        error = y - output
        losses.append(0.5 * np.sum(error**2))

        # Backpropagation
        d_output = error * sigmoid_derivative(output)
        d_hidden = d_output.dot(weights_hidden_output.T) * sigmoid_derivative(hidden_output)

        # Update weights
        weights_hidden_output += hidden_output.T.dot(d_output) * learning_rate
        weights_input_hidden += X.T.dot(d_hidden) * learning_rate
    return weights_input_hidden, weights_hidden_output, output, losses
