"""The loss recorded at the start of each epoch.

expect: fail
mistake: SOFTMAX:sgd losses_before
"""

import numpy as np


def train_sgd(params, X, labels, learning_rate, epochs, batch_size, seed=0):
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        losses.append(cross_entropy(forward(params, X)[-1], labels))
        for batch in minibatches(len(X), batch_size, rng):
            grads = backward(params, forward(params, X[batch]), labels[batch])
            params = [(W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in zip(params, grads)]
    return params, losses
