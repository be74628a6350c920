"""np.sum(delta_output) for db2: with one output unit that is its one number.

expect: pass
"""

import numpy as np


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return X.T @ delta_hidden, delta_hidden.sum(axis=0), hidden_output.T @ delta_output, np.sum(delta_output)
