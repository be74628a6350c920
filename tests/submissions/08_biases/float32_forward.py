"""The forward pass in single precision.

expect: pass
"""

import numpy as np


def forward_with_biases(X, W1, b1, W2, b2):
    hidden_output = sigmoid((X @ W1 + b1).astype(np.float32))
    output = sigmoid((hidden_output @ W2 + b2).astype(np.float32))
    return hidden_output, output
