"""np.dot with its arguments the other way round.

expect: fail
says: `X @ weights_input_hidden` (the other order)
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid(np.dot(weights_input_hidden, X))
    output = sigmoid(np.dot(hidden_output, weights_hidden_output))
    return hidden_output, output
