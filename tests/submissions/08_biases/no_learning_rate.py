"""The rate never used: right only when it is 1.

expect: fail
mistake: BIAS_STEPS:no_learning_rate
"""

import numpy as np


def train(X, y, params, learning_rate, epochs):
    W1, b1, W2, b2 = params
    losses = np.empty(epochs)
    for epoch in range(epochs):
        _, output = forward_with_biases(X, W1, b1, W2, b2)
        losses[epoch] = squared_error(y, output)
        dW1, db1, dW2, db2 = gradients(X, y, W1, b1, W2, b2)
        W1, b1, W2, b2 = W1 - dW1, b1 - db1, W2 - dW2, b2 - db2
    return (W1, b1, W2, b2), losses
