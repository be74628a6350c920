"""Each product computed transposed, then turned back.

expect: pass
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    hidden_output = sigmoid((weights_input_hidden.T @ X.T).T)
    output = 1.0 / (1.0 + np.exp(-(weights_hidden_output.T @ hidden_output.T).T))
    return hidden_output, output
