"""The lesson's own lines: += on the weights, np.dot.

expect: pass
"""

import numpy as np


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(np.dot(X, weights_input_hidden))
    output = sigmoid(np.dot(hidden_output, weights_hidden_output))
    error = y - output
    d_output = error * sigmoid_derivative(output)
    d_hidden = d_output.dot(weights_hidden_output.T) * sigmoid_derivative(hidden_output)
    weights_hidden_output += hidden_output.T.dot(d_output) * learning_rate
    weights_input_hidden += X.T.dot(d_hidden) * learning_rate
    return weights_input_hidden, weights_hidden_output
