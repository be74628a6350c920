"""Only the weights move.

expect: fail
mistake: BIAS_STEPS:biases_frozen
"""

import numpy as np


def train(X, y, params, learning_rate, epochs):
    W1, b1, W2, b2 = params
    losses = np.empty(epochs)
    for epoch in range(epochs):
        _, output = forward_with_biases(X, W1, b1, W2, b2)
        losses[epoch] = squared_error(y, output)
        dW1, db1, dW2, db2 = gradients(X, y, W1, b1, W2, b2)
        W1 = W1 - learning_rate * dW1
        W2 = W2 - learning_rate * dW2
    return (W1, b1, W2, b2), losses
