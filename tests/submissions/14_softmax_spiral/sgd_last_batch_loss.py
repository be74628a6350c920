"""The last batch's loss, computed on the way.

expect: fail
mistake: SOFTMAX:sgd batch_loss
"""

import numpy as np


def train_sgd(params, X, labels, learning_rate, epochs, batch_size, seed=0):
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, rng):
            activations = forward(params, X[batch])
            batch_loss = cross_entropy(activations[-1], labels[batch])
            grads = backward(params, activations, labels[batch])
            params = [(W - learning_rate * dW, b - learning_rate * db) for (W, b), (dW, db) in zip(params, grads)]
        losses.append(batch_loss)
    return params, losses
