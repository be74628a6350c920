"""einsum for the weights, a flat (H,) bias gradient, and -(y - output).

expect: pass
"""

import numpy as np


def gradients(X, y, W1, b1, W2, b2):
    hidden_output, output = forward_with_biases(X, W1, b1, W2, b2)
    delta_output = -(y - output) * output * (1 - output)
    delta_hidden = delta_output @ W2.T * hidden_output * (1 - hidden_output)
    dW1 = np.einsum("nd,nh->dh", X, delta_hidden)
    dW2 = np.einsum("nh,nk->hk", hidden_output, delta_output)
    return dW1, np.sum(delta_hidden, axis=0), dW2, np.sum(delta_output, axis=0)
