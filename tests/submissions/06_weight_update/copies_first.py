"""Copies, then in-place updates on the copies.

expect: pass
"""

import numpy as np


def train_step(X, y, weights_input_hidden, weights_hidden_output, learning_rate):
    W1, W2 = weights_input_hidden.copy(), weights_hidden_output.copy()
    hidden_output = sigmoid(X @ W1)
    output = sigmoid(hidden_output @ W2)
    d_output = (y - output) * sigmoid_derivative(output)
    d_hidden = d_output @ W2.T * sigmoid_derivative(hidden_output)
    W2 += learning_rate * (hidden_output.T @ d_output)
    W1 += learning_rate * np.einsum("nd,nh->dh", X, d_hidden)
    return W1, W2
