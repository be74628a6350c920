"""np.sum(delta_hidden): one number for all units.

expect: fail
mistake: BIASES:08 db1:bias_summed_everything
"""

import numpy as np


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = (output - y) * sigmoid_derivative(output)
    delta_hidden = delta_output @ W2.T * sigmoid_derivative(hidden_output)
    return X.T @ delta_hidden, np.sum(delta_hidden), hidden_output.T @ delta_output, np.sum(delta_output)
