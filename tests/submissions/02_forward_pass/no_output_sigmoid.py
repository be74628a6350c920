"""The output left linear.

expect: fail
mistake: LESSON:output:no_output_sigmoid
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(np.dot(X, weights_input_hidden))
    output = np.dot(hidden_output, weights_hidden_output)
    return hidden_output, output
