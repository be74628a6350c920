"""np.dot of two columns.

expect: fail
says: `error * sigmoid_derivative(output)` (element by element)
"""

import numpy as np


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    error = y - output
    return np.dot(error, sigmoid_derivative(output))
