"""Each weight's change summed example by example, as on paper.

expect: pass
"""

import numpy as np


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    hidden_output = sigmoid(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ weights_hidden_output.T * sigmoid_derivative(hidden_output)
    change_2 = np.zeros_like(weights_hidden_output)
    change_1 = np.zeros_like(weights_input_hidden)
    for n in range(len(X)):
        change_2 += np.outer(hidden_output[n], d_output[n])
        change_1 += np.outer(X[n], d_hidden[n])
    return weights_input_hidden + learning_rate * change_1, weights_hidden_output + learning_rate * change_2
