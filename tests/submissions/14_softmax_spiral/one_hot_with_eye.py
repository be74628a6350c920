"""np.eye for the one-hot, logsumexp-style softmax, a list of batches.

expect: pass
"""

import numpy as np


def softmax(z):
    shifted = z - np.max(z, axis=-1)[:, None]
    return np.exp(shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True)))


def softmax_cross_entropy_delta(probs, labels):
    return (probs - np.eye(probs.shape[1])[labels]) / probs.shape[0]


def minibatches(n, batch_size, rng):
    order = np.arange(n)
    rng.shuffle(order)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]
