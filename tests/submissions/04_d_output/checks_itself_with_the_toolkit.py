"""The answer computed by hand, and checked with the toolkit's check_gradient inside the function.

expect: pass
"""

import numpy as np

from backprop_study.toolkit import check_gradient


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output_input = hidden_output @ weights_hidden_output
    output = sigmoid(output_input)
    d_output = (y - output) * sigmoid_derivative(output)
    z = output_input.copy()
    check_gradient("-d_output", -d_output, lambda: float(0.5 * np.sum((y - sigmoid(z)) ** 2)), z)
    return d_output
