"""tanh in the hidden layer.

expect: fail
mistake: LESSON:hidden_output:tanh
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = np.tanh(X @ weights_input_hidden)
    output = sigmoid(hidden_output @ weights_hidden_output)
    return hidden_output, output
