"""Single precision throughout.

expect: pass
"""

import numpy as np


def forward(X, weights_input_hidden, weights_hidden_output):
    X32 = X.astype(np.float32)
    hidden_output = sigmoid(X32 @ weights_input_hidden.astype(np.float32))
    output = sigmoid(hidden_output @ weights_hidden_output.astype(np.float32))
    return hidden_output, output
