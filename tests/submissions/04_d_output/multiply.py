"""np.multiply and the lesson's np.dot.

expect: pass
"""

import numpy as np


def compute_d_output(X, y, weights_input_hidden, weights_hidden_output):
    output = sigmoid(np.dot(sigmoid(np.dot(X, weights_input_hidden)), weights_hidden_output))
    return np.multiply(y - output, sigmoid_derivative(output))
