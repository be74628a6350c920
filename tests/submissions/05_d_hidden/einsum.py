"""np.einsum for the product, the slope from hidden_input.

expect: pass
"""

import numpy as np


def compute_d_hidden(X, y, weights_input_hidden, weights_hidden_output):
    hidden_input = X @ weights_input_hidden
    hidden_output = sigmoid(hidden_input)
    output = sigmoid(hidden_output @ weights_hidden_output)
    d_output = (y - output) * sigmoid_derivative(output)
    back = np.einsum("nk,hk->nh", d_output, weights_hidden_output)
    return back * sigmoid(hidden_input) * (1 - sigmoid(hidden_input))
