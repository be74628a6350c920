"""np.random.default_rng() without the seed.

expect: fail
mistake: SOFTMAX:sgd seed
"""

import numpy as np


def train_sgd(params, X, labels, learning_rate, epochs, batch_size, seed=0):
    rng = np.random.default_rng()
    losses = []
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, rng):
            grads = backward(params, forward(params, X[batch]), labels[batch])
            params = [(W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in zip(params, grads)]
        losses.append(cross_entropy(forward(params, X)[-1], labels))
    return params, losses
