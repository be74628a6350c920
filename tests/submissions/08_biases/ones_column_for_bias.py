"""A bias is a weight on an input of 1: its gradient as ones.T @ delta.

expect: pass
"""

import numpy as np


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    ones = np.ones((1, len(X)))
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return X.T @ delta_hidden, ones @ delta_hidden, hidden_output.T @ delta_output, ones @ delta_output
