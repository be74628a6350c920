"""np.matmul and np.transpose.

expect: pass
"""

import numpy as np


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(np.matmul(X, weights_input_hidden))
    output = sigmoid(np.matmul(hidden_output, weights_hidden_output))
    d_output = (y - output) * sigmoid_derivative(output)
    return np.matmul(d_output, np.transpose(weights_hidden_output)) * sigmoid_derivative(hidden_output)
