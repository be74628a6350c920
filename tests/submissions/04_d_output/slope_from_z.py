"""The slope computed from output_input, correctly: e^(-z) / (1 + e^(-z))².

expect: pass
"""

import numpy as np


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output_input = hidden_output @ weights_hidden_output
    output = sigmoid(output_input)
    error = y - output
    e = np.exp(-output_input)
    return error * e / (1 + e) ** 2
